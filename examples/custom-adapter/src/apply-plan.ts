// Applying a plan. The caller runs this inside one transaction together with the run's
// outcome, so any throw here (a stale row, a missing parent, a driver error) leaves nothing
// written (J5). The rules themselves (plan shape, stale `from` check, e-mail key, parents
// first) come from `@mikiwame/hrbrain-sync-core/adapter`: one implementation everywhere.
import { randomUUID } from 'node:crypto';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { type ApplyResult, StorageError, type SyncPlan } from '@mikiwame/hrbrain-sync-core';
import {
  assertPlanShape,
  assertUnchangedSincePlan,
  emailKey,
  keyTaken,
  parentMissing,
  parentsFirst,
  recordGone,
} from '@mikiwame/hrbrain-sync-core/adapter';
import { findDepartment, findEmployee, one, run, toSql } from './sqlite-rows.ts';

// Plan field → column. Column names come from these maps only, never from a plan.
const departmentColumns: Record<string, string> = {
  code: 'code',
  name: 'name',
  sourceId: 'source_id',
};
const employeeColumns: Record<string, string> = {
  email: 'email',
  lastName: 'last_name',
  firstName: 'first_name',
  lastNameKana: 'last_name_kana',
  firstNameKana: 'first_name_kana',
  employeeNumber: 'employee_number',
  birthDate: 'birth_date',
  departmentCode: 'department_code',
  position: 'position',
  gender: 'gender',
  employmentType: 'employment_type',
  retired: 'retired',
  sourceId: 'source_id',
};

export function applyPlanRows(
  db: DatabaseSync,
  tenantId: string,
  input: SyncPlan,
): Omit<ApplyResult, 'run'> {
  const plan = assertPlanShape(input);
  const table = plan.kind; // 'departments' | 'employees'
  const idOfCode = (code: string | null, of: string): string | null => {
    if (code === null) return null;
    const row = one(
      db,
      'select id from departments where tenant_id = ? and code = ?',
      tenantId,
      code,
    );
    if (!row) throw parentMissing(of, code);
    return String(row.id);
  };

  if (plan.kind === 'departments') {
    // Parents first, so each parent exists when its child is inserted (D5).
    for (const c of parentsFirst(plan.creates)) {
      if (one(db, 'select 1 from departments where tenant_id = ? and code = ?', tenantId, c.code)) {
        throw keyTaken('departments', c.code);
      }
      run(
        db,
        'insert into departments (tenant_id, id, code, name, parent_id, source_id) values (?, ?, ?, ?, ?, ?)',
        ...[tenantId, randomUUID(), c.code, c.name, idOfCode(c.parentCode, c.code), c.sourceId],
      );
    }
  } else {
    const names = Object.keys(employeeColumns);
    for (const c of plan.creates) {
      const key = emailKey(c.email);
      if (one(db, 'select 1 from employees where tenant_id = ? and email_key = ?', tenantId, key)) {
        throw keyTaken('employees', key);
      }
      run(
        db,
        `insert into employees (tenant_id, id, email_key, ${names.map((f) => employeeColumns[f]).join(', ')})
         values (?, ?, ?, ${names.map(() => '?').join(', ')})`,
        ...[tenantId, randomUUID(), key, ...names.map((f) => toSql(c[f as keyof typeof c]))],
      );
    }
  }

  for (const update of plan.updates) {
    const current =
      (plan.kind === 'departments'
        ? findDepartment(db, tenantId, update.id)
        : findEmployee(db, tenantId, update.id)) ?? gone(plan.kind, update.id);
    const key = 'code' in current ? current.code : emailKey(current.email);
    const stored = current as unknown as Record<string, unknown>;
    assertUnchangedSincePlan(plan.kind, { id: update.id, key }, update.changes, (f) => stored[f]);
    // Only the fields in `changes` are written (D8/E10): never `note`, never other columns.
    const assignments: [string, SQLInputValue][] = update.changes.flatMap(
      (change): [string, SQLInputValue][] => {
        if (change.field === 'parentCode') {
          return [['parent_id', idOfCode(change.to as string | null, key)]];
        }
        const columns = plan.kind === 'departments' ? departmentColumns : employeeColumns;
        const column = columns[change.field];
        if (!column)
          throw new StorageError(
            `A plan names a field this store does not map: "${change.field}".`,
          );
        // The match key moves with the address (a change of case only keeps the same key).
        return change.field === 'email'
          ? [
              [column, toSql(change.to)],
              ['email_key', emailKey(String(change.to))],
            ]
          : [[column, toSql(change.to)]];
      },
    );
    if (assignments.length > 0) {
      run(
        db,
        `update ${table} set ${assignments.map(([name]) => `${name} = ?`).join(', ')} where tenant_id = ? and id = ?`,
        ...assignments.map(([, value]) => value),
        ...[tenantId, update.id],
      );
    }
  }

  // Links write only the HRBrain id (DECISIONS #2); a link to a row that is gone is stale.
  for (const link of plan.links) {
    const { changes } = run(
      db,
      `update ${table} set source_id = ? where tenant_id = ? and id = ?`,
      link.sourceId,
      tenantId,
      link.id,
    );
    if (Number(changes) === 0) gone(plan.kind, link.id);
  }
  return { created: plan.creates.length, updated: plan.updates.length, linked: plan.links.length };
}

function gone(kind: SyncPlan['kind'], id: string): never {
  throw recordGone(kind, id);
}

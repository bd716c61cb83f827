// Applying a plan. The caller runs these inside one transaction, so any throw here (a stale
// row, a missing parent, a driver error) leaves nothing written (J5).
import { randomUUID } from 'node:crypto';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import {
  type ApplyResult,
  type DepartmentPlan,
  type EmployeePlan,
  type FieldChange,
  StalePlanError,
  StorageError,
} from '@mikiwame/hrbrain-sync-core';
import { findDepartment, findEmployee, one, run, toSql } from './sqlite-rows.ts';

export function applyDepartments(
  db: DatabaseSync,
  tenantId: string,
  plan: DepartmentPlan,
): ApplyResult {
  const idOfCode = (code: string | null): string | null => {
    if (code === null) return null;
    const row = one(
      db,
      'select id from departments where tenant_id = ? and code = ?',
      tenantId,
      code,
    );
    // The plan names a parent that is neither stored nor created earlier in this plan.
    if (!row)
      throw new StalePlanError(`Parent department "${code}" does not exist.`, { key: code });
    return String(row.id);
  };

  // Creates come parents first (the plan's order), so each parent exists when its child is
  // inserted. A code that exists already means someone synced since the plan was made.
  for (const create of plan.creates) {
    if (
      one(db, 'select 1 from departments where tenant_id = ? and code = ?', tenantId, create.code)
    ) {
      throw new StalePlanError(`Department "${create.code}" was created since the plan was made.`, {
        key: create.code,
      });
    }
    run(
      db,
      `insert into departments (tenant_id, id, code, name, parent_id, source_id)
       values (?, ?, ?, ?, ?, ?)`,
      tenantId,
      randomUUID(),
      create.code,
      create.name,
      idOfCode(create.parentCode),
      create.sourceId,
    );
  }

  const columns = { code: 'code', name: 'name', parentCode: 'parent_id', sourceId: 'source_id' };
  for (const update of plan.updates) {
    const current = findDepartment(db, tenantId, update.id) ?? stale(update.id);
    assertFrom(current, update.changes, update.id);
    // Only the fields in `changes` are written (D8): never `note`, never unchanged columns.
    for (const change of update.changes) {
      const value =
        change.field === 'parentCode' ? idOfCode(change.to as string | null) : change.to;
      run(
        db,
        `update departments set ${columns[change.field]} = ? where tenant_id = ? and id = ?`,
        value as SQLInputValue,
        tenantId,
        update.id,
      );
    }
  }
  return { created: plan.creates.length, updated: plan.updates.length };
}

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

export function applyEmployees(
  db: DatabaseSync,
  tenantId: string,
  plan: EmployeePlan,
): ApplyResult {
  for (const create of plan.creates) {
    const emailKey = create.email.trim().toLowerCase(); // E1
    if (
      one(db, 'select 1 from employees where tenant_id = ? and email_key = ?', tenantId, emailKey)
    ) {
      throw new StalePlanError(`Employee "${create.email}" was created since the plan was made.`, {
        key: create.email,
      });
    }
    const { sourceId, ...fields } = create;
    const names = Object.keys(employeeColumns).filter((field) => field !== 'sourceId');
    run(
      db,
      `insert into employees (tenant_id, id, email_key, source_id, ${names.map((f) => employeeColumns[f]).join(', ')})
       values (?, ?, ?, ?, ${names.map(() => '?').join(', ')})`,
      tenantId,
      randomUUID(),
      emailKey,
      sourceId,
      ...names.map((field) => toSql(fields[field as keyof typeof fields])),
    );
  }

  for (const update of plan.updates) {
    const current = findEmployee(db, tenantId, update.id) ?? stale(update.id);
    assertFrom(current, update.changes, update.id);
    for (const change of update.changes) {
      const column = employeeColumns[change.field];
      if (!column) throw new StorageError(`Unknown employee field "${change.field}" in a plan.`);
      // The match key moves with the address (a case-only change keeps the same key).
      const extra = change.field === 'email' ? ', email_key = lower(trim(?))' : '';
      const params =
        change.field === 'email' ? [toSql(change.to), toSql(change.to)] : [toSql(change.to)];
      run(
        db,
        `update employees set ${column} = ?${extra} where tenant_id = ? and id = ?`,
        ...params,
        tenantId,
        update.id,
      );
    }
  }
  return { created: plan.creates.length, updated: plan.updates.length };
}

/** A stale check: every changed field must still hold the value the plan saw (`from`). */
function assertFrom(current: object, changes: FieldChange[], id: string): void {
  const values = current as Record<string, unknown>;
  for (const change of changes) {
    if ((values[change.field] ?? null) !== (change.from ?? null)) {
      throw new StalePlanError(
        `Row ${id} changed since the plan was made (${change.field}); plan again.`,
        { id },
      );
    }
  }
}

function stale(id: string): never {
  throw new StalePlanError(`Row ${id} no longer exists; plan again.`, { id });
}

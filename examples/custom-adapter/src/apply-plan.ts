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

  for (const update of plan.updates) {
    const current = findDepartment(db, tenantId, update.id) ?? stale(update.id);
    assertFrom(current, update.changes, update.id);
    // Only the fields in `changes` are written (D8): never `note`, never unchanged columns.
    const assignments = update.changes.map((change): Assignment => {
      // Parents are stored by id: resolve the new parent's code (it may be a create above).
      if (change.field === 'parentCode') {
        return ['parent_id', idOfCode(change.to as string | null)];
      }
      return [column(departmentColumns, change.field), toSql(change.to)];
    });
    updateRow(db, 'departments', tenantId, update.id, assignments);
  }
  return { created: plan.creates.length, updated: plan.updates.length };
}

export function applyEmployees(
  db: DatabaseSync,
  tenantId: string,
  plan: EmployeePlan,
): ApplyResult {
  for (const create of plan.creates) {
    const key = emailKey(create.email);
    if (one(db, 'select 1 from employees where tenant_id = ? and email_key = ?', tenantId, key)) {
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
      key,
      sourceId,
      ...names.map((field) => toSql(fields[field as keyof typeof fields])),
    );
  }

  for (const update of plan.updates) {
    const current = findEmployee(db, tenantId, update.id) ?? stale(update.id);
    assertFrom(current, update.changes, update.id);
    const assignments = update.changes.flatMap((change): Assignment[] => {
      const assignment: Assignment = [column(employeeColumns, change.field), toSql(change.to)];
      // The match key moves with the address (a change of case only keeps the same key).
      return change.field === 'email'
        ? [assignment, ['email_key', emailKey(String(change.to))]]
        : [assignment];
    });
    updateRow(db, 'employees', tenantId, update.id, assignments);
  }
  return { created: plan.creates.length, updated: plan.updates.length };
}

type Assignment = [column: string, value: SQLInputValue];

/** One UPDATE per row, of exactly the planned columns. */
function updateRow(
  db: DatabaseSync,
  table: 'departments' | 'employees',
  tenantId: string,
  id: string,
  assignments: Assignment[],
): void {
  if (assignments.length === 0) return;
  run(
    db,
    `update ${table} set ${assignments.map(([name]) => `${name} = ?`).join(', ')}
      where tenant_id = ? and id = ?`,
    ...assignments.map(([, value]) => value),
    tenantId,
    id,
  );
}

/** The column of a planned field; a field this store does not map is refused, not ignored. */
function column(columns: Record<string, string>, field: string): string {
  const name = columns[field];
  if (!name) throw new StorageError(`A plan names a field this store does not map: "${field}".`);
  return name;
}

/** E1: e-mail addresses match trimmed and case-insensitively (JS, so Unicode case folds too). */
function emailKey(email: string): string {
  return email.trim().toLowerCase();
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

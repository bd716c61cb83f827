import {
  type EmployeeCreate,
  type EmployeePlan,
  StalePlanError,
} from '@mikiwame/hrbrain-sync-core';
import type { CheckedPlan } from '@mikiwame/hrbrain-sync-core/adapter';
import { type AppliedCounts, applyLinks } from './apply-links';
import { arrayLiteral } from './array-literal';
import { copyRows } from './copy-in';
import { buildUpdateSql, type ColumnSpec, chunks, isUuid, updateParams } from './field-updates';
import type { Tables } from './schema-name';
import type { SqlSession } from './session';
import { uuidV7Batch } from './uuid-v7';

/** The mapped employee fields (E1–E13) and where they are stored. */
export const employeeColumns: readonly ColumnSpec[] = [
  { field: 'email', column: 'email', type: 'text' },
  { field: 'lastName', column: 'last_name', type: 'text' },
  { field: 'firstName', column: 'first_name', type: 'text' },
  { field: 'lastNameKana', column: 'last_name_kana', type: 'text' },
  { field: 'firstNameKana', column: 'first_name_kana', type: 'text' },
  { field: 'employeeNumber', column: 'employee_number', type: 'text' },
  { field: 'birthDate', column: 'birth_date', type: 'date' },
  { field: 'departmentCode', column: 'department_code', type: 'text' },
  { field: 'position', column: 'position', type: 'text' },
  { field: 'gender', column: 'gender', type: 'text' },
  { field: 'employmentType', column: 'employment_type', type: 'text' },
  { field: 'retired', column: 'retired', type: 'boolean' },
  { field: 'sourceId', column: 'source_id', type: 'text' },
];

/**
 * The insert of one chunk of creates: one array parameter per column. A plain insert: an
 * address that exists now (E1, case-insensitively) fails on the unique index, which the
 * caller reports as StalePlanError naming it. Looking the keys up first would cost a sort of
 * all of them; `ON CONFLICT DO NOTHING` doubles the cost per row (speculative insertion).
 */
export function employeeInsertSql(t: Tables): string {
  const list = employeeColumns.map((c) => c.column).join(', ');
  const params = employeeColumns.map((c, i) => `$${i + 3}::${c.type}[]`).join(', ');
  return `insert into ${t.employees} (tenant_id, id, ${list})
    select $1, id, ${list} from unnest($2::uuid[], ${params}) as x(id, ${list})`;
}

/** How a create supplies each column (static property reads keep this loop fast). */
const createValue: Record<string, (create: EmployeeCreate) => unknown> = {
  email: (c) => c.email,
  lastName: (c) => c.lastName,
  firstName: (c) => c.firstName,
  lastNameKana: (c) => c.lastNameKana,
  firstNameKana: (c) => c.firstNameKana,
  employeeNumber: (c) => c.employeeNumber,
  birthDate: (c) => c.birthDate,
  departmentCode: (c) => c.departmentCode,
  position: (c) => c.position,
  gender: (c) => c.gender,
  employmentType: (c) => c.employmentType,
  retired: (c) => c.retired ?? false,
  sourceId: (c) => c.sourceId,
};

/** The bound arrays of `employeeInsertSql` (new ids, then the columns), as array literals. */
export function employeeInsertParams(creates: readonly EmployeeCreate[]): string[] {
  return [
    arrayLiteral(uuidV7Batch(creates.length)),
    ...employeeColumns.map((column) => arrayLiteral(creates.map(createValue[column.field]!))),
  ];
}

/**
 * The creates: one `COPY … FROM STDIN` where the session can stream one (pg), else one
 * `INSERT … SELECT FROM unnest` per chunk (PGlite, pg-compatible clients without COPY). Either
 * is a plain insert: an e-mail key that exists now fails on the unique index (E1).
 */
async function insertEmployees(
  tx: SqlSession,
  t: Tables,
  tenantId: string,
  creates: readonly EmployeeCreate[],
): Promise<number> {
  if (creates.length === 0) return 0;
  if (tx.copyFrom) {
    const ids = uuidV7Batch(creates.length);
    const copied = await copyRows(
      tx,
      t.employees,
      ['tenant_id', 'id', ...employeeColumns.map((c) => c.column)],
      creates,
      [() => tenantId, (_, i) => ids[i], ...employeeColumns.map((c) => createValue[c.field]!)],
    );
    return copied ?? 0;
  }
  let created = 0;
  const insert = employeeInsertSql(t);
  const createChunks = chunks(creates);
  let params = createChunks[0] && employeeInsertParams(createChunks[0]);
  for (let i = 0; params; i++) {
    const inserting = tx.query(insert, [tenantId, ...params]);
    // Serialise the next chunk while the server inserts this one (two cores, not one).
    const next = createChunks[i + 1];
    params = next && employeeInsertParams(next);
    created += (await inserting).rowCount;
  }
  return created;
}

/**
 * E1/E10: apply an employee plan inside the caller's transaction: the creates (COPY, or
 * `INSERT … SELECT FROM unnest` per chunk), then per chunk one `UPDATE … FROM unnest` that
 * writes only the fields named in each update's `changes`. `checked` has passed
 * `assertPlanShape` (the caller checks it once: a second pass over 100,000 creates costs
 * ~15 ms).
 */
export async function applyEmployeePlan(
  tx: SqlSession,
  t: Tables,
  tenantId: string,
  checked: CheckedPlan<EmployeePlan>,
): Promise<AppliedCounts> {
  const created = await insertEmployees(tx, t, tenantId, checked.creates);
  let updated = 0;
  const sql = buildUpdateSql(t.employees, employeeColumns);
  for (const chunk of chunks(checked.updates)) {
    const stranger = chunk.find((update) => !isUuid(update.id));
    if (stranger) {
      throw new StalePlanError(
        `Employee ${stranger.id} does not exist for this tenant. Nothing was written; plan the sync again.`,
        { id: stranger.id },
      );
    }
    const { rows } = await tx.query<{ id: string }>(sql, [
      tenantId,
      ...updateParams(employeeColumns, chunk),
    ]);
    if (rows.length !== chunk.length) {
      const written = new Set(rows.map((row) => row.id.toLowerCase()));
      const stale = chunk.find((update) => !written.has(update.id.toLowerCase()));
      throw new StalePlanError(
        `Employee ${stale?.id ?? '?'} (${stale?.values.email ?? '?'}) no longer holds the values the plan was made from, or no longer exists. Nothing was written; plan the sync again.`,
        stale ? { id: stale.id, key: stale.values.email } : {},
      );
    }
    updated += rows.length;
  }
  const linked = await applyLinks(tx, t.employees, 'employees', tenantId, checked.links);
  return { created, updated, linked };
}

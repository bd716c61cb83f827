import {
  type ApplyResult,
  type EmployeeCreate,
  type EmployeePlan,
  StalePlanError,
} from '@mikiwame/hrbrain-sync-core';
import { arrayLiteral } from './array-literal';
import { buildUpdateSql, type ColumnSpec, chunks, isUuid, updateParams } from './field-updates';
import type { Tables } from './schema-name';
import type { SqlSession } from './session';

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

/** The insert of one chunk of creates: one array parameter per column. */
export function employeeInsertSql(t: Tables): string {
  const list = employeeColumns.map((c) => c.column).join(', ');
  const params = employeeColumns.map((c, i) => `$${i + 2}::${c.type}[]`).join(', ');
  // E1: the key is lower(email); a create whose address exists now is not inserted, and the
  // count tells the caller the plan is stale.
  return `with inserted as (
    insert into ${t.employees} (tenant_id, ${list})
    select $1, ${list} from unnest(${params}) as x(${list})
    on conflict (tenant_id, lower(email)) do nothing
    returning 1
  )
  select count(*)::int as n from inserted`;
}

/** The bound arrays of `employeeInsertSql`, in column order, as array literals. */
export function employeeInsertParams(creates: readonly EmployeeCreate[]): string[] {
  const arrays = employeeColumns.map(() => new Array<unknown>(creates.length));
  creates.forEach((create, row) => {
    const record = create as unknown as Record<string, unknown>;
    employeeColumns.forEach((c, i) => {
      arrays[i]![row] = record[c.field] ?? (c.type === 'boolean' ? false : null);
    });
  });
  return arrays.map(arrayLiteral);
}

/**
 * E1/E10: apply an employee plan inside the caller's transaction: one
 * `INSERT … SELECT FROM unnest … ON CONFLICT DO NOTHING` and one `UPDATE … FROM unnest` per
 * chunk, writing only the fields named in each update's `changes`.
 */
export async function applyEmployeePlan(
  tx: SqlSession,
  t: Tables,
  tenantId: string,
  plan: EmployeePlan,
): Promise<ApplyResult> {
  let created = 0;
  const insert = employeeInsertSql(t);
  for (const chunk of chunks(plan.creates)) {
    const { rows } = await tx.query<{ n: number }>(insert, [
      tenantId,
      ...employeeInsertParams(chunk),
    ]);
    const n = Number(rows[0]?.n ?? 0);
    if (n !== chunk.length) throw await staleCreate(tx, t, tenantId, chunk);
    created += n;
  }
  let updated = 0;
  const sql = buildUpdateSql(t.employees, employeeColumns);
  for (const chunk of chunks(plan.updates)) {
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
  return { created, updated };
}

/** Name the address that was taken: rows stored before this transaction began. */
async function staleCreate(
  tx: SqlSession,
  t: Tables,
  tenantId: string,
  chunk: readonly EmployeeCreate[],
): Promise<StalePlanError> {
  const { rows } = await tx.query<{ email: string }>(
    `select e.email from ${t.employees} e
     where e.tenant_id = $1 and lower(e.email) = any($2::text[]) and e.created_at < now()
     limit 1`,
    [tenantId, arrayLiteral(chunk.map((c) => c.email.toLowerCase()))],
  );
  const email = rows[0]?.email;
  return new StalePlanError(
    email
      ? `An employee with e-mail ${email} was created after the plan was made. Nothing was written; plan the sync again.`
      : 'The plan creates the same e-mail address twice (compared case-insensitively, E1). Nothing was written; plan the sync again.',
    email ? { key: email } : {},
  );
}

import {
  type DepartmentCreate,
  type DepartmentPlan,
  StalePlanError,
} from '@mikiwame/hrbrain-sync-core';
import { assertPlanShape, parentsFirst } from '@mikiwame/hrbrain-sync-core/adapter';
import { type AppliedCounts, applyLinks } from './apply-links';
import { arrayLiteral } from './array-literal';
import { buildUpdateSql, type ColumnSpec, chunks, isUuid, updateParams } from './field-updates';
import type { Tables } from './schema-name';
import type { SqlSession } from './session';

function departmentColumns(t: Tables): ColumnSpec[] {
  return [
    { field: 'code', column: 'code', type: 'text' },
    { field: 'name', column: 'name', type: 'text' },
    {
      // The plan speaks in parent codes; the table keeps the parent's id (a real foreign key).
      field: 'parentCode',
      column: 'parent_id',
      type: 'text',
      current: `(select p.code from ${t.departments} p where p.tenant_id = d.tenant_id and p.id = d.parent_id)`,
      next: `(select p.id from ${t.departments} p where p.tenant_id = d.tenant_id and p.code = u.to_parent_id)`,
      guard: `u.to_parent_id is null or exists (select 1 from ${t.departments} p where p.tenant_id = d.tenant_id and p.code = u.to_parent_id)`,
    },
    { field: 'sourceId', column: 'source_id', type: 'text' },
  ];
}

/**
 * D1/D8 (+ D5 parents): apply a department plan inside the caller's transaction. Creates go
 * in with one `INSERT … SELECT FROM unnest` per chunk whose parents are resolved by code in
 * SQL — against rows already stored and rows of the same statement, so whole new subtrees
 * land at once; then one `UPDATE … FROM unnest` per chunk writes only the changed fields.
 */
export async function applyDepartmentPlan(
  tx: SqlSession,
  t: Tables,
  tenantId: string,
  plan: DepartmentPlan,
): Promise<AppliedCounts> {
  const checked = assertPlanShape(plan, 'departments');
  let created = 0;
  // Parents in an earlier chunk than (or the same chunk as) their children.
  for (const chunk of chunks(parentsFirst(checked.creates))) {
    created += await createDepartments(tx, t, tenantId, chunk);
  }
  let updated = 0;
  const columns = departmentColumns(t);
  const sql = buildUpdateSql(t.departments, columns);
  for (const chunk of chunks(checked.updates)) {
    const stranger = chunk.find((update) => !isUuid(update.id));
    if (stranger) throw missingDepartment(stranger.id);
    const { rows } = await tx.query<{ id: string }>(sql, [
      tenantId,
      ...updateParams(columns, chunk),
    ]);
    if (rows.length !== chunk.length) {
      const written = new Set(rows.map((row) => row.id.toLowerCase()));
      const stale = chunk.find((update) => !written.has(update.id.toLowerCase()));
      throw new StalePlanError(
        `Department ${stale?.id ?? '?'} (code ${JSON.stringify(stale?.values.code ?? '')}) no longer holds the values the plan was made from, no longer exists, or its new parent is gone. Nothing was written; plan the sync again.`,
        stale ? { id: stale.id, key: stale.values.code } : {},
      );
    }
    updated += rows.length;
  }
  const linked = await applyLinks(tx, t.departments, 'departments', tenantId, checked.links);
  return { created, updated, linked };
}

function missingDepartment(id: string) {
  return new StalePlanError(
    `Department ${id} does not exist for this tenant. Nothing was written; plan the sync again.`,
    { id },
  );
}

async function createDepartments(
  tx: SqlSession,
  t: Tables,
  tenantId: string,
  creates: readonly DepartmentCreate[],
): Promise<number> {
  const codes = arrayLiteral(creates.map((c) => c.code));
  const parents = arrayLiteral(creates.map((c) => c.parentCode ?? null));
  // Stale check, in SQL: a code that exists now, or a parent code found neither in the
  // store nor among this chunk's creates.
  const { rows: problems } = await tx.query<{ problem: 'exists' | 'parent'; code: string }>(
    `(select 'exists' as problem, d.code from ${t.departments} d
       where d.tenant_id = $1 and d.code = any($2::text[]) limit 1)
     union all
     (select 'parent', x.code from unnest($3::text[]) as x(code)
       where x.code is not null and x.code <> all($2::text[])
         and not exists (select 1 from ${t.departments} d where d.tenant_id = $1 and d.code = x.code)
       limit 1)`,
    [tenantId, codes, parents],
  );
  const problem = problems[0];
  if (problem) {
    throw new StalePlanError(
      problem.problem === 'exists'
        ? `A department with code ${JSON.stringify(problem.code)} was created after the plan was made. Nothing was written; plan the sync again.`
        : `Parent department ${JSON.stringify(problem.code)} is neither stored nor created by the plan (deleted after the plan was made?). Nothing was written; plan the sync again.`,
      { key: problem.code },
    );
  }
  // New ids are drawn first (materialised once), so a child can point at a parent that
  // is inserted by this same statement; the foreign key is checked at statement end.
  const { rowCount } = await tx.query(
    `with x as materialized (
       select gen_random_uuid() as id, x.code, x.name, x.parent_code, x.source_id, x.ord
       from unnest($2::text[], $3::text[], $4::text[], $5::text[])
         with ordinality as x(code, name, parent_code, source_id, ord)
     ),
     parent as (
       select x.code, x.id from x
       union all
       select d.code, d.id from ${t.departments} d
       where d.tenant_id = $1 and d.code in (select x.parent_code from x)
     )
     insert into ${t.departments} (tenant_id, id, code, name, parent_id, source_id)
     select $1, x.id, x.code, x.name, parent.id, x.source_id
     from x left join parent on parent.code = x.parent_code
     order by x.ord`,
    [
      tenantId,
      codes,
      arrayLiteral(creates.map((c) => c.name)),
      parents,
      arrayLiteral(creates.map((c) => c.sourceId ?? null)),
    ],
  );
  return rowCount;
}

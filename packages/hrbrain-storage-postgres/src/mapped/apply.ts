import {
  DEPARTMENT_SYNCED_FIELDS,
  type DepartmentCreate,
  type DepartmentPlan,
  EMPLOYEE_SYNCED_FIELDS,
  type EmployeeCreate,
  type EmployeePlan,
  emailKey,
  type FieldChange,
  type LinkedRecord,
  StalePlanError,
  StorageError,
} from '@mikiwame/hrbrain-sync-core';
import { type CheckedPlan, recordGone } from '@mikiwame/hrbrain-sync-core/adapter';
import type { AppliedCounts } from '../apply-links';
import { arrayLiteral } from '../array-literal';
import { copyRows } from '../copy-in';
import { chunks } from '../field-updates';
import type { SqlSession } from '../session';
import { uuidV7Batch } from '../uuid-v7';
import type { MappedKeyType, ResolvedField } from './mapping';
import { codeOfId, departmentExists, idOfCode, type MappedSql, type TableSql } from './sql';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const integer = /^-?\d{1,19}$/;

/** Could `id` name a row of a column of this type? (Else it names no row: the plan is stale.) */
function fitsIdType(type: MappedKeyType, id: unknown): id is string {
  if (typeof id !== 'string') return false;
  if (type === 'uuid') return uuid.test(id);
  if (type === 'bigint') {
    return (
      integer.test(id) &&
      BigInt(id) <= 9_223_372_036_854_775_807n &&
      BigInt(id) >= -9_223_372_036_854_775_808n
    );
  }
  return true;
}

/** A sync value as the column stores it: through the value map, in array-literal form. */
function encode(field: ResolvedField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (field.toCode) return field.toCode.get(String(value)) ?? String(value);
  return value;
}

/** The SQL for one field's write: the new value, the current value, and a guard. */
interface FieldSql {
  field: ResolvedField;
  /** Value to write from `u.to_<i>`. */
  next: (to: string) => string;
  /** The current value of row `d`, comparable with `u.from_<i>`. */
  current: string;
  guard?: (to: string) => string;
}

function fieldSql(departments: TableSql, field: ResolvedField): FieldSql {
  if (field.kind === 'link' && field.by === 'id') {
    return {
      field,
      next: (to) => idOfCode(departments, to),
      current: codeOfId(departments, `d.${field.quoted}`),
      guard: (to) => `${to} is null or ${departmentExists(departments, to)}`,
    };
  }
  if (field.kind === 'link') {
    return {
      field,
      next: (to) => to,
      current: `d.${field.quoted}`,
      guard: (to) => `${to} is null or ${departmentExists(departments, to)}`,
    };
  }
  return { field, next: (to) => to, current: `d.${field.quoted}` };
}

/**
 * One `UPDATE … FROM unnest(…)` per chunk. Per mapped field three bound arrays: does the
 * plan change it, the value it saw (`from`, as the column stores it, through the value map),
 * the new value (`to`, likewise). Only named fields are written; a row is written only if
 * every changed field still holds its `from` value, else it is not returned (stale).
 */
async function applyUpdates(
  tx: SqlSession,
  t: TableSql,
  departments: TableSql,
  tenantId: string,
  updates: readonly { id: string; changes: readonly FieldChange[]; values: object }[],
  subject: (update: { id: string; values: object }) => string,
): Promise<number> {
  const live = updates
    .map((update) => ({ ...update, changes: update.changes.filter((c) => writable(t, c.field)) }))
    .filter((update) => update.changes.length > 0);
  if (live.length === 0) return 0;
  const specs = [...t.table.fields.map((f) => fieldSql(departments, f))];
  const names = ['id'];
  const types = [t.idArray];
  specs.forEach((s, i) => {
    names.push(`set_${i}`, `from_${i}`, `to_${i}`);
    types.push('boolean[]', t.arrayType(s.field), t.arrayType(s.field));
  });
  const source = t.table.sourceId;
  if (source) {
    names.push('set_src', 'from_src', 'to_src');
    types.push('boolean[]', 'text[]', 'text[]');
  }
  const params = types.map((type, i) => `$${i + 2}::${type}`).join(', ');
  const sets = specs.map(
    (s, i) =>
      `${s.field.quoted} = case when u.set_${i} then ${s.next(`u.to_${i}`)} else d.${s.field.quoted} end`,
  );
  const checks = specs.map(
    (s, i) =>
      `and (not u.set_${i} or (${s.current} is not distinct from u.from_${i}${s.guard ? ` and (${s.guard(`u.to_${i}`)})` : ''}))`,
  );
  if (source) {
    sets.push(`${source.quoted} = case when u.set_src then u.to_src else d.${source.quoted} end`);
    checks.push(`and (not u.set_src or d.${source.quoted} is not distinct from u.from_src)`);
  }
  if (t.table.updatedAt) sets.push(`${t.table.updatedAt.quoted} = now()`);
  const id = t.table.id.quoted;
  const statement = `update ${t.name} d set
    ${sets.join(',\n    ')}
  from unnest(${params}) as u(${names.join(', ')})
  where ${t.tenantIs('d')} and d.${id} = u.id
    ${checks.join('\n    ')}
  returning d.${id}::text as id`;

  let updated = 0;
  for (const chunk of chunks(live)) {
    const stranger = chunk.find((update) => !fitsIdType(t.table.id.type, update.id));
    if (stranger) {
      throw new StalePlanError(
        `${subject(stranger)} does not exist for this tenant (id ${JSON.stringify(stranger.id)} is not a ${t.table.id.type} id of ${t.table.name}). Nothing was written; plan the sync again.`,
        { id: stranger.id },
      );
    }
    const ids: string[] = [];
    const perField = specs.map(() => ({
      set: [] as boolean[],
      from: [] as unknown[],
      to: [] as unknown[],
    }));
    const src = { set: [] as boolean[], from: [] as unknown[], to: [] as unknown[] };
    const index = new Map(specs.map((s, i) => [s.field.field, i]));
    for (const update of chunk) {
      ids.push(update.id);
      for (const arrays of [...perField, src]) {
        arrays.set.push(false);
        arrays.from.push(null);
        arrays.to.push(null);
      }
      const row = ids.length - 1;
      for (const change of update.changes) {
        if (change.field === 'sourceId') {
          src.set[row] = true;
          src.from[row] = change.from ?? null;
          src.to[row] = change.to ?? null;
          continue;
        }
        if (change.field === 'retired' && change.to !== true) {
          throw new StorageError(
            `Postgres storage: the plan clears the retired flag of ${subject(update)}; a sync never clears it (E7). Build plans with @mikiwame/hrbrain-sync-core.`,
          );
        }
        const i = index.get(change.field)!;
        const spec = specs[i]!;
        perField[i]!.set[row] = true;
        perField[i]!.from[row] = encode(spec.field, change.from);
        perField[i]!.to[row] = encode(spec.field, change.to);
      }
    }
    const bound = [ids, ...perField.flatMap((a) => [a.set, a.from, a.to])];
    if (source) bound.push(src.set, src.from, src.to);
    const { rows } = await tx.query<{ id: string }>(statement, [
      tenantId,
      ...bound.map(arrayLiteral),
    ]);
    if (rows.length !== chunk.length) {
      const written = new Set(rows.map((row) => row.id.toLowerCase()));
      const stale = chunk.find((update) => !written.has(update.id.toLowerCase()));
      throw new StalePlanError(
        `${stale ? subject(stale) : 'A record'} no longer holds the values the plan was made from, no longer exists, or the department it points at is gone. Nothing was written; plan the sync again.`,
        stale ? { id: stale.id } : {},
      );
    }
    updated += rows.length;
  }
  return updated;
}

const SYNCED = new Set<string>([...DEPARTMENT_SYNCED_FIELDS, ...EMPLOYEE_SYNCED_FIELDS]);

/** Is the field written into this table? Unmapped fields are simply not synced. */
function writable(t: TableSql, field: string): boolean {
  if (!SYNCED.has(field)) {
    throw new TypeError(
      `The plan changes field "${field}", which this adapter does not store; build plans with @mikiwame/hrbrain-sync-core.`,
    );
  }
  return field === 'sourceId' ? t.table.sourceId !== null : t.field(field) !== undefined;
}

/** New ids, when the id column has no default of its own. */
function newIds(t: TableSql, count: number): string[] | null {
  if (t.idHasDefault) return null;
  return uuidV7Batch(count);
}

/**
 * Creates with one `COPY … FROM STDIN` where the session can stream it (pg), the same helper
 * as the adapter's own tables. A by-id department link is resolved first, by code, in one
 * query with the same comparison as the plain insert's join; a code that resolves to no
 * department (deleted since the plan) makes the plan stale before anything is written.
 * The updated-at column gets `now`, which the timestamp types read as the transaction's
 * start, i.e. `now()`.
 */
async function copyCreates<C extends object>(
  tx: SqlSession,
  t: TableSql,
  departments: TableSql,
  tenantId: string,
  creates: readonly C[],
  value: (create: C, field: string) => unknown,
  fields: readonly ResolvedField[],
): Promise<number | null> {
  if (!tx.copyFrom) return null;
  const columns: string[] = [];
  const values: ((create: C, index: number) => unknown)[] = [];
  if (t.tenantInsert) {
    columns.push(t.tenantInsert.column);
    values.push(() => tenantId);
  }
  const ids = newIds(t, creates.length);
  if (ids) {
    columns.push(t.table.id.quoted);
    values.push((_, i) => ids[i]);
  }
  for (const field of fields) {
    columns.push(field.quoted);
    if (field.kind === 'link' && field.by === 'id') {
      const idOf = await departmentIds(tx, departments, tenantId, creates, (c) =>
        value(c, field.field),
      );
      if (!idOf) throw departmentGone(t);
      values.push((c) => {
        const code = value(c, field.field);
        return code === null || code === undefined ? null : idOf.get(String(code));
      });
    } else values.push((c) => encode(field, value(c, field.field)));
  }
  if (t.table.sourceId) {
    columns.push(t.table.sourceId.quoted);
    values.push((c) => value(c, 'sourceId') ?? null);
  }
  if (t.table.updatedAt) {
    columns.push(t.table.updatedAt.quoted);
    values.push(() => 'now');
  }
  return copyRows(tx, t.name, columns, creates, values);
}

/**
 * The ids of the departments the creates link to, by the code as planned (compared in SQL
 * exactly as the plain insert's join compares it); `null` when a code has none (stale).
 */
async function departmentIds<C>(
  tx: SqlSession,
  departments: TableSql,
  tenantId: string,
  creates: readonly C[],
  codeOf: (create: C) => unknown,
): Promise<Map<string, string> | null> {
  const wanted = new Set<string>();
  for (const create of creates) {
    const code = codeOf(create);
    if (code !== null && code !== undefined) wanted.add(String(code));
  }
  const code = departments.field('code')!.quoted;
  const id = departments.table.id.quoted;
  const { rows } = await tx.query<{ code: string; id: string }>(
    `select x.code, dep.${id}::text as id from unnest($2::text[]) as x(code)
      join ${departments.name} dep on ${departments.tenantIs('dep')} and dep.${code} = x.code`,
    [tenantId, arrayLiteral([...wanted])],
  );
  const ids = new Map(rows.map((row) => [row.code, row.id]));
  return ids.size === wanted.size ? ids : null;
}

const departmentGone = (t: TableSql) =>
  new StalePlanError(
    `A department the plan's new ${t.table.kind} point at no longer exists. Nothing was written; plan the sync again.`,
  );

/**
 * Creates: COPY where the session can (see `copyCreates`), else one `INSERT … SELECT FROM
 * unnest` per chunk. There a by-id department link is resolved by code in the same
 * statement; a code that resolves to no department (deleted since the plan) inserts nothing
 * for that row, and the count tells: the plan is stale.
 */
async function insertRows<C extends object>(
  tx: SqlSession,
  t: TableSql,
  departments: TableSql,
  tenantId: string,
  creates: readonly C[],
  value: (create: C, field: string) => unknown,
  options: { skipLink?: boolean } = {},
): Promise<number> {
  if (creates.length === 0) return 0;
  const fields = t.table.fields.filter((f) => !(options.skipLink && f.kind === 'link'));
  const copied = await copyCreates(tx, t, departments, tenantId, creates, value, fields);
  if (copied !== null) {
    if (copied !== creates.length) throw departmentGone(t);
    return copied;
  }
  const columns: string[] = [];
  const selects: string[] = [];
  const arrays: string[] = [];
  const names: string[] = [];
  const bind = (name: string, type: string) => {
    names.push(name);
    arrays.push(`$${arrays.length + 2}::${type}`);
    return `x.${name}`;
  };
  if (t.tenantInsert) {
    columns.push(t.tenantInsert.column);
    selects.push(t.tenantInsert.value);
  }
  if (!t.idHasDefault) {
    columns.push(t.table.id.quoted);
    selects.push(bind('id', t.idArray));
  }
  let join = '';
  // Single tenant: `$1` is still bound (as everywhere), so it is referenced here.
  const where: string[] = t.tenantInsert ? [] : ['($1::text is not null)'];
  fields.forEach((field, i) => {
    const ref = bind(`c${i}`, t.arrayType(field));
    columns.push(field.quoted);
    if (field.kind === 'link' && field.by === 'id') {
      const code = departments.field('code')!.quoted;
      join = `left join ${departments.name} dep on ${departments.tenantIs('dep')} and dep.${code} = ${ref}`;
      where.push(`(${ref} is null or dep.${departments.table.id.quoted} is not null)`);
      selects.push(`dep.${departments.table.id.quoted}`);
    } else selects.push(ref);
  });
  if (t.table.sourceId) {
    columns.push(t.table.sourceId.quoted);
    selects.push(bind('src', 'text[]'));
  }
  if (t.table.updatedAt) {
    columns.push(t.table.updatedAt.quoted);
    selects.push('now()');
  }
  const statement = `insert into ${t.name} (${columns.join(', ')})
    select ${selects.join(', ')}
    from unnest(${arrays.join(', ')}) as x(${names.join(', ')})
    ${join}
    ${where.length > 0 ? `where ${where.join(' and ')}` : ''}`;
  let created = 0;
  for (const chunk of chunks(creates)) {
    const params: string[] = [];
    const ids = newIds(t, chunk.length);
    if (ids) params.push(arrayLiteral(ids));
    for (const field of fields) {
      params.push(arrayLiteral(chunk.map((c) => encode(field, value(c, field.field)))));
    }
    if (t.table.sourceId) params.push(arrayLiteral(chunk.map((c) => value(c, 'sourceId') ?? null)));
    const { rowCount } = await tx.query(statement, [tenantId, ...params]);
    if (rowCount !== chunk.length) {
      throw departmentGone(t);
    }
    created += rowCount;
  }
  return created;
}

export async function applyMappedEmployeePlan(
  tx: SqlSession,
  sql: MappedSql,
  tenantId: string,
  plan: CheckedPlan<EmployeePlan>,
): Promise<AppliedCounts> {
  const t = sql.employees;
  await refuseStaleEmployeeCreates(tx, t, tenantId, plan.creates);
  const created = await insertRows(
    tx,
    t,
    sql.departments,
    tenantId,
    plan.creates,
    (c: EmployeeCreate, f) =>
      f === 'retired' ? (c.retired ?? false) : (c as unknown as Record<string, unknown>)[f],
  );
  const updated = await applyUpdates(
    tx,
    t,
    sql.departments,
    tenantId,
    plan.updates,
    (u) => `Employee ${u.id} (${String((u.values as { email?: unknown }).email ?? '?')})`,
  );
  const linked = await applyMappedLinks(tx, t, tenantId, plan.links);
  return { created, updated, linked };
}

export async function applyMappedDepartmentPlan(
  tx: SqlSession,
  sql: MappedSql,
  tenantId: string,
  plan: CheckedPlan<DepartmentPlan>,
): Promise<AppliedCounts> {
  const t = sql.departments;
  const parent = t.field('parentCode');
  let created = 0;
  if (plan.creates.length > 0) {
    await refuseStaleCreates(tx, t, tenantId, plan.creates);
    // A by-id parent is linked after every create is in, so their order does not matter.
    const byId = parent?.kind === 'link' && parent.by === 'id';
    created = await insertRows(
      tx,
      t,
      t,
      tenantId,
      plan.creates,
      (c: DepartmentCreate, f) => (c as unknown as Record<string, unknown>)[f] ?? null,
      { skipLink: byId },
    );
    if (byId) await linkParents(tx, t, tenantId, plan.creates, parent);
  }
  const updated = await applyUpdates(
    tx,
    t,
    t,
    tenantId,
    plan.updates,
    (u) =>
      `Department ${u.id} (code ${JSON.stringify((u.values as { code?: unknown }).code ?? '')})`,
  );
  const linked = await applyMappedLinks(tx, t, tenantId, plan.links);
  return { created, updated, linked };
}

/**
 * DECISIONS #2: a link writes only the HRBrain-id column (and the updated_at column), one
 * statement per chunk. Without an HRBrain-id column in the mapping nothing is linked. A
 * link whose row is gone refuses the whole plan (stale).
 */
async function applyMappedLinks(
  tx: SqlSession,
  t: TableSql,
  tenantId: string,
  links: readonly LinkedRecord[],
): Promise<number> {
  const source = t.table.sourceId;
  if (!source || links.length === 0) return 0;
  const id = t.table.id.quoted;
  const touch = t.table.updatedAt ? `, ${t.table.updatedAt.quoted} = now()` : '';
  let linked = 0;
  for (const chunk of chunks(links)) {
    const stranger = chunk.find((link) => !fitsIdType(t.table.id.type, link.id));
    if (stranger) throw recordGone(t.table.kind, stranger.id);
    const { rows } = await tx.query<{ id: string }>(
      `update ${t.name} d set ${source.quoted} = x.source_id${touch}
       from unnest($2::${t.idArray}, $3::text[]) as x(id, source_id)
       where ${t.tenantIs('d')} and d.${id} = x.id
       returning d.${id}::text as id`,
      [tenantId, arrayLiteral(chunk.map((l) => l.id)), arrayLiteral(chunk.map((l) => l.sourceId))],
    );
    if (rows.length !== chunk.length) {
      const written = new Set(rows.map((row) => row.id.toLowerCase()));
      const gone = chunk.find((link) => !written.has(link.id.toLowerCase()));
      throw recordGone(t.table.kind, gone?.id ?? '?');
    }
    linked += rows.length;
  }
  return linked;
}

/** Stale check of department creates, in SQL: a code that exists now, or a parent found nowhere. */
/**
 * E1 stale check of employee creates, in SQL: a stored address with the same e-mail key
 * (trim + lower-case, the core's `emailKey`) exists now. The application's own unique index
 * may be on `lower(email)` only, so `' A@x.jp '` beside `a@x.jp` must be refused here.
 */
async function refuseStaleEmployeeCreates(
  tx: SqlSession,
  t: TableSql,
  tenantId: string,
  creates: readonly EmployeeCreate[],
) {
  const email = t.field('email');
  if (creates.length === 0 || email === undefined) return;
  const { rows } = await tx.query<{ key: string }>(
    `select lower(btrim(d.${email.quoted}::text, ${TRIMMED})) as key from ${t.name} d
      where ${t.tenantIs('d')} and lower(btrim(d.${email.quoted}::text, ${TRIMMED})) = any($2::text[])
      limit 1`,
    [tenantId, arrayLiteral(creates.map((c) => emailKey(c.email)))],
  );
  if (rows[0]) {
    throw new StalePlanError(
      'An employee with the e-mail address of a planned new employee was stored after the plan was made. Nothing was written; plan the sync again.',
      { key: rows[0].key },
    );
  }
}

/** What JavaScript's `String.prototype.trim` removes, as a PostgreSQL `btrim` character set. */
const TRIMMED = String.raw`E' \t\n\x0B\f\r\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF'`;

async function refuseStaleCreates(
  tx: SqlSession,
  t: TableSql,
  tenantId: string,
  creates: readonly DepartmentCreate[],
) {
  const code = t.field('code')!.quoted;
  const { rows } = await tx.query<{ problem: 'exists' | 'parent'; code: string }>(
    `(select 'exists' as problem, d.${code}::text as code from ${t.name} d
       where ${t.tenantIs('d')} and d.${code} = any($2::text[]) limit 1)
     union all
     (select 'parent', x.code from unnest($3::text[]) as x(code)
       where x.code is not null and x.code <> all($2::text[])
         and not exists (select 1 from ${t.name} d where ${t.tenantIs('d')} and d.${code} = x.code)
       limit 1)`,
    [
      tenantId,
      arrayLiteral(creates.map((c) => c.code)),
      arrayLiteral(t.field('parentCode') ? creates.map((c) => c.parentCode ?? null) : []),
    ],
  );
  const problem = rows[0];
  if (problem) {
    throw new StalePlanError(
      problem.problem === 'exists'
        ? `A department with code ${JSON.stringify(problem.code)} was created after the plan was made. Nothing was written; plan the sync again.`
        : `Parent department ${JSON.stringify(problem.code)} is neither stored nor created by the plan (deleted after the plan was made?). Nothing was written; plan the sync again.`,
      { key: problem.code },
    );
  }
}

/** One `UPDATE … FROM unnest` per chunk: the new departments' parent ids, by their codes. */
async function linkParents(
  tx: SqlSession,
  t: TableSql,
  tenantId: string,
  creates: readonly DepartmentCreate[],
  parent: ResolvedField,
) {
  const withParent = creates.filter((c) => c.parentCode !== null && c.parentCode !== undefined);
  const code = t.field('code')!.quoted;
  const id = t.table.id.quoted;
  for (const chunk of chunks(withParent)) {
    const { rowCount } = await tx.query(
      `update ${t.name} d set ${parent.quoted} = p.${id}
       from unnest($2::text[], $3::text[]) as x(code, parent_code)
       join ${t.name} p on ${t.tenantIs('p')} and p.${code} = x.parent_code
       where ${t.tenantIs('d')} and d.${code} = x.code`,
      [
        tenantId,
        arrayLiteral(chunk.map((c) => c.code)),
        arrayLiteral(chunk.map((c) => c.parentCode)),
      ],
    );
    if (rowCount !== chunk.length) {
      throw new StalePlanError(
        'A parent department of the plan is gone. Nothing was written; plan the sync again.',
      );
    }
  }
}

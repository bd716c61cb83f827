import { type FieldChange, StorageError } from '@mikiwame/hrbrain-sync-core';
import { arrayLiteral } from './array-literal';

/** How one mapped field is stored. */
export interface ColumnSpec {
  /** The field name in the plan (`changes[].field`). */
  field: string;
  column: string;
  /** SQL element type of the array parameters. */
  type: 'text' | 'date' | 'boolean';
  /** SQL for the current value of row `d`, when it is not simply `d.<column>`. */
  current?: string;
  /** SQL for the value to write, given `u.to_<column>`, when it is not that value itself. */
  next?: string;
  /** Extra condition that must hold for the write to go ahead (else the plan is stale). */
  guard?: string;
}

/** Rows per statement: keeps each bound array (and the server's memory for it) moderate. */
export const CHUNK_SIZE = 10_000;

export function chunks<T>(items: readonly T[], size = CHUNK_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * One `UPDATE … FROM unnest(…)` for a whole chunk of updates. Per column it binds three
 * arrays — whether the plan changes it, the value the plan saw (`from`) and the new value
 * (`to`) — so only the fields named in `changes` are written (D8/E10), and a row is written
 * only if every changed field still holds its `from` value. Rows that fail that check are
 * simply not returned: the caller compares counts and refuses the plan (stale).
 */
export function buildUpdateSql(table: string, columns: readonly ColumnSpec[]): string {
  const names = ['id'];
  const types = ['uuid[]'];
  for (const c of columns) {
    names.push(`set_${c.column}`, `from_${c.column}`, `to_${c.column}`);
    types.push('boolean[]', `${c.type}[]`, `${c.type}[]`);
  }
  const params = types.map((type, i) => `$${i + 2}::${type}`).join(', ');
  const sets = columns
    .map(
      (c) =>
        `${c.column} = case when u.set_${c.column} then ${c.next ?? `u.to_${c.column}`} else d.${c.column} end`,
    )
    .join(',\n    ');
  const checks = columns
    .map((c) => {
      const current = c.current ?? `d.${c.column}`;
      const guard = c.guard ? ` and (${c.guard})` : '';
      return `and (not u.set_${c.column} or (${current} is not distinct from u.from_${c.column}${guard}))`;
    })
    .join('\n    ');
  return `update ${table} d set
    ${sets},
    updated_at = now()
  from unnest(${params}) as u(${names.join(', ')})
  where d.tenant_id = $1 and d.id = u.id
    ${checks}
  returning d.id::text as id`;
}

/** The bound arrays for `buildUpdateSql`, in the same order, as array literals. */
export function updateParams(
  columns: readonly ColumnSpec[],
  updates: readonly { id: string; changes: readonly FieldChange[] }[],
): string[] {
  const ids: string[] = [];
  const perColumn = columns.map(() => ({
    set: [] as boolean[],
    from: [] as unknown[],
    to: [] as unknown[],
  }));
  const index = new Map(columns.map((c, i) => [c.field, i]));
  for (const update of updates) {
    ids.push(update.id);
    for (const arrays of perColumn) {
      arrays.set.push(false);
      arrays.from.push(null);
      arrays.to.push(null);
    }
    const row = ids.length - 1;
    for (const change of update.changes) {
      const i = index.get(change.field);
      if (i === undefined) {
        throw new StorageError(
          `The plan changes field "${change.field}", which this adapter does not store; build plans with @mikiwame/hrbrain-sync-core.`,
        );
      }
      const arrays = perColumn[i]!;
      arrays.set[row] = true;
      arrays.from[row] = change.from ?? null;
      arrays.to[row] = change.to ?? null;
    }
  }
  return [ids, ...perColumn.flatMap((a) => [a.set, a.from, a.to])].map(arrayLiteral);
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids this adapter hands out are UUIDs; anything else cannot name a stored row. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuid.test(value);
}

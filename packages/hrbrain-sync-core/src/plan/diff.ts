// D8/E10 and J4: what a matched record needs, driven by the synced-field lists of
// model/records (DEPARTMENT_SYNCED_FIELDS, EMPLOYEE_SYNCED_FIELDS).
import type { FieldChange } from '../model/plan';

/** The synced fields a planner compares: every one but `sourceId`, which is a link (J4). */
export function mappedFieldsOf<F extends string>(
  synced: readonly F[],
): readonly Exclude<F, 'sourceId'>[] {
  return synced.filter((field): field is Exclude<F, 'sourceId'> => field !== 'sourceId');
}

/**
 * The changes from `stored` to `next` over `fields`, in list order; `null` when nothing
 * differs (no array for the common unchanged record). A stored value that is absent reads
 * as blank: `false` for a flag, else `null`.
 */
export function diffFields<F extends string>(
  fields: readonly F[],
  stored: { readonly [K in F]?: unknown },
  next: { readonly [K in F]: unknown },
): FieldChange<F>[] | null {
  let changes: FieldChange<F>[] | null = null;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    const to = next[field];
    let from = stored[field];
    if (from === undefined || from === null) from = typeof to === 'boolean' ? false : null;
    if (from === to) continue;
    const change: FieldChange<F> = { field, from, to };
    if (changes === null) changes = [change];
    else changes.push(change);
  }
  return changes;
}

/** What a matched record needs (J4): nothing, only its HRBrain id, or an update. */
export type MatchOutcome<F extends string> =
  | { kind: 'unchanged' }
  | { kind: 'linked' }
  | { kind: 'updated'; changes: FieldChange<F | 'sourceId'>[] };

const UNCHANGED = { kind: 'unchanged' } as const;
const LINKED = { kind: 'linked' } as const;

/**
 * D8/D10/E10/E12: a matched record whose mapped values are equal is `unchanged` when it
 * already holds `sourceId`, else `linked` (only the id is recorded). Otherwise an update,
 * whose changes also record the id when it is new.
 */
export function outcomeOf<F extends string>(
  fields: readonly F[],
  stored: { readonly [K in F]?: unknown } & { readonly sourceId?: string | null | undefined },
  next: { readonly [K in F]: unknown },
  sourceId: string,
): MatchOutcome<F> {
  const changes: FieldChange<F | 'sourceId'>[] | null = diffFields(fields, stored, next);
  const storedSourceId = stored.sourceId ?? null;
  if (changes === null) return storedSourceId === sourceId ? UNCHANGED : LINKED;
  if (storedSourceId !== sourceId) {
    changes.push({ field: 'sourceId', from: storedSourceId, to: sourceId });
  }
  return { kind: 'updated', changes };
}

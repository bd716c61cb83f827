import type { DepartmentPlan, EmployeePlan, LinkedRecord, UnchangedRecord } from '../model/plan';

/**
 * The fields a records store keeps, per kind, for a store that syncs only some of them (e.g.
 * the Postgres adapter mapped onto an application's own tables, where a field left out of the
 * mapping is not synced). `sourceId` is listed when the store remembers HRBrain ids.
 */
export interface SyncedFields {
  departments?: readonly string[] | undefined;
  employees?: readonly string[] | undefined;
}

/**
 * The plan as a store that keeps only `fields` carries it out (J4): changes of other fields
 * are dropped; an update left with none is `unchanged`, one left with only its `sourceId` is a
 * link (`linked`); links are `unchanged` when the store keeps no `sourceId`. So a field the
 * store does not keep never shows up as an update on every run. Creates stay whole (the store
 * writes the fields it has). Returns `plan` itself when nothing changes.
 */
export function restrictPlan<P extends DepartmentPlan | EmployeePlan>(
  plan: P,
  fields: readonly string[] | undefined,
): P {
  if (fields === undefined) return plan;
  const kept = new Set(fields);
  const keepsSourceId = kept.has('sourceId');
  let touched = false;
  const updates: P['updates'][number][] = [];
  const links: LinkedRecord[] = [];
  const unchanged: UnchangedRecord[] = [...plan.unchanged];
  for (const link of plan.links ?? []) {
    if (keepsSourceId) links.push(link);
    else {
      touched = true;
      unchanged.push({ id: link.id, sourceId: link.sourceId, key: link.key });
    }
  }
  for (const update of plan.updates) {
    const changes = update.changes.filter((change) => kept.has(change.field));
    if (changes.length === update.changes.length) {
      updates.push(update);
      continue;
    }
    touched = true;
    const values = update.values as { code?: string; email?: string };
    const key = (plan.kind === 'departments' ? values.code : values.email) ?? '';
    if (changes.length === 0) unchanged.push({ id: update.id, sourceId: update.sourceId, key });
    else if (changes.every((change) => change.field === 'sourceId')) {
      links.push({ id: update.id, sourceId: update.sourceId, key });
    } else updates.push({ ...update, changes } as P['updates'][number]);
  }
  if (!touched) return plan;
  const linkedBefore = plan.summary.linked ?? 0;
  return {
    ...plan,
    updates,
    links,
    unchanged,
    summary: {
      ...plan.summary,
      updated: plan.summary.updated - (plan.updates.length - updates.length),
      linked: linkedBefore + (links.length - (plan.links?.length ?? 0)),
      unchanged: plan.summary.unchanged + (unchanged.length - plan.unchanged.length),
    },
  };
}

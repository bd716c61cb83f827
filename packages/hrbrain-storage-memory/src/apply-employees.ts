import type { EmployeeFields, EmployeePlan } from '@mikiwame/hrbrain-sync-core';
import {
  assertPlanShape,
  assertUnchangedSincePlan,
  emailKey,
  keyTaken,
  recordGone,
} from '@mikiwame/hrbrain-sync-core/adapter';
import type { AppliedCounts } from './apply-departments';
import type { EmployeeRow, TenantState } from './tenant-state';

/** As `applyDepartmentPlanTo`, for employees; the key is the lower-cased e-mail (E1). */
export function applyEmployeePlanTo(
  state: TenantState,
  plan: EmployeePlan,
  newId: () => string,
): { employees: Map<string, EmployeeRow>; result: AppliedCounts } {
  const checked = assertPlanShape(plan, 'employees');
  const original = state.employees;
  const next = new Map(original);
  const idByEmail = new Map<string, string>();
  for (const row of original.values()) idByEmail.set(emailKey(row.email), row.id);

  for (const { sourceId, ...fields } of checked.creates) {
    const key = emailKey(fields.email);
    if (idByEmail.has(key)) throw keyTaken('employees', key);
    const id = newId();
    idByEmail.set(key, id);
    next.set(id, { ...fields, id, sourceId: sourceId ?? null, extra: {}, revision: 1 });
  }

  for (const update of checked.updates) {
    const current = original.get(update.id);
    if (current === undefined) throw recordGone('employees', update.id);
    let row: EmployeeRow = next.get(update.id)!;
    assertUnchangedSincePlan(
      'employees',
      { id: current.id, key: emailKey(current.email) },
      update.changes,
      (field) => current[field as keyof EmployeeRow],
    );
    for (const change of update.changes) {
      if (change.field === 'email') {
        const key = emailKey(String(change.to));
        const owner = idByEmail.get(key);
        if (owner !== undefined && owner !== row.id) throw keyTaken('employees', key);
        idByEmail.delete(emailKey(row.email));
        idByEmail.set(key, row.id);
      }
      // E7/E10: only the fields named in `changes` are written, so a retired flag set by
      // hand survives every update that does not name it.
      row = { ...row, [change.field]: change.to as EmployeeFields[keyof EmployeeFields] };
    }
    if (update.changes.length > 0) next.set(row.id, { ...row, revision: current.revision + 1 });
  }

  // Links: only the HRBrain id is written (DECISIONS #2).
  for (const link of checked.links) {
    const row = next.get(link.id);
    if (row === undefined || !original.has(link.id)) throw recordGone('employees', link.id);
    if (row.sourceId !== link.sourceId) {
      next.set(link.id, { ...row, sourceId: link.sourceId, revision: row.revision + 1 });
    }
  }

  return {
    employees: next,
    result: {
      created: checked.creates.length,
      updated: checked.updates.length,
      linked: checked.links.length,
    },
  };
}

import type { DepartmentPlan } from '@mikiwame/hrbrain-sync-core';
import { StorageError } from '@mikiwame/hrbrain-sync-core';
import {
  assertPlanShape,
  assertUnchangedSincePlan,
  keyTaken,
  parentMissing,
  parentsFirst,
  recordGone,
} from '@mikiwame/hrbrain-sync-core/adapter';
import { type DepartmentRow, parentCodeOf, type TenantState } from './tenant-state';

/** Counts of one apply. */
export interface AppliedCounts {
  created: number;
  updated: number;
  linked: number;
}

/**
 * Apply a department plan to a copy of the tenant's departments and return the copy; the
 * caller swaps it in only if this returns, so a refused plan leaves nothing behind (J5).
 */
export function applyDepartmentPlanTo(
  state: TenantState,
  plan: DepartmentPlan,
  newId: () => string,
): { departments: Map<string, DepartmentRow>; result: AppliedCounts } {
  const checked = assertPlanShape(plan, 'departments');
  const original = state.departments;
  const next = new Map(original);
  const idByCode = new Map<string, string>();
  for (const row of original.values()) idByCode.set(row.code, row.id);

  // D1: a create is a new code; one that exists by now means the store moved on.
  const pendingParents: [string, string | null][] = [];
  for (const create of parentsFirst(checked.creates)) {
    if (idByCode.has(create.code)) throw keyTaken('departments', create.code);
    const id = newId();
    idByCode.set(create.code, id);
    next.set(id, {
      id,
      code: create.code,
      name: create.name,
      parentId: null,
      sourceId: create.sourceId ?? null,
      extra: {},
      revision: 1,
    });
    pendingParents.push([id, create.parentCode ?? null]);
  }

  const resolveParent = (code: string | null, of: string): string | null => {
    if (code === null) return null;
    const id = idByCode.get(code);
    if (id === undefined) throw parentMissing(of, code);
    return id;
  };
  // Parents by code, after all creates: the result does not depend on the order of creates.
  for (const [id, parentCode] of pendingParents) {
    const row = next.get(id)!;
    next.set(id, { ...row, parentId: resolveParent(parentCode, row.code) });
  }

  for (const update of checked.updates) {
    const current = original.get(update.id);
    if (current === undefined) throw recordGone('departments', update.id);
    let row: DepartmentRow = next.get(update.id)!;
    assertUnchangedSincePlan(
      'departments',
      { id: current.id, key: current.code },
      update.changes,
      (field) =>
        field === 'parentCode'
          ? parentCodeOf(original, current)
          : current[field as keyof DepartmentRow],
    );
    for (const change of update.changes) {
      // D8: only the fields named in `changes` are written.
      switch (change.field) {
        case 'name':
          row = { ...row, name: String(change.to) };
          break;
        case 'sourceId':
          row = { ...row, sourceId: (change.to as string | null) ?? null };
          break;
        case 'parentCode':
          row = { ...row, parentId: resolveParent((change.to as string | null) ?? null, row.code) };
          break;
        case 'code': {
          const code = String(change.to);
          const owner = idByCode.get(code);
          if (owner !== undefined && owner !== row.id) throw keyTaken('departments', code);
          idByCode.delete(row.code);
          idByCode.set(code, row.id);
          row = { ...row, code };
          break;
        }
        default:
          throw new StorageError(
            `Department update ${update.id} names the unknown field "${String(change.field)}"; only code, name, parentCode and sourceId can change.`,
          );
      }
    }
    if (update.changes.length > 0) next.set(row.id, { ...row, revision: current.revision + 1 });
  }

  // Links: only the HRBrain id is written (DECISIONS #2).
  for (const link of checked.links) {
    const row = next.get(link.id);
    if (row === undefined || !original.has(link.id)) throw recordGone('departments', link.id);
    if (row.sourceId !== link.sourceId) {
      next.set(link.id, { ...row, sourceId: link.sourceId, revision: row.revision + 1 });
    }
  }

  return {
    departments: next,
    result: {
      created: checked.creates.length,
      updated: checked.updates.length,
      linked: checked.links.length,
    },
  };
}

import {
  type ApplyResult,
  type DepartmentPlan,
  StalePlanError,
  StorageError,
} from '@mikiwame/hrbrain-sync-core';
import { assertDepartmentCreate } from './plan-shape';
import { type DepartmentRow, parentCodeOf, type TenantState } from './tenant-state';

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/**
 * Apply a department plan to a copy of the tenant's departments and return the copy; the
 * caller swaps it in only if this returns, so a refused plan leaves nothing behind (J5).
 */
export function applyDepartmentPlanTo(
  state: TenantState,
  plan: DepartmentPlan,
  newId: () => string,
): { departments: Map<string, DepartmentRow>; result: ApplyResult } {
  if (
    plan?.kind !== 'departments' ||
    !Array.isArray(plan.creates) ||
    !Array.isArray(plan.updates)
  ) {
    throw new StorageError(
      'applyDepartmentPlan needs a DepartmentPlan (kind "departments", with creates and updates); plan it with planDepartmentSync.',
    );
  }
  const original = state.departments;
  const next = new Map(original);
  const idByCode = new Map<string, string>();
  for (const row of original.values()) idByCode.set(row.code, row.id);

  // D1: a create is a new code; one that exists by now means the store moved on.
  plan.creates.forEach(assertDepartmentCreate);
  const pendingParents: [string, string | null][] = [];
  for (const create of plan.creates) {
    if (idByCode.has(create.code)) {
      throw new StalePlanError(
        `Department code "${create.code}" already exists; the departments changed since this plan was made. Plan again.`,
        { key: create.code },
      );
    }
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
    if (id === undefined) {
      throw new StalePlanError(
        `The parent "${code}" of department "${of}" exists neither in the store nor in the plan. Plan again.`,
        { key: of },
      );
    }
    return id;
  };
  // Parents by code, after all creates: the result does not depend on the order of creates.
  for (const [id, parentCode] of pendingParents) {
    const row = next.get(id)!;
    next.set(id, { ...row, parentId: resolveParent(parentCode, row.code) });
  }

  for (const update of plan.updates) {
    const current = original.get(update.id);
    if (current === undefined) {
      throw new StalePlanError(`Department ${update.id} no longer exists; plan again.`, {
        id: update.id,
      });
    }
    let row: DepartmentRow = next.get(update.id)!;
    for (const change of update.changes) {
      const stored =
        change.field === 'parentCode' ? parentCodeOf(original, current) : current[change.field];
      if (!same(stored, change.from)) {
        throw new StalePlanError(
          `Department "${current.code}" no longer has the ${change.field} this plan expected; plan again.`,
          { id: update.id, key: current.code },
        );
      }
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
          if (owner !== undefined && owner !== row.id) {
            throw new StalePlanError(`Department code "${code}" is already taken; plan again.`, {
              id: update.id,
              key: code,
            });
          }
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

  return {
    departments: next,
    result: { created: plan.creates.length, updated: plan.updates.length },
  };
}

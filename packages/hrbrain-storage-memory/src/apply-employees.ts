import {
  type ApplyResult,
  EMPLOYEE_SYNCED_FIELDS,
  type EmployeeFields,
  type EmployeePlan,
  StalePlanError,
  StorageError,
} from '@mikiwame/hrbrain-sync-core';
import { assertEmployeeCreate } from './plan-shape';
import { type EmployeeRow, emailKey, type TenantState } from './tenant-state';

const updatableFields = new Set<string>(EMPLOYEE_SYNCED_FIELDS);

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/** As `applyDepartmentPlanTo`, for employees; the key is the lower-cased e-mail (E1). */
export function applyEmployeePlanTo(
  state: TenantState,
  plan: EmployeePlan,
  newId: () => string,
): { employees: Map<string, EmployeeRow>; result: ApplyResult } {
  if (plan?.kind !== 'employees' || !Array.isArray(plan.creates) || !Array.isArray(plan.updates)) {
    throw new StorageError(
      'applyEmployeePlan needs an EmployeePlan (kind "employees", with creates and updates); plan it with planEmployeeSync.',
    );
  }
  const original = state.employees;
  const next = new Map(original);
  const idByEmail = new Map<string, string>();
  for (const row of original.values()) idByEmail.set(emailKey(row.email), row.id);

  plan.creates.forEach(assertEmployeeCreate);
  for (const { sourceId, ...fields } of plan.creates) {
    const key = emailKey(fields.email);
    if (idByEmail.has(key)) {
      throw new StalePlanError(
        `An employee with the e-mail "${fields.email}" already exists; the employees changed since this plan was made. Plan again.`,
        { key },
      );
    }
    const id = newId();
    idByEmail.set(key, id);
    next.set(id, { ...fields, id, sourceId: sourceId ?? null, extra: {}, revision: 1 });
  }

  for (const update of plan.updates) {
    const current = original.get(update.id);
    if (current === undefined) {
      throw new StalePlanError(`Employee ${update.id} no longer exists; plan again.`, {
        id: update.id,
      });
    }
    let row: EmployeeRow = next.get(update.id)!;
    for (const change of update.changes) {
      if (!updatableFields.has(change.field)) {
        throw new StorageError(
          `Employee update ${update.id} names the unknown field "${String(change.field)}"; only mapped employee fields and sourceId can change.`,
        );
      }
      if (!same(current[change.field], change.from)) {
        throw new StalePlanError(
          `Employee "${current.email}" no longer has the ${change.field} this plan expected; plan again.`,
          { id: update.id, key: emailKey(current.email) },
        );
      }
      if (change.field === 'email') {
        const key = emailKey(String(change.to));
        const owner = idByEmail.get(key);
        if (owner !== undefined && owner !== row.id) {
          throw new StalePlanError(
            `The e-mail "${String(change.to)}" belongs to another employee; plan again.`,
            { id: update.id, key },
          );
        }
        idByEmail.delete(emailKey(row.email));
        idByEmail.set(key, row.id);
      }
      // E7/E10: only the fields named in `changes` are written, so a retired flag set by
      // hand survives every update that does not name it.
      row = { ...row, [change.field]: change.to as EmployeeFields[keyof EmployeeFields] };
    }
    if (update.changes.length > 0) next.set(row.id, { ...row, revision: current.revision + 1 });
  }

  return {
    employees: next,
    result: { created: plan.creates.length, updated: plan.updates.length },
  };
}

import { StalePlanError } from '../errors';
import type { FieldChange } from '../model/plan';
import type { SyncKind } from '../model/records';

/** How the stale check compares a stored value with a plan's `from`: `undefined` is `null`. */
export function sameStoredValue(stored: unknown, expected: unknown): boolean {
  return (stored ?? null) === (expected ?? null);
}

/**
 * The stale `from` check of one update: every changed field must still hold the value the
 * plan saw. `current(field)` reads the stored value (departments: `parentCode` as a code).
 *
 * @throws {StalePlanError} naming the record and the first field that moved.
 */
export function assertUnchangedSincePlan(
  kind: SyncKind,
  record: { id: string; key: string },
  changes: readonly FieldChange[],
  current: (field: string) => unknown,
): void {
  for (const change of changes) {
    if (!sameStoredValue(current(change.field), change.from)) {
      throw new StalePlanError(
        `${kind === 'departments' ? 'Department' : 'Employee'} ${JSON.stringify(record.key)} no longer has the ${change.field} this plan was made from. Nothing was written; plan the sync again.`,
        { id: record.id, key: record.key },
      );
    }
  }
}

/** The refusal of an update or link whose row no longer exists. */
export function recordGone(kind: SyncKind, id: string): StalePlanError {
  return new StalePlanError(
    `${kind === 'departments' ? 'Department' : 'Employee'} ${id} no longer exists for this tenant. Nothing was written; plan the sync again.`,
    { id },
  );
}

/** The refusal of a create whose key (code, e-mail key) is stored already or created twice. */
export function keyTaken(kind: SyncKind, key: string): StalePlanError {
  return new StalePlanError(
    `${kind === 'departments' ? 'A department with code' : 'An employee with e-mail'} ${JSON.stringify(key)} already exists: it was stored after the plan was made, or the plan creates it twice. Nothing was written; plan the sync again.`,
    { key },
  );
}

/** The refusal of a department whose parent code is neither stored nor created by the plan. */
export function parentMissing(code: string, parentCode: string): StalePlanError {
  return new StalePlanError(
    `The parent ${JSON.stringify(parentCode)} of department ${JSON.stringify(code)} is neither stored nor created by the plan (deleted after the plan was made?). Nothing was written; plan the sync again.`,
    { key: code },
  );
}

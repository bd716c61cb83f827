import { StorageError } from '../errors';
import type {
  DepartmentCreate,
  DepartmentPlan,
  EmployeeCreate,
  EmployeePlan,
  LinkedRecord,
  SyncPlan,
} from '../model/plan';
import { DEPARTMENT_SYNCED_FIELDS, EMPLOYEE_SYNCED_FIELDS, type SyncKind } from '../model/records';

const isText = (value: unknown): value is string => typeof value === 'string';
const isOptionalText = (value: unknown) => value === null || value === undefined || isText(value);
const updatable: Record<SyncKind, ReadonlySet<string>> = {
  departments: new Set(DEPARTMENT_SYNCED_FIELDS),
  employees: new Set(EMPLOYEE_SYNCED_FIELDS),
};

/** A plan as adapters apply it: `links` always present. */
export type CheckedPlan<P extends SyncPlan = SyncPlan> = P & { links: LinkedRecord[] };

/**
 * The plan-shape guard. A plan from the planners is always well-formed; one built by hand in
 * JavaScript may not be. Refuse it up front, naming the row, rather than store `undefined` as
 * a code: `kind`, `creates`, `updates` (each naming only synced fields) and `links` (absent =
 * none, as in plans made before links existed). Returns the plan with `links` filled in.
 *
 * @throws {StorageError} naming the first problem.
 */
export function assertPlanShape<P extends SyncPlan>(plan: P, expected?: SyncKind): CheckedPlan<P> {
  const kind = (plan as { kind?: unknown } | null)?.kind;
  if (
    (kind !== 'departments' && kind !== 'employees') ||
    (expected !== undefined && kind !== expected) ||
    !Array.isArray(plan.creates) ||
    !Array.isArray(plan.updates) ||
    (plan.links !== undefined && !Array.isArray(plan.links))
  ) {
    throw new StorageError(
      `applyPlan needs a ${expected === 'departments' ? 'DepartmentPlan' : expected === 'employees' ? 'EmployeePlan' : 'DepartmentPlan or EmployeePlan'} (kind, creates, updates, links); plan it with planDepartmentSync or planEmployeeSync.`,
    );
  }
  if (kind === 'departments') (plan as DepartmentPlan).creates.forEach(assertDepartmentCreate);
  else (plan as EmployeePlan).creates.forEach(assertEmployeeCreate);
  const fields = updatable[kind];
  for (const update of plan.updates) {
    if (!isText(update?.id) || !Array.isArray(update.changes)) {
      throw new StorageError(`A ${kind} update has no id or no changes.`);
    }
    for (const change of update.changes) {
      if (!fields.has(change?.field)) {
        throw new StorageError(
          `The ${kind} update of ${update.id} names the field "${String(change?.field)}", which a sync never writes (only ${[...fields].join(', ')}).`,
        );
      }
    }
  }
  const links = plan.links ?? [];
  for (const link of links) {
    if (!isText(link?.id) || !isText(link.sourceId) || link.sourceId === '') {
      throw new StorageError(`A ${kind} link needs an id and a non-empty sourceId.`);
    }
  }
  return plan.links === undefined ? { ...plan, links } : (plan as CheckedPlan<P>);
}

/** One department create: a non-empty code, a name, parent and sourceId strings or null. */
export function assertDepartmentCreate(create: DepartmentCreate, index: number): void {
  if (!isText(create?.code) || create.code === '') {
    throw new StorageError(`Department create #${index} has no code (a non-empty string).`);
  }
  if (!isText(create.name)) {
    throw new StorageError(`Department create "${create.code}" has no name (a string).`);
  }
  if (!isOptionalText(create.parentCode) || !isOptionalText(create.sourceId)) {
    throw new StorageError(
      `Department create "${create.code}": parentCode and sourceId must be strings or null.`,
    );
  }
}

const employeeTextFields = ['lastName', 'firstName', 'lastNameKana', 'firstNameKana'] as const;
const employeeOptionalFields = [
  'employeeNumber',
  'birthDate',
  'departmentCode',
  'position',
  'gender',
  'employmentType',
  'sourceId',
] as const;

/** As {@link assertDepartmentCreate}, for employees. */
export function assertEmployeeCreate(create: EmployeeCreate, index: number): void {
  if (!isText(create?.email) || create.email.trim() === '') {
    throw new StorageError(`Employee create #${index} has no e-mail (a non-empty string).`);
  }
  for (const field of employeeTextFields) {
    if (!isText(create[field])) {
      throw new StorageError(`Employee create #${index} has no ${field} (a string).`);
    }
  }
  for (const field of employeeOptionalFields) {
    if (!isOptionalText(create[field])) {
      throw new StorageError(`Employee create #${index}: ${field} must be a string or null.`);
    }
  }
  if (typeof create.retired !== 'boolean') {
    throw new StorageError(`Employee create #${index}: retired must be true or false.`);
  }
}

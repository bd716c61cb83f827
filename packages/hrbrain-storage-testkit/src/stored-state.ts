import type { StorageInspector, StoredDepartment, StoredEmployee } from './inspector';

function sortBy<T>(rows: T[], key: (row: T) => string): T[] {
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Departments as really stored, sorted by code, for exact comparisons. */
export async function storedDepartments(
  inspect: StorageInspector,
  tenantId: string,
): Promise<StoredDepartment[]> {
  return sortBy(await inspect.departments(tenantId), (d) => d.code);
}

/** Employees as really stored, sorted by lower-cased e-mail. */
export async function storedEmployees(
  inspect: StorageInspector,
  tenantId: string,
): Promise<StoredEmployee[]> {
  return sortBy(await inspect.employees(tenantId), (e) => e.email.toLowerCase());
}

/**
 * Everything the inspector can see of one tenant, for "nothing changed" comparisons:
 * rows, runs, the connection and (when the inspector has them) row revisions.
 */
export async function storedTenantState(inspect: StorageInspector, tenantId: string) {
  const [departments, employees, runs, connection] = await Promise.all([
    storedDepartments(inspect, tenantId),
    storedEmployees(inspect, tenantId),
    inspect.runs(tenantId),
    inspect.connection(tenantId),
  ]);
  const revisions = inspect.revisions
    ? {
        departments: await inspect.revisions('departments', tenantId),
        employees: await inspect.revisions('employees', tenantId),
      }
    : null;
  return { departments, employees, runs: sortBy(runs, (r) => r.id), connection, revisions };
}

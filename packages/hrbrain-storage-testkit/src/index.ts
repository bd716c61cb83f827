/**
 * `@mikiwame/hrbrain-storage-testkit`: the conformance suite every `SyncStorage` adapter
 * runs in its own vitest tests ({@link describeStorageConformance}), the inspector interface
 * it reads the store through, and the plan, run and snapshot fixtures its checks are built
 * from, for an adapter's own tests.
 *
 * @packageDocumentation
 */
export { describeStorageConformance, type StorageConformanceOptions } from './conformance';
export { StorageConformanceConfigError } from './errors';
export { expectRejection, expectSyncError } from './expect-error';
export { applyDepartmentPlan, applyEmployeePlan } from './fixtures/apply';
export { buildErrorRow, buildErrorRows, buildPlanSummary } from './fixtures/error-rows';
export { hostileStrings } from './fixtures/hostile-strings';
export {
  buildDepartmentChain,
  buildDepartmentCreate,
  buildDepartmentPlan,
  buildDepartmentUpdate,
  buildEmployeeCreate,
  buildEmployeePlan,
  buildEmployeeUpdate,
  type DepartmentUpdatable,
  type EmployeeUpdatable,
  unchangedDepartment,
  unchangedEmployee,
} from './fixtures/plans';
export { seedDepartments, seedEmployees } from './fixtures/seed';
export {
  buildHrbrainSnapshot,
  type HrbrainSnapshotInput,
  type SnapshotDepartment,
  type SnapshotMember,
} from './fixtures/snapshot';
export { newTenantId } from './fixtures/tenants';
export type {
  StorageInspector,
  StoredConnection,
  StoredDepartment,
  StoredEmployee,
  StoredRun,
  UnmappedColumnAccess,
} from './inspector';
export { storedDepartments, storedEmployees, storedTenantState } from './stored-state';
export type {
  ConformanceCase,
  ConformanceContext,
  ConformanceSuite,
  ConformanceSuiteId,
  InspectorCapability,
} from './suite';
export { storageConformanceSuites } from './suites/index';

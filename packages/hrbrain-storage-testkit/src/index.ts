export { describeStorageConformance, type StorageConformanceOptions } from './conformance';
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
export { pick, seedDepartments, seedEmployees } from './fixtures/seed';
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

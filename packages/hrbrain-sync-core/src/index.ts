/**
 * `@mikiwame/hrbrain-sync-core`: the pure HRBrain → Mikiwame sync. Plans (what to create,
 * update, leave, skip and why), the error file, the storage contract adapters implement,
 * and `runSync`, the orchestration of a run over a source and a storage.
 *
 * @packageDocumentation
 */
export {
  type ChangeGuardCounts,
  ChangeGuardError,
  FieldNotFoundError,
  HrbrainSyncConfigError,
  HrbrainSyncError,
  type HrbrainSyncErrorCode,
  type HrbrainSyncErrorOptions,
  InvalidSnapshotError,
  RunNotFoundError,
  RunNotQueuedError,
  StalePlanError,
  StorageError,
  SyncAbortedError,
  SyncInProgressError,
} from './errors';
export type {
  DepartmentCreate,
  DepartmentPlan,
  DepartmentUpdate,
  EmployeeCreate,
  EmployeePlan,
  EmployeeUpdate,
  ErrorCode,
  ErrorRow,
  FieldChange,
  LinkedRecord,
  PlanSummary,
  SkippedRecord,
  SyncPlan,
  UnchangedRecord,
} from './model/plan';
export {
  DEPARTMENT_SYNCED_FIELDS,
  type Department,
  type DepartmentFields,
  EMPLOYEE_SYNCED_FIELDS,
  type Employee,
  type EmployeeFields,
  type EmploymentType,
  type Gender,
  type SyncKind,
} from './model/records';
export {
  MAX_DEPARTMENT_DEPTH,
  type PlanDepartmentSyncInput,
  planDepartmentSync,
} from './plan/departments';
export { emailKey, type PlanEmployeeSyncInput, planEmployeeSync } from './plan/employees';
export {
  DEPARTMENT_ERROR_CSV_COLUMNS,
  ERROR_CSV_COLUMNS,
  type ErrorCsvOptions,
  type ErrorCsvRow,
  renderErrorCsv,
} from './report/error-csv';
export {
  type ChangeGuard,
  type PlanOf,
  type RunSyncOptions,
  runSync,
  type SnapshotSource,
  type SyncProgressEvent,
  type SyncResult,
} from './run/run-sync';
export { assertSyncStorage, SYNC_STORAGE_METHODS } from './storage/assert';
export type {
  ApplyResult,
  CreateRunInput,
  HrbrainConnection,
  ListRunsOptions,
  RunPage,
  SyncLock,
  SyncRun,
  SyncRunFailure,
  SyncRunStatus,
  SyncStorage,
  UpdateRunInput,
} from './storage/contract';

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
  InvalidCursorError,
  InvalidSnapshotError,
  RunAlreadyFinishedError,
  RunNotFoundError,
  RunNotQueuedError,
  StalePlanError,
  StorageError,
  SyncAbortedError,
  SyncInProgressError,
} from './errors';
export { emailKey } from './model/email-key';
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
export type {
  HrbrainFieldDefinition,
  HrbrainMember,
  HrbrainMemberField,
  HrbrainOrganizationItem,
  HrbrainOrganizationItems,
  HrbrainSnapshot,
} from './model/snapshot';
export {
  MAX_DEPARTMENT_DEPTH,
  type PlanDepartmentSyncInput,
  planDepartmentSync,
} from './plan/departments';
export { type PlanEmployeeSyncInput, planEmployeeSync } from './plan/employees';
export { restrictPlan, type SyncedFields } from './plan/restrict';
export {
  DEPARTMENT_ERROR_CSV_COLUMNS,
  ERROR_CSV_COLUMNS,
  type ErrorCsvOptions,
  type ErrorCsvRow,
  renderErrorCsv,
} from './report/error-csv';
export {
  ABANDONED_FAILURE,
  type RecoverAbandonedRunsOptions,
  recoverAbandonedRuns,
} from './run/abandoned';
export { type FullSyncResult, type RunFullSyncOptions, runFullSync } from './run/full-sync';
export type { FieldSelection, SnapshotRequest, SourceMembersPage } from './run/read-source';
export {
  type ChangeGuard,
  type PlanOf,
  type RunSyncOptions,
  type RunSyncStorage,
  runSync,
  type SnapshotProgress,
  type SnapshotSource,
  type SyncProgressEvent,
  type SyncResult,
} from './run/run-sync';
export {
  type SyncAttributeName,
  type SyncPhase,
  type SyncTelemetryOptions,
  TELEMETRY_SCOPE,
} from './run/telemetry';
export {
  assertSyncStorage,
  STORAGE_PART_METHODS,
  SYNC_STORAGE_METHODS,
} from './storage/assert';
export {
  type AppliedRunOutcome,
  type ApplyPlanInput,
  type ApplyPlanRun,
  type ApplyResult,
  type ConnectionStore,
  type CreateRunInput,
  DEFAULT_RUN_PAGE_SIZE,
  type FinishedRunStatus,
  type FinishRunInput,
  type HrbrainConnection,
  type ListRunsOptions,
  MAX_RUN_PAGE_SIZE,
  type RecordsStore,
  type RunLog,
  type RunOutcome,
  type RunPage,
  type RunTrigger,
  type RunTriggerType,
  type SyncLock,
  type SyncLocks,
  type SyncRun,
  type SyncRunFailure,
  type SyncRunStatus,
  type SyncStorage,
} from './storage/contract';

export {
  HrbrainSyncError,
  StalePlanError,
  StorageError,
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
  PlanSummary,
  SkippedRecord,
  SyncPlan,
  UnchangedRecord,
} from './model/plan';
export type {
  Department,
  DepartmentFields,
  Employee,
  EmployeeFields,
  EmploymentType,
  Gender,
  SyncKind,
} from './model/records';
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

/** Package version placeholder until the implementation lands. */
export const packageName = '@mikiwame/hrbrain-sync-core';

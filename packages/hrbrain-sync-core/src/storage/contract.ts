import type { DepartmentPlan, EmployeePlan, ErrorRow, PlanSummary } from '../model/plan';
import type { Department, Employee, SyncKind } from '../model/records';

/** J2: `queued` → `running` → `succeeded` | `completed_with_errors` | `failed`. */
export type SyncRunStatus = 'queued' | 'running' | 'succeeded' | 'completed_with_errors' | 'failed';

/** Why a run failed (J2), safe to show an admin: never contains a secret. */
export interface SyncRunFailure {
  /** e.g. `FIELD_NOT_FOUND`, `CHANGE_GUARD_TRIPPED`, `SYNC_IN_PROGRESS`, `AuthenticationError`. */
  code: string;
  message: string;
}

/** The record of one sync run (J1). */
export interface SyncRun {
  id: string;
  tenantId: string;
  kind: SyncKind;
  status: SyncRunStatus;
  /** A dry run (J6) plans and records but applies nothing. */
  dryRun: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  summary: PlanSummary | null;
  errorCount: number;
  warningCount: number;
  failure: SyncRunFailure | null;
}

/** What `createRun` records: a new run of one tenant and kind (the storage assigns the id). */
export interface CreateRunInput {
  tenantId: string;
  kind: SyncKind;
  dryRun: boolean;
  /** `queued` for a run a worker picks up later, `running` for one that starts now. */
  status: 'queued' | 'running';
}

/** A patch to a run; `errors` (when given) are stored with the run, replacing earlier ones. */
export interface UpdateRunInput {
  status?: SyncRunStatus;
  startedAt?: Date | null;
  finishedAt?: Date | null;
  summary?: PlanSummary | null;
  failure?: SyncRunFailure | null;
  errors?: ErrorRow[];
}

/** Filter and page of `listRuns`. */
export interface ListRunsOptions {
  kind?: SyncKind;
  /** Page size, default 20. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string | null;
}

/** One page of `listRuns`; `nextCursor` is `null` on the last page. */
export interface RunPage {
  /** Newest first. */
  runs: SyncRun[];
  nextCursor: string | null;
}

/** A tenant's HRBrain connection (C1, C3). One per tenant. */
export interface HrbrainConnection {
  tenantId: string;
  /** The HRBrain subdomain. */
  clientId: string;
  /**
   * The client secret as the app chose to keep it. Store it encrypted: the storage adapters
   * keep this string as given, so encrypt before `saveConnection` (see examples/server).
   */
  clientSecret: string;
  connectedAt: Date;
  connectedBy?: string | null | undefined;
}

/** What an adapter reports after applying a plan. */
export interface ApplyResult {
  created: number;
  updated: number;
}

/** Held for the whole of a run; `release` is idempotent. */
export interface SyncLock {
  release(): Promise<void>;
}

/**
 * The storage contract every adapter implements (memory, Postgres, or your own). All
 * methods are scoped by `tenantId`: nothing done for one tenant may read or change another's.
 * Adapters prove themselves with `@mikiwame/hrbrain-storage-testkit`.
 */
export interface SyncStorage {
  /** The tenant's departments (any order). */
  loadDepartments(tenantId: string): Promise<Department[]>;
  /** The tenant's employees (any order). */
  loadEmployees(tenantId: string): Promise<Employee[]>;

  /**
   * J5: take the tenant+kind lock for the length of a run, across processes where the store
   * allows. Throws `SyncInProgressError` at once if it is held.
   */
  acquireSyncLock(tenantId: string, kind: SyncKind): Promise<SyncLock>;

  /**
   * Apply a department plan atomically: creates (parents by code, parents first), then the
   * fields named in each update's `changes`. All or nothing; a row that no longer holds the
   * planned `from` values, or a create whose code now exists, throws `StalePlanError`.
   */
  applyDepartmentPlan(tenantId: string, plan: DepartmentPlan): Promise<ApplyResult>;
  /** As `applyDepartmentPlan`, for employees (key: lower-cased e-mail). */
  applyEmployeePlan(tenantId: string, plan: EmployeePlan): Promise<ApplyResult>;

  createRun(input: CreateRunInput): Promise<SyncRun>;
  updateRun(tenantId: string, runId: string, patch: UpdateRunInput): Promise<SyncRun>;
  getRun(tenantId: string, runId: string): Promise<SyncRun | null>;
  /** Newest first, paged by cursor. */
  listRuns(tenantId: string, options?: ListRunsOptions): Promise<RunPage>;
  /** The error rows of a run, in the order they were stored. */
  listRunErrors(tenantId: string, runId: string): Promise<ErrorRow[]>;

  saveConnection(connection: HrbrainConnection): Promise<void>;
  getConnection(tenantId: string): Promise<HrbrainConnection | null>;
  /** C3: removes the tenant's connection; true if there was one. */
  deleteConnection(tenantId: string): Promise<boolean>;
}

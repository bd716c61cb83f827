import type { ErrorRow, PlanSummary, SyncPlan } from '../model/plan';
import type { Department, Employee, SyncKind } from '../model/records';
import type { SyncedFields } from '../plan/restrict';

/*
 * The storage contract, split by concern (contract v2). Four small parts:
 *
 * - {@link RecordsStore}: the tenant's departments and employees; applies a plan together
 *   with the outcome of its run (one transaction where the store has them).
 * - {@link RunLog}: the record of every run (J1–J3) and its error rows.
 * - {@link ConnectionStore}: the tenant's HRBrain connection (C1, C3).
 * - {@link SyncLocks}: one run per tenant and kind (J5).
 *
 * An adapter package may provide all four in one object ({@link SyncStorage}: Postgres,
 * memory); an application may combine parts from different packages. Every method is scoped
 * by `tenantId`: nothing done for one tenant may read or change another's. Adapters prove
 * themselves with `@mikiwame/hrbrain-storage-testkit`; the rules an adapter needs (e-mail
 * key, stale `from` check, plan shape, parents first, cursors …) are exported once from
 * `@mikiwame/hrbrain-sync-core/adapter`.
 */

/** J2: `queued` → `running` → `succeeded` | `completed_with_errors` | `failed`. */
export type SyncRunStatus = 'queued' | 'running' | 'succeeded' | 'completed_with_errors' | 'failed';

/** The statuses of a run that has ended. */
export type FinishedRunStatus = 'succeeded' | 'completed_with_errors' | 'failed';

/** Why a run failed (J2), safe to show an admin: never contains a secret. */
export interface SyncRunFailure {
  /**
   * e.g. `FIELD_NOT_FOUND`, `CHANGE_GUARD_TRIPPED`, `STALE_PLAN`, `ABANDONED` (its process
   * died; closed by the next run), `AuthenticationError`.
   */
  code: string;
  message: string;
}

/** What started a run (T1): the admin's button, a schedule slot or a webhook delivery. */
export type RunTriggerType = 'manual' | 'schedule' | 'webhook';

/**
 * What started a run (T1), recorded on it and shown in the run list. Never personal data
 * beyond what the app chooses to put in `by` (e.g. an admin's user id, not an e-mail).
 */
export interface RunTrigger {
  type: RunTriggerType;
  /** Who or what, when known: the admin for `manual`, the cron expression for `schedule`. */
  by?: string | null | undefined;
  /** `webhook`: the delivery id (e.g. `webhook-id`) of the (first) delivery the run answers. */
  deliveryId?: string | null | undefined;
}

/**
 * The record of one sync run (J1). Its three times come from the run log's clock (the
 * database server's for Postgres), never from the caller: `createdAt` when it is created,
 * `startedAt` when it starts running, `finishedAt` when its outcome is recorded.
 */
export interface SyncRun {
  id: string;
  tenantId: string;
  kind: SyncKind;
  status: SyncRunStatus;
  /** A dry run (J6) plans and records but applies nothing. */
  dryRun: boolean;
  /** What started it (T1); `{ type: 'manual' }` when the run was created without one. */
  trigger: RunTrigger;
  createdAt: Date;
  /** Set by the run log when the run starts (`createRun` with `running`, or `startRun`). */
  startedAt: Date | null;
  /** Set by the run log when the outcome is recorded (`finishRun`, or `applyPlan` with a run). */
  finishedAt: Date | null;
  summary: PlanSummary | null;
  /** Error rows of severity `error` (J3). */
  errorCount: number;
  /** Error rows of severity `warning` (J3). */
  warningCount: number;
  failure: SyncRunFailure | null;
}

/** Input of {@link RunLog.createRun}. */
export interface CreateRunInput {
  tenantId: string;
  kind: SyncKind;
  dryRun: boolean;
  /**
   * `queued` for a run a worker picks up later (`startRun` starts it), `running` for one that
   * starts now (its `startedAt` is then set at once).
   */
  status: 'queued' | 'running';
  /** What started it (T1); default `{ type: 'manual' }`. Adapters store it with `runTrigger`. */
  trigger?: RunTrigger | undefined;
}

/**
 * What is recorded when a run ends (J2, J3): the status, the plan's summary, the failure
 * and every error row. The run log sets `finishedAt` itself and counts the rows by severity.
 */
export interface RunOutcome {
  status: FinishedRunStatus;
  /** The plan's counts (J4); `null` when the run failed before it had a plan. */
  summary: PlanSummary | null;
  /** Set exactly when `status` is `failed`. */
  failure: SyncRunFailure | null;
  /** The error file (J3), stored in this order. */
  errors: readonly ErrorRow[];
}

/** The outcome of a run whose plan was applied: it cannot be `failed`. */
export interface AppliedRunOutcome extends RunOutcome {
  status: 'succeeded' | 'completed_with_errors';
  failure: null;
}

/** Input of {@link RunLog.finishRun}. */
export interface FinishRunInput {
  tenantId: string;
  runId: string;
  outcome: RunOutcome;
}

/** Options of {@link RunLog.listRuns}. */
export interface ListRunsOptions {
  /** Only runs of this kind. */
  kind?: SyncKind | undefined;
  /**
   * Page size: a whole number from 1 to {@link MAX_RUN_PAGE_SIZE} (1,000); default 20.
   * Anything else is refused with `INVALID_ARGUMENT` (every adapter: `runPageSize`).
   */
  limit?: number | undefined;
  /**
   * The `nextCursor` of the previous page, for this tenant and the same `kind`; `null` or
   * omitted for the first page. A cursor the adapter did not hand out for this tenant and
   * kind (garbled, another tenant's, another kind's) is refused with `InvalidCursorError`.
   */
  cursor?: string | null | undefined;
}

/** One page of runs. */
export interface RunPage {
  /** Newest first by creation order (runs created in one millisecond keep that order). */
  runs: SyncRun[];
  /** Pass it as `cursor` for the next page; `null` on the last page. */
  nextCursor: string | null;
}

/** The largest `limit` of `listRuns`. */
export const MAX_RUN_PAGE_SIZE = 1_000;
/** The `limit` of `listRuns` when none is given. */
export const DEFAULT_RUN_PAGE_SIZE = 20;

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

/** The run a plan belongs to, finished with the plan in one transaction. */
export interface ApplyPlanRun {
  /** The run's id; it must be open (`running` or `queued`) in the run log. */
  id: string;
  outcome: AppliedRunOutcome;
}

/** Input of {@link RecordsStore.applyPlan}. */
export interface ApplyPlanInput<P extends SyncPlan = SyncPlan> {
  tenantId: string;
  /** A plan from `planDepartmentSync` / `planEmployeeSync`; `plan.kind` says which records. */
  plan: P;
  /**
   * The run to finish with `outcome` in the same transaction (what `runSync` passes). Omit
   * it to apply a plan on its own (seeding, a plan you made and checked yourself).
   */
  run?: ApplyPlanRun | undefined;
}

/** What {@link RecordsStore.applyPlan} did. */
export interface ApplyResult {
  /** Records created (the plan's `creates`). */
  created: number;
  /** Records updated (the plan's `updates`). */
  updated: number;
  /** Records whose only write was their HRBrain id (the plan's `links`). */
  linked: number;
  /**
   * The finished run, when `input.run` was given and its outcome was committed together
   * with the data; `null` when no run was given, or when this store cannot write the run
   * log (then `runSync` records the outcome right after, not atomically: see RecordsStore).
   */
  run: SyncRun | null;
}

/**
 * The tenant's departments and employees: what a sync reads and writes.
 *
 * **Atomicity.** `applyPlan` writes the plan and, when given a run, that run's outcome
 * (status, summary, every error row, finished time) in ONE transaction, so after a crash at
 * any instant either nothing of the run is applied and the run is still open (the next
 * `runSync` closes it as `failed`/`ABANDONED`, and "nothing applied" is then true), or
 * everything is applied and the run is finished with its summary and all its error rows.
 * The shipped adapters do this (Postgres, memory; the SQLite example).
 *
 * **Combining with another package's run log.** An application that keeps its own records
 * store and uses, say, the Postgres run log gets that guarantee only if both live in one
 * database and its `applyPlan` records the outcome inside its own transaction: Postgres
 * exports `recordRunOutcome(tx, …)` for exactly that, then `applyPlan` returns the run. A
 * records store that cannot write the run log returns `run: null`; `runSync` then records the
 * outcome with `RunLog.finishRun` right after the commit. That is *not* atomic: a crash
 * between the two leaves the data applied and the run open, and the next run closes it as
 * `ABANDONED` although its data was applied.
 */
export interface RecordsStore {
  /**
   * Optional: the fields this store keeps, when it keeps only some (e.g. a mapping onto an
   * application's own tables that leaves fields out). `runSync` then drops the plan's changes
   * of the other fields (`restrictPlan`), so they are neither written nor reported as
   * updates. Absent: every field is kept.
   */
  readonly syncedFields?: SyncedFields | undefined;
  /** The tenant's departments (any order; parents as codes). */
  loadDepartments(tenantId: string): Promise<Department[]>;
  /** The tenant's employees (any order). */
  loadEmployees(tenantId: string): Promise<Employee[]>;
  /**
   * Apply a plan atomically, all or nothing: creates (departments: parents by code, parents
   * first), then exactly the fields named in each update's `changes`, then the `sourceId` of
   * each of `links`; with `input.run`, the run's outcome in the same transaction.
   *
   * Refuses the whole plan, writing nothing:
   * - `StalePlanError` when a row no longer holds an update's `from` values, an updated or
   *   linked row no longer exists, a created key (department code; e-mail key, see
   *   `emailKey`) exists now or twice in the plan, or a parent code is found nowhere;
   * - `StorageError` for a plan that is not shaped like one (`assertPlanShape`);
   * - `RunNotFoundError` / `RunAlreadyFinishedError` when `input.run` is not an open run of
   *   this tenant (e.g. it was closed as abandoned meanwhile).
   */
  applyPlan(input: ApplyPlanInput): Promise<ApplyResult>;
}

/**
 * The record of every run (J1–J3). Run ids are the log's own; an id the log did not hand
 * out for this tenant (another tenant's, garbled) is an unknown run: `getRun` gives `null`,
 * `listRunErrors` gives `[]`, and `startRun` / `finishRun` throw `RunNotFoundError`.
 */
export interface RunLog {
  /** Record a new run; the log sets `createdAt` (and `startedAt` for a `running` run). */
  createRun(input: CreateRunInput): Promise<SyncRun>;
  /**
   * Start a `queued` run: `running`, `startedAt` now. `RunNotFoundError` for an unknown
   * run, `RunNotQueuedError` for one that is not queued.
   */
  startRun(tenantId: string, runId: string): Promise<SyncRun>;
  /**
   * Record the outcome of an open (`queued` or `running`) run, all in one write: status,
   * summary, failure, every error row (counted by severity), `finishedAt` now. A run is
   * finished once: `RunAlreadyFinishedError` for a finished one, `RunNotFoundError` for an
   * unknown one.
   */
  finishRun(input: FinishRunInput): Promise<SyncRun>;
  /** The run, or `null` when this tenant has no run with that id. */
  getRun(tenantId: string, runId: string): Promise<SyncRun | null>;
  /** Newest first, paged by keyset cursor (see {@link ListRunsOptions}). */
  listRuns(tenantId: string, options?: ListRunsOptions): Promise<RunPage>;
  /** The runs of this tenant and kind that are `queued` or `running`, oldest first. */
  listOpenRuns(tenantId: string, kind: SyncKind): Promise<SyncRun[]>;
  /** The error rows of a run, in the order they were stored; `[]` for an unknown run. */
  listRunErrors(tenantId: string, runId: string): Promise<ErrorRow[]>;
}

/** The tenant's HRBrain connection (C1, C3). */
export interface ConnectionStore {
  /** C3: one connection per tenant; saving again replaces it. The secret is kept as given. */
  saveConnection(connection: HrbrainConnection): Promise<void>;
  /** The connection, or `null` when the tenant has none. */
  getConnection(tenantId: string): Promise<HrbrainConnection | null>;
  /** C3: removes the tenant's connection; true if there was one. */
  deleteConnection(tenantId: string): Promise<boolean>;
}

/** Held for the whole of a run; `release` is idempotent. */
export interface SyncLock {
  release(): Promise<void>;
}

/**
 * J5: one run per tenant and kind. A lock whose holder dies must free itself (Postgres: a
 * session advisory lock dies with its connection), so that the next run can take it and
 * close the dead run as abandoned.
 */
export interface SyncLocks {
  /**
   * Take the tenant+kind lock for the length of a run, across processes where the store
   * allows. Throws `SyncInProgressError` at once if it is held.
   */
  acquireSyncLock(tenantId: string, kind: SyncKind): Promise<SyncLock>;
}

/**
 * All four parts in one object, as `createPostgresStorage(...)` and `createMemoryStorage()`
 * return it. `runSync` needs the records store, the run log and the locks.
 */
export interface SyncStorage extends RecordsStore, RunLog, ConnectionStore, SyncLocks {}

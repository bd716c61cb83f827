import { runTrigger } from '../adapter/runs';
import {
  ChangeGuardError,
  HrbrainSyncConfigError,
  HrbrainSyncError,
  RunAlreadyFinishedError,
  RunNotFoundError,
  RunNotQueuedError,
  StorageError,
  SyncAbortedError,
  SyncInProgressError,
} from '../errors';
import type { DepartmentPlan, EmployeePlan, PlanSummary } from '../model/plan';
import type { Employee, SyncKind } from '../model/records';
import { planDepartmentSync } from '../plan/departments';
import { planEmployeeSync, planEmployeeSyncFromTable } from '../plan/employees';
import { restrictPlan } from '../plan/restrict';
import { resolveRunStorage } from '../storage/assert';
import type {
  RecordsStore,
  RunLog,
  RunOutcome,
  RunTrigger,
  SyncLock,
  SyncLocks,
  SyncRun,
  SyncRunFailure,
  SyncRunStatus,
} from '../storage/contract';
import { closeAbandonedRuns } from './abandoned';
import {
  readForDepartments,
  readForEmployees,
  type SnapshotProgress,
  type SnapshotSource,
  type SourceData,
} from './read-source';
import { redact } from './redact';
import { type RunTelemetry, type SyncTelemetryOptions, startRunTelemetry } from './telemetry';

export type { SnapshotProgress, SnapshotSource } from './read-source';

/** J7: refuse plans that would change too much of what the tenant already has. */
export interface ChangeGuard {
  /**
   * Largest allowed (creates + updates) / existing records, e.g. `0.2` for 20 %. Links (only
   * a `sourceId` recorded) do not count. Ignored while the tenant has no records yet.
   */
  maxChangeRatio: number;
}

/** Progress of a run, in order. */
export type SyncProgressEvent =
  | {
      phase: 'fetching';
      runId: string;
      kind: SyncKind;
      /** Members read so far, once the source reports progress. */
      fetched?: number;
      /** Members in all, when the source knows. */
      total?: number;
    }
  | {
      phase: 'fetched';
      runId: string;
      kind: SyncKind;
      members: number;
      fields: number;
      organizations: number;
    }
  | { phase: 'planning'; runId: string; kind: SyncKind }
  | {
      phase: 'applying';
      runId: string;
      kind: SyncKind;
      creates: number;
      updates: number;
      links: number;
    }
  | {
      phase: 'done';
      runId: string;
      kind: SyncKind;
      status: SyncRunStatus;
      summary: PlanSummary | null;
    };

/** The plan type of each sync kind. */
export type PlanOf<K extends SyncKind> = K extends 'departments' ? DepartmentPlan : EmployeePlan;

/**
 * The storage parts a run uses. Give `storage` (everything at once, e.g.
 * `createPostgresStorage(...)`), or the parts, or `storage` plus the parts that replace its
 * own (e.g. `{ storage: postgres, records: myRecordsStore }`).
 */
export interface RunSyncStorage {
  /** All parts at once; any part given separately replaces this one's. */
  storage?: (RecordsStore & RunLog & SyncLocks) | undefined;
  /** The tenant's departments and employees; applies the plan with the run's outcome. */
  records?: RecordsStore | undefined;
  /** Where the run and its error rows are recorded. */
  runs?: RunLog | undefined;
  /** The tenant+kind lock (J5). */
  locks?: SyncLocks | undefined;
}

/** Options of {@link runSync}. */
export interface RunSyncOptions<K extends SyncKind = SyncKind> extends RunSyncStorage {
  /** The Mikiwame tenant; every storage call is scoped to it. */
  tenantId: string;
  /** `departments` (HRBrain部署情報取込) or `employees` (HRBrain社員情報取込); departments first (E11). */
  kind: K;
  /** Where the snapshot comes from: the HRBrain client, or anything with `snapshot()`. */
  source: SnapshotSource;
  /** J6: plan and record the run, apply nothing. A continued queued run uses its own flag. */
  dryRun?: boolean;
  /** Continue this `queued` run (created earlier with `createRun`) instead of creating one. */
  runId?: string;
  /** Called at each phase; an exception thrown by the callback is ignored. */
  onProgress?: (event: SyncProgressEvent) => void;
  /** Aborting before the apply step ends the run `failed` (`ABORTED`) with nothing applied. */
  signal?: AbortSignal;
  /** J7: optional guard against plans that would rewrite a whole company. */
  changeGuard?: ChangeGuard;
  /**
   * T1: what started the run, recorded on it; default `{ type: 'manual' }`. A continued
   * queued run keeps the trigger it was created with.
   */
  trigger?: RunTrigger;
  /**
   * T6: OpenTelemetry. Default: the global providers of `@opentelemetry/api` when it is
   * installed (an optional peer dependency; without it nothing is loaded or recorded);
   * `false`: none for this run.
   */
  telemetry?: SyncTelemetryOptions | false;
  /**
   * List every unchanged record in `result.plan.unchanged` (e.g. for a dry-run preview).
   * Default `false`: they are counted in `summary.unchanged` only, so that a large tenant's
   * no-change sync holds no list of it.
   */
  listUnchanged?: boolean;
}

/**
 * The finished run record (so `result.status`, `result.summary` work directly), also as
 * `result.run`, plus the plan it carried out (`null` when the run failed before planning).
 */
export type SyncResult<K extends SyncKind = SyncKind> = SyncRun & {
  run: SyncRun;
  plan: PlanOf<K> | null;
};

/**
 * Runs one sync (J1/J2): take the tenant+kind lock → close earlier runs of this tenant and
 * kind left `running` by a process that died (`failed`, `ABANDONED`) → record the run as
 * `running` → fetch the snapshot → load the tenant's records → plan → change guard (J7) →
 * apply the plan and record the outcome in one transaction (`RecordsStore.applyPlan`; a dry
 * run, a failed run or an empty plan only records it) → release the lock (always).
 *
 * Outcome: `succeeded` (no error rows), `completed_with_errors` (applied, rows reported) or
 * `failed` (nothing applied; `failure.code` is e.g. `FIELD_NOT_FOUND`, `CHANGE_GUARD_TRIPPED`,
 * `STORAGE_ERROR`, `STALE_PLAN`, `ABORTED` or the client's error name, and `failure.message`
 * is safe to show). A run that fails is *returned* with status `failed`, not thrown.
 *
 * Throws only when no run could be recorded: an incomplete storage (`StorageError`, checked
 * first), another run of the same tenant and kind holding the lock (`SyncInProgressError`
 * with `runningRunId`; no run is recorded, except that a continued queued run is finished
 * `failed` with `SYNC_IN_PROGRESS`), an unusable `runId` (`RunNotFoundError`,
 * `RunNotQueuedError`), or the storage failing to record the run.
 *
 * @example
 * <!-- docs:prelude import type { HrbrainClient } from '@mikiwame/hrbrain-client';
 *   import type { SyncStorage } from '@mikiwame/hrbrain-sync-core';
 *   declare const client: HrbrainClient; declare const storage: SyncStorage;
 *   declare const tenantId: string; -->
 * ```ts
 * import { runSync } from '@mikiwame/hrbrain-sync-core';
 *
 * const departments = await runSync({ tenantId, kind: 'departments', source: client, storage });
 * const employees = await runSync({ tenantId, kind: 'employees', source: client, storage,
 *   changeGuard: { maxChangeRatio: 0.2 } });
 * console.log(employees.status, employees.summary);
 * ```
 */
export async function runSync<K extends SyncKind>(
  options: RunSyncOptions<K>,
): Promise<SyncResult<K>> {
  return runSyncReading(options, undefined);
}

/** How a run reads its source (see `read-source.ts`); a full sync shares one read. */
export type SourceReader = (
  kind: SyncKind,
  options: { signal?: AbortSignal | undefined; onProgress: (progress: SnapshotProgress) => void },
) => Promise<SourceData>;

/**
 * @internal What a full sync prepared for its employees run while the departments run read
 * HRBrain: the employees lock (J5, taken then) and the stored employees, loading meanwhile.
 */
export interface PreparedRun {
  lock: SyncLock;
  employees: Promise<Employee[]>;
}

/** @internal How a full sync joins in: its prepared employees run, or a hook once locked. */
export interface RunHooks {
  /** The lock is this one (already held); the stored employees come from `employees`. */
  prepared?: PreparedRun | undefined;
  /** Called once the run holds its lock (must not throw). */
  onLocked?: ((parts: { records: RecordsStore; locks: SyncLocks }) => Promise<void>) | undefined;
}

/** @internal {@link runSync} with the read replaced (one read for both runs of a full sync). */
export async function runSyncReading<K extends SyncKind>(
  options: RunSyncOptions<K>,
  read: SourceReader | undefined,
  hooks: RunHooks = {},
): Promise<SyncResult<K>> {
  const state = { ...hooks, lockTaken: false };
  const { prepared } = hooks;
  if (prepared === undefined) return runSyncChecked(options, read, state);
  try {
    return await runSyncChecked(options, read, state);
  } catch (error) {
    // Refused before it took over the prepared lock (a bad queued run id): free it here.
    if (!state.lockTaken) await prepared.lock.release().catch(() => {});
    throw error;
  }
}

async function runSyncChecked<K extends SyncKind>(
  options: RunSyncOptions<K>,
  read: SourceReader | undefined,
  hooks: RunHooks & { lockTaken: boolean },
): Promise<SyncResult<K>> {
  if (typeof options !== 'object' || options === null) {
    throw new HrbrainSyncConfigError(
      'runSync takes one options object ({ tenantId, kind, source, storage }).',
      { option: 'options' },
    );
  }
  const { tenantId, kind, source, changeGuard } = options;
  const parts = resolveRunStorage(options);
  if (typeof tenantId !== 'string' || tenantId === '') {
    throw new HrbrainSyncConfigError('runSync needs a non-empty tenantId.', { option: 'tenantId' });
  }
  if (kind !== 'departments' && kind !== 'employees') {
    throw new HrbrainSyncConfigError('runSync kind must be "departments" or "employees".', {
      option: 'kind',
    });
  }
  if (typeof source?.snapshot !== 'function') {
    throw new HrbrainSyncConfigError(
      'runSync needs a source with snapshot(), such as the HRBrain client.',
      {
        option: 'source',
      },
    );
  }
  if (changeGuard !== undefined && !(changeGuard.maxChangeRatio >= 0)) {
    throw new HrbrainSyncConfigError('changeGuard.maxChangeRatio must be a number ≥ 0.', {
      option: 'changeGuard.maxChangeRatio',
    });
  }
  const { runs, locks } = parts;

  let dryRun = options.dryRun ?? false;
  // T1: checked (and normalised) before anything is recorded.
  let trigger = runTrigger(options.trigger);
  const queuedId = options.runId;
  if (queuedId !== undefined) {
    const queued = await call('getRun', () => runs.getRun(tenantId, queuedId));
    if (queued === null) throw new RunNotFoundError(undefined, { tenantId, runId: queuedId });
    if (queued.status !== 'queued' || queued.kind !== kind) {
      throw new RunNotQueuedError(undefined, {
        runId: queued.id,
        status: `a ${queued.status} ${queued.kind} run`,
      });
    }
    dryRun = queued.dryRun;
    trigger = queued.trigger ?? trigger;
  }

  // J5 (DECISIONS #3): the lock comes first; a refused run is not recorded.
  let lock: SyncLock;
  try {
    lock = hooks.prepared?.lock ?? (await locks.acquireSyncLock(tenantId, kind));
    hooks.lockTaken = true;
  } catch (error) {
    if (!SyncInProgressError.isInstance(error)) {
      throw wrap('acquireSyncLock', error);
    }
    const open = await runs.listOpenRuns(tenantId, kind).catch(() => [] as SyncRun[]);
    const holder = open.find((run) => run.status === 'running' && run.id !== queuedId);
    const refused = new SyncInProgressError(undefined, {
      tenantId,
      kind,
      runningRunId: holder?.id,
    });
    if (queuedId !== undefined) {
      await call('finishRun', () =>
        runs.finishRun({
          tenantId,
          runId: queuedId,
          outcome: {
            status: 'failed',
            summary: null,
            failure: { code: 'SYNC_IN_PROGRESS', message: refused.message },
            errors: [],
          },
        }),
      );
    }
    throw refused;
  }

  let result: SyncResult<K> | undefined;
  let thrown: { error: unknown } | undefined;
  // T6: a span per run (under the lock: a refused run is no run), no-op without OpenTelemetry.
  const telemetry = await startRunTelemetry(options.telemetry, {
    tenantId,
    kind,
    trigger: trigger.type,
    dryRun,
  });
  try {
    await hooks.onLocked?.(parts);
    await call('listOpenRuns', () =>
      closeAbandonedRuns(runs, tenantId, kind, { except: queuedId }),
    );
    result = await runLocked(
      { ...options, ...parts, trigger, read, employees: hooks.prepared?.employees },
      kind,
      dryRun,
      telemetry,
    );
    telemetry.end({
      status: result.status,
      summary: result.summary,
      errors: result.plan?.errors ?? [],
      failureCode: result.failure?.code ?? null,
    });
  } catch (error) {
    thrown = { error };
    telemetry.end({
      status: 'failed',
      summary: null,
      errors: [],
      failureCode: toFailure(error).code,
    });
  }
  try {
    await lock.release();
  } catch (error) {
    // A release failure is reported only when nothing else is already being thrown.
    thrown ??= { error: wrap('SyncLock.release', error) };
  }
  if (thrown !== undefined) throw thrown.error;
  return result!;
}

type Parts = {
  records: RecordsStore;
  runs: RunLog;
  locks: SyncLocks;
  read: SourceReader | undefined;
  /** The stored employees, already loading (a full sync's employees run). */
  employees: Promise<Employee[]> | undefined;
};

/** The part of a run that happens under the lock: record it, execute it, record the outcome. */
async function runLocked<K extends SyncKind>(
  options: RunSyncOptions<K> & Parts & { trigger: RunTrigger },
  kind: K,
  dryRun: boolean,
  telemetry: RunTelemetry,
): Promise<SyncResult<K>> {
  const { tenantId, runs, onProgress, trigger } = options;
  const queuedId = options.runId;
  const run =
    queuedId !== undefined
      ? await call('startRun', () => runs.startRun(tenantId, queuedId))
      : await call('createRun', () =>
          runs.createRun({ tenantId, kind, dryRun, status: 'running', trigger }),
        );
  telemetry.setRunId(run.id);

  const emit = (event: SyncProgressEvent) => {
    try {
      onProgress?.(event);
    } catch {
      // A progress callback must not break the run.
    }
  };
  const runId = run.id;
  const { finished, plan } = await execute({ ...options, kind, dryRun, runId, emit, telemetry });
  emit({ phase: 'done', runId, kind, status: finished.status, summary: finished.summary });
  return { ...finished, run: finished, plan };
}

async function execute<K extends SyncKind>(
  options: RunSyncOptions<K> &
    Parts & {
      dryRun: boolean;
      runId: string;
      emit: (event: SyncProgressEvent) => void;
      telemetry: RunTelemetry;
    },
): Promise<{ finished: SyncRun; plan: PlanOf<K> | null }> {
  const { tenantId, kind, source, records, runs, signal, emit, runId, changeGuard, dryRun } =
    options;
  const { telemetry } = options;
  const listUnchanged = options.listUnchanged ?? false;
  let plan: PlanOf<K> | null = null;
  const finish = (outcome: RunOutcome) =>
    call('finishRun', () => runs.finishRun({ tenantId, runId, outcome }));
  try {
    throwIfAborted(signal);
    emit({ phase: 'fetching', runId, kind });
    // DECISIONS #4: the source's member progress, passed on as `fetching` events.
    const onProgress = (progress: SnapshotProgress) => {
      const fetched =
        progress?.fetched ?? (progress?.phase === 'members' ? progress.completed : undefined);
      if (typeof fetched !== 'number') return;
      const total = progress.total;
      emit({
        phase: 'fetching',
        runId,
        kind,
        fetched,
        ...(typeof total === 'number' ? { total } : {}),
      });
    };
    // Issue 12: the stored employees load (mostly the database's work) while HRBrain is
    // read, under this run's lock; a read that fails is reported first, as before.
    const employeesLoad =
      kind === 'employees'
        ? (options.employees ?? Promise.resolve().then(() => records.loadEmployees(tenantId)))
        : undefined;
    employeesLoad?.catch(() => {}); // awaited (and reported) after the read
    // Issue 12: a departments run reads no members, an employees run only the mapped fields.
    const reader: SourceReader =
      options.read ??
      ((k, o) =>
        k === 'departments' ? readForDepartments(source, o) : readForEmployees(source, o));
    const data = await telemetry.phase(
      'fetch',
      () => untilAborted(reader(kind, { signal, onProgress }), signal),
      (read) => ({
        'hrbrain.sync.members': read.members,
        'hrbrain.sync.fields': Array.isArray(read.snapshot?.fields)
          ? read.snapshot.fields.length
          : 0,
        'hrbrain.sync.organizations':
          read.snapshot?.organizations && typeof read.snapshot.organizations === 'object'
            ? Object.keys(read.snapshot.organizations).length
            : 0,
      }),
    );
    const { snapshot, table } = data;
    emit({
      phase: 'fetched',
      runId,
      kind,
      members: data.members,
      fields: Array.isArray(snapshot?.fields) ? snapshot.fields.length : 0,
      organizations:
        snapshot?.organizations && typeof snapshot.organizations === 'object'
          ? Object.keys(snapshot.organizations).length
          : 0,
    });
    throwIfAborted(signal);

    const made = await telemetry.phase(
      'plan',
      async (): Promise<{ plan: PlanOf<K>; existing: number }> => {
        const departments = await call('loadDepartments', () => records.loadDepartments(tenantId));
        emit({ phase: 'planning', runId, kind });
        let planned: PlanOf<K>;
        let existing: number;
        if (kind === 'departments') {
          planned = planDepartmentSync({
            snapshot,
            existing: departments,
            listUnchanged,
          }) as PlanOf<K>;
          existing = departments.length;
        } else {
          const employees = await call('loadEmployees', () => employeesLoad!);
          // E2: 主部署 resolves against the tenant's departments after the department sync.
          const input = { snapshot, existing: employees, departments, listUnchanged };
          planned = (
            table === null ? planEmployeeSync(input) : planEmployeeSyncFromTable(input, table)
          ) as PlanOf<K>;
          existing = employees.length;
        }
        // A store that keeps only some fields (a mapping that leaves fields out): the others
        // are not synced, so they are neither written nor counted as updates.
        let restricted = restrictPlan(planned, records.syncedFields?.[kind]);
        // Counted, not listed (unless asked): a restricted plan may have moved some there.
        if (!listUnchanged && restricted.unchanged.length > 0) {
          restricted = { ...restricted, unchanged: [] };
        }
        return { plan: restricted, existing };
      },
      ({ plan: made }) => ({
        'hrbrain.sync.creates': made.creates.length,
        'hrbrain.sync.updates': made.updates.length,
        'hrbrain.sync.links': made.links?.length ?? 0,
        'hrbrain.sync.error_rows': made.errors.length,
      }),
    );
    plan = made.plan;
    const { existing } = made;

    if (changeGuard !== undefined && existing > 0) {
      // J7. Updates that only record a sourceId (and links) do not count.
      const created = plan.creates.length;
      let updated = 0;
      for (const update of plan.updates) {
        if (update.changes.some((change) => change.field !== 'sourceId')) updated++;
      }
      if ((created + updated) / existing > changeGuard.maxChangeRatio) {
        throw new ChangeGuardError(undefined, {
          counts: { existing, created, updated, maxChangeRatio: changeGuard.maxChangeRatio },
        });
      }
    }

    throwIfAborted(signal);
    const outcome = {
      status: plan.errors.length > 0 ? 'completed_with_errors' : 'succeeded',
      summary: plan.summary,
      failure: null,
      errors: plan.errors,
    } as const;
    const links = plan.links ?? [];
    if (dryRun || (plan.creates.length === 0 && plan.updates.length === 0 && links.length === 0)) {
      return { finished: await finish(outcome), plan };
    }
    emit({
      phase: 'applying',
      runId,
      kind,
      creates: plan.creates.length,
      updates: plan.updates.length,
      links: links.length,
    });
    const applied = plan;
    const result = await telemetry.phase(
      'apply',
      () =>
        call('applyPlan', () =>
          records.applyPlan({ tenantId, plan: applied, run: { id: runId, outcome } }),
        ),
      (done) => ({
        'hrbrain.sync.creates': done.created,
        'hrbrain.sync.updates': done.updated,
        'hrbrain.sync.links': done.linked,
      }),
    );
    // A records store that cannot write the run log: record the outcome now (not atomic).
    return { finished: result.run ?? (await finish(outcome)), plan };
  } catch (error) {
    if (RunAlreadyFinishedError.isInstance(error)) {
      // The run was closed meanwhile (as abandoned) and its apply refused whole.
      throw error;
    }
    const failure = signal?.aborted ? toFailure(new SyncAbortedError()) : toFailure(error);
    return {
      finished: await finish({
        status: 'failed',
        summary: plan?.summary ?? null,
        failure,
        errors: plan?.errors ?? [],
      }),
      plan,
    };
  }
}

/**
 * Settles with `promise`, or rejects as soon as `signal` aborts (a source may ignore it).
 * The client has the same race (`raceAbort`); the core keeps its own copy because it has no
 * runtime dependency on the client (issue 10).
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new SyncAbortedError());
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SyncAbortedError();
}

/** Calls a storage method; adapter failures become `StorageError` (lock/stale errors pass). */
async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw wrap(method, error);
  }
}

function wrap(method: string, error: unknown): Error {
  // Cross-copy safe (isInstance), so an adapter built against another copy passes too.
  if (HrbrainSyncError.isInstance(error)) {
    return error;
  }
  const detail =
    error instanceof Error ? `${error.name}: ${redact(error.message)}` : 'a non-Error value';
  return new StorageError(`The storage adapter failed in ${method} (${detail}).`, { cause: error });
}

/** J2: a failure an admin may see. Error messages from the client are already redacted. */
export function toFailure(error: unknown): SyncRunFailure {
  if (HrbrainSyncError.isInstance(error))
    return { code: error.code, message: redact(error.message) };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      code: typeof code === 'string' && code !== '' ? code : error.name || 'Error',
      message: redact(error.message) || error.name,
    };
  }
  return { code: 'UNKNOWN_ERROR', message: 'The sync failed with an unexpected non-Error value.' };
}

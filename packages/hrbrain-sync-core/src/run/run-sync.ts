import { type HrbrainSnapshot, raceAbort } from '@mikiwame/hrbrain-client';
import {
  ChangeGuardError,
  HrbrainSyncConfigError,
  HrbrainSyncError,
  RunNotFoundError,
  RunNotQueuedError,
  StalePlanError,
  StorageError,
  SyncAbortedError,
  SyncInProgressError,
} from '../errors';
import type { DepartmentPlan, EmployeePlan, PlanSummary } from '../model/plan';
import type { SyncKind } from '../model/records';
import { planDepartmentSync } from '../plan/departments';
import { planEmployeeSync } from '../plan/employees';
import { assertSyncStorage } from '../storage/assert';
import type {
  SyncLock,
  SyncRun,
  SyncRunFailure,
  SyncRunStatus,
  SyncStorage,
} from '../storage/contract';
import { redact } from './redact';

/** Anything shaped like the HRBrain client: `createHrbrainClient(...)` fits. */
export interface SnapshotSource {
  snapshot(options?: { signal?: AbortSignal }): Promise<HrbrainSnapshot>;
}

/** J7: refuse plans that would change too much of what the tenant already has. */
export interface ChangeGuard {
  /**
   * Largest allowed (creates + updates) / existing records, e.g. `0.2` for 20 %. Updates that
   * only record a `sourceId` do not count. Ignored while the tenant has no records yet.
   */
  maxChangeRatio: number;
}

/** Progress of a run, in order. */
export type SyncProgressEvent =
  | { phase: 'fetching'; runId: string; kind: SyncKind }
  | {
      phase: 'fetched';
      runId: string;
      kind: SyncKind;
      members: number;
      fields: number;
      organizations: number;
    }
  | { phase: 'planning'; runId: string; kind: SyncKind }
  | { phase: 'applying'; runId: string; kind: SyncKind; creates: number; updates: number }
  | {
      phase: 'done';
      runId: string;
      kind: SyncKind;
      status: SyncRunStatus;
      summary: PlanSummary | null;
    };

/** The plan type of each sync kind. */
export type PlanOf<K extends SyncKind> = K extends 'departments' ? DepartmentPlan : EmployeePlan;

/** Options of {@link runSync}. */
export interface RunSyncOptions<K extends SyncKind = SyncKind> {
  /** The Mikiwame tenant; every storage call is scoped to it. */
  tenantId: string;
  /** `departments` (HRBrain部署情報取込) or `employees` (HRBrain社員情報取込); departments first (E11). */
  kind: K;
  /** Where the snapshot comes from: the HRBrain client, or anything with `snapshot()`. */
  source: SnapshotSource;
  /** Where the tenant's records and runs live; checked with `assertSyncStorage` first. */
  storage: SyncStorage;
  /** J6: plan and record the run, apply nothing. A continued queued run uses its own flag. */
  dryRun?: boolean;
  /** Continue this `queued` run (created earlier with `storage.createRun`) instead of creating one. */
  runId?: string;
  /** Called at each phase; an exception thrown by the callback is ignored. */
  onProgress?: (event: SyncProgressEvent) => void;
  /** Aborting before the apply step ends the run `failed` (`ABORTED`) with nothing applied. */
  signal?: AbortSignal;
  /** J7: optional guard against plans that would rewrite a whole company. */
  changeGuard?: ChangeGuard;
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
 * Runs one sync (J1/J2): take the tenant+kind lock → record the run as `running` → fetch the
 * snapshot → load the tenant's records → plan → change guard (J7) → apply (unless dry run)
 * → record the outcome → release the lock (always).
 *
 * Outcome: `succeeded` (no error rows), `completed_with_errors` (applied, rows reported) or
 * `failed` (nothing applied; `failure.code` is e.g. `FIELD_NOT_FOUND`, `CHANGE_GUARD_TRIPPED`,
 * `STORAGE_ERROR`, `STALE_PLAN`, `ABORTED` or the client's error name, and `failure.message`
 * is safe to show). A run that fails is *returned* with status `failed`, not thrown.
 *
 * Throws only when no run could be recorded: an incomplete storage (`StorageError`, checked
 * first), another run of the same tenant and kind in progress (`SyncInProgressError`: no
 * run is recorded, except that a continued queued run is marked `failed` with
 * `SYNC_IN_PROGRESS`), an unusable `runId`, or the storage failing to record the run.
 *
 * @example
 * ```ts
 * const departments = await runSync({ tenantId, kind: 'departments', source: client, storage });
 * const employees = await runSync({ tenantId, kind: 'employees', source: client, storage,
 *   changeGuard: { maxChangeRatio: 0.2 } });
 * console.log(employees.status, employees.summary);
 * ```
 */
export async function runSync<K extends SyncKind>(
  options: RunSyncOptions<K>,
): Promise<SyncResult<K>> {
  const { tenantId, kind, source, storage, changeGuard } = options;
  assertSyncStorage(storage);
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

  let dryRun = options.dryRun ?? false;
  if (options.runId !== undefined) {
    const queued = await call('getRun', () => storage.getRun(tenantId, options.runId!));
    if (queued === null) {
      throw new RunNotFoundError(`No run "${options.runId}" for this tenant.`);
    }
    if (queued.status !== 'queued' || queued.kind !== kind) {
      throw new RunNotQueuedError(
        `Run "${queued.id}" is a ${queued.status} ${queued.kind} run; only a queued ${kind} run can be continued.`,
      );
    }
    dryRun = queued.dryRun;
  }

  let lock: SyncLock;
  try {
    lock = await storage.acquireSyncLock(tenantId, kind);
  } catch (error) {
    if (SyncInProgressError.isInstance(error)) {
      if (options.runId !== undefined) {
        const now = new Date();
        await call('updateRun', () =>
          storage.updateRun(tenantId, options.runId!, {
            status: 'failed',
            startedAt: now,
            finishedAt: now,
            failure: { code: 'SYNC_IN_PROGRESS', message: error.message },
          }),
        );
      }
      throw error;
    }
    throw wrap('acquireSyncLock', error);
  }

  let result: SyncResult<K> | undefined;
  let thrown: { error: unknown } | undefined;
  try {
    result = await runLocked(options, kind, dryRun);
  } catch (error) {
    thrown = { error };
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

/** The part of a run that happens under the lock: record it, execute it, record the outcome. */
async function runLocked<K extends SyncKind>(
  options: RunSyncOptions<K>,
  kind: K,
  dryRun: boolean,
): Promise<SyncResult<K>> {
  const { tenantId, storage, onProgress } = options;
  let run: SyncRun;
  if (options.runId !== undefined) {
    const runId = options.runId;
    run = await call('updateRun', () =>
      storage.updateRun(tenantId, runId, { status: 'running', startedAt: new Date() }),
    );
  } else {
    run = await call('createRun', () =>
      storage.createRun({ tenantId, kind, dryRun, status: 'running' }),
    );
    if (run.startedAt === null) {
      const created = run;
      run = await call('updateRun', () =>
        storage.updateRun(tenantId, created.id, { startedAt: new Date() }),
      );
    }
  }

  const emit = (event: SyncProgressEvent) => {
    try {
      onProgress?.(event);
    } catch {
      // A progress callback must not break the run.
    }
  };
  const runId = run.id;
  const outcome = await execute({ ...options, kind, dryRun, runId, emit });
  const finished = await call('updateRun', () =>
    storage.updateRun(tenantId, runId, {
      status: outcome.status,
      finishedAt: new Date(),
      summary: outcome.plan?.summary ?? null,
      failure: outcome.failure,
      errors: outcome.plan?.errors ?? [],
    }),
  );
  emit({ phase: 'done', runId, kind, status: finished.status, summary: finished.summary });
  return { ...finished, run: finished, plan: outcome.plan };
}

interface Outcome<K extends SyncKind> {
  status: SyncRunStatus;
  plan: PlanOf<K> | null;
  failure: SyncRunFailure | null;
}

async function execute<K extends SyncKind>(
  options: RunSyncOptions<K> & {
    dryRun: boolean;
    runId: string;
    emit: (event: SyncProgressEvent) => void;
  },
): Promise<Outcome<K>> {
  const { tenantId, kind, source, storage, signal, emit, runId, changeGuard, dryRun } = options;
  let plan: PlanOf<K> | null = null;
  try {
    throwIfAborted(signal);
    emit({ phase: 'fetching', runId, kind });
    // A source may ignore the signal: stop waiting for it as soon as the signal fires.
    const snapshot = await raceAbort(
      source.snapshot(signal ? { signal } : undefined),
      signal,
      () => new SyncAbortedError(),
    );
    emit({
      phase: 'fetched',
      runId,
      kind,
      members: Array.isArray(snapshot?.members) ? snapshot.members.length : 0,
      fields: Array.isArray(snapshot?.fields) ? snapshot.fields.length : 0,
      organizations:
        snapshot?.organizations && typeof snapshot.organizations === 'object'
          ? Object.keys(snapshot.organizations).length
          : 0,
    });
    throwIfAborted(signal);

    const departments = await call('loadDepartments', () => storage.loadDepartments(tenantId));
    emit({ phase: 'planning', runId, kind });
    let existing: number;
    if (kind === 'departments') {
      plan = planDepartmentSync({ snapshot, existing: departments }) as PlanOf<K>;
      existing = departments.length;
    } else {
      const employees = await call('loadEmployees', () => storage.loadEmployees(tenantId));
      // E2: 主部署 resolves against the tenant's departments after the department sync.
      plan = planEmployeeSync({ snapshot, existing: employees, departments }) as PlanOf<K>;
      existing = employees.length;
    }

    if (changeGuard !== undefined && existing > 0) {
      // J7. Updates that only record a sourceId (first sync of hand-made records) do not count.
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
    if (!dryRun && (plan.creates.length > 0 || plan.updates.length > 0 || plan.links.length > 0)) {
      emit({
        phase: 'applying',
        runId,
        kind,
        creates: plan.creates.length,
        updates: plan.updates.length,
      });
      const applied = plan;
      if (applied.kind === 'departments') {
        await call('applyDepartmentPlan', () => storage.applyDepartmentPlan(tenantId, applied));
      } else {
        await call('applyEmployeePlan', () => storage.applyEmployeePlan(tenantId, applied));
      }
    }
    return {
      status: plan.errors.length > 0 ? 'completed_with_errors' : 'succeeded',
      plan,
      failure: null,
    };
  } catch (error) {
    return {
      status: 'failed',
      plan,
      failure: signal?.aborted ? toFailure(new SyncAbortedError()) : toFailure(error),
    };
  }
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
  if (
    SyncInProgressError.isInstance(error) ||
    StalePlanError.isInstance(error) ||
    StorageError.isInstance(error)
  ) {
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

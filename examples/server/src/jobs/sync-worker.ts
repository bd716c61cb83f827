import {
  recoverAbandonedRuns,
  runSync,
  SyncInProgressError,
  type SyncKind,
  type SyncProgressEvent,
  type SyncResult,
  type SyncStorage,
} from '@mikiwame/hrbrain-sync-core';
import type { PgBoss } from 'pg-boss';
import { SecretUnreadableError } from '../crypto/secret-box.ts';
import type { ConnectionService } from '../hrbrain/connection-service.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../log/logger.ts';
import { runServerFullSync } from './full-sync.ts';
import { guardCountsOf, previewOf, type RunDetailsStore, type RunProgress } from './run-details.ts';
import {
  type FullSyncJobData,
  SYNC_DEAD_LETTER_QUEUE,
  SYNC_QUEUE,
  type SyncJobData,
  type SyncQueueJobData,
} from './sync-queue.ts';

export interface SyncWorkerOptions {
  boss: PgBoss;
  storage: SyncStorage;
  connections: ConnectionService;
  logger: Logger;
  /** Jobs this process runs at once (across tenants; one tenant+kind never runs twice, J5). */
  concurrency: number;
  /** Progress, previews and guard counts for the admin page; optional for tests that drive a job. */
  details?: RunDetailsStore;
  /** J7: largest share of existing records one run may create or update; null: no guard. */
  maxChangeRatio?: number | null;
}

/**
 * One job = one `runSync` of one tenant and kind, on the run the API recorded as `queued`.
 * Exported for tests that drive a job without a queue.
 */
export async function runSyncJob(
  options: Omit<SyncWorkerOptions, 'boss' | 'concurrency'>,
  data: SyncJobData,
  signal?: AbortSignal,
): Promise<void> {
  const { storage } = options;
  const log = options.logger.child({ tenantId: data.tenantId, kind: data.kind, runId: data.runId });

  const source = await openSource(options, data.tenantId, [data.runId], log);
  if (source === null) return;

  log.info('sync started');
  const progress = progressReporter(options.details, data.tenantId, data.runId, log);
  // The client reports each members page (取得中 300/1000) through its own onProgress.
  const client = source;
  const reportingSource = {
    snapshot: (params?: { signal?: AbortSignal }) =>
      client.snapshot({
        ...params,
        onProgress: (p) => {
          if (p.phase === 'members')
            progress.set({ phase: 'fetching', fetched: p.completed, total: p.total });
        },
      }),
  };
  const maxChangeRatio = data.ignoreChangeGuard ? null : (options.maxChangeRatio ?? null);
  let run: Awaited<ReturnType<typeof runSync>>;
  try {
    run = await runSync({
      tenantId: data.tenantId,
      kind: data.kind,
      source: reportingSource,
      storage,
      runId: data.runId,
      dryRun: data.dryRun,
      ...(maxChangeRatio === null ? {} : { changeGuard: { maxChangeRatio } }),
      onProgress: (event) => {
        if (event.phase === 'fetching')
          progress.set({ phase: 'fetching', fetched: null, total: null });
        else if (event.phase === 'planning') progress.set({ phase: 'planning' });
        else if (event.phase === 'applying')
          progress.set({ phase: 'applying', creates: event.creates, updates: event.updates });
      },
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    await progress.clear();
    // J5 at the storage: a run of this tenant and kind started elsewhere (another app, a CLI)
    // holds the lock. runSync has already finished this queued run as failed (SYNC_IN_PROGRESS).
    if (SyncInProgressError.isInstance(error)) {
      log.warn('sync refused: another run holds the lock');
      return;
    }
    throw error;
  }
  await progress.clear();
  await recordDetails(options, data.kind, run, maxChangeRatio, log);
  log.info('sync finished', {
    status: run.status,
    summary: run.summary,
    ...(run.failure ? { failure: run.failure } : {}),
  });
}

/**
 * The admin's "sync all" (E11): both queued runs, departments then employees, from one
 * HRBrain read — the same `runServerFullSync` every reconcile uses. Exported for tests.
 */
export async function runFullSyncJob(
  options: Omit<SyncWorkerOptions, 'boss' | 'concurrency'>,
  data: FullSyncJobData,
  signal?: AbortSignal,
): Promise<void> {
  const { storage } = options;
  const { runIds } = data;
  const log = options.logger.child({ tenantId: data.tenantId, kind: 'all', runIds });
  const source = await openSource(
    options,
    data.tenantId,
    [runIds.departments, runIds.employees],
    log,
  );
  if (source === null) return;

  log.info('full sync started');
  const progress = {
    departments: progressReporter(options.details, data.tenantId, runIds.departments, log),
    employees: progressReporter(options.details, data.tenantId, runIds.employees, log),
  };
  const maxChangeRatio = options.maxChangeRatio ?? null;
  let result: Awaited<ReturnType<typeof runServerFullSync>>;
  try {
    result = await runServerFullSync({
      tenantId: data.tenantId,
      source,
      storage,
      runIds,
      maxChangeRatio,
      onProgress: (event) => reportPhase(progress[event.kind], event),
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    await Promise.all([progress.departments.clear(), progress.employees.clear()]);
    // J5 at the storage: a run started elsewhere holds a lock. The refused run was finished
    // as failed (SYNC_IN_PROGRESS), and a queued employees run behind it too.
    if (SyncInProgressError.isInstance(error)) {
      log.warn('full sync refused: another run holds the lock');
      return;
    }
    throw error;
  }
  await Promise.all([progress.departments.clear(), progress.employees.clear()]);
  for (const run of [result.departments, result.employees]) {
    if (run === null) continue;
    await recordDetails(options, run.kind, run, maxChangeRatio, log);
    log.info('sync finished', {
      kind: run.kind,
      runId: run.id,
      status: run.status,
      summary: run.summary,
      ...(run.failure ? { failure: run.failure } : {}),
    });
  }
}

/**
 * The tenant's HRBrain client; null when it cannot be had (C3: disconnected after the job was
 * queued; or the key changed since the secret was sealed): the job's runs are then finished
 * `failed` with the reason.
 */
async function openSource(
  options: Pick<SyncWorkerOptions, 'storage' | 'connections'>,
  tenantId: string,
  runIds: readonly string[],
  log: Logger,
): Promise<Awaited<ReturnType<ConnectionService['openClient']>> | null> {
  try {
    return await options.connections.openClient(tenantId);
  } catch (error) {
    const failure =
      error instanceof ApiError
        ? { code: error.code, message: error.message }
        : error instanceof SecretUnreadableError
          ? {
              code: error.code,
              message:
                'The stored HRBrain secret cannot be decrypted (HRBRAIN_SECRET_KEY changed?): connect HRBrain again.',
            }
          : null;
    if (failure === null) throw error;
    for (const runId of runIds) {
      await options.storage.finishRun({
        tenantId,
        runId,
        outcome: { status: 'failed', summary: null, failure, errors: [] },
      });
    }
    log.warn('sync failed before start', { code: failure.code });
    return null;
  }
}

/** A core progress event as the admin page's phase (取得中 n/total → 計画中 → 反映中). */
function reportPhase(progress: ReturnType<typeof progressReporter>, event: SyncProgressEvent) {
  if (event.phase === 'fetching')
    progress.set({ phase: 'fetching', fetched: event.fetched ?? null, total: event.total ?? null });
  else if (event.phase === 'planning') progress.set({ phase: 'planning' });
  else if (event.phase === 'applying')
    progress.set({ phase: 'applying', creates: event.creates, updates: event.updates });
}

/** J6: a dry run's samples; J7: what the guard refused, so the admin can decide. */
async function recordDetails(
  options: Pick<SyncWorkerOptions, 'storage' | 'details'>,
  kind: SyncKind,
  run: SyncResult,
  maxChangeRatio: number | null,
  log: Logger,
): Promise<void> {
  if (!options.details || !run.plan) return;
  const { storage, details } = options;
  const tripped = run.failure?.code === 'CHANGE_GUARD_TRIPPED';
  try {
    if (run.dryRun || tripped) await details.setPreview(run.tenantId, run.id, previewOf(run.plan));
    if (tripped && maxChangeRatio !== null) {
      const existing =
        kind === 'departments'
          ? (await storage.loadDepartments(run.tenantId)).length
          : (await storage.loadEmployees(run.tenantId)).length;
      await details.setGuard(
        run.tenantId,
        run.id,
        guardCountsOf(run.plan, existing, maxChangeRatio),
      );
    }
  } catch (error) {
    log.warn('could not record the run preview', { error });
  }
}

/**
 * Writes a run's phase for the admin page: phase changes at once, member pages at most every
 * 300 ms; one write at a time, and a failed write never fails the sync.
 */
function progressReporter(
  details: RunDetailsStore | undefined,
  tenantId: string,
  runId: string,
  log: Logger,
) {
  let last: RunProgress | null = null;
  let lastAt = 0;
  let writing: Promise<void> = Promise.resolve();
  const write = (progress: RunProgress | null) => {
    if (!details) return;
    writing = writing
      .then(() => details.setProgress(tenantId, runId, progress))
      .catch((error: unknown) => log.debug('could not record progress', { error }));
  };
  return {
    set(progress: RunProgress) {
      const now = Date.now();
      if (last?.phase === progress.phase && now - lastAt < 300) return;
      last = progress;
      lastAt = now;
      write(progress);
    },
    async clear() {
      write(null);
      await writing;
    },
  };
}

/**
 * Closes a run whose job died outside `runSync` (its worker crashed or stopped sending
 * heartbeats): pg-boss moves such a job to the dead-letter queue. The same path `runSync`
 * takes when it finds a dead run under the lock (`recoverAbandonedRuns`): it takes the
 * tenant+kind lock — so a worker that is only slow, still holding it, is left alone — and
 * closes the run `failed` (`ABANDONED`). Because the storage commits a plan together with
 * its outcome, "nothing was applied" is then true. If the lock is held, nothing is closed
 * here; the next `runSync` of that tenant and kind closes the run.
 */
async function closeAbandonedRun(
  options: SyncWorkerOptions,
  data: SyncQueueJobData,
): Promise<void> {
  // A "sync all" job holds two runs: each is closed under its own kind's lock.
  const runs: [SyncKind, string][] =
    data.kind === 'all'
      ? [
          ['departments', data.runIds.departments],
          ['employees', data.runIds.employees],
        ]
      : [[data.kind, data.runId]];
  for (const [kind, runId] of runs) {
    const closed = await recoverAbandonedRuns({
      tenantId: data.tenantId,
      kind,
      storage: options.storage,
      // The job never started its run: it stays `queued` unless named here.
      queuedRunIds: [runId],
    });
    if (closed.length > 0) {
      options.logger.warn('closed abandoned sync runs', {
        tenantId: data.tenantId,
        runIds: closed.map((run) => run.id),
      });
    }
  }
}

/** Registers the workers on this process. Any number of processes may do this (they share the queue). */
export async function startSyncWorker(options: SyncWorkerOptions): Promise<void> {
  await options.boss.work<SyncQueueJobData>(
    SYNC_QUEUE,
    { localConcurrency: options.concurrency, pollingIntervalSeconds: 1 },
    async ([job]) => {
      if (!job) return;
      if (job.data.kind === 'all') await runFullSyncJob(options, job.data, job.signal);
      else await runSyncJob(options, job.data, job.signal);
    },
  );
  await options.boss.work<SyncQueueJobData>(
    SYNC_DEAD_LETTER_QUEUE,
    { pollingIntervalSeconds: 5 },
    async ([job]) => {
      if (job) await closeAbandonedRun(options, job.data);
    },
  );
}

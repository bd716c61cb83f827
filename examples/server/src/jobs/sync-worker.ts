import {
  recoverAbandonedRuns,
  runSync,
  SyncInProgressError,
  type SyncStorage,
} from '@mikiwame/hrbrain-sync-core';
import type { PgBoss } from 'pg-boss';
import { SecretUnreadableError } from '../crypto/secret-box.ts';
import type { ConnectionService } from '../hrbrain/connection-service.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../log/logger.ts';
import { guardCountsOf, previewOf, type RunDetailsStore, type RunProgress } from './run-details.ts';
import { SYNC_DEAD_LETTER_QUEUE, SYNC_QUEUE, type SyncJobData } from './sync-queue.ts';

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
  const { storage, connections } = options;
  const log = options.logger.child({ tenantId: data.tenantId, kind: data.kind, runId: data.runId });

  let source: Awaited<ReturnType<ConnectionService['openClient']>>;
  try {
    source = await connections.openClient(data.tenantId);
  } catch (error) {
    // C3: disconnected after the job was queued; or the key changed since the secret was sealed.
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
    await storage.finishRun({
      tenantId: data.tenantId,
      runId: data.runId,
      outcome: { status: 'failed', summary: null, failure, errors: [] },
    });
    log.warn('sync failed before start', { code: failure.code });
    return;
  }

  log.info('sync started');
  const progress = progressReporter(options, data, log);
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
  if (options.details && run.plan) {
    // J6: a dry run's samples; J7: what the guard refused, so the admin can decide.
    const tripped = run.failure?.code === 'CHANGE_GUARD_TRIPPED';
    try {
      if (run.dryRun || tripped)
        await options.details.setPreview(data.tenantId, data.runId, previewOf(run.plan));
      if (tripped && maxChangeRatio !== null) {
        const existing =
          data.kind === 'departments'
            ? (await storage.loadDepartments(data.tenantId)).length
            : (await storage.loadEmployees(data.tenantId)).length;
        await options.details.setGuard(
          data.tenantId,
          data.runId,
          guardCountsOf(run.plan, existing, maxChangeRatio),
        );
      }
    } catch (error) {
      log.warn('could not record the run preview', { error });
    }
  }
  log.info('sync finished', {
    status: run.status,
    summary: run.summary,
    ...(run.failure ? { failure: run.failure } : {}),
  });
}

/**
 * Writes a run's phase for the admin page: phase changes at once, member pages at most every
 * 300 ms; one write at a time, and a failed write never fails the sync.
 */
function progressReporter(
  options: Pick<SyncWorkerOptions, 'details'>,
  data: SyncJobData,
  log: Logger,
) {
  const details = options.details;
  let last: RunProgress | null = null;
  let lastAt = 0;
  let writing: Promise<void> = Promise.resolve();
  const write = (progress: RunProgress | null) => {
    if (!details) return;
    writing = writing
      .then(() => details.setProgress(data.tenantId, data.runId, progress))
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
async function closeAbandonedRun(options: SyncWorkerOptions, data: SyncJobData): Promise<void> {
  const closed = await recoverAbandonedRuns({
    tenantId: data.tenantId,
    kind: data.kind,
    storage: options.storage,
    // The job never started its run: it stays `queued` unless named here.
    queuedRunIds: [data.runId],
  });
  if (closed.length > 0) {
    options.logger.warn('closed abandoned sync runs', {
      tenantId: data.tenantId,
      runIds: closed.map((run) => run.id),
    });
  }
}

/** Registers the workers on this process. Any number of processes may do this (they share the queue). */
export async function startSyncWorker(options: SyncWorkerOptions): Promise<void> {
  await options.boss.work<SyncJobData>(
    SYNC_QUEUE,
    { localConcurrency: options.concurrency, pollingIntervalSeconds: 1 },
    async ([job]) => {
      if (job) await runSyncJob(options, job.data, job.signal);
    },
  );
  await options.boss.work<SyncJobData>(
    SYNC_DEAD_LETTER_QUEUE,
    { pollingIntervalSeconds: 5 },
    async ([job]) => {
      if (job) await closeAbandonedRun(options, job.data);
    },
  );
}

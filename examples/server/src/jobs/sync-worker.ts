import { runSync, SyncInProgressError, type SyncStorage } from '@mikiwame/hrbrain-sync-core';
import type { PgBoss } from 'pg-boss';
import { SecretUnreadableError } from '../crypto/secret-box.ts';
import type { ConnectionService } from '../hrbrain/connection-service.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../log/logger.ts';
import { SYNC_DEAD_LETTER_QUEUE, SYNC_QUEUE, type SyncJobData } from './sync-queue.ts';

export interface SyncWorkerOptions {
  boss: PgBoss;
  storage: SyncStorage;
  connections: ConnectionService;
  logger: Logger;
  /** Jobs this process runs at once (across tenants; one tenant+kind never runs twice, J5). */
  concurrency: number;
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
    await storage.updateRun(data.tenantId, data.runId, {
      status: 'failed',
      finishedAt: new Date(),
      failure,
    });
    log.warn('sync failed before start', { code: failure.code });
    return;
  }

  log.info('sync started');
  let run: Awaited<ReturnType<typeof runSync>>;
  try {
    run = await runSync({
      tenantId: data.tenantId,
      kind: data.kind,
      source,
      storage,
      runId: data.runId,
      dryRun: data.dryRun,
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    // J5 at the storage: a run of this tenant and kind started elsewhere (another app, a CLI)
    // holds the lock. runSync has already recorded this run as failed with SYNC_IN_PROGRESS.
    if (SyncInProgressError.isInstance(error) && error.code === 'SYNC_IN_PROGRESS') {
      log.warn('sync refused: another run holds the lock');
      return;
    }
    throw error;
  }
  log.info('sync finished', {
    status: run.status,
    summary: run.summary,
    ...(run.failure ? { failure: run.failure } : {}),
  });
}

/**
 * Closes a run whose job died outside `runSync` (its worker crashed or stopped sending
 * heartbeats): pg-boss moves such a job to the dead-letter queue, and the run would otherwise
 * stay `running` for ever.
 */
async function closeAbandonedRun(options: SyncWorkerOptions, data: SyncJobData): Promise<void> {
  const run = await options.storage.getRun(data.tenantId, data.runId);
  if (run === null || (run.status !== 'queued' && run.status !== 'running')) return;
  await options.storage.updateRun(data.tenantId, data.runId, {
    status: 'failed',
    finishedAt: new Date(),
    failure: {
      code: 'WORKER_LOST',
      message:
        'The worker running this sync stopped before it finished; nothing was applied. Run it again.',
    },
  });
  options.logger.warn('closed an abandoned sync run', {
    tenantId: data.tenantId,
    runId: data.runId,
  });
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

import type { SyncKind, SyncRun, SyncStorage } from '@mikiwame/hrbrain-sync-core';
import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import type { ConnectionService } from '../hrbrain/connection-service.ts';
import { notConnected } from '../hrbrain/connection-service.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../log/logger.ts';
import { enqueueSyncJob } from './sync-queue.ts';

export const syncInProgress = (kind: SyncKind, runningRunId?: string) =>
  new ApiError(
    409,
    'SYNC_IN_PROGRESS',
    `A ${kind} sync is already queued or running for this tenant; wait for it to finish.`,
    kind === 'departments'
      ? 'HRBrain部署情報取込は実行中です。完了してから再度実行してください。'
      : 'HRBrain社員情報取込は実行中です。完了してから再度実行してください。',
    runningRunId === undefined ? {} : { runningRunId },
  );

const isActive = (run: SyncRun) => run.status === 'queued' || run.status === 'running';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starting a sync from the API (J1): the run is recorded as `queued` first, so the admin page
 * lists it at once, then its job goes to pg-boss. Any worker process on the same database
 * picks it up.
 *
 * J5: a start while a run of the same tenant and kind is queued or running is refused with
 * 409 `SYNC_IN_PROGRESS` naming that run (`runningRunId`) *before* any run is recorded, so a
 * double click leaves no failed row. Starts are serialised per tenant+kind with a Postgres
 * advisory lock, so two web processes cannot both pass the check.
 */
export function createSyncService(options: {
  storage: SyncStorage;
  boss: PgBoss;
  pool: pg.Pool;
  connections: ConnectionService;
  logger: Logger;
}) {
  const { storage, boss, pool, connections, logger } = options;

  /** Runs `fn` holding the start lock of this tenant+kind (released at the transaction's end). */
  const withStartLock = async <T>(tenantId: string, kind: SyncKind, fn: () => Promise<T>) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      // Two-int advisory keys: a key space of its own, apart from the storage's run lock.
      await client.query(
        "select pg_advisory_xact_lock(hashtext('hrbrain-example-sync-start'), hashtext($1))",
        [`${tenantId}:${kind}`],
      );
      try {
        return await fn();
      } finally {
        await client.query('commit').catch(() => {});
      }
    } finally {
      client.release();
    }
  };

  const activeRun = async (tenantId: string, kind: SyncKind) =>
    (await storage.listRuns(tenantId, { kind, limit: 20 })).runs.find(isActive) ?? null;

  return {
    async start(
      tenantId: string,
      kind: SyncKind,
      input: { dryRun: boolean; ignoreChangeGuard?: boolean; by?: string },
    ): Promise<SyncRun> {
      // C3: no connection, no sync. Checked here so the admin gets the reason immediately.
      if (!(await connections.status(tenantId)).connected) throw notConnected();
      return await withStartLock(tenantId, kind, () => startLocked(tenantId, kind, input));
    },
  };

  async function startLocked(
    tenantId: string,
    kind: SyncKind,
    input: { dryRun: boolean; ignoreChangeGuard?: boolean; by?: string },
  ): Promise<SyncRun> {
    const running = await activeRun(tenantId, kind);
    if (running !== null) {
      logger.info('sync refused: one is already queued or running', {
        tenantId,
        kind,
        runningRunId: running.id,
      });
      throw syncInProgress(kind, running.id);
    }
    const run = await storage.createRun({
      tenantId,
      kind,
      dryRun: input.dryRun,
      status: 'queued',
      // T1: the admin's button; `by` is the fingerprint of the API key that pressed it.
      trigger: input.by === undefined ? { type: 'manual' } : { type: 'manual', by: input.by },
    });
    const job = {
      tenantId,
      runId: run.id,
      kind,
      dryRun: input.dryRun,
      ...(input.ignoreChangeGuard ? { ignoreChangeGuard: true } : {}),
    };
    let jobId: string | null;
    try {
      jobId = await enqueueSyncJob(boss, job);
      // The previous run is recorded as finished a moment before pg-boss completes its job;
      // a start in that moment waits for the job rather than failing.
      for (let attempt = 0; jobId === null && attempt < 10; attempt++) {
        await sleep(200);
        jobId = await enqueueSyncJob(boss, job);
      }
    } catch (error) {
      // Never leave a run `queued` that no job will ever pick up.
      await storage
        .finishRun({
          tenantId,
          runId: run.id,
          outcome: {
            status: 'failed',
            summary: null,
            failure: {
              code: 'ENQUEUE_FAILED',
              message: 'The sync could not be queued; start it again.',
            },
            errors: [],
          },
        })
        .catch(() => {});
      throw error;
    }
    if (jobId === null) {
      // The queue still holds a job for this tenant and kind that no run here accounts for
      // (a stuck job). The run we just recorded ends at once, with the reason, rather than
      // silently disappearing.
      const refused = syncInProgress(kind);
      await storage.finishRun({
        tenantId,
        runId: run.id,
        outcome: {
          status: 'failed',
          summary: null,
          failure: { code: refused.code, message: refused.message },
          errors: [],
        },
      });
      logger.info('sync refused: one is already queued or running', {
        tenantId,
        kind,
        runId: run.id,
      });
      throw refused;
    }
    logger.info('sync queued', { tenantId, kind, runId: run.id, jobId });
    return run;
  }
}

export type SyncService = ReturnType<typeof createSyncService>;

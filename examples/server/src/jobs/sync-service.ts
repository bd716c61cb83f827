import type { SyncKind, SyncRun, SyncStorage } from '@mikiwame/hrbrain-sync-core';
import type pg from 'pg';
import type { PgBoss } from 'pg-boss';
import type { ConnectionService } from '../hrbrain/connection-service.ts';
import { notConnected } from '../hrbrain/connection-service.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../log/logger.ts';
import { enqueueSyncJob, type SyncQueueJobData } from './sync-queue.ts';

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

    /**
     * "Sync all" (E11): records a queued departments run and a queued employees run, then one
     * job that runs both from one HRBrain read (`runServerFullSync`). J5: refused (409 naming
     * the run) while a run of either kind is queued or running. Both start locks are held,
     * always departments first, so no other start can slip in between.
     */
    async startAll(
      tenantId: string,
      input: { by?: string } = {},
    ): Promise<{ departments: SyncRun; employees: SyncRun }> {
      if (!(await connections.status(tenantId)).connected) throw notConnected();
      return await withStartLock(tenantId, 'departments', () =>
        withStartLock(tenantId, 'employees', () => startAllLocked(tenantId, input.by)),
      );
    },
  };

  async function refuseWhileActive(tenantId: string, kind: SyncKind): Promise<void> {
    const running = await activeRun(tenantId, kind);
    if (running === null) return;
    logger.info('sync refused: one is already queued or running', {
      tenantId,
      kind,
      runningRunId: running.id,
    });
    throw syncInProgress(kind, running.id);
  }

  async function queuedRun(
    tenantId: string,
    kind: SyncKind,
    input: { dryRun: boolean; by?: string | undefined },
  ): Promise<SyncRun> {
    return await storage.createRun({
      tenantId,
      kind,
      dryRun: input.dryRun,
      status: 'queued',
      // T1: the admin's button; `by` is the fingerprint of the API key that pressed it.
      trigger: input.by === undefined ? { type: 'manual' } : { type: 'manual', by: input.by },
    });
  }

  async function startAllLocked(
    tenantId: string,
    by: string | undefined,
  ): Promise<{ departments: SyncRun; employees: SyncRun }> {
    await refuseWhileActive(tenantId, 'departments');
    await refuseWhileActive(tenantId, 'employees');
    const departments = await queuedRun(tenantId, 'departments', { dryRun: false, by });
    const employees = await queuedRun(tenantId, 'employees', { dryRun: false, by });
    await enqueue(
      [departments, employees],
      {
        tenantId,
        kind: 'all',
        runIds: { departments: departments.id, employees: employees.id },
      },
      'departments',
    );
    return { departments, employees };
  }

  /**
   * Hands the job to pg-boss. Never leaves a run `queued` that no job will pick up: when the
   * job cannot be queued, its runs are finished `failed` with the reason.
   */
  async function enqueue(runs: SyncRun[], job: SyncQueueJobData, kind: SyncKind): Promise<void> {
    const ids = runs.length === 1 ? { runId: runs[0]?.id } : { runIds: runs.map((run) => run.id) };
    const failAll = async ({ failure }: { failure: { code: string; message: string } }) => {
      for (const run of runs) {
        await storage.finishRun({
          tenantId: job.tenantId,
          runId: run.id,
          outcome: { status: 'failed', summary: null, failure, errors: [] },
        });
      }
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
      await failAll({
        failure: {
          code: 'ENQUEUE_FAILED',
          message: 'The sync could not be queued; start it again.',
        },
      }).catch(() => {});
      throw error;
    }
    if (jobId === null) {
      // The queue still holds a job for this tenant and kind that no run here accounts for
      // (a stuck job). The runs we just recorded end at once, with the reason, rather than
      // silently disappearing.
      const refused = syncInProgress(kind);
      await failAll({ failure: { code: refused.code, message: refused.message } });
      logger.info('sync refused: one is already queued or running', {
        tenantId: job.tenantId,
        kind: job.kind,
        ...ids,
      });
      throw refused;
    }
    logger.info('sync queued', {
      tenantId: job.tenantId,
      kind: job.kind,
      ...ids,
      jobId,
    });
  }

  async function startLocked(
    tenantId: string,
    kind: SyncKind,
    input: { dryRun: boolean; ignoreChangeGuard?: boolean; by?: string },
  ): Promise<SyncRun> {
    await refuseWhileActive(tenantId, kind);
    const run = await queuedRun(tenantId, kind, input);
    await enqueue(
      [run],
      {
        tenantId,
        runId: run.id,
        kind,
        dryRun: input.dryRun,
        ...(input.ignoreChangeGuard ? { ignoreChangeGuard: true } : {}),
      },
      kind,
    );
    return run;
  }
}

export type SyncService = ReturnType<typeof createSyncService>;

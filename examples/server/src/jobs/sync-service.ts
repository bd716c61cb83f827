import type { SyncKind, SyncRun, SyncStorage } from '@mikiwame/hrbrain-sync-core';
import type { PgBoss } from 'pg-boss';
import type { ConnectionService } from '../hrbrain/connection-service.ts';
import { notConnected } from '../hrbrain/connection-service.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../log/logger.ts';
import { enqueueSyncJob } from './sync-queue.ts';

export const syncInProgress = (kind: SyncKind) =>
  new ApiError(
    409,
    'SYNC_IN_PROGRESS',
    `A ${kind} sync is already queued or running for this tenant; wait for it to finish.`,
    kind === 'departments'
      ? 'HRBrain部署情報取込は実行中です。完了してから再度実行してください。'
      : 'HRBrain社員情報取込は実行中です。完了してから再度実行してください。',
  );

/**
 * Starting a sync from the API (J1): the run is recorded as `queued` first, so the admin page
 * lists it at once, then its job goes to pg-boss. Any worker process on the same database
 * picks it up.
 */
export function createSyncService(options: {
  storage: SyncStorage;
  boss: PgBoss;
  connections: ConnectionService;
  logger: Logger;
}) {
  const { storage, boss, connections, logger } = options;
  return {
    async start(tenantId: string, kind: SyncKind, input: { dryRun: boolean }): Promise<SyncRun> {
      // C3: no connection, no sync. Checked here so the admin gets the reason immediately.
      if (!(await connections.status(tenantId)).connected) throw notConnected();

      const run = await storage.createRun({
        tenantId,
        kind,
        dryRun: input.dryRun,
        status: 'queued',
      });
      let jobId: string | null;
      try {
        jobId = await enqueueSyncJob(boss, { tenantId, runId: run.id, kind, dryRun: input.dryRun });
      } catch (error) {
        // Never leave a run `queued` that no job will ever pick up.
        await storage
          .updateRun(tenantId, run.id, {
            status: 'failed',
            finishedAt: new Date(),
            failure: {
              code: 'ENQUEUE_FAILED',
              message: 'The sync could not be queued; start it again.',
            },
          })
          .catch(() => {});
        throw error;
      }
      if (jobId === null) {
        // J5: the queue already holds a job for this tenant and kind (on any machine). The run
        // we just recorded ends at once, with the reason, rather than silently disappearing.
        const refused = syncInProgress(kind);
        await storage.updateRun(tenantId, run.id, {
          status: 'failed',
          finishedAt: new Date(),
          failure: { code: refused.code, message: refused.message },
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
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;

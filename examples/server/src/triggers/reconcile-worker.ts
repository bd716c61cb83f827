import { SyncInProgressError, type SyncStorage } from '@mikiwame/hrbrain-sync-core';
import type { PgBoss } from 'pg-boss';
import { SecretUnreadableError } from '../crypto/secret-box.ts';
import type { ConnectionService } from '../hrbrain/connection-service.ts';
import { ApiError } from '../http/api-error.ts';
import { runServerFullSync } from '../jobs/full-sync.ts';
import type { Logger } from '../log/logger.ts';
import {
  RECONCILE_QUEUE,
  RECONCILE_SCHEDULE_QUEUE,
  type ReconcileJobData,
  requestReconcile,
  type ScheduleJobData,
} from './reconcile-queue.ts';

export interface ReconcileWorkerOptions {
  boss: PgBoss;
  storage: SyncStorage;
  connections: ConnectionService;
  logger: Logger;
  /** Seconds a reconcile waits when it has to be asked for again (a manual run holds the lock). */
  retryDelaySeconds: number;
  /**
   * J7 for automatic runs too (`CHANGE_GUARD_MAX_RATIO`): a reconcile that would rewrite more
   * than this share of a tenant fails with CHANGE_GUARD_TRIPPED and waits for an admin.
   */
  maxChangeRatio?: number | null;
}

/**
 * Runs one reconcile: the server's full sync (`runServerFullSync`, the same as the admin's
 * "sync all"): departments, then employees (E11), from one HRBrain read; the employees run
 * is skipped when the departments run failed (it would resolve 主部署 against departments
 * that are not up to date). Exported for tests that drive a job without a queue.
 */
export async function runReconcileJob(
  options: ReconcileWorkerOptions,
  data: ReconcileJobData,
  signal?: AbortSignal,
): Promise<void> {
  const { storage, connections, boss } = options;
  const log = options.logger.child({
    tenantId: data.tenantId,
    trigger: data.trigger.type,
    ...(data.trigger.deliveryId ? { deliveryId: data.trigger.deliveryId } : {}),
  });

  let client: Awaited<ReturnType<ConnectionService['openClient']>>;
  try {
    client = await connections.openClient(data.tenantId);
  } catch (error) {
    // Disconnected since the delivery or the schedule slot: nothing to reconcile (C3).
    if (error instanceof ApiError || error instanceof SecretUnreadableError) {
      log.warn('reconcile skipped: HRBrain is not usable for this tenant', {
        code: (error as { code: string }).code,
      });
      return;
    }
    throw error;
  }

  log.info('reconcile started');
  try {
    const { departments, employees } = await runServerFullSync({
      tenantId: data.tenantId,
      source: client,
      storage,
      trigger: data.trigger, // T1: recorded on both runs
      maxChangeRatio: options.maxChangeRatio ?? null,
      ...(signal === undefined ? {} : { signal }),
    });
    for (const run of [departments, employees]) {
      if (run !== null)
        log.info('reconcile run finished', { kind: run.kind, runId: run.id, status: run.status });
    }
  } catch (error) {
    if (SyncInProgressError.isInstance(error) && error.code === 'SYNC_IN_PROGRESS') {
      // Another run (an admin's manual one) holds the lock: ask again once, later. The
      // queued follow-up coalesces with any delivery that arrives meanwhile.
      await requestReconcile(boss, { ...data, delaySeconds: options.retryDelaySeconds });
      log.info('reconcile postponed: another run of this tenant holds the lock');
      return;
    }
    throw error;
  }
}

/** A schedule slot becomes a reconcile request, coalesced like a webhook delivery. */
export async function runScheduleJob(
  options: Pick<ReconcileWorkerOptions, 'boss' | 'logger'>,
  data: ScheduleJobData,
): Promise<void> {
  const jobId = await requestReconcile(options.boss, {
    tenantId: data.tenantId,
    trigger: { type: 'schedule', by: `${data.cron} (${data.timezone})` },
    delaySeconds: 0,
  });
  options.logger.info('schedule slot', {
    tenantId: data.tenantId,
    queued: jobId !== null,
  });
}

/** Registers the reconcile and schedule workers on this process (any number of processes may). */
export async function startReconcileWorker(options: ReconcileWorkerOptions): Promise<void> {
  await options.boss.work<ReconcileJobData>(
    RECONCILE_QUEUE,
    { localConcurrency: 1, pollingIntervalSeconds: 1 },
    async ([job]) => {
      if (job) await runReconcileJob(options, job.data, job.signal);
    },
  );
  await options.boss.work<ScheduleJobData>(
    RECONCILE_SCHEDULE_QUEUE,
    { pollingIntervalSeconds: 1 },
    async ([job]) => {
      if (job) await runScheduleJob(options, job.data);
    },
  );
}

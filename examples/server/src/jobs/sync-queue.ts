import type { SyncKind } from '@mikiwame/hrbrain-sync-core';
import type { PgBoss } from 'pg-boss';

/** The pg-boss queue every sync job goes through (one queue; the tenant+kind is the job's key). */
export const SYNC_QUEUE = 'hrbrain-sync';
/** Jobs that failed outside `runSync` (a worker that died, a crash) land here to close their run. */
export const SYNC_DEAD_LETTER_QUEUE = 'hrbrain-sync-dead';

/**
 * What a job carries: ids only. The secret stays encrypted in storage and is decrypted by the
 * worker that runs the job, so it never sits in the queue table (C5).
 */
export interface SyncJobData {
  tenantId: string;
  runId: string;
  kind: SyncKind;
  dryRun: boolean;
  /** J7: the admin chose to apply although the change guard tripped (absent on older jobs). */
  ignoreChangeGuard?: boolean;
}

/**
 * "Sync all" (E11): one job runs both queued runs, departments then employees, from one
 * HRBrain read (`runServerFullSync`).
 */
export interface FullSyncJobData {
  tenantId: string;
  kind: 'all';
  runIds: { departments: string; employees: string };
}

/** Anything the sync queue carries. */
export type SyncQueueJobData = SyncJobData | FullSyncJobData;

/** J5 at the queue: at most one queued-or-active job per tenant and kind (or "all"). */
export const syncJobKey = (tenantId: string, kind: SyncKind | 'all') => `${tenantId}:${kind}`;

/**
 * Creates the queues (idempotent: pg-boss keeps the first definition; change one with
 * `updateQueue`). `exclusive` refuses a second job for a key while one is queued or active,
 * on every machine that shares the database; the storage lock (`acquireSyncLock`) still guards
 * runs started elsewhere (a CLI, another app).
 */
export async function createSyncQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(SYNC_DEAD_LETTER_QUEUE, { policy: 'standard', retryLimit: 0 });
  await boss.createQueue(SYNC_QUEUE, {
    policy: 'exclusive',
    // A sync is not retried blindly: its run is recorded as failed and an admin starts it again.
    retryLimit: 0,
    // A worker that dies stops sending heartbeats; pg-boss then fails the job (→ dead letter).
    heartbeatSeconds: 30,
    expireInSeconds: 60 * 60,
    deadLetter: SYNC_DEAD_LETTER_QUEUE,
  });
}

/** Enqueues a job; null when the queue already holds one for this tenant and kind (J5). */
export async function enqueueSyncJob(boss: PgBoss, data: SyncQueueJobData): Promise<string | null> {
  return await boss.send(
    SYNC_QUEUE,
    { ...data },
    { singletonKey: syncJobKey(data.tenantId, data.kind) },
  );
}

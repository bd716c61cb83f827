import type { RunTrigger } from '@mikiwame/hrbrain-sync-core';
import type { PgBoss } from 'pg-boss';

/**
 * A reconcile: a full sync of one tenant (departments, then employees, from one snapshot),
 * asked for by a webhook delivery or a schedule slot. It reads the whole truth from HRBrain,
 * so a lost, repeated or out-of-order delivery changes nothing but timing.
 */
export const RECONCILE_QUEUE = 'hrbrain-reconcile';
/** The queue pg-boss's scheduler sends each tenant's schedule slots to. */
export const RECONCILE_SCHEDULE_QUEUE = 'hrbrain-reconcile-schedule';

export interface ReconcileJobData {
  tenantId: string;
  trigger: RunTrigger;
}

export interface ScheduleJobData {
  tenantId: string;
  cron: string;
  timezone: string;
}

/**
 * `stately`: per tenant (the singleton key) at most one job waiting and one running. So a burst
 * of deliveries queues one reconcile, and deliveries while it runs queue exactly one
 * follow-up: everything else is dropped, which loses nothing, because the queued one has not
 * read HRBrain yet. A running reconcile is never changed (graphile-worker's rule for job keys).
 */
export async function createReconcileQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(RECONCILE_QUEUE, {
    policy: 'stately',
    retryLimit: 0,
    heartbeatSeconds: 30,
    expireInSeconds: 60 * 60,
  });
  await boss.createQueue(RECONCILE_SCHEDULE_QUEUE, { policy: 'standard', retryLimit: 0 });
}

/**
 * Asks for a reconcile of `tenantId` in `delaySeconds` (the debounce: deliveries arriving
 * meanwhile join it). The first request fixes the start time and later ones never push it
 * back (graphile-worker's `preserve_run_at`), so a steady stream of deliveries cannot starve
 * the tenant. Returns the job id, or null when one is already waiting (coalesced).
 */
export async function requestReconcile(
  boss: PgBoss,
  request: ReconcileJobData & { delaySeconds: number },
): Promise<string | null> {
  const { delaySeconds, ...data } = request;
  return await boss.send(RECONCILE_QUEUE, data, {
    singletonKey: data.tenantId,
    ...(delaySeconds > 0 ? { startAfter: delaySeconds } : {}),
  });
}

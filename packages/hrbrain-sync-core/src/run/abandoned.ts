import { HrbrainSyncConfigError, HrbrainSyncError, SyncInProgressError } from '../errors';
import type { SyncKind } from '../model/records';
import { resolveParts } from '../storage/assert';
import type { RunLog, SyncLocks, SyncRun, SyncRunFailure } from '../storage/contract';

/** The failure of a run whose process died before it finished (J2). */
export const ABANDONED_FAILURE: SyncRunFailure = {
  code: 'ABANDONED',
  message:
    'The process running this sync stopped before it finished; nothing of it was applied. Run it again.',
};

/**
 * Close the abandoned runs of a tenant and kind, as `failed` (`ABANDONED`). The caller holds
 * the tenant+kind lock: a run is `running` only while its runner holds that lock, so every
 * other `running` run has lost its runner. `queued` runs wait for a queue and are left alone,
 * except those named in `queued` (a queue that knows their job is gone).
 *
 * Because a plan and its outcome commit together, "nothing of it was applied" is true.
 */
export async function closeAbandonedRuns(
  runs: RunLog,
  tenantId: string,
  kind: SyncKind,
  options: { except?: string | undefined; queued?: readonly string[] | undefined } = {},
): Promise<SyncRun[]> {
  const named = new Set(options.queued ?? []);
  const closed: SyncRun[] = [];
  for (const run of await runs.listOpenRuns(tenantId, kind)) {
    if (run.id === options.except) continue;
    if (run.status !== 'running' && !named.has(run.id)) continue;
    try {
      closed.push(
        await runs.finishRun({
          tenantId,
          runId: run.id,
          outcome: { status: 'failed', summary: null, failure: ABANDONED_FAILURE, errors: [] },
        }),
      );
    } catch (error) {
      // Closed by someone else in the meantime: nothing left to do for it.
      if (!(HrbrainSyncError.isInstance(error) && error.code === 'RUN_ALREADY_FINISHED')) {
        throw error;
      }
    }
  }
  return closed;
}

/** Options of {@link recoverAbandonedRuns}. */
export interface RecoverAbandonedRunsOptions {
  tenantId: string;
  kind: SyncKind;
  /** The run log and the locks together (e.g. `createPostgresStorage(...)`)… */
  storage?: (RunLog & SyncLocks) | undefined;
  /** …or each on its own (replacing the one of `storage`). */
  runs?: RunLog | undefined;
  locks?: SyncLocks | undefined;
  /** Queued runs known to be lost (their job died before it started them): closed too. */
  queuedRunIds?: readonly string[] | undefined;
}

/**
 * Close abandoned runs without starting a sync: what `runSync` does when it takes the lock,
 * for a queue's dead-letter handler (see examples/server). Takes the tenant+kind lock; if a
 * live run holds it, closes nothing and returns `[]` (that run is not abandoned, and the
 * next `runSync` will close whatever is left).
 */
export async function recoverAbandonedRuns(
  options: RecoverAbandonedRunsOptions,
): Promise<SyncRun[]> {
  if (typeof options !== 'object' || options === null) {
    throw new HrbrainSyncConfigError(
      'recoverAbandonedRuns takes one options object ({ tenantId, kind, storage }).',
      { option: 'options' },
    );
  }
  if (typeof options.tenantId !== 'string' || options.tenantId === '') {
    throw new HrbrainSyncConfigError('recoverAbandonedRuns needs a non-empty tenantId.', {
      option: 'tenantId',
    });
  }
  if (options.kind !== 'departments' && options.kind !== 'employees') {
    throw new HrbrainSyncConfigError(
      'recoverAbandonedRuns kind must be "departments" or "employees".',
      { option: 'kind' },
    );
  }
  const { runs, locks } = resolveParts(options, ['runs', 'locks']);
  let lock: Awaited<ReturnType<SyncLocks['acquireSyncLock']>>;
  try {
    lock = await locks.acquireSyncLock(options.tenantId, options.kind);
  } catch (error) {
    if (
      error instanceof SyncInProgressError ||
      (HrbrainSyncError.isInstance(error) && error.code === 'SYNC_IN_PROGRESS')
    ) {
      return [];
    }
    throw error;
  }
  try {
    return await closeAbandonedRuns(runs, options.tenantId, options.kind, {
      queued: options.queuedRunIds,
    });
  } finally {
    await lock.release();
  }
}

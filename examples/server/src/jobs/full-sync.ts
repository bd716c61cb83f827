import {
  type FullSyncResult,
  type RunTrigger,
  runFullSync,
  type SnapshotSource,
  type SyncProgressEvent,
  type SyncStorage,
} from '@mikiwame/hrbrain-sync-core';

/** The failure of an employees run a full sync did not start: its departments run failed. */
export const DEPARTMENTS_RUN_FAILED = 'DEPARTMENTS_RUN_FAILED';

export interface FullSyncOptions {
  tenantId: string;
  /** The tenant's HRBrain client (its `members.list` lets the core reduce each page as it arrives). */
  source: SnapshotSource;
  storage: SyncStorage;
  /** T1: what started the runs (new runs only; queued runs keep the trigger they were created with). */
  trigger?: RunTrigger;
  /** Continue these `queued` runs (the admin's "sync all": both listed before the job starts). */
  runIds?: { departments: string; employees: string };
  /** J7: largest share of existing records one run may create or update; null: no guard. */
  maxChangeRatio?: number | null;
  onProgress?: (event: SyncProgressEvent) => void;
  signal?: AbortSignal;
}

/**
 * The server's one full sync — the admin's "sync all" job and every reconcile (a webhook
 * delivery, a schedule slot) go through here: the core's `runFullSync`, i.e. departments,
 * then employees (E11), as two recorded runs (HRBrain部署情報取込, HRBrain社員情報取込) from
 * **one** HRBrain read (the field definitions, the mapped fields' organizations, the members
 * with the mapped columns only).
 *
 * When the departments run fails (or is refused: another run holds its lock), the employees
 * run is not started; a queued employees run is then closed `failed` with
 * `DEPARTMENTS_RUN_FAILED`, so that no run stays `queued` with no job left to run it.
 * Rejects as `runFullSync` does (`SyncInProgressError` when a lock is held).
 */
export async function runServerFullSync(options: FullSyncOptions): Promise<FullSyncResult> {
  const { tenantId, storage, runIds, maxChangeRatio } = options;
  const closeQueuedEmployeesRun = async () => {
    if (runIds === undefined) return;
    const run = await storage.getRun(tenantId, runIds.employees);
    if (run?.status !== 'queued') return;
    await storage.finishRun({
      tenantId,
      runId: runIds.employees,
      outcome: {
        status: 'failed',
        summary: null,
        failure: {
          code: DEPARTMENTS_RUN_FAILED,
          message:
            'Not started: the departments run of this full sync failed (E11: 主部署 resolves against synced departments).',
        },
        errors: [],
      },
    });
  };
  let result: FullSyncResult;
  try {
    result = await runFullSync({
      tenantId,
      source: options.source,
      storage,
      ...(options.trigger === undefined ? {} : { trigger: options.trigger }),
      ...(runIds === undefined ? {} : { runIds }),
      ...(maxChangeRatio == null ? {} : { changeGuard: { maxChangeRatio } }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    await closeQueuedEmployeesRun();
    throw error;
  }
  if (result.employees === null) await closeQueuedEmployeesRun();
  return result;
}

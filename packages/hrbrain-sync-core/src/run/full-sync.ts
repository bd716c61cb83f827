// One read for a full sync (issue 12, E11): departments then employees, two recorded runs.
import type { SyncKind } from '../model/records';
import type { RecordsStore } from '../storage/contract';
import { readForEmployees, type SourceData } from './read-source';
import {
  type PreparedRun,
  type RunHooks,
  type RunSyncOptions,
  runSyncReading,
  type SourceReader,
  type SyncResult,
} from './run-sync';

/** Options of {@link runFullSync}: those of `runSync` but `kind` and `runId`. */
export interface RunFullSyncOptions extends Omit<RunSyncOptions, 'kind' | 'runId'> {
  /** Continue these `queued` runs (created earlier with `createRun`), as `runSync`'s `runId`. */
  runIds?: { departments?: string | undefined; employees?: string | undefined } | undefined;
}

/** The two runs of a full sync; `employees` is `null` when the departments run failed. */
export interface FullSyncResult {
  departments: SyncResult<'departments'>;
  employees: SyncResult<'employees'> | null;
}

/**
 * A full sync: the departments run (HRBrain部署情報取込), then the employees run
 * (HRBrain社員情報取込, E11: 主部署 resolves against the departments just synced) — two
 * recorded runs, each with its own lock, status, summary and error rows (J1–J5), from **one
 * read** of HRBrain: the field definitions, the organizations of the mapped pulldowns (主部署
 * among them) and the members with the mapped fields only, read once during the departments
 * run. Each run behaves as `runSync` does; what changes is that HRBrain is read once, not
 * twice, and that the tenant's stored employees are loaded while it is read: once the
 * departments run holds its lock, the full sync takes the employees lock too (J5: from then
 * on a separate employees run is refused) and starts loading them. If that lock cannot be
 * taken then (held elsewhere, or no room for a second lock, e.g. a `pg.Pool` sized for one
 * sync), the employees run takes it (or is refused) when its turn comes, as `runSync`.
 *
 * When the departments run fails (nothing applied), the employees run is not started
 * (`employees: null`): its 主部署 would be resolved against departments that did not sync.
 * Run it alone with `runSync({ kind: 'employees' })` if that is what you want. Rejects as
 * `runSync` does (e.g. `SyncInProgressError` when a run of either kind holds the lock; the
 * departments run is then already finished when the employees one is refused).
 *
 * @example
 * <!-- docs:prelude import type { HrbrainClient } from '@mikiwame/hrbrain-client';
 *   import type { SyncStorage } from '@mikiwame/hrbrain-sync-core';
 *   declare const hrbrain: HrbrainClient; declare const storage: SyncStorage;
 *   declare const tenantId: string; -->
 * ```ts
 * import { runFullSync } from '@mikiwame/hrbrain-sync-core';
 *
 * const { departments, employees } = await runFullSync({ tenantId, source: hrbrain, storage });
 * console.log(departments.status, employees?.status, employees?.summary);
 * ```
 */
export async function runFullSync(options: RunFullSyncOptions): Promise<FullSyncResult> {
  const { runIds, ...common } = options;
  let read: Promise<SourceData> | undefined;
  // The first run to read starts it; the second gets the same data.
  const shared: SourceReader = (_kind: SyncKind, readOptions) => {
    read ??= readForEmployees(options.source, readOptions);
    return read;
  };
  const tenantId = options.tenantId;
  let prepared: PreparedRun | undefined;
  let preparedRecords: RecordsStore | undefined;
  // Issue 12: the employees run's lock and stored employees, while the departments run reads.
  const onLocked: RunHooks['onLocked'] = async ({ records, locks }) => {
    try {
      const lock = await locks.acquireSyncLock(tenantId, 'employees');
      const employees = Promise.resolve().then(() => records.loadEmployees(tenantId));
      employees.catch(() => {}); // reported by the employees run
      prepared = { lock, employees };
      preparedRecords = records;
    } catch {
      // Held by another run, or no room for a second lock (a pool sized for one sync):
      // the employees run takes it itself, as runSync does.
    }
  };
  const release = async () => {
    await (prepared as PreparedRun | undefined)?.lock.release().catch(() => {});
  };
  let departments: SyncResult<'departments'>;
  try {
    departments = await runSyncReading(
      {
        ...common,
        kind: 'departments' as const,
        ...(runIds?.departments !== undefined ? { runId: runIds.departments } : {}),
      },
      shared,
      { onLocked },
    );
  } catch (error) {
    await release();
    throw error;
  }
  if (departments.status === 'failed') {
    read = undefined;
    await release();
    return { departments, employees: null };
  }
  // The early load saw the employees before the departments run applied. If that run wrote
  // anything, load them again (under the same lock): the employees run then plans against the
  // records as the departments run left them, exactly as two separate runs would (a records
  // store of the user's own may derive an employee's values from its departments).
  const wrote =
    (departments.summary?.created ?? 0) +
    (departments.summary?.updated ?? 0) +
    (departments.summary?.linked ?? 0);
  if (prepared !== undefined && preparedRecords !== undefined && !departments.dryRun && wrote > 0) {
    const records = preparedRecords;
    const employees = Promise.resolve().then(() => records.loadEmployees(tenantId));
    employees.catch(() => {}); // reported by the employees run
    prepared = { lock: prepared.lock, employees };
  }
  try {
    const employees = await runSyncReading(
      {
        ...common,
        kind: 'employees' as const,
        ...(runIds?.employees !== undefined ? { runId: runIds.employees } : {}),
      },
      shared,
      { prepared },
    );
    return { departments, employees };
  } finally {
    read = undefined; // the members are released with the runs
  }
}

import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import {
  HrbrainSyncError,
  RunNotFoundError,
  RunNotQueuedError,
  type RunOutcome,
  StorageError,
  SyncInProgressError,
  type SyncStorage,
} from '@mikiwame/hrbrain-sync-core';
import {
  assertOpenRun,
  assertRunOutcome,
  countSeverities,
  decodeRunCursor,
  runPageSize,
  runTrigger,
  takeRunPage,
} from '@mikiwame/hrbrain-sync-core/adapter';
import { applyPlanRows } from './apply-plan.ts';
import { migrate } from './schema.ts';
import {
  all,
  DEPARTMENT_SELECT,
  getRun,
  insertErrorRow,
  json,
  mustGetRun,
  nullableString,
  one,
  run,
  toDepartment,
  toEmployee,
  toErrorRow,
  toRun,
} from './sqlite-rows.ts';

export interface SqliteStorageOptions {
  /** An open `node:sqlite` database; the app owns it (and closes it). */
  database: DatabaseSync;
}

/**
 * A `SyncStorage` on SQLite through Node's built-in `node:sqlite` (no native build step).
 *
 * `DatabaseSync` is synchronous, so each method body runs to completion before another can
 * start in this process: a transaction can never interleave with another one here. The sync
 * lock (J5) is therefore kept in process memory; for several processes on one file, keep
 * locks in a table instead.
 */
export function createSqliteStorage({ database: db }: SqliteStorageOptions): SyncStorage {
  migrate(db);
  const locks = heldLocks(db);

  /** Finish an open run: error rows, then the run row (last write of the transaction). */
  const writeOutcome = (tenantId: string, runId: string, outcome: RunOutcome) => {
    assertRunOutcome(outcome);
    assertOpenRun(getRun(db, tenantId, runId), tenantId, runId);
    run(db, 'delete from sync_run_errors where tenant_id = ? and run_id = ?', tenantId, runId);
    for (const [position, row] of outcome.errors.entries()) {
      insertErrorRow(db, tenantId, runId, position, row);
    }
    const { errorCount, warningCount } = countSeverities(outcome.errors);
    run(
      db,
      `update sync_runs set status = ?, finished_at = ?, summary = ?, failure = ?, error_count = ?,
         warning_count = ? where tenant_id = ? and id = ?`,
      ...[outcome.status, Date.now(), json(outcome.summary), json(outcome.failure)],
      ...[errorCount, warningCount, tenantId, runId],
    );
    return mustGetRun(db, tenantId, runId);
  };

  return {
    async loadDepartments(tenantId) {
      // Parents are stored by id; the contract speaks codes, so resolve them in the query.
      return all(db, `${DEPARTMENT_SELECT} where d.tenant_id = ?`, tenantId).map(toDepartment);
    },

    async loadEmployees(tenantId) {
      return all(db, 'select * from employees where tenant_id = ?', tenantId).map(toEmployee);
    },

    async applyPlan({ tenantId, plan, run: target }) {
      // The plan and its run's outcome in ONE transaction (atomic outcome).
      return transaction(db, () => {
        if (target) assertOpenRun(getRun(db, tenantId, target.id), tenantId, target.id);
        const counts = applyPlanRows(db, tenantId, plan);
        return {
          ...counts,
          run: target ? writeOutcome(tenantId, target.id, target.outcome) : null,
        };
      });
    },

    async acquireSyncLock(tenantId, kind) {
      const key = `${tenantId}\u0000${kind}`;
      if (locks.has(key)) throw new SyncInProgressError(undefined, { tenantId, kind });
      locks.add(key);
      let released = false;
      return {
        async release() {
          if (released) return; // idempotent, as the contract asks
          released = true;
          locks.delete(key);
        },
      };
    },

    async createRun(input) {
      const id = randomUUID();
      const now = Date.now();
      const trigger = runTrigger(input.trigger); // T1: default manual, checked like every adapter
      run(
        db,
        `insert into sync_runs (id, tenant_id, kind, status, dry_run, created_at, started_at,
           trigger_type, trigger_by, trigger_delivery_id)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ...[id, input.tenantId, input.kind, input.status, input.dryRun ? 1 : 0, now],
        // A run that starts now has started; a queued one has not. The store sets the times.
        input.status === 'running' ? now : null,
        ...[trigger.type, trigger.by ?? null, trigger.deliveryId ?? null],
      );
      return mustGetRun(db, input.tenantId, id);
    },

    async startRun(tenantId, runId) {
      return transaction(db, () => {
        const found = getRun(db, tenantId, runId);
        if (!found) throw new RunNotFoundError(undefined, { tenantId: tenantId, runId: runId });
        if (found.status !== 'queued')
          throw new RunNotQueuedError(undefined, { runId: runId, status: found.status });
        run(
          db,
          `update sync_runs set status = 'running', started_at = ? where tenant_id = ? and id = ?`,
          ...[Date.now(), tenantId, runId],
        );
        return mustGetRun(db, tenantId, runId);
      });
    },

    async finishRun({ tenantId, runId, outcome }) {
      return transaction(db, () => writeOutcome(tenantId, runId, outcome));
    },

    async getRun(tenantId, runId) {
      return getRun(db, tenantId, runId);
    },

    async listRuns(tenantId, options = {}) {
      // Limit and cursor follow the core's helpers: the same bounds and errors everywhere.
      const limit = runPageSize(options.limit);
      const scope = { tenantId, kind: options.kind };
      const after = decodeRunCursor(options.cursor, scope);
      const rows = all(
        db,
        `select * from sync_runs where tenant_id = ? and seq < ? and (? is null or kind = ?)
          order by seq desc limit ?`,
        ...[tenantId, after === null ? Number.MAX_SAFE_INTEGER : Number(after)],
        ...[options.kind ?? null, options.kind ?? null, limit + 1],
      );
      const page = takeRunPage(rows, limit, (row) => Number(row.seq), scope);
      return { runs: page.rows.map(toRun), nextCursor: page.nextCursor };
    },

    async listOpenRuns(tenantId, kind) {
      return all(
        db,
        `select * from sync_runs where tenant_id = ? and kind = ? and status in ('queued', 'running')
          order by seq`,
        ...[tenantId, kind],
      ).map(toRun);
    },

    async listRunErrors(tenantId, runId) {
      return all(
        db,
        'select * from sync_run_errors where tenant_id = ? and run_id = ? order by position',
        ...[tenantId, runId],
      ).map(toErrorRow);
    },

    async saveConnection(connection) {
      // C3: one connection per tenant; connecting again replaces it.
      run(
        db,
        `insert into hrbrain_connections (tenant_id, client_id, client_secret, connected_at, connected_by)
         values (?, ?, ?, ?, ?)
         on conflict (tenant_id) do update set client_id = excluded.client_id,
           client_secret = excluded.client_secret, connected_at = excluded.connected_at,
           connected_by = excluded.connected_by`,
        ...[connection.tenantId, connection.clientId],
        connection.clientSecret, // kept as given: the app encrypts it first (C5)
        ...[connection.connectedAt.getTime(), connection.connectedBy ?? null],
      );
    },

    async getConnection(tenantId) {
      const row = one(db, 'select * from hrbrain_connections where tenant_id = ?', tenantId);
      if (!row) return null;
      return {
        tenantId: String(row.tenant_id),
        clientId: String(row.client_id),
        clientSecret: String(row.client_secret),
        connectedAt: new Date(Number(row.connected_at)),
        connectedBy: nullableString(row.connected_by),
      };
    },

    async deleteConnection(tenantId) {
      const result = run(db, 'delete from hrbrain_connections where tenant_id = ?', tenantId);
      return Number(result.changes) > 0;
    },
  };
}

/**
 * `BEGIN IMMEDIATE` takes SQLite's write lock up front, so a second connection to the same
 * file waits (or fails fast) at the start instead of halfway through. Anything thrown rolls
 * everything back; errors that are not ours are wrapped in `StorageError` with the cause.
 */
function transaction<T>(db: DatabaseSync, body: () => T): T {
  db.exec('begin immediate');
  try {
    const result = body();
    db.exec('commit');
    return result;
  } catch (error) {
    db.exec('rollback');
    if (HrbrainSyncError.isInstance(error)) throw error;
    throw new StorageError(`SQLite: ${(error as Error).message}`, { cause: error });
  }
}

/** Per-database lock set: two storages on one `DatabaseSync` share their locks. */
const locksByDatabase = new WeakMap<DatabaseSync, Set<string>>();
function heldLocks(db: DatabaseSync): Set<string> {
  let locks = locksByDatabase.get(db);
  if (!locks) {
    locks = new Set();
    locksByDatabase.set(db, locks);
  }
  return locks;
}

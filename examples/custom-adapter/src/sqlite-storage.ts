import { randomUUID } from 'node:crypto';
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import {
  type HrbrainConnection,
  HrbrainSyncError,
  StorageError,
  SyncInProgressError,
  type SyncLock,
  type SyncStorage,
} from '@mikiwame/hrbrain-sync-core';
import { applyDepartments, applyEmployees } from './apply-plan.ts';
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

  return {
    async loadDepartments(tenantId) {
      // Parents are stored by id; the contract speaks codes, so resolve them in the query.
      return all(db, `${DEPARTMENT_SELECT} where d.tenant_id = ?`, tenantId).map(toDepartment);
    },

    async loadEmployees(tenantId) {
      return all(db, 'select * from employees where tenant_id = ?', tenantId).map(toEmployee);
    },

    async acquireSyncLock(tenantId, kind) {
      const key = `${tenantId}\u0000${kind}`;
      if (locks.has(key)) throw new SyncInProgressError(undefined, { tenantId, kind });
      locks.add(key);
      let released = false;
      const lock: SyncLock = {
        async release() {
          if (released) return; // idempotent, as the contract asks
          released = true;
          locks.delete(key);
        },
      };
      return lock;
    },

    async applyDepartmentPlan(tenantId, plan) {
      return transaction(db, () => applyDepartments(db, tenantId, plan));
    },

    async applyEmployeePlan(tenantId, plan) {
      return transaction(db, () => applyEmployees(db, tenantId, plan));
    },

    async createRun(input) {
      const id = randomUUID();
      run(
        db,
        `insert into sync_runs (id, tenant_id, kind, status, dry_run, created_at, started_at)
         values (?, ?, ?, ?, ?, ?, ?)`,
        id,
        input.tenantId,
        input.kind,
        input.status,
        input.dryRun ? 1 : 0,
        Date.now(),
        // A run that starts now has started; a queued one has not.
        input.status === 'running' ? Date.now() : null,
      );
      return mustGetRun(db, input.tenantId, id);
    },

    async updateRun(tenantId, runId, patch) {
      return transaction(db, () => {
        mustGetRun(db, tenantId, runId); // scoped: another tenant's id is "not found"
        const sets: string[] = [];
        const values: SQLInputValue[] = [];
        const set = (column: string, value: SQLInputValue) => {
          sets.push(`${column} = ?`);
          values.push(value);
        };
        if (patch.status !== undefined) set('status', patch.status);
        if (patch.startedAt !== undefined) set('started_at', patch.startedAt?.getTime() ?? null);
        if (patch.finishedAt !== undefined) set('finished_at', patch.finishedAt?.getTime() ?? null);
        if (patch.summary !== undefined) set('summary', json(patch.summary));
        if (patch.failure !== undefined) set('failure', json(patch.failure));
        if (patch.errors !== undefined) {
          // The contract: errors given in a patch replace the run's earlier ones.
          run(
            db,
            'delete from sync_run_errors where tenant_id = ? and run_id = ?',
            tenantId,
            runId,
          );
          for (const [position, row] of patch.errors.entries()) {
            insertErrorRow(db, tenantId, runId, position, row);
          }
          set('error_count', patch.errors.filter((row) => row.severity === 'error').length);
          set('warning_count', patch.errors.filter((row) => row.severity === 'warning').length);
        }
        if (sets.length > 0) {
          run(
            db,
            `update sync_runs set ${sets.join(', ')} where tenant_id = ? and id = ?`,
            ...values,
            tenantId,
            runId,
          );
        }
        return mustGetRun(db, tenantId, runId);
      });
    },

    async getRun(tenantId, runId) {
      return getRun(db, tenantId, runId);
    },

    async listRuns(tenantId, options = {}) {
      const limit = Math.max(1, options.limit ?? 20);
      // The cursor is the `seq` of the last run of the previous page (opaque to callers).
      const before = options.cursor ? Number(options.cursor) : Number.MAX_SAFE_INTEGER;
      const rows = all(
        db,
        `select * from sync_runs
          where tenant_id = ? and seq < ? and (? is null or kind = ?)
          order by seq desc limit ?`,
        tenantId,
        before,
        options.kind ?? null,
        options.kind ?? null,
        limit + 1, // one more than asked tells whether there is a next page
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        runs: page.map(toRun),
        nextCursor: rows.length > limit && last ? String(last.seq) : null,
      };
    },

    async listRunErrors(tenantId, runId) {
      return all(
        db,
        'select * from sync_run_errors where tenant_id = ? and run_id = ? order by position',
        tenantId,
        runId,
      ).map(toErrorRow);
    },

    async saveConnection(connection: HrbrainConnection) {
      // C3: one connection per tenant; connecting again replaces it.
      run(
        db,
        `insert into hrbrain_connections (tenant_id, client_id, client_secret, connected_at, connected_by)
         values (?, ?, ?, ?, ?)
         on conflict (tenant_id) do update set client_id = excluded.client_id,
           client_secret = excluded.client_secret, connected_at = excluded.connected_at,
           connected_by = excluded.connected_by`,
        connection.tenantId,
        connection.clientId,
        connection.clientSecret, // kept as given: the app encrypts it first (C5)
        connection.connectedAt.getTime(),
        connection.connectedBy ?? null,
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

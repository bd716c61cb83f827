import type { DepartmentPlan, EmployeePlan, SyncStorage } from '@mikiwame/hrbrain-sync-core';
import { applyDepartmentPlan } from './apply-departments';
import { applyEmployeePlan } from './apply-employees';
import type { PostgresClient } from './client';
import * as connections from './connections';
import { guarded, PostgresStorageConfigError } from './errors';
import { type MigrateResult, migrate } from './migrate';
import * as records from './records';
import * as runs from './runs';
import { DEFAULT_SCHEMA, quoteSchema, tablesOf } from './schema-name';
import { createDriver } from './session';
import { staleOnConflict } from './stale-conflict';
import { acquireSyncLock } from './sync-lock';

/** Options of `createPostgresStorage`. */
export interface PostgresStorageOptions {
  /**
   * A `pg.Pool` (recommended: a sync lock holds one of its connections for the run), a
   * connected `pg.Client`, or a PGlite instance. The adapter never closes it.
   */
  client: PostgresClient;
  /** The schema holding the adapter's tables. Default `"hrbrain"`; a plain identifier. */
  schema?: string;
}

/** The Postgres `SyncStorage`, plus `migrate()`. */
export interface PostgresStorage extends SyncStorage {
  /** The schema this adapter reads and writes. */
  readonly schema: string;
  /**
   * Create or upgrade the adapter's tables: applies the shipped migrations not yet recorded in
   * `<schema>.schema_migrations`, in one transaction. Idempotent, and safe when several
   * processes call it at once (they wait on an advisory lock). Call it at startup or deploy.
   */
  migrate(): Promise<MigrateResult>;
}

/**
 * Create the PostgreSQL storage adapter for `@mikiwame/hrbrain-sync-core`.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createPostgresStorage } from '@mikiwame/hrbrain-storage-postgres';
 *
 * const storage = createPostgresStorage({ client: new pg.Pool({ connectionString }) });
 * await storage.migrate();
 * ```
 *
 * Every failure of the database is thrown as a `StorageError` (driver error as `cause`);
 * a plan that no longer fits the data as `StalePlanError`; a second concurrent run as
 * `SyncInProgressError`.
 */
export function createPostgresStorage(options: PostgresStorageOptions): PostgresStorage {
  if (typeof options !== 'object' || options === null) {
    throw new PostgresStorageConfigError('createPostgresStorage: pass { client, schema? }.', {
      option: 'options',
    });
  }
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const t = tablesOf(quoteSchema(schema));
  const client = options.client;
  const driver = createDriver(client);
  const run = <T>(operation: string, work: () => Promise<T>) => guarded(operation, t.schema, work);

  return {
    schema,
    migrate: () => run('migrate', () => migrate(driver, t, schema)),
    loadDepartments: (tenantId) =>
      run('loadDepartments', () => records.loadDepartments(driver, t, tenantId)),
    loadEmployees: (tenantId) =>
      run('loadEmployees', () => records.loadEmployees(driver, t, tenantId)),
    acquireSyncLock: (tenantId, kind) =>
      run('acquireSyncLock', () => acquireSyncLock(driver, client, schema, tenantId, kind)),
    applyDepartmentPlan: (tenantId, plan: DepartmentPlan) =>
      run('applyDepartmentPlan', () =>
        driver
          .transaction((tx) => applyDepartmentPlan(tx, t, tenantId, plan))
          .catch(staleOnConflict(tenantId)),
      ),
    applyEmployeePlan: (tenantId, plan: EmployeePlan) =>
      run('applyEmployeePlan', () =>
        driver
          .transaction((tx) => applyEmployeePlan(tx, t, tenantId, plan))
          .catch(staleOnConflict(tenantId)),
      ),
    createRun: (input) => run('createRun', () => runs.createRun(driver, t, input)),
    updateRun: (tenantId, runId, patch) =>
      run('updateRun', () => runs.updateRun(driver, t, tenantId, runId, patch)),
    getRun: (tenantId, runId) => run('getRun', () => runs.getRun(driver, t, tenantId, runId)),
    listRuns: (tenantId, listOptions) =>
      run('listRuns', () => runs.listRuns(driver, t, tenantId, listOptions)),
    listRunErrors: (tenantId, runId) =>
      run('listRunErrors', () => runs.listRunErrors(driver, t, tenantId, runId)),
    saveConnection: (connection) =>
      run('saveConnection', () => connections.saveConnection(driver, t, connection)),
    getConnection: (tenantId) =>
      run('getConnection', () => connections.getConnection(driver, t, tenantId)),
    deleteConnection: (tenantId) =>
      run('deleteConnection', () => connections.deleteConnection(driver, t, tenantId)),
  };
}

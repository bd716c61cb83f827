import type {
  ApplyPlanInput,
  ApplyResult,
  SyncRun,
  SyncStorage,
} from '@mikiwame/hrbrain-sync-core';
import { assertPlanShape } from '@mikiwame/hrbrain-sync-core/adapter';
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

/**
 * The plan and, with `input.run`, its run's outcome in ONE transaction: the run row is locked
 * and checked open first (so a run closed as abandoned meanwhile refuses the whole apply),
 * then the data, then the error rows, and the run row last.
 */
async function applyPlan(
  driver: ReturnType<typeof createDriver>,
  t: ReturnType<typeof tablesOf>,
  input: ApplyPlanInput,
): Promise<ApplyResult> {
  const { tenantId, run } = input ?? {};
  const plan = assertPlanShape(input?.plan);
  return driver
    .transaction(async (tx) => {
      if (run !== undefined) await runs.lockOpenRun(tx, t, tenantId, run.id);
      const counts =
        plan.kind === 'departments'
          ? await applyDepartmentPlan(tx, t, tenantId, plan)
          : await applyEmployeePlan(tx, t, tenantId, plan);
      let finished: SyncRun | null = null;
      if (run !== undefined)
        finished = await runs.writeOutcome(tx, t, tenantId, run.id, run.outcome);
      return { ...counts, run: finished };
    })
    .catch(staleOnConflict(tenantId));
}

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
    applyPlan: (input) => run('applyPlan', () => applyPlan(driver, t, input)),
    createRun: (input) => run('createRun', () => runs.createRun(driver, t, input)),
    startRun: (tenantId, runId) => run('startRun', () => runs.startRun(driver, t, tenantId, runId)),
    finishRun: (input) => run('finishRun', () => runs.finishRun(driver, t, input)),
    listOpenRuns: (tenantId, kind) =>
      run('listOpenRuns', () => runs.listOpenRuns(driver, t, tenantId, kind)),
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

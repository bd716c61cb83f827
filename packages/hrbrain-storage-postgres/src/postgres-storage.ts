import type {
  ApplyPlanInput,
  ApplyResult,
  CreateRunInput,
  FinishRunInput,
  HrbrainConnection,
  ListRunsOptions,
  SyncKind,
  SyncRun,
  SyncStorage,
} from '@mikiwame/hrbrain-sync-core';
import { assertPlanShape } from '@mikiwame/hrbrain-sync-core/adapter';
import { applyDepartmentPlan } from './apply-departments';
import { applyEmployeePlan } from './apply-employees';
import type { PostgresClient } from './client';
import * as connections from './connections';
import { guarded, PostgresStorageConfigError } from './errors';
import type { MappingCheckResult } from './mapped/check';
import type { RecordsMapping } from './mapped/mapping';
import { createMappedRecords } from './mapped/store';
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
  /**
   * Sync into your application's own tables instead of the adapter's `departments` and
   * `employees`: table, tenant and id columns, every mapped field's column, value codes.
   * The adapter never creates, alters or drops a mapped table; runs, connections and locks
   * stay in `schema` (created by `migrate()`). Check it at start with `storage.check()`.
   */
  mapping?: RecordsMapping;
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
  /**
   * With a `mapping`: compare it with the database (tables, columns, types, the unique
   * indexes on the match keys) and list every problem with the DDL that fixes it. Reads the
   * catalog only. Loads and applies run the same check once and throw `MappingError` on a
   * problem. Without a mapping: `{ ok: true, problems: [] }`.
   */
  check(): Promise<MappingCheckResult>;
  /** With a mapping: the sync fields each mapped table keeps (a field left out is not synced). */
  readonly syncedFields?: { departments: readonly string[]; employees: readonly string[] };
}

/**
 * Create the PostgreSQL storage adapter for `@mikiwame/hrbrain-sync-core`.
 *
 * @example
 * <!-- docs:prelude declare const connectionString: string; -->
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
  if (options.mapping !== undefined) {
    return withMapping(schema, t, client, driver, options.mapping, run);
  }

  return {
    ...ownParts(schema, t, client, driver, run),
    check: async () => ({ ok: true, problems: [] }),
    loadDepartments: (tenantId) =>
      run('loadDepartments', () => records.loadDepartments(driver, t, tenantId)),
    loadEmployees: (tenantId) =>
      run('loadEmployees', () => records.loadEmployees(driver, t, tenantId)),
    applyPlan: (input) => run('applyPlan', () => applyPlan(driver, t, input)),
  };
}

/** Everything but the records store: migrate, locks, run log, connections (own schema). */
function ownParts(
  schema: string,
  t: ReturnType<typeof tablesOf>,
  client: PostgresClient,
  driver: ReturnType<typeof createDriver>,
  run: <T>(operation: string, work: () => Promise<T>) => Promise<T>,
) {
  return {
    schema,
    migrate: () => run('migrate', () => migrate(driver, t, schema)),
    acquireSyncLock: (tenantId: string, kind: SyncKind) =>
      run('acquireSyncLock', () => acquireSyncLock(driver, client, schema, tenantId, kind)),
    createRun: (input: CreateRunInput) => run('createRun', () => runs.createRun(driver, t, input)),
    startRun: (tenantId: string, runId: string) =>
      run('startRun', () => runs.startRun(driver, t, tenantId, runId)),
    finishRun: (input: FinishRunInput) => run('finishRun', () => runs.finishRun(driver, t, input)),
    listOpenRuns: (tenantId: string, kind: SyncKind) =>
      run('listOpenRuns', () => runs.listOpenRuns(driver, t, tenantId, kind)),
    getRun: (tenantId: string, runId: string) =>
      run('getRun', () => runs.getRun(driver, t, tenantId, runId)),
    listRuns: (tenantId: string, listOptions?: ListRunsOptions) =>
      run('listRuns', () => runs.listRuns(driver, t, tenantId, listOptions)),
    listRunErrors: (tenantId: string, runId: string) =>
      run('listRunErrors', () => runs.listRunErrors(driver, t, tenantId, runId)),
    saveConnection: (connection: HrbrainConnection) =>
      run('saveConnection', () => connections.saveConnection(driver, t, connection)),
    getConnection: (tenantId: string) =>
      run('getConnection', () => connections.getConnection(driver, t, tenantId)),
    deleteConnection: (tenantId: string) =>
      run('deleteConnection', () => connections.deleteConnection(driver, t, tenantId)),
  };
}

/** The same adapter with its records store on the application's own tables. */
function withMapping(
  schema: string,
  t: ReturnType<typeof tablesOf>,
  client: PostgresClient,
  driver: ReturnType<typeof createDriver>,
  mapping: RecordsMapping,
  run: <T>(operation: string, work: () => Promise<T>) => Promise<T>,
): PostgresStorage {
  const records = createMappedRecords(driver, mapping);
  const own = ownParts(schema, t, client, driver, run);
  return {
    ...own,
    syncedFields: records.syncedFields,
    check: () => run('check', () => records.check()),
    loadDepartments: (tenantId) =>
      run('loadDepartments', () =>
        records.loadDepartments(tenantId).catch(records.changedSinceCheck),
      ),
    loadEmployees: (tenantId) =>
      run('loadEmployees', () => records.loadEmployees(tenantId).catch(records.changedSinceCheck)),
    applyPlan: (input) =>
      run('applyPlan', async () => {
        const { tenantId, run: outcomeOf } = input ?? {};
        const plan = assertPlanShape(input?.plan);
        records.assertTenant(tenantId);
        // Checked before the transaction: with one shared session (PGlite, a pg.Client) a
        // catalog read inside it would wait for the transaction to end.
        const sql = await records.prepare();
        return driver
          .transaction(async (tx) => {
            // The run row first (refuses a run closed meanwhile), then the app's tables, then
            // the outcome in the adapter's own schema: one transaction (contract v2).
            if (outcomeOf !== undefined) await runs.lockOpenRun(tx, t, tenantId, outcomeOf.id);
            const counts =
              plan.kind === 'departments'
                ? await records.applyDepartmentPlan(tx, sql, tenantId, plan)
                : await records.applyEmployeePlan(tx, sql, tenantId, plan);
            let finished: SyncRun | null = null;
            if (outcomeOf !== undefined) {
              finished = await runs.writeOutcome(tx, t, tenantId, outcomeOf.id, outcomeOf.outcome);
            }
            return { ...counts, run: finished };
          })
          .catch(records.staleOnConflict(tenantId))
          .catch(records.changedSinceCheck);
      }),
  };
}

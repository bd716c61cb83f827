/**
 * `@mikiwame/hrbrain-storage-postgres`: the PostgreSQL `SyncStorage` adapter
 * ({@link createPostgresStorage}) over a client the app already has (`pg.Pool`, `pg.Client`
 * or PGlite), with its versioned {@link migrations}. Database failures are the core's
 * `StorageError`; bad options a {@link PostgresStorageConfigError}.
 *
 * @packageDocumentation
 */
export type {
  PGliteLike,
  PGliteTransactionLike,
  PgClientLike,
  PgPoolClientLike,
  PgPoolLike,
  PostgresClient,
  QueryResultLike,
} from './client';
export { MappingError, PostgresStorageConfigError } from './errors';
export type { MappingCheckResult, MappingProblem } from './mapped/check';
export {
  type ColumnRef,
  type DepartmentLink,
  type DepartmentTableMapping,
  defineRecordsMapping,
  type EmployeeTableMapping,
  type MappedColumn,
  type MappedKeyType,
  type RecordsMapping,
  type StoredCode,
} from './mapped/mapping';
export type { MigrateResult } from './migrate';
export { type Migration, migrations } from './migrations';
export {
  createPostgresStorage,
  type PostgresStorage,
  type PostgresStorageOptions,
} from './postgres-storage';
export {
  type RecordRunOutcomeOptions,
  recordRunOutcome,
} from './record-outcome';
export { DEFAULT_SCHEMA } from './schema-name';

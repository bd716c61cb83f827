export type {
  PGliteLike,
  PGliteTransactionLike,
  PgClientLike,
  PgPoolClientLike,
  PgPoolLike,
  PostgresClient,
  QueryResultLike,
} from './client';
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

import { PostgresStorageConfigError } from './errors';

/** The default schema the adapter's tables live in. */
export const DEFAULT_SCHEMA = 'hrbrain';

const identifier = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/**
 * Validate a schema name and quote it as an identifier. Only plain identifiers are taken:
 * the name ends up in DDL and in every query, where it cannot be a parameter.
 */
export function quoteSchema(schema: string): string {
  if (
    typeof schema !== 'string' ||
    !identifier.test(schema) ||
    new TextEncoder().encode(schema).length > 63 ||
    schema.toLowerCase().startsWith('pg_')
  ) {
    throw new PostgresStorageConfigError(
      `createPostgresStorage: schema ${JSON.stringify(schema)} is not a valid schema name; use letters, digits and "_" (max 63 bytes, starting with a letter or "_", not "pg_…").`,
      { option: 'schema' },
    );
  }
  return `"${schema}"`;
}

/** Fully qualified, quoted table names of one schema. */
export interface Tables {
  schema: string;
  migrations: string;
  departments: string;
  employees: string;
  runs: string;
  runErrors: string;
  connections: string;
}

export function tablesOf(quotedSchema: string): Tables {
  return {
    schema: quotedSchema,
    migrations: `${quotedSchema}.schema_migrations`,
    departments: `${quotedSchema}.departments`,
    employees: `${quotedSchema}.employees`,
    runs: `${quotedSchema}.sync_runs`,
    runErrors: `${quotedSchema}.sync_run_errors`,
    connections: `${quotedSchema}.connections`,
  };
}

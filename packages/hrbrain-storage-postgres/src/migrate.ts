import { migrations } from './migrations';
import type { Tables } from './schema-name';
import type { Driver } from './session';

/** What `migrate()` did. */
export interface MigrateResult {
  /** Names of the migrations applied by this call (empty when the schema was up to date). */
  applied: string[];
}

/**
 * Apply the shipped migrations not yet recorded, in one transaction. A transaction-scoped
 * advisory lock per schema makes concurrent `migrate()` calls (several app instances booting
 * at once) wait for each other instead of racing on `create table`.
 */
export async function migrate(driver: Driver, tables: Tables, schema: string) {
  return driver.transaction(async (tx): Promise<MigrateResult> => {
    await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `@mikiwame/hrbrain-storage-postgres:migrate:${schema}`,
    ]);
    await tx.exec(`create schema if not exists ${tables.schema}`);
    await tx.exec(
      `create table if not exists ${tables.migrations} (name text primary key, applied_at timestamptz not null default now())`,
    );
    const { rows } = await tx.query<{ name: string }>(`select name from ${tables.migrations}`);
    const done = new Set(rows.map((row) => row.name));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      await tx.exec(`set local search_path to ${tables.schema}`);
      await tx.exec(migration.sql);
      await tx.query(`insert into ${tables.migrations} (name) values ($1)`, [migration.name]);
      applied.push(migration.name);
    }
    return { applied };
  });
}

import type pg from 'pg';

/**
 * The example server's own tables (beside the storage adapter's and pg-boss's): numbered
 * steps, applied once each, in order, under a transaction-scoped advisory lock so that any
 * number of processes starting at once migrate exactly once.
 */
const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'webhook endpoints',
    // One endpoint per tenant. Only a hash of the URL token is kept: a copy of the database
    // does not reveal a working URL. The signing secret is sealed like the HRBrain secret.
    sql: `
      create table hrbrain_webhook_endpoints (
        tenant_id text primary key,
        token_hash text not null unique,
        signing_secret text,
        rotated_at timestamptz not null default now()
      )`,
  },
  {
    version: 2,
    name: 'webhook delivery rate',
    // A token bucket per tenant shared by every web process (delivery-rate-limit.ts).
    sql: `
      create table hrbrain_webhook_rate (
        tenant_id text primary key,
        tokens double precision not null,
        at timestamptz not null,
        allowed boolean not null
      )`,
  },
];

/** A fixed advisory lock key for "the example server is migrating its tables". */
const MIGRATION_LOCK = 0x68726273; // 'hrbs'

export async function migrateServerTables(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `create table if not exists example_server_migrations (
         version integer primary key,
         name text not null,
         applied_at timestamptz not null default now()
       )`,
    );
    const { rows } = await client.query<{ version: number }>(
      'select version from example_server_migrations',
    );
    const applied = new Set(rows.map((row) => row.version));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('insert into example_server_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

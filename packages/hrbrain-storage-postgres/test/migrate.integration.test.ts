import { StorageError } from '@mikiwame/hrbrain-sync-core';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createPostgresStorage, migrations } from '../src/index';
import { newPglite, serverPool, uniqueSchema } from './setup/databases';

const pool = serverPool(20);
afterAll(() => pool.end());

async function tablesIn(schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ table_name: string }>(
    'select table_name from information_schema.tables where table_schema = $1 order by 1',
    [schema],
  );
  return rows.map((row) => row.table_name);
}

describe('migrate()', () => {
  it('creates the tables in the chosen schema, records the migration, and is idempotent', async () => {
    const schema = uniqueSchema('mig');
    const storage = createPostgresStorage({ client: pool, schema });
    expect(storage.schema).toBe(schema);
    expect(await storage.migrate()).toEqual({
      applied: ['0001_init', '0002_contract_v2', '0003_run_trigger', '0004_email_key_trim'],
    });
    expect(await storage.migrate()).toEqual({ applied: [] });
    expect(await tablesIn(schema)).toEqual([
      'connections',
      'departments',
      'employees',
      'schema_migrations',
      'sync_run_errors',
      'sync_runs',
    ]);
    const { rows } = await pool.query(`select name from "${schema}".schema_migrations`);
    expect(rows).toEqual([
      { name: '0001_init' },
      { name: '0002_contract_v2' },
      { name: '0003_run_trigger' },
      { name: '0004_email_key_trim' },
    ]);
  });

  it('is safe when several processes migrate the same schema at once (advisory lock)', async () => {
    const schema = uniqueSchema('race');
    // Separate pools stand in for separate processes: separate sessions on the server.
    const pools = Array.from(
      { length: 6 },
      () => new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 }),
    );
    try {
      const results = await Promise.all(
        pools.map((client) => createPostgresStorage({ client, schema }).migrate()),
      );
      expect(results.flatMap((r) => r.applied)).toEqual([
        '0001_init',
        '0002_contract_v2',
        '0003_run_trigger',
        '0004_email_key_trim',
      ]);
      const { rows } = await pool.query(
        `select count(*)::int as n from "${schema}".schema_migrations`,
      );
      expect(rows[0]).toEqual({ n: migrations.length });
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('keeps schemas apart: two storages on one database see only their own rows', async () => {
    const a = createPostgresStorage({ client: pool, schema: uniqueSchema('a') });
    const b = createPostgresStorage({ client: pool, schema: uniqueSchema('b') });
    await a.migrate();
    await b.migrate();
    await a.saveConnection({
      tenantId: 't',
      clientId: 'acme',
      clientSecret: 'enc:1',
      connectedAt: new Date(),
    });
    expect(await a.getConnection('t')).not.toBeNull();
    expect(await b.getConnection('t')).toBeNull();
  });

  it('uses the "hrbrain" schema by default', () => {
    expect(createPostgresStorage({ client: pool }).schema).toBe('hrbrain');
  });

  it.each([
    'bad-name',
    'x"; drop schema public cascade; --',
    '',
    '1abc',
    'pg_catalog',
    'a'.repeat(64),
  ])('refuses the schema name %j before any query', (schema) => {
    expect(() => createPostgresStorage({ client: pool, schema })).toThrow(
      /not a valid schema name/,
    );
  });

  it('says "run storage.migrate() first" when the tables are missing', async () => {
    const storage = createPostgresStorage({ client: pool, schema: uniqueSchema('missing') });
    const error = await storage.loadEmployees('t').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(/storage\.migrate\(\)/);
    expect((error as StorageError).cause).toMatchObject({ code: '42P01' });
  });

  it('migrates PGlite too, idempotently', async () => {
    const db = await newPglite();
    try {
      const storage = createPostgresStorage({ client: db, schema: 'app_sync' });
      expect(await storage.migrate()).toEqual({
        applied: ['0001_init', '0002_contract_v2', '0003_run_trigger', '0004_email_key_trim'],
      });
      expect(await storage.migrate()).toEqual({ applied: [] });
      const { rows } = await db.query<{ n: number }>(
        "select count(*)::int as n from information_schema.tables where table_schema = 'app_sync'",
      );
      expect(rows[0]?.n).toBe(6);
    } finally {
      await db.close();
    }
  });
});

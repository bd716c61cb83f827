import { describeStorageConformance } from '@mikiwame/hrbrain-storage-testkit';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createPostgresStorage } from '../src/index';
import { serverPool, uniqueSchema } from './setup/databases';
import { addNoteColumns, postgresInspector } from './setup/inspector';

// The published conformance kit against a real PostgreSQL server, through a pg.Pool and
// through one pg.Client. Every test uses fresh tenant ids, so one migrated schema per client
// serves them all. (PGlite: conformance-pglite.integration.test.ts, run in parallel.)

const pool = serverPool(10);
const poolSchema = uniqueSchema('conformance_pool');
const onPool = createPostgresStorage({ client: pool, schema: poolSchema });

// One connected pg.Client: every operation shares a single session.
const client = new pg.Client({ connectionString: inject('databaseUrl') });
const clientSchema = uniqueSchema('conformance_client');
const onClient = createPostgresStorage({ client, schema: clientSchema });

beforeAll(async () => {
  await onPool.migrate();
  await addNoteColumns(pool, poolSchema);
  await client.connect();
  await onClient.migrate();
  await addNoteColumns(pool, clientSchema);
});

afterAll(async () => {
  await pool.end();
  await client.end();
});

describeStorageConformance('postgres (pg.Pool, real server)', {
  create: () => onPool,
  inspect: postgresInspector(pool, poolSchema),
});

describeStorageConformance('postgres (one pg.Client, real server)', {
  create: () => onClient,
  inspect: postgresInspector(pool, clientSchema),
});

import type { PGlite } from '@electric-sql/pglite';
import { describeStorageConformance } from '@mikiwame/hrbrain-storage-testkit';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createPostgresStorage, type PostgresStorage } from '../src/index';
import { newPglite, serverPool, uniqueSchema } from './setup/databases';
import { addNoteColumns, postgresInspector } from './setup/inspector';

// The published conformance kit, against a real PostgreSQL server (through a pg.Pool and
// through one pg.Client) and against PGlite.
// Every test uses fresh tenant ids, so one migrated schema per database serves them all.

const pool = serverPool(10);
const serverSchema = uniqueSchema('conformance');
const onServer = createPostgresStorage({ client: pool, schema: serverSchema });

// One connected pg.Client: every operation shares a single session.
const client = new pg.Client({ connectionString: inject('databaseUrl') });
const clientSchema = uniqueSchema('conformance_client');
const onClient = createPostgresStorage({ client, schema: clientSchema });

let db: PGlite;
let onPglite: PostgresStorage;

beforeAll(async () => {
  await onServer.migrate();
  await addNoteColumns(pool, serverSchema);
  await client.connect();
  await onClient.migrate();
  await addNoteColumns(pool, clientSchema);
  db = await newPglite();
  onPglite = createPostgresStorage({ client: db });
  await onPglite.migrate();
  await addNoteColumns(db, onPglite.schema);
}, 120_000);

afterAll(async () => {
  await pool.end();
  await client.end();
  await db?.close();
});

describeStorageConformance('postgres (pg.Pool, real server)', {
  create: () => onServer,
  inspect: postgresInspector(pool, serverSchema),
});

describeStorageConformance('postgres (one pg.Client, real server)', {
  create: () => onClient,
  inspect: postgresInspector(pool, clientSchema),
});

describeStorageConformance('postgres (PGlite)', {
  create: () => onPglite,
  inspect: postgresInspector({ query: (text, params) => db.query(text, params) }, 'hrbrain'),
});

import { describeStorageConformance } from '@mikiwame/hrbrain-storage-testkit';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createPostgresStorage, type PostgresStorage } from '../src/index';
import { newPglite, serverPool, uniqueSchema } from './setup/databases';
import { addNoteColumns } from './setup/inspector';
import { mappedDdl, mappedInspector, mappedMapping } from './setup/mapped-schema';

// The published conformance kit against an application's own tables (bigint ids, renamed
// columns and tenant column, value codes), through a mapping: on a real server (pg.Pool)
// and on PGlite. The default schema runs in conformance-server / conformance-pglite.

const pool = serverPool(10);
const poolSchema = uniqueSchema('mapped_pool');
const onPool = createPostgresStorage({
  client: pool,
  schema: poolSchema,
  mapping: mappedMapping(poolSchema),
});

// One connected pg.Client: the mapping check runs before the apply's transaction, not inside.
const client = new pg.Client({ connectionString: inject('databaseUrl') });
const clientSchema = uniqueSchema('mapped_client');
const onClient = createPostgresStorage({
  client,
  schema: clientSchema,
  mapping: mappedMapping(clientSchema),
});

let pglite: Awaited<ReturnType<typeof newPglite>>;
let onPglite: PostgresStorage;
const pgliteSchema = 'mapped_pglite';

beforeAll(async () => {
  await pool.query(mappedDdl(poolSchema));
  await onPool.migrate();
  // The outcome fault injection of the atomicity checks (on the adapter's own run log).
  await addNoteColumns(pool, poolSchema);
  await client.connect();
  await pool.query(mappedDdl(clientSchema));
  await onClient.migrate();
  await addNoteColumns(pool, clientSchema);
  pglite = await newPglite();
  await pglite.exec(mappedDdl(pgliteSchema));
  onPglite = createPostgresStorage({
    client: pglite,
    schema: pgliteSchema,
    mapping: mappedMapping(pgliteSchema),
  });
  await onPglite.migrate();
  await addNoteColumns(pglite, pgliteSchema);
}, 120_000);

afterAll(async () => {
  await pool.end();
  await client.end();
  await pglite?.close();
});

describeStorageConformance('postgres, mapped tables (pg.Pool, real server)', {
  create: () => onPool,
  inspect: mappedInspector(pool, poolSchema),
});

describeStorageConformance('postgres, mapped tables (one pg.Client, real server)', {
  create: () => onClient,
  inspect: mappedInspector(pool, clientSchema),
});

describeStorageConformance('postgres, mapped tables (PGlite)', {
  create: () => onPglite,
  inspect: mappedInspector({ query: (text, params) => pglite.query(text, params) }, pgliteSchema),
});

import type { PGlite } from '@electric-sql/pglite';
import { describeStorageConformance } from '@mikiwame/hrbrain-storage-testkit';
import { afterAll, beforeAll } from 'vitest';
import { createPostgresStorage, type PostgresStorage } from '../src/index';
import { newPglite } from './setup/databases';
import { addNoteColumns, postgresInspector } from './setup/inspector';

// The published conformance kit against PGlite (in-process PostgreSQL), default schema.

let db: PGlite;
let storage: PostgresStorage;

beforeAll(async () => {
  db = await newPglite();
  storage = createPostgresStorage({ client: db });
  await storage.migrate();
  await addNoteColumns(db, storage.schema);
}, 120_000);

afterAll(() => db?.close());

describeStorageConformance('postgres (PGlite)', {
  create: () => storage,
  inspect: postgresInspector({ query: (text, params) => db.query(text, params) }, 'hrbrain'),
});

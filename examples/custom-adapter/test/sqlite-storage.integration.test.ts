import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describeStorageConformance } from '@mikiwame/hrbrain-storage-testkit';
import { afterAll } from 'vitest';
import { createSqliteStorage } from '../src/sqlite-storage.ts';
import { createSqliteInspector } from './sqlite-inspector.ts';

// One database file for the whole suite, as an app would have: every check works on tenant
// ids no other check uses, which is itself part of what is proven (tenant scoping).
const dir = mkdtempSync(join(tmpdir(), 'custom-adapter-'));
const database = new DatabaseSync(join(dir, 'hrbrain.db'));
database.exec('pragma journal_mode = wal');

afterAll(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

describeStorageConformance('node:sqlite', {
  // A new adapter per check on the same database, like a new request in a server.
  create: () => createSqliteStorage({ database }),
  inspect: createSqliteInspector(database),
});

import { createRequire } from 'node:module';
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPglite } from './setup/databases';

// The published builds must carry the migrations themselves (no files read at runtime).
let db: PGlite;
beforeAll(async () => {
  db = await newPglite();
}, 120_000);
afterAll(() => db.close());

describe('published dist', () => {
  it.each([
    ['ESM', 'esm_build', () => import('../dist/index.mjs')],
    ['CJS', 'cjs_build', async () => createRequire(import.meta.url)('../dist/index.cjs')],
  ])('%s build migrates a fresh database', async (_format, schema, load) => {
    const { createPostgresStorage } = (await load()) as typeof import('../src/index');
    const storage = createPostgresStorage({ client: db, schema });
    expect(await storage.migrate()).toEqual({
      applied: ['0001_init', '0002_contract_v2', '0003_run_trigger', '0004_email_key_trim'],
    });
    expect(await storage.loadDepartments('t')).toEqual([]);
  });
});

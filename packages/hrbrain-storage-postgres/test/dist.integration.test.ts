import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { newPglite } from './setup/databases';

// The published builds must carry the migrations themselves (no files read at runtime).
describe('published dist', () => {
  it.each([
    ['ESM', () => import('../dist/index.mjs')],
    ['CJS', async () => createRequire(import.meta.url)('../dist/index.cjs')],
  ])('%s build migrates a fresh database', async (_format, load) => {
    const { createPostgresStorage } = (await load()) as typeof import('../src/index');
    const db = await newPglite();
    try {
      const storage = createPostgresStorage({ client: db });
      expect(await storage.migrate()).toEqual({ applied: ['0001_init'] });
      expect(await storage.loadDepartments('t')).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

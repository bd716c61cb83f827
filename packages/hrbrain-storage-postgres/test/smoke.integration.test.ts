import { describe, expect, it } from 'vitest';
import { createPostgresStorage } from '../src/index';
import { serverPool, uniqueSchema } from './setup/databases';

describe('smoke', () => {
  it('migrates and creates', async () => {
    const pool = serverPool();
    const storage = createPostgresStorage({ client: pool, schema: uniqueSchema() });
    expect(await storage.migrate()).toEqual({ applied: ['0001_init'] });
    expect(await storage.migrate()).toEqual({ applied: [] });
    const r = await storage.applyDepartmentPlan('t1', {
      kind: 'departments',
      creates: [
        { code: 'C', name: 'child', parentCode: 'B', sourceId: '3' },
        { code: 'A', name: 'root', parentCode: null, sourceId: '1' },
        { code: 'B', name: 'mid', parentCode: 'A', sourceId: '2' },
      ],
      updates: [],
      unchanged: [],
      skipped: [],
      errors: [],
      notInSource: [],
      summary: {
        source: 3,
        created: 3,
        updated: 0,
        unchanged: 0,
        skipped: 0,
        warnings: 0,
        notInSource: 0,
      },
    });
    expect(r).toEqual({ created: 3, updated: 0 });
    console.log(await storage.loadDepartments('t1'));
    await pool.end();
  });
});

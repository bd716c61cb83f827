import { StorageError } from '@mikiwame/hrbrain-sync-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { PgPoolLike } from '../src/client';
import { createPostgresStorage } from '../src/index';
import { newPglite, serverPool, uniqueSchema } from './setup/databases';
import { mappedDdl, mappedMapping } from './setup/mapped-schema';
import { employee, employeePlan } from './setup/plans';

const pool = serverPool(2);
afterAll(() => pool.end());

// The mapped schema's `badge` (employeeNumber) is varchar(40).
const tooLong = 'E'.repeat(41);

describe.each([
  ['pg.Pool (COPY)', 'pool', 'varchar(40)'],
  ['PGlite (INSERT … unnest)', 'pglite', 'varchar(40)'],
] as const)('mapped length-limited columns via %s, %s', (_name, driver, type) => {
  it('J5/E10 a value longer than the column is refused (StorageError, nothing written), never cut: creates and updates', async () => {
    const schema = uniqueSchema('lengths');
    const ddl = `${mappedDdl(schema)}; alter table "${schema}".people alter column badge type ${type};`;
    let client: PgPoolLike;
    let close = async () => {};
    if (driver === 'pool') {
      await pool.query(ddl);
      client = pool;
    } else {
      const db = await newPglite();
      await db.exec(ddl);
      client = db as unknown as PgPoolLike;
      close = () => db.close();
    }
    try {
      const storage = createPostgresStorage({
        client,
        schema: `${schema}_log`,
        mapping: mappedMapping(schema),
      });
      await storage.migrate();
      const create = storage.applyPlan({
        tenantId: 't',
        plan: employeePlan([employee(1), employee(2, { employeeNumber: tooLong })]),
      });
      await expect(create).rejects.toThrow(StorageError);
      await expect(create).rejects.toThrow(/too long/);
      expect(await storage.loadEmployees('t')).toEqual([]);

      await storage.applyPlan({ tenantId: 't', plan: employeePlan([employee(1)]) });
      const [stored] = await storage.loadEmployees('t');
      const update = storage.applyPlan({
        tenantId: 't',
        plan: employeePlan(
          [],
          [
            {
              id: stored!.id,
              sourceId: 'm-1',
              values: { ...stored!, employeeNumber: tooLong },
              changes: [{ field: 'employeeNumber', from: stored!.employeeNumber, to: tooLong }],
            },
          ],
        ),
      });
      await expect(update).rejects.toThrow(/too long/);
      const [after] = await storage.loadEmployees('t');
      expect(after?.employeeNumber).toBe(stored!.employeeNumber);
    } finally {
      await close();
    }
  });
});

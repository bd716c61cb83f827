import { applyEmployeePlan } from '@mikiwame/hrbrain-storage-testkit';
import { StorageError } from '@mikiwame/hrbrain-sync-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStorage } from '../src/index';
import { serverPool, uniqueSchema } from './setup/databases';
import { employeePlan, employees } from './setup/plans';

const admin = serverPool(2);
afterAll(() => admin.end());

/** Poll pg_stat_activity until a backend runs a statement matching `pattern`; return its pid. */
async function waitForBackend(pattern: string, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await admin.query<{ pid: number }>(
      `select pid from pg_stat_activity
       where state = 'active' and pid <> pg_backend_pid() and query ilike $1 limit 1`,
      [pattern],
    );
    if (rows[0]) return rows[0].pid;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`no backend ran ${pattern} within ${timeoutMs} ms`);
}

describe('fault: the applying backend is terminated mid-apply', () => {
  it('J5 rejects with StorageError, stores nothing of the plan, and the next run succeeds', async () => {
    const schema = uniqueSchema('fault');
    const pool = serverPool(4);
    try {
      const storage = createPostgresStorage({ client: pool, schema });
      await storage.migrate();
      const plan = employeePlan(employees(50_000));
      const applying = applyEmployeePlan(storage, 't', plan).then(
        () => 'applied' as const,
        (error: unknown) => error,
      );
      // The creates' statement: a COPY on pg (an INSERT … unnest where COPY is unavailable).
      const pid = await waitForBackend(`%"${schema}".employees%`);
      await admin.query('select pg_terminate_backend($1)', [pid]);
      const error = await applying;
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).message).toMatch(
        /connection was lost.*nothing of this call was stored/,
      );
      expect((error as StorageError).cause).toBeDefined();
      const { rows } = await admin.query(`select count(*)::int as n from "${schema}".employees`);
      expect(rows[0]).toEqual({ n: 0 });
      // The pool dropped the dead connection; the retry goes through on a fresh one.
      expect(await applyEmployeePlan(storage, 't', plan)).toMatchObject({
        created: 50_000,
        updated: 0,
      });
      expect((await storage.loadEmployees('t')).length).toBe(50_000);
    } finally {
      await pool.end();
    }
  });
});

import { SyncInProgressError, type SyncLock } from '@mikiwame/hrbrain-sync-core';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createPostgresStorage } from '../src/index';
import { newPglite, serverPool, uniqueSchema } from './setup/databases';

const admin = serverPool(2);
afterAll(() => admin.end());

describe('acquireSyncLock (J5)', () => {
  it('J5 refuses a second run of the same tenant and kind from another process (advisory lock)', async () => {
    const schema = uniqueSchema('lock');
    // Two pools = two processes: nothing shared in memory, only the server.
    const one = new pg.Pool({ connectionString: inject('databaseUrl') });
    const two = new pg.Pool({ connectionString: inject('databaseUrl') });
    try {
      const a = createPostgresStorage({ client: one, schema });
      const b = createPostgresStorage({ client: two, schema });
      const lock = await a.acquireSyncLock('t', 'employees');
      const refused = await b.acquireSyncLock('t', 'employees').catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(SyncInProgressError);
      // The pool connection that tried was handed back, not leaked.
      expect(two.totalCount - two.idleCount).toBe(0);
      const other = await b.acquireSyncLock('t', 'departments');
      await other.release();
      await lock.release();
      const again = await b.acquireSyncLock('t', 'employees');
      await again.release();
    } finally {
      await Promise.all([one.end(), two.end()]);
    }
  });

  it('J5 frees the lock when the process holding it dies (its session ends)', async () => {
    const schema = uniqueSchema('lockdie');
    const one = new pg.Pool({
      connectionString: inject('databaseUrl'),
      application_name: `holder-${schema}`,
    });
    one.on('error', () => {});
    const two = new pg.Pool({ connectionString: inject('databaseUrl') });
    let held: SyncLock | undefined;
    try {
      held = await createPostgresStorage({ client: one, schema }).acquireSyncLock(
        't',
        'departments',
      );
      const b = createPostgresStorage({ client: two, schema });
      await expect(b.acquireSyncLock('t', 'departments')).rejects.toBeInstanceOf(
        SyncInProgressError,
      );
      // Wait for the holder's backend to be gone (the event), not for time to pass: with a
      // timeout, pg_terminate_backend returns once the process has exited, its locks released.
      const { rows } = await admin.query<{ gone: boolean }>(
        'select pg_terminate_backend(pid, 60000) as gone from pg_stat_activity where application_name = $1',
        [`holder-${schema}`],
      );
      expect(rows).toEqual([{ gone: true }]);
      const lock = await b.acquireSyncLock('t', 'departments');
      await lock.release();
    } finally {
      // Releasing a lock whose session is gone is harmless, and gives the dead client back
      // (without it, one.end() would wait for that client forever and hide a failure above).
      await held?.release();
      await Promise.all([one.end(), two.end()]);
    }
  });

  it('J5 with one shared session (PGlite) a second acquire in the same process is refused', async () => {
    const db = await newPglite();
    try {
      const a = createPostgresStorage({ client: db });
      const b = createPostgresStorage({ client: db });
      const lock = await a.acquireSyncLock('t', 'employees');
      await expect(b.acquireSyncLock('t', 'employees')).rejects.toBeInstanceOf(SyncInProgressError);
      await lock.release();
      await (await b.acquireSyncLock('t', 'employees')).release();
    } finally {
      await db.close();
    }
  });

  it('J5 with a single pg.Client the lock also holds against other processes', async () => {
    const schema = uniqueSchema('client');
    const client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    try {
      const storage = createPostgresStorage({ client, schema });
      const lock = await storage.acquireSyncLock('t', 'departments');
      await expect(storage.acquireSyncLock('t', 'departments')).rejects.toBeInstanceOf(
        SyncInProgressError,
      );
      const elsewhere = createPostgresStorage({ client: admin, schema });
      await expect(elsewhere.acquireSyncLock('t', 'departments')).rejects.toBeInstanceOf(
        SyncInProgressError,
      );
      await lock.release();
      await (await elsewhere.acquireSyncLock('t', 'departments')).release();
    } finally {
      await client.end();
    }
  });
});

import { SyncInProgressError, type SyncKind, type SyncLock } from '@mikiwame/hrbrain-sync-core';
import { type Driver, isConnectionLoss } from './session';

/**
 * Locks held by this process, per client object. With one shared session (PGlite, a single
 * `pg.Client`) advisory locks are re-entrant, so the server alone would let a second run of
 * the same process through; this set refuses it.
 */
const heldInProcess = new WeakMap<object, Set<string>>();

/**
 * J5: one run per tenant and kind. A session-level `pg_try_advisory_lock` on a 64-bit hash of
 * (schema, tenant, kind), taken on a session held for the whole run (with a pool, a dedicated
 * connection), so other processes on the same database are refused too. If that session
 * dies, the server drops the lock with it: a crashed worker never blocks a tenant.
 */
export async function acquireSyncLock(
  driver: Driver,
  client: object,
  schema: string,
  tenantId: string,
  kind: SyncKind,
): Promise<SyncLock> {
  const key = JSON.stringify([schema, tenantId, kind]);
  let local = heldInProcess.get(client);
  if (!local) {
    local = new Set();
    heldInProcess.set(client, local);
  }
  if (local.has(key)) throw new SyncInProgressError(undefined, { tenantId, kind });
  local.add(key);
  const lockName = `@mikiwame/hrbrain-storage-postgres:sync:${key}`;
  let session: Awaited<ReturnType<Driver['hold']>>;
  try {
    session = await driver.hold();
  } catch (error) {
    local.delete(key);
    throw error;
  }
  try {
    const { rows } = await session.query<{ locked: boolean }>(
      'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
      [lockName],
    );
    if (!rows[0]?.locked) throw new SyncInProgressError(undefined, { tenantId, kind });
    try {
      session.claim();
    } catch (error) {
      await session
        .query('select pg_advisory_unlock(hashtextextended($1, 0))', [lockName])
        .catch(() => {});
      throw error;
    }
  } catch (error) {
    local.delete(key);
    session.release(isConnectionLoss(error));
    throw error;
  }
  const owned = local;
  let released: Promise<void> | undefined;
  return {
    release() {
      released ??= (async () => {
        let broken = false;
        try {
          await session.query('select pg_advisory_unlock(hashtextextended($1, 0))', [lockName]);
        } catch {
          // The session is gone, and the server released its locks with it.
          broken = true;
        } finally {
          owned.delete(key);
          session.release(broken);
        }
      })();
      return released;
    },
  };
}

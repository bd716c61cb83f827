import type { SyncInProgressError } from '@mikiwame/hrbrain-sync-core';
import { expect } from 'vitest';
import { expectSyncError } from '../expect-error';
import type { ConformanceSuite } from '../suite';

export const concurrencySuite: ConformanceSuite = {
  id: 'concurrency',
  title: 'concurrency: one run per tenant and kind (J5)',
  cases: [
    {
      title: 'J5 a second lock for the same tenant and kind is refused with SyncInProgressError',
      async run({ storage, tenantId }) {
        const lock = await storage.acquireSyncLock(tenantId, 'employees');
        try {
          const error = (await expectSyncError(
            storage.acquireSyncLock(tenantId, 'employees'),
            'SYNC_IN_PROGRESS',
          )) as SyncInProgressError;
          expect(error.name).toBe('SyncInProgressError');
          expect(error.tenantId).toBe(tenantId);
          expect(error.kind).toBe('employees');
        } finally {
          await lock.release();
        }
      },
    },
    {
      title: 'J5 the other kind, and the same kind of another tenant, can be locked meanwhile',
      async run({ storage, tenantId, otherTenantId }) {
        const held = await storage.acquireSyncLock(tenantId, 'departments');
        const otherKind = await storage.acquireSyncLock(tenantId, 'employees');
        const otherTenant = await storage.acquireSyncLock(otherTenantId, 'departments');
        await expectSyncError(
          storage.acquireSyncLock(otherTenantId, 'departments'),
          'SYNC_IN_PROGRESS',
        );
        await Promise.all([held.release(), otherKind.release(), otherTenant.release()]);
      },
    },
    {
      title: 'J5 after release() the lock can be taken again, and release() is idempotent',
      async run({ storage, tenantId }) {
        const first = await storage.acquireSyncLock(tenantId, 'departments');
        await first.release();
        await first.release();
        const second = await storage.acquireSyncLock(tenantId, 'departments');
        await second.release();
        const third = await storage.acquireSyncLock(tenantId, 'departments');
        await third.release();
      },
    },
    {
      title: 'J5 a second release() of an old lock does not free a lock taken since',
      async run({ storage, tenantId }) {
        const first = await storage.acquireSyncLock(tenantId, 'employees');
        await first.release();
        const second = await storage.acquireSyncLock(tenantId, 'employees');
        await first.release();
        await expectSyncError(storage.acquireSyncLock(tenantId, 'employees'), 'SYNC_IN_PROGRESS');
        await second.release();
      },
    },
    {
      title: 'J5 of simultaneous attempts on one tenant and kind exactly one wins',
      async run({ storage, tenantId }) {
        const attempts = await Promise.allSettled(
          Array.from({ length: 5 }, () => storage.acquireSyncLock(tenantId, 'departments')),
        );
        const won = attempts.filter((a) => a.status === 'fulfilled');
        const lost = attempts.filter((a) => a.status === 'rejected');
        expect(won).toHaveLength(1);
        for (const attempt of lost) {
          expect((attempt.reason as { code?: unknown }).code).toBe('SYNC_IN_PROGRESS');
        }
        for (const attempt of won) await attempt.value.release();
        const again = await storage.acquireSyncLock(tenantId, 'departments');
        await again.release();
      },
    },
  ],
};

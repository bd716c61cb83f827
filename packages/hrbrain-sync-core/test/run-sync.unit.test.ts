import type { HrbrainSnapshot } from '@mikiwame/hrbrain-client';
import { describe, expect, it } from 'vitest';
import {
  assertSyncStorage,
  type Employee,
  RunNotFoundError,
  RunNotQueuedError,
  runSync,
  type SnapshotSource,
  StorageError,
  SyncInProgressError,
  type SyncProgressEvent,
  type SyncStorage,
} from '../src/index';
import example from './fixtures/example-snapshot.json' with { type: 'json' };
import { dept, fieldDefinitions, person, snapshot, storedEmployee } from './support/snapshot';
import { createTestStorage } from './support/storage';

const exampleSnapshot = example as HrbrainSnapshot;
const tenantId = 'tenant-a';
const sourceOf = (snap: HrbrainSnapshot): SnapshotSource => ({
  snapshot: async () => structuredClone(snap),
});
const source = sourceOf(exampleSnapshot);

/** An error like the client's: named, with a message that is already redacted. */
class AuthenticationError extends Error {
  override name = 'AuthenticationError';
}

describe('runSync', () => {
  it('J1/J2: departments then employees run, apply and record their outcome', async () => {
    const storage = createTestStorage();
    const departments = await runSync({ tenantId, kind: 'departments', source, storage });
    expect(departments.status).toBe('completed_with_errors'); // org-4 has no code
    expect(departments.run).toEqual(await storage.getRun(tenantId, departments.id));
    expect(departments.summary).toMatchObject({ source: 5, created: 4, skipped: 1 });
    expect(departments.kind).toBe('departments');
    expect(departments.dryRun).toBe(false);
    expect(departments.startedAt).toBeInstanceOf(Date);
    expect(departments.finishedAt).toBeInstanceOf(Date);
    expect(departments.failure).toBeNull();
    expect(departments.plan?.creates).toHaveLength(4);
    expect(storage.departments.get(tenantId)).toHaveLength(4);
    expect(await storage.listRunErrors(tenantId, departments.id)).toEqual(departments.plan?.errors);

    const employees = await runSync({ tenantId, kind: 'employees', source, storage });
    expect(employees.status).toBe('completed_with_errors');
    expect(employees.summary).toMatchObject({ source: 7, created: 3, skipped: 4, warnings: 1 });
    expect(
      storage.employees
        .get(tenantId)
        ?.map((e) => e.email)
        .sort(),
    ).toEqual(['hanako.yamada@example.co.jp', 'ichiro@example.co.jp', 'rikka@example.co.jp']);
    expect(storage.locks.size).toBe(0);
  });

  it('J4: the first sync of a tenant whose records already match reports them linked, not updated; their ids are recorded', async () => {
    const synced = createTestStorage();
    await runSync({ tenantId, kind: 'departments', source, storage: synced });
    await runSync({ tenantId, kind: 'employees', source, storage: synced });
    // a tenant that already holds the same records, made by hand (no HRBrain ids yet)
    const storage = createTestStorage();
    const unlinked = <T extends { sourceId?: string | null | undefined }>(
      rows: T[] | undefined,
    ): T[] => (rows ?? []).map((row) => ({ ...row, sourceId: null }));
    storage.departments.set(tenantId, unlinked(synced.departments.get(tenantId)));
    storage.employees.set(tenantId, unlinked(synced.employees.get(tenantId)));

    const departments = await runSync({ tenantId, kind: 'departments', source, storage });
    expect(departments.summary).toMatchObject({ created: 0, updated: 0, linked: 4, unchanged: 0 });
    const employees = await runSync({
      tenantId,
      kind: 'employees',
      source,
      storage,
      changeGuard: { maxChangeRatio: 0 }, // J7 does not count links
    });
    expect(employees.status).toBe('completed_with_errors');
    expect(employees.summary).toMatchObject({ created: 0, updated: 0, linked: 3, skipped: 4 });
    expect(employees.plan?.updates).toEqual([]);
    expect(storage.employees.get(tenantId)).toEqual(synced.employees.get(tenantId));
    expect(storage.departments.get(tenantId)).toEqual(synced.departments.get(tenantId));

    const again = await runSync({ tenantId, kind: 'employees', source, storage });
    expect(again.summary).toMatchObject({ updated: 0, linked: 0, unchanged: 3 });
  });

  it('J2: a run without error rows succeeds; running again changes nothing', async () => {
    const storage = createTestStorage();
    const snap = snapshot({ departments: [dept('o1', 'A', 'A')], members: [person('m1')] });
    await runSync({ tenantId, kind: 'departments', source: sourceOf(snap), storage });
    const first = await runSync({ tenantId, kind: 'employees', source: sourceOf(snap), storage });
    expect(first.status).toBe('succeeded');
    const again = await runSync({ tenantId, kind: 'employees', source: sourceOf(snap), storage });
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(storage.calls.filter((c) => c === 'applyPlan')).toHaveLength(2);
  });

  it('J6: a dry run plans and records the run but applies nothing', async () => {
    const storage = createTestStorage();
    const result = await runSync({ tenantId, kind: 'departments', source, storage, dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(result.summary).toMatchObject({ created: 4 });
    expect(result.status).toBe('completed_with_errors');
    expect(storage.departments.get(tenantId)).toBeUndefined();
    expect(storage.calls).not.toContain('applyPlan');
  });

  it('J5: a second run of the same tenant and kind is refused with SyncInProgressError, not recorded', async () => {
    const storage = createTestStorage();
    let release!: () => void;
    let reading!: () => void;
    // The first run holds the lock once it reads its source: wait for that, not for time.
    const firstIsReading = new Promise<void>((resolve) => {
      reading = resolve;
    });
    const slow: SnapshotSource = {
      snapshot: () =>
        new Promise((resolve) => {
          release = () => resolve(structuredClone(exampleSnapshot));
          reading();
        }),
    };
    const first = runSync({ tenantId, kind: 'departments', source: slow, storage });
    await firstIsReading;
    await expect(
      runSync({ tenantId, kind: 'departments', source, storage }),
    ).rejects.toBeInstanceOf(SyncInProgressError);
    // another kind or tenant is not blocked
    await expect(
      runSync({ tenantId: 'tenant-b', kind: 'departments', source, storage }),
    ).resolves.toMatchObject({ status: 'completed_with_errors' });
    release();
    await expect(first).resolves.toMatchObject({ status: 'completed_with_errors' });
    expect(storage.runs.filter((r) => r.tenantId === tenantId)).toHaveLength(1);
    expect(storage.locks.size).toBe(0);
  });

  it('J5: a queued run that cannot take the lock is marked failed with SYNC_IN_PROGRESS', async () => {
    const storage = createTestStorage();
    const queued = await storage.createRun({
      tenantId,
      kind: 'employees',
      dryRun: false,
      status: 'queued',
    });
    const lock = await storage.acquireSyncLock(tenantId, 'employees');
    await expect(
      runSync({ tenantId, kind: 'employees', source, storage, runId: queued.id }),
    ).rejects.toBeInstanceOf(SyncInProgressError);
    expect(await storage.getRun(tenantId, queued.id)).toMatchObject({
      status: 'failed',
      failure: { code: 'SYNC_IN_PROGRESS' },
    });
    await lock.release();
  });

  it('J1: a queued run is continued under its own id and dry-run flag', async () => {
    const storage = createTestStorage();
    const queued = await storage.createRun({
      tenantId,
      kind: 'departments',
      dryRun: true,
      status: 'queued',
    });
    const result = await runSync({
      tenantId,
      kind: 'departments',
      source,
      storage,
      runId: queued.id,
    });
    expect(result.id).toBe(queued.id);
    expect(result.dryRun).toBe(true);
    expect(storage.calls).not.toContain('applyPlan');
    expect(storage.runs).toHaveLength(1);
    await expect(
      runSync({ tenantId, kind: 'departments', source, storage, runId: queued.id }),
    ).rejects.toSatisfy(
      (error) => RunNotQueuedError.isInstance(error) && error.code === 'RUN_NOT_QUEUED',
    );
    await expect(
      runSync({ tenantId, kind: 'departments', source, storage, runId: 'nope' }),
    ).rejects.toSatisfy(
      (error) => RunNotFoundError.isInstance(error) && !RunNotQueuedError.isInstance(error),
    );
  });

  it('J7: a plan changing more than the guard allows fails with CHANGE_GUARD_TRIPPED and applies nothing', async () => {
    const storage = createTestStorage();
    const existing: Employee[] = Array.from({ length: 10 }, (_, i) =>
      storedEmployee({ id: `e${i}`, email: `m${i}@example.com`, sourceId: `m${i}` }),
    );
    storage.employees.set(tenantId, existing);
    // three renamed people out of ten: 30 % > 20 %
    const members = existing.map((_e, i) => person(`m${i}`, i < 3 ? { lastName: '佐藤' } : {}));
    const snap = snapshot({ members });
    const tripped = await runSync({
      tenantId,
      kind: 'employees',
      source: sourceOf(snap),
      storage,
      changeGuard: { maxChangeRatio: 0.2 },
    });
    expect(tripped.status).toBe('failed');
    expect(tripped.failure?.code).toBe('CHANGE_GUARD_TRIPPED');
    expect(tripped.failure?.message).toContain('update 3');
    expect(tripped.failure?.message).toContain('10 existing');
    expect(tripped.summary).toMatchObject({ updated: 3, unchanged: 7 });
    expect(storage.calls).not.toContain('applyPlan');

    const within = await runSync({
      tenantId,
      kind: 'employees',
      source: sourceOf(snap),
      storage,
      changeGuard: { maxChangeRatio: 0.5 },
    });
    expect(within.status).toBe('succeeded');
  });

  it('J7/J4: the guard ignores an empty tenant and links (records that only get a sourceId)', async () => {
    const storage = createTestStorage();
    const snap = snapshot({ departments: [dept('o1', 'A', 'A'), dept('o2', 'B', 'B')] });
    const guard = { maxChangeRatio: 0 };
    const first = await runSync({
      tenantId,
      kind: 'departments',
      source: sourceOf(snap),
      storage,
      changeGuard: guard,
    });
    expect(first.status).toBe('succeeded');
    storage.departments.set(
      tenantId,
      (storage.departments.get(tenantId) ?? []).map((d) => ({ ...d, sourceId: null })),
    );
    const adopt = await runSync({
      tenantId,
      kind: 'departments',
      source: sourceOf(snap),
      storage,
      changeGuard: guard,
    });
    expect(adopt.status).toBe('succeeded');
    expect(adopt.summary).toMatchObject({ updated: 0, linked: 2 });
    expect(storage.departments.get(tenantId)?.map((d) => d.sourceId)).toEqual(['o1', 'o2']);
  });

  it('F2: a renamed required field fails the run with FIELD_NOT_FOUND before anything is written', async () => {
    const storage = createTestStorage();
    const snap = snapshot({ members: [person('m1')] });
    snap.fields = fieldDefinitions({ lastNameKana: { label: 'セイ' } });
    const result = await runSync({ tenantId, kind: 'employees', source: sourceOf(snap), storage });
    expect(result.status).toBe('failed');
    expect(result.failure?.code).toBe('FIELD_NOT_FOUND');
    expect(result.failure?.message).toContain('氏（カナ）');
    expect(result.plan).toBeNull();
    expect(storage.calls).not.toContain('applyPlan');
    expect(storage.locks.size).toBe(0);
  });

  it('J2: an HRBrain failure ends the run failed with a safe message', async () => {
    const storage = createTestStorage();
    const failing: SnapshotSource = {
      snapshot: async () => {
        throw new AuthenticationError(
          'HRBrain rejected the credentials (Authorization: Bearer abc.def.ghi)',
        );
      },
    };
    const result = await runSync({ tenantId, kind: 'departments', source: failing, storage });
    expect(result.status).toBe('failed');
    expect(result.failure?.code).toBe('AuthenticationError');
    expect(result.failure?.message).toContain('rejected the credentials');
    expect(result.failure?.message).not.toContain('abc.def.ghi');
  });

  it('C5: redacting a bearer token or secret keeps the punctuation after it (`;`, `)`, `&`)', async () => {
    const storage = createTestStorage();
    const failing: SnapshotSource = {
      snapshot: async () => {
        throw new AuthenticationError(
          'HRBrain said: Authorization: Bearer abc.def-ghi_~+/==; realm="hrbrain" (Bearer tok123) token=s3cr3t&next=1',
        );
      },
    };
    const result = await runSync({ tenantId, kind: 'departments', source: failing, storage });
    expect(result.failure?.message).toBe(
      'HRBrain said: Authorization: Bearer [redacted]; realm="hrbrain" (Bearer [redacted]) token=[redacted]&next=1',
    );
  });

  it('J2/J5: an adapter failure while applying is wrapped in StorageError; the run fails, the lock is released', async () => {
    const storage = createTestStorage();
    const cause = new Error('connection reset');
    storage.fail.applyPlan = cause;
    const result = await runSync({ tenantId, kind: 'departments', source, storage });
    expect(result.status).toBe('failed');
    expect(result.failure?.code).toBe('STORAGE_ERROR');
    expect(result.failure?.message).toContain('applyPlan');
    expect(result.failure?.message).toContain('connection reset');
    expect(result.summary).toMatchObject({ created: 4 });
    expect(storage.departments.get(tenantId)).toBeUndefined();
    expect(storage.locks.size).toBe(0);
  });

  it('J2: StalePlanError from the adapter passes through as STALE_PLAN', async () => {
    const storage = createTestStorage();
    const snap = snapshot({ departments: [dept('o1', 'A', 'A')] });
    // the row changes between load and apply
    const load = storage.loadDepartments.bind(storage);
    storage.loadDepartments = async (t) => {
      const rows = await load(t);
      storage.departments.set(tenantId, [
        { id: 'x', code: 'A', name: 'changed', parentCode: null },
      ]);
      return rows;
    };
    const result = await runSync({
      tenantId,
      kind: 'departments',
      source: sourceOf(snap),
      storage,
    });
    expect(result.failure?.code).toBe('STALE_PLAN');
  });

  it('J2: when the run itself cannot be recorded, runSync rejects with StorageError (cause kept) and releases the lock', async () => {
    const storage = createTestStorage();
    const cause = new Error('disk full');
    storage.fail.createRun = cause;
    const error = await runSync({ tenantId, kind: 'departments', source, storage }).catch((e) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).cause).toBe(cause);
    expect(storage.locks.size).toBe(0);
  });

  it('J2: an aborted signal ends the run failed (ABORTED) before anything is applied', async () => {
    const storage = createTestStorage();
    const controller = new AbortController();
    const aborting: SnapshotSource = {
      snapshot: async () => {
        controller.abort();
        return structuredClone(exampleSnapshot);
      },
    };
    const result = await runSync({
      tenantId,
      kind: 'departments',
      source: aborting,
      storage,
      signal: controller.signal,
    });
    expect(result.status).toBe('failed');
    expect(result.failure?.code).toBe('ABORTED');
    expect(storage.calls).not.toContain('applyPlan');
  });

  it('J2: aborting while a source ignores the signal still ends the run at once', async () => {
    const storage = createTestStorage();
    const controller = new AbortController();
    let reading!: () => void;
    const stuckIsReading = new Promise<void>((resolve) => {
      reading = resolve;
    });
    const stuck: SnapshotSource = {
      snapshot: () => {
        reading();
        return new Promise(() => {});
      },
    };
    const running = runSync({
      tenantId,
      kind: 'departments',
      source: stuck,
      storage,
      signal: controller.signal,
    });
    await stuckIsReading; // abort while the source is being read (the event), not after a delay
    controller.abort();
    await expect(running).resolves.toMatchObject({
      status: 'failed',
      failure: { code: 'ABORTED' },
    });
    expect(storage.locks.size).toBe(0);
  });

  it('J1: onProgress reports the phases in order; a throwing callback does not break the run', async () => {
    const storage = createTestStorage();
    const events: SyncProgressEvent[] = [];
    const result = await runSync({
      tenantId,
      kind: 'departments',
      source,
      storage,
      onProgress: (event) => {
        events.push(event);
        throw new Error('ignored');
      },
    });
    expect(events.map((e) => e.phase)).toEqual([
      'fetching',
      'fetched',
      'planning',
      'applying',
      'done',
    ]);
    expect(events[1]).toMatchObject({ members: 7, fields: 16, organizations: 4 });
    expect(events[3]).toMatchObject({ creates: 4, updates: 0 });
    expect(events[4]).toMatchObject({ status: result.status, runId: result.id });
  });
});

describe('assertSyncStorage', () => {
  it('accepts a complete storage', () => {
    expect(() => assertSyncStorage(createTestStorage())).not.toThrow();
  });

  it('lists every missing method in one StorageError', () => {
    const { applyPlan: _a, listRuns: _l, ...partial } = createTestStorage();
    const error = (() => {
      try {
        assertSyncStorage(partial);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toContain('applyPlan, listRuns');
    expect((error as StorageError).code).toBe('STORAGE_ERROR');
  });

  it('runSync checks the storage before doing anything', async () => {
    let fetched = false;
    const storage = { loadDepartments: async () => [] } as unknown as SyncStorage;
    await expect(
      runSync({
        tenantId,
        kind: 'departments',
        storage,
        source: {
          snapshot: async () => {
            fetched = true;
            return exampleSnapshot;
          },
        },
      }),
    ).rejects.toThrow(/acquireSyncLock/);
    expect(fetched).toBe(false);
    expect(() => assertSyncStorage(null)).toThrow(StorageError);
  });
});

describe('runSync records what started the run (T1)', () => {
  it('T1: the trigger given is recorded on the run; none given means manual', async () => {
    const storage = createTestStorage();
    const manual = await runSync({ tenantId, kind: 'departments', source, storage });
    expect(manual.trigger).toEqual({ type: 'manual', by: null, deliveryId: null });
    const webhook = await runSync({
      tenantId,
      kind: 'departments',
      source,
      storage,
      trigger: { type: 'webhook', deliveryId: 'evt_42' },
    });
    expect(webhook.trigger).toEqual({ type: 'webhook', by: null, deliveryId: 'evt_42' });
    expect((await storage.getRun(tenantId, webhook.id))?.trigger.type).toBe('webhook');
  });

  it('T1: a continued queued run keeps the trigger it was queued with', async () => {
    const storage = createTestStorage();
    const queued = await storage.createRun({
      tenantId,
      kind: 'departments',
      dryRun: false,
      status: 'queued',
      trigger: { type: 'schedule', by: '0 2 * * * (Asia/Tokyo)' },
    });
    const run = await runSync({
      tenantId,
      kind: 'departments',
      source,
      storage,
      runId: queued.id,
      trigger: { type: 'manual' },
    });
    expect(run.trigger).toEqual({
      type: 'schedule',
      by: '0 2 * * * (Asia/Tokyo)',
      deliveryId: null,
    });
  });

  it('T1: an unknown trigger type is refused before anything is recorded', async () => {
    const storage = createTestStorage();
    await expect(
      runSync({
        tenantId,
        kind: 'departments',
        source,
        storage,
        trigger: { type: 'cron' as 'manual' },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(storage.runs).toEqual([]);
  });
});

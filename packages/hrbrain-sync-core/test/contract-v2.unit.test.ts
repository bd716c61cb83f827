import { describe, expect, it } from 'vitest';
import {
  emailKey as adapterEmailKey,
  countSeverities,
  decodeRunCursor,
  encodeRunCursor,
  parentsFirst,
  runPageSize,
} from '../src/adapter/index';
import {
  emailKey,
  type HrbrainSnapshot,
  type RecordsStore,
  recoverAbandonedRuns,
  runSync,
  type SyncProgressEvent,
} from '../src/index';
import example from './fixtures/example-snapshot.json' with { type: 'json' };
import { createTestStorage } from './support/storage';

const snapshot = example as HrbrainSnapshot;
const tenantId = 'tenant-a';
const source = { snapshot: async () => structuredClone(snapshot) };

describe('adapter helpers (@mikiwame/hrbrain-sync-core/adapter)', () => {
  it('E1 the e-mail key is trim + lower-case, one definition for planners and adapters', () => {
    expect(adapterEmailKey).toBe(emailKey);
    expect(emailKey('  Taro.Yamada@Example.CO.JP\u3000')).toBe('taro.yamada@example.co.jp');
  });

  it('J1 cursors continue only the listing they came from; anything else is INVALID_CURSOR', () => {
    const scope = { tenantId: 't1', kind: 'employees' as const };
    const cursor = encodeRunCursor(42, scope);
    expect(decodeRunCursor(cursor, scope)).toBe('42');
    expect(decodeRunCursor(null, scope)).toBeNull();
    for (const [bad, at] of [
      [cursor, { tenantId: 't2', kind: 'employees' as const }],
      [cursor, { tenantId: 't1' }],
      ['', scope],
      ['42', scope],
      [`${cursor}0`.replace(/\d+$/, '99999999999999999999'), scope],
    ] as const) {
      expect(() => decodeRunCursor(bad, at)).toThrow(
        expect.objectContaining({ code: 'INVALID_CURSOR' }),
      );
    }
  });

  it('J1 limit: default 20, 1..1000, anything else INVALID_ARGUMENT', () => {
    expect(runPageSize(undefined)).toBe(20);
    expect(runPageSize(1)).toBe(1);
    expect(runPageSize(1000)).toBe(1000);
    for (const bad of [0, 1001, 1.5, Number.NaN, -3]) {
      expect(() => runPageSize(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });

  it('D5 parentsFirst orders creates so parents come first, stably, and survives a cycle', () => {
    const c = (code: string, parentCode: string | null) => ({ code, parentCode });
    expect(
      parentsFirst([c('C', 'B'), c('A', null), c('B', 'A'), c('X', 'OUT')]).map((x) => x.code),
    ).toEqual(['A', 'X', 'B', 'C']);
    expect(parentsFirst([c('P', 'Q'), c('Q', 'P')])).toHaveLength(2);
  });

  it('J3 counts rows by severity', () => {
    expect(
      countSeverities([{ severity: 'error' }, { severity: 'warning' }, { severity: 'error' }]),
    ).toEqual({
      errorCount: 2,
      warningCount: 1,
    });
  });
});

describe('runSync on contract v2', () => {
  it('J2 a records store that cannot write the run log (run: null) gets its outcome recorded by finishRun', async () => {
    const storage = createTestStorage();
    const records: RecordsStore = {
      loadDepartments: (t) => storage.loadDepartments(t),
      loadEmployees: (t) => storage.loadEmployees(t),
      applyPlan: async ({ tenantId: t, plan }) => ({
        ...(await storage.applyPlan({ tenantId: t, plan })),
        run: null,
      }),
    };
    const result = await runSync({ tenantId, kind: 'departments', source, storage, records });
    expect(result.status).toBe('completed_with_errors');
    expect(storage.calls.filter((c) => c === 'finishRun')).toHaveLength(1);
    expect(await storage.listRunErrors(tenantId, result.id)).toEqual(result.plan?.errors);
  });

  it('J5 (DECISIONS #3) the lock is taken before the run is recorded', async () => {
    const storage = createTestStorage();
    await runSync({ tenantId, kind: 'departments', source, storage });
    expect(storage.calls.indexOf('acquireSyncLock')).toBeLessThan(
      storage.calls.indexOf('createRun'),
    );
  });

  it('J2 runSync closes running runs left by a dead process as ABANDONED; queued runs stay', async () => {
    const storage = createTestStorage();
    const dead = await storage.createRun({
      tenantId,
      kind: 'departments',
      dryRun: false,
      status: 'running',
    });
    const queued = await storage.createRun({
      tenantId,
      kind: 'departments',
      dryRun: false,
      status: 'queued',
    });
    const result = await runSync({ tenantId, kind: 'departments', source, storage });
    expect(result.status).toBe('completed_with_errors');
    expect(await storage.getRun(tenantId, dead.id)).toMatchObject({
      status: 'failed',
      failure: { code: 'ABANDONED' },
    });
    expect((await storage.getRun(tenantId, queued.id))?.status).toBe('queued');
  });

  it('J2 recoverAbandonedRuns closes named queued and running runs under the lock, and nothing while the lock is held', async () => {
    const storage = createTestStorage();
    const dead = await storage.createRun({
      tenantId,
      kind: 'employees',
      dryRun: false,
      status: 'running',
    });
    const lost = await storage.createRun({
      tenantId,
      kind: 'employees',
      dryRun: false,
      status: 'queued',
    });
    const lock = await storage.acquireSyncLock(tenantId, 'employees');
    expect(
      await recoverAbandonedRuns({ tenantId, kind: 'employees', storage, queuedRunIds: [lost.id] }),
    ).toEqual([]);
    await lock.release();
    const closed = await recoverAbandonedRuns({
      tenantId,
      kind: 'employees',
      storage,
      queuedRunIds: [lost.id],
    });
    expect(closed.map((r) => r.id).sort()).toEqual([dead.id, lost.id].sort());
    expect(storage.locks.size).toBe(0);
  });

  it("DECISIONS #4 the source's member progress is passed on as fetching { fetched, total }", async () => {
    const storage = createTestStorage();
    const events: SyncProgressEvent[] = [];
    await runSync({
      tenantId,
      kind: 'departments',
      storage,
      onProgress: (event) => events.push(event),
      source: {
        async snapshot(options) {
          options?.onProgress?.({ fetched: 100, total: 250 });
          options?.onProgress?.({ phase: 'fields', completed: 16, total: 16 });
          options?.onProgress?.({ phase: 'members', completed: 250, total: 250 });
          options?.onProgress?.({ fetched: 7, total: null });
          return structuredClone(snapshot);
        },
      },
    });
    const fetching = events.filter((e) => e.phase === 'fetching');
    expect(fetching.map(({ runId: _r, kind: _k, ...rest }) => rest)).toEqual([
      { phase: 'fetching' },
      { phase: 'fetching', fetched: 100, total: 250 },
      { phase: 'fetching', fetched: 250, total: 250 },
      { phase: 'fetching', fetched: 7 },
    ]);
  });
});

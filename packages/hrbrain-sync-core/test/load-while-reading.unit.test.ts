// Issue 12: the tenant's stored employees are loaded while HRBrain is read (the load is mostly
// the database's work), always under the employees lock (J5) — and the plans do not change.
import type { HrbrainSnapshot } from '@mikiwame/hrbrain-client';
import { describe, expect, it } from 'vitest';
import { runFullSync, runSync, type SnapshotSource, SyncInProgressError } from '../src/index';
import example from './fixtures/example-snapshot.json' with { type: 'json' };
import { createTestStorage, type TestStorage } from './support/storage';

const tenantId = 'tenant-a';
const exampleSnapshot = example as HrbrainSnapshot;

/** A source whose read cannot end before `finish()`; `reads` counts the snapshots asked for. */
function gatedSource() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  let ended = false;
  let reads = 0;
  const source: SnapshotSource = {
    async snapshot() {
      reads++;
      await gate;
      ended = true;
      return structuredClone(exampleSnapshot);
    },
  };
  return {
    source,
    finish: open,
    get readEnded() {
      return ended;
    },
    get reads() {
      return reads;
    },
  };
}

/** Notes, at each `loadEmployees`, whether the HRBrain read had ended and which locks were held. */
function watchLoads(storage: TestStorage, readEnded: () => boolean) {
  const loads: { readEnded: boolean; locks: string[] }[] = [];
  const load = storage.loadEmployees.bind(storage);
  storage.loadEmployees = (id) => {
    loads.push({ readEnded: readEnded(), locks: [...storage.locks].sort() });
    return load(id);
  };
  return loads;
}

/** Resolves once `check()` is true (polled on the event loop, no timing involved). */
async function until(check: () => boolean) {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(check()).toBe(true);
}

describe('issue 12: the stored employees load while HRBrain is read', () => {
  it('an employees run starts loading them before its read ends, holding its lock (J5); the plan is the same', async () => {
    const reference = createTestStorage();
    await runSync({ tenantId, kind: 'departments', source: gatedOpen(), storage: reference });
    const alone = await runSync({
      tenantId,
      kind: 'employees',
      source: gatedOpen(),
      storage: reference,
    });

    const storage = createTestStorage();
    await runSync({ tenantId, kind: 'departments', source: gatedOpen(), storage });
    const hrbrain = gatedSource();
    const loads = watchLoads(storage, () => hrbrain.readEnded);
    const run = runSync({ tenantId, kind: 'employees', source: hrbrain.source, storage });
    await until(() => loads.length > 0);
    expect(loads).toEqual([{ readEnded: false, locks: [`${tenantId}/employees`] }]);
    hrbrain.finish();
    const employees = await run;
    expect(employees.status).toBe(alone.status);
    expect(employees.summary).toEqual(alone.summary);
    expect(employees.plan).toEqual(alone.plan);
    expect(storage.locks.size).toBe(0);
  });

  it('E11: runFullSync loads them while the departments run reads, holding the employees lock — a separate employees run is refused meanwhile (J5)', async () => {
    const storage = createTestStorage();
    const hrbrain = gatedSource();
    const loads = watchLoads(storage, () => hrbrain.readEnded);
    const full = runFullSync({ tenantId, source: hrbrain.source, storage });
    await until(() => loads.length > 0);
    expect(loads).toEqual([
      { readEnded: false, locks: [`${tenantId}/departments`, `${tenantId}/employees`] },
    ]);
    await expect(
      runSync({ tenantId, kind: 'employees', source: gatedOpen(), storage }),
    ).rejects.toBeInstanceOf(SyncInProgressError);
    hrbrain.finish();
    const { departments, employees } = await full;
    expect(hrbrain.reads).toBe(1);
    expect(departments.status).not.toBe('failed');
    expect(employees?.status).not.toBe('failed');
    // Loaded early; loaded again after the departments run, which created departments here.
    expect(loads).toHaveLength(2);
    expect(storage.locks.size).toBe(0);

    // The same outcome as the two runs one after the other.
    const separate = createTestStorage();
    await runSync({ tenantId, kind: 'departments', source: gatedOpen(), storage: separate });
    const alone = await runSync({
      tenantId,
      kind: 'employees',
      source: gatedOpen(),
      storage: separate,
    });
    expect(employees?.summary).toEqual(alone.summary);
    expect(employees?.plan).toEqual(alone.plan);
  });

  it('E11: when the departments run wrote something, the employees are loaded again after it (as two separate runs would see them)', async () => {
    const storage = createTestStorage();
    let applies = 0; // the first apply of a full sync is its departments run's
    const apply = storage.applyPlan.bind(storage);
    storage.applyPlan = (input) => {
      applies++;
      return apply(input);
    };
    const loads: number[] = [];
    const load = storage.loadEmployees.bind(storage);
    storage.loadEmployees = (id) => {
      loads.push(applies);
      return load(id);
    };
    // First full sync: the departments run creates departments, so the early load is redone.
    const first = await runFullSync({ tenantId, source: gatedOpen(), storage });
    expect(first.departments.summary?.created).toBeGreaterThan(0);
    expect(loads).toEqual([0, 1]);
    // Nothing changed in HRBrain: the departments run writes nothing and the early load stands.
    loads.length = 0;
    const second = await runFullSync({ tenantId, source: gatedOpen(), storage });
    expect(second.departments.summary).toMatchObject({ created: 0, updated: 0, linked: 0 });
    expect(loads).toHaveLength(1);
    expect(second.employees?.summary).toMatchObject({ created: 0, updated: 0 });
  });

  it('E11: a failed departments run frees the employees lock it took for the load', async () => {
    const storage = createTestStorage();
    storage.fail.loadDepartments = new Error('database gone');
    const { departments, employees } = await runFullSync({
      tenantId,
      source: gatedOpen(),
      storage,
    });
    expect(departments.status).toBe('failed');
    expect(employees).toBeNull();
    expect(storage.calls).toContain('loadEmployees'); // it was loading
    expect(storage.locks.size).toBe(0);
  });

  it('J5: with the employees lock held elsewhere, the departments run still runs and the employees run is refused, as before', async () => {
    const storage = createTestStorage();
    const held = await storage.acquireSyncLock(tenantId, 'employees');
    await expect(runFullSync({ tenantId, source: gatedOpen(), storage })).rejects.toBeInstanceOf(
      SyncInProgressError,
    );
    const runs = (await storage.listRuns(tenantId, {})).runs;
    expect(runs.map((r) => [r.kind, r.status])).toEqual([['departments', 'completed_with_errors']]);
    expect(storage.calls).not.toContain('loadEmployees');
    await held.release();
    expect(storage.locks.size).toBe(0);
  });

  it('a failing load fails the employees run with STORAGE_ERROR (after a successful read)', async () => {
    const storage = createTestStorage();
    await runSync({ tenantId, kind: 'departments', source: gatedOpen(), storage });
    storage.fail.loadEmployees = new Error('connection reset');
    const run = await runSync({ tenantId, kind: 'employees', source: gatedOpen(), storage });
    expect(run.status).toBe('failed');
    expect(run.failure?.code).toBe('STORAGE_ERROR');
    expect(run.failure?.message).toContain('loadEmployees');
  });
});

/** A source that answers at once. */
function gatedOpen(): SnapshotSource {
  return { snapshot: async () => structuredClone(exampleSnapshot) };
}

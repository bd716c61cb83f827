/**
 * End to end: the real HRBrain client reads a fake tenant over msw, the real planners and
 * runSync write into the memory storage. Proves the adapter and the core agree on the
 * contract, not only the conformance suite's hand-built plans.
 */
import { createHrbrainClient } from '@mikiwame/hrbrain-client';
import { createFakeHrbrain, createHrbrainHandlers } from '@mikiwame/hrbrain-mock';
import { applyDepartmentPlan } from '@mikiwame/hrbrain-storage-testkit';
import { planDepartmentSync, runSync } from '@mikiwame/hrbrain-sync-core';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../src/index';

const SECRET = 'sk-live-memory-e2e-0b1c2d3e4f';
const tenant = createFakeHrbrain({
  clientId: 'acme',
  clientSecret: SECRET,
  seed: 5,
  members: 120,
  departments: { count: 15, maxDepth: 4 },
  defects: { duplicateEmails: 2, missingDepartmentCodes: 1, invalidEmployeeNumbers: 2 },
});
const server = setupServer(...createHrbrainHandlers(tenant));
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const client = () => createHrbrainClient({ clientId: 'acme', clientSecret: SECRET });
const revisions = (rows: { id: string; revision: number }[]) =>
  Object.fromEntries(rows.map((row) => [row.id, row.revision]));

describe('runSync over the memory storage', () => {
  it('J1/J4 departments then employees land; a second round creates and rewrites nothing (D8/E10)', async () => {
    const tenantId = 'tenant-e2e';
    const storage = createMemoryStorage({
      departments: {
        [tenantId]: [{ code: 'LEGACY', name: '旧組織', extra: { costCenter: 'CC-1' } }],
      },
      employees: {
        [tenantId]: [
          {
            email: 'hand-made@example.com',
            lastName: '手入力',
            firstName: '一郎',
            lastNameKana: 'テニュウリョク',
            firstNameKana: 'イチロウ',
            retired: true,
            extra: { note: '手動登録' },
          },
        ],
      },
    });
    const source = client();

    const departments = await runSync({ tenantId, kind: 'departments', source, storage });
    expect(departments.status).toBe('completed_with_errors'); // D2: one department without code
    const employees = await runSync({ tenantId, kind: 'employees', source, storage });
    expect(employees.status).toBe('completed_with_errors'); // E4, E5

    const afterFirst = storage.snapshot(tenantId);
    expect(afterFirst.departments).toHaveLength(1 + (departments.summary?.created ?? -1));
    expect(afterFirst.employees).toHaveLength(1 + (employees.summary?.created ?? -1));
    expect(employees.summary?.skipped).toBe(tenant.defects.duplicateEmails.length);
    // J3: the run's error rows are stored in plan order and counted.
    expect(await storage.listRunErrors(tenantId, employees.id)).toEqual(employees.plan?.errors);
    expect(employees.errorCount + employees.warningCount).toBe(employees.plan?.errors.length);

    const second = [
      await runSync({ tenantId, kind: 'departments', source, storage }),
      await runSync({ tenantId, kind: 'employees', source, storage }),
    ];
    for (const run of second) {
      expect(run.summary).toMatchObject({ created: 0, updated: 0 });
    }
    const afterSecond = storage.snapshot(tenantId);
    expect(revisions(afterSecond.departments)).toEqual(revisions(afterFirst.departments));
    expect(revisions(afterSecond.employees)).toEqual(revisions(afterFirst.employees));

    // D7/E10: records HRBrain does not know are left as they were, unmapped data included.
    expect(afterSecond.departments.find((d) => d.code === 'LEGACY')).toMatchObject({
      name: '旧組織',
      extra: { costCenter: 'CC-1' },
      revision: 1,
    });
    expect(afterSecond.employees.find((e) => e.email === 'hand-made@example.com')).toMatchObject({
      retired: true,
      extra: { note: '手動登録' },
      revision: 1,
    });

    const { runs } = await storage.listRuns(tenantId);
    expect(runs.map((run) => run.kind)).toEqual([
      'employees',
      'departments',
      'employees',
      'departments',
    ]);
  });

  it('E7 a retired flag set by hand in Mikiwame survives the next sync', async () => {
    const tenantId = 'tenant-retired';
    const storage = createMemoryStorage();
    const source = client();
    await runSync({ tenantId, kind: 'departments', source, storage });
    await runSync({ tenantId, kind: 'employees', source, storage });
    const active = storage.snapshot(tenantId).employees.find((e) => !e.retired);
    expect(active).toBeDefined();
    storage.editEmployee(tenantId, active!.id, { retired: true });

    await runSync({ tenantId, kind: 'employees', source, storage });
    expect(storage.snapshot(tenantId).employees.find((e) => e.id === active!.id)?.retired).toBe(
      true,
    );
  });

  it('J5 a plan made before a hand edit is refused (StalePlanError) and nothing is written', async () => {
    const tenantId = 'tenant-stale';
    const storage = createMemoryStorage();
    const source = client();
    await runSync({ tenantId, kind: 'departments', source, storage });
    const [first] = storage.snapshot(tenantId).departments;
    expect(first).toBeDefined();
    storage.editDepartment(tenantId, first!.id, { name: '手で変更' });

    const plan = planDepartmentSync({
      snapshot: await source.snapshot(),
      existing: await storage.loadDepartments(tenantId),
    });
    expect(plan.updates.map((update) => update.id)).toEqual([first!.id]);
    storage.editDepartment(tenantId, first!.id, { name: 'さらに変更' });
    const before = storage.snapshot(tenantId);

    await expect(applyDepartmentPlan(storage, tenantId, plan)).rejects.toMatchObject({
      name: 'StalePlanError',
      code: 'STALE_PLAN',
    });
    expect(storage.snapshot(tenantId)).toEqual(before);
  });

  it('J5 a second sync of the same tenant and kind is refused while one holds the lock', async () => {
    const tenantId = 'tenant-locked';
    const storage = createMemoryStorage();
    const lock = await storage.acquireSyncLock(tenantId, 'departments');
    await expect(
      runSync({ tenantId, kind: 'departments', source: client(), storage }),
    ).rejects.toMatchObject({ code: 'SYNC_IN_PROGRESS' });
    expect((await storage.listRuns(tenantId)).runs).toEqual([]);
    await lock.release();
    const run = await runSync({ tenantId, kind: 'departments', source: client(), storage });
    expect(run.status).not.toBe('failed');
  });
});

import { inspect } from 'node:util';
import {
  applyDepartmentPlan,
  applyEmployeePlan,
  buildDepartmentCreate,
  buildDepartmentPlan,
  buildDepartmentUpdate,
  buildEmployeeCreate,
  buildEmployeePlan,
  buildErrorRow,
  expectSyncError,
} from '@mikiwame/hrbrain-storage-testkit';
import type { DepartmentPlan, EmployeePlan } from '@mikiwame/hrbrain-sync-core';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage, MemoryStorageConfigError } from '../src/index';

const T = 'tenant-1';
const person = (email: string) => ({
  email,
  lastName: '山田',
  firstName: '花子',
  lastNameKana: 'ヤマダ',
  firstNameKana: 'ハナコ',
});

describe('seeding', () => {
  it('seeds departments with parents by code in any order, employees with defaults, connections', async () => {
    const storage = createMemoryStorage({
      departments: {
        [T]: [
          { code: 'CHILD', name: '子', parentCode: 'ROOT' },
          { code: 'ROOT', name: '親', extra: { costCenter: 'CC-1' } },
        ],
      },
      employees: { [T]: [{ ...person('a@example.com'), departmentCode: 'CHILD' }] },
      connections: [
        { tenantId: T, clientId: 'acme', clientSecret: 'enc:xyz', connectedAt: new Date(0) },
      ],
    });
    const snapshot = storage.snapshot(T);
    expect(snapshot.departments.map((d) => [d.code, d.parentCode, d.extra])).toEqual([
      ['CHILD', 'ROOT', {}],
      ['ROOT', null, { costCenter: 'CC-1' }],
    ]);
    expect(snapshot.employees[0]).toMatchObject({
      email: 'a@example.com',
      employeeNumber: null,
      birthDate: null,
      gender: null,
      retired: false,
      sourceId: null,
      departmentCode: 'CHILD',
      revision: 1,
    });
    expect((await storage.getConnection(T))?.clientSecret).toBe('enc:xyz');
    expect(await storage.loadDepartments('other-tenant')).toEqual([]);
  });

  it.each([
    [
      'a duplicate department code',
      {
        departments: {
          [T]: [
            { code: 'A', name: 'a' },
            { code: 'A', name: 'b' },
          ],
        },
      },
      /already has a department with code "A"/,
    ],
    [
      'an unknown parent',
      { departments: { [T]: [{ code: 'A', name: 'a', parentCode: 'NOPE' }] } },
      /parent "NOPE" of department "A".*is not seeded/,
    ],
    [
      'an e-mail seeded twice in other case (E1)',
      { employees: { [T]: [person('x@example.com'), person('X@Example.com')] } },
      /already has an employee with e-mail "X@Example.com"/,
    ],
    [
      'an employee without kana',
      { employees: { [T]: [{ ...person('k@example.com'), lastNameKana: '' }] } },
      /lastNameKana of "k@example.com" must be a non-empty string/,
    ],
  ])(
    'refuses %s with a StorageError that says what to fix, seeding nothing',
    (_, seed, message) => {
      const storage = createMemoryStorage({
        departments: { [T]: [{ code: 'KEEP', name: 'kept' }] },
      });
      let error: unknown;
      try {
        storage.seed(seed as Parameters<typeof storage.seed>[0]);
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({ name: 'StorageError', code: 'STORAGE_ERROR' });
      expect((error as Error).message).toMatch(message);
      expect(storage.snapshot(T).departments.map((d) => d.code)).toEqual(['KEEP']);
      expect(storage.snapshot(T).employees).toEqual([]);
    },
  );

  it('refuses a bad seed passed to createMemoryStorage', () => {
    expect(() => createMemoryStorage({ departments: { '': [{ code: 'A', name: 'a' }] } })).toThrow(
      /tenantId must be a non-empty string/,
    );
  });
});

describe('options', () => {
  it.each([
    [{ generateId: 'uuid' }, 'generateId'],
    [{ now: new Date(0) }, 'now'],
    [null, 'options'],
  ])(
    'bad options %j are a MemoryStorageConfigError (INVALID_ARGUMENT) naming %s, at once',
    (options, option) => {
      let caught: unknown;
      try {
        createMemoryStorage(options as never);
      } catch (error) {
        caught = error;
      }
      expect(MemoryStorageConfigError.isInstance(caught)).toBe(true);
      expect(caught).toMatchObject({ code: 'INVALID_ARGUMENT', option });
    },
  );
});

describe('copies in, copies out', () => {
  it('mutating returned records, runs, connections or applied plans never changes the store', async () => {
    const storage = createMemoryStorage();
    const plan = buildDepartmentPlan({ creates: [buildDepartmentCreate({ code: 'A' })] });
    await applyDepartmentPlan(storage, T, plan);
    (plan.creates[0] as { name: string }).name = 'mutated plan';
    const [loaded] = await storage.loadDepartments(T);
    loaded!.name = 'mutated result';
    storage.snapshot(T).departments[0]!.extra.injected = true;

    const run = await storage.createRun({
      tenantId: T,
      kind: 'departments',
      dryRun: false,
      status: 'running',
    });
    const errors = [buildErrorRow()];
    await storage.finishRun({
      tenantId: T,
      runId: run.id,
      outcome: { status: 'completed_with_errors', summary: null, failure: null, errors },
    });
    errors[0]!.messageJa = 'mutated';
    (await storage.listRunErrors(T, run.id))[0]!.messageEn = 'mutated';
    run.status = 'failed';

    const connection = {
      tenantId: T,
      clientId: 'acme',
      clientSecret: 's',
      connectedAt: new Date(5),
    };
    await storage.saveConnection(connection);
    connection.connectedAt.setTime(99);
    (await storage.getConnection(T))!.clientSecret = 'mutated';

    const snapshot = storage.snapshot(T);
    expect(snapshot.departments[0]).toMatchObject({ name: '部署 A', extra: {} });
    expect(snapshot.runs[0]).toMatchObject({ status: 'completed_with_errors' });
    expect(snapshot.runs[0]?.errors).toEqual([buildErrorRow()]);
    expect(snapshot.connection).toMatchObject({ clientSecret: 's', connectedAt: new Date(5) });
  });
});

describe('bad input', () => {
  it('a plan of an unknown kind is refused with a StorageError, nothing written', async () => {
    const storage = createMemoryStorage();
    const employees = buildEmployeePlan({ creates: [buildEmployeeCreate({ email: 'a@x.jp' })] });
    await expectSyncError(
      applyDepartmentPlan(storage, T, {
        ...employees,
        kind: 'payroll',
      } as unknown as DepartmentPlan),
      'STORAGE_ERROR',
    );
    await expectSyncError(
      applyEmployeePlan(storage, T, { ...employees, links: 'x' } as unknown as EmployeePlan),
      'STORAGE_ERROR',
    );
    expect(storage.snapshot(T).employees).toEqual([]);
  });

  it('a hand-built create without a code, name or e-mail is refused, naming the row, nothing written', async () => {
    const storage = createMemoryStorage();
    const noCode = buildDepartmentPlan({
      creates: [buildDepartmentCreate({ code: 'OK' }), { name: 'x' } as never],
    });
    const departmentError = await expectSyncError(
      applyDepartmentPlan(storage, T, noCode),
      'STORAGE_ERROR',
    );
    expect(departmentError.message).toMatch(/Department create #1 has no code/);
    const badRetired = buildEmployeePlan({
      creates: [{ ...buildEmployeeCreate({ email: 'r@x.jp' }), retired: 'yes' as never }],
    });
    const employeeError = await expectSyncError(
      applyEmployeePlan(storage, T, badRetired),
      'STORAGE_ERROR',
    );
    expect(employeeError.message).toMatch(/#\d+: retired must be true or false/);
    expect(storage.snapshot(T)).toMatchObject({ departments: [], employees: [] });
    await expectSyncError(storage.acquireSyncLock(T, 'payroll' as never), 'STORAGE_ERROR');
  });

  it('an update naming a field the sync does not own is refused, nothing written', async () => {
    const storage = createMemoryStorage({ departments: { [T]: [{ code: 'A', name: 'a' }] } });
    const [department] = await storage.loadDepartments(T);
    const update = buildDepartmentUpdate(department!, { name: 'b' });
    update.changes.push({ field: 'id' as 'name', from: department!.id, to: 'hijacked' });
    const error = await expectSyncError(
      applyDepartmentPlan(storage, T, buildDepartmentPlan({ updates: [update] })),
      'STORAGE_ERROR',
    );
    expect(error.message).toMatch(/names the field "id", which a sync never writes/);
    expect(storage.snapshot(T).departments[0]).toMatchObject({ id: department!.id, name: 'a' });
  });

  it('an empty tenant id, a bad cursor, a bad limit and an unknown run are refused clearly', async () => {
    const storage = createMemoryStorage();
    await expectSyncError(storage.loadEmployees(''), 'STORAGE_ERROR');
    await expect(storage.listRuns(T, { cursor: 'page-2' })).rejects.toThrow(
      /The cursor is not a nextCursor this run log returned/,
    );
    await expect(storage.listRuns(T, { limit: 0 })).rejects.toThrow(/limit must be a whole number/);
    await expect(storage.startRun(T, 'nope')).rejects.toThrow(
      /No sync run "nope" for tenant "tenant-1"/,
    );
    await expect(
      storage.createRun({
        tenantId: T,
        kind: 'payroll' as 'employees',
        dryRun: false,
        status: 'queued',
      }),
    ).rejects.toThrow(/kind must be "departments" or "employees"/);
  });
});

describe('options and hand edits', () => {
  it('uses generateId and now', async () => {
    let n = 0;
    const storage = createMemoryStorage({
      generateId: () => `id-${++n}`,
      now: () => new Date('2026-11-25T00:00:00.000Z'),
    });
    await applyDepartmentPlan(
      storage,
      T,
      buildDepartmentPlan({ creates: [buildDepartmentCreate({ code: 'A' })] }),
    );
    const run = await storage.createRun({
      tenantId: T,
      kind: 'departments',
      dryRun: true,
      status: 'running',
    });
    expect((await storage.loadDepartments(T))[0]?.id).toBe('id-1');
    expect(run).toMatchObject({
      id: 'id-2',
      createdAt: new Date('2026-11-25T00:00:00.000Z'),
      startedAt: new Date('2026-11-25T00:00:00.000Z'),
    });
  });

  it('hand edits bump the revision, merge extra and keep codes unique', () => {
    const storage = createMemoryStorage({
      departments: {
        [T]: [
          { code: 'A', name: 'a', extra: { x: 1 } },
          { code: 'B', name: 'b' },
        ],
      },
    });
    const [a] = storage.snapshot(T).departments;
    storage.editDepartment(T, a!.id, { name: 'A!', parentCode: 'B', extra: { y: 2 } });
    expect(storage.snapshot(T).departments[0]).toMatchObject({
      name: 'A!',
      parentCode: 'B',
      extra: { x: 1, y: 2 },
      revision: 2,
    });
    expect(() => storage.editDepartment(T, a!.id, { code: 'B' })).toThrow(/already taken/);
    expect(() => storage.editEmployee(T, 'nobody', { retired: true })).toThrow(/has no employee/);
  });

  it('C5 printing the storage never shows a connection secret', async () => {
    const storage = createMemoryStorage();
    await storage.saveConnection({
      tenantId: T,
      clientId: 'acme',
      clientSecret: 'sk-live-do-not-print',
      connectedAt: new Date(),
    });
    expect(inspect(storage, { depth: 10 })).not.toContain('sk-live-do-not-print');
    expect(inspect(storage)).toBe('MemoryStorage { tenants: 1 }');
  });
});

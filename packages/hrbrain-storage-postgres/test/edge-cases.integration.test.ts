import { inspect } from 'node:util';
import { applyDepartmentPlan, applyEmployeePlan } from '@mikiwame/hrbrain-storage-testkit';
import {
  type DepartmentCreate,
  type DepartmentUpdate,
  type EmployeeUpdate,
  StalePlanError,
  StorageError,
  SyncInProgressError,
} from '@mikiwame/hrbrain-sync-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgPoolLike } from '../src/client';
import { createPostgresStorage, type PostgresStorage } from '../src/index';
import { newPglite, serverPool, uniqueSchema } from './setup/databases';
import { departmentPlan, employee, employeePlan } from './setup/plans';

const pool = serverPool();
afterAll(() => pool.end());

let tenantCounter = 0;
const newTenant = () => `edge-${process.pid}-${++tenantCounter}`;

function deptUpdate(
  id: string,
  code: string,
  changes: DepartmentUpdate['changes'],
  values: Partial<DepartmentUpdate['values']> = {},
): DepartmentUpdate {
  return {
    id,
    sourceId: `s-${code}`,
    values: { code, name: code, parentCode: null, ...values },
    changes,
  };
}

describe.each([
  ['pg.Pool on a real server', async () => ({ client: pool as PgPoolLike, close: async () => {} })],
  [
    'PGlite',
    async () => {
      const db = await newPglite();
      return { client: db as unknown as PgPoolLike, close: () => db.close() };
    },
  ],
])('edge cases via %s', (_name, open) => {
  let storage: PostgresStorage;
  let client: PgPoolLike;
  const clientOf = () => client;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const opened = await open();
    close = opened.close;
    client = opened.client;
    storage = createPostgresStorage({ client: opened.client, schema: uniqueSchema('edge') });
    await storage.migrate();
  });
  afterAll(() => close());

  const byCode = async (tenantId: string) =>
    new Map((await storage.loadDepartments(tenantId)).map((d) => [d.code, d]));

  it('C5 a value the column refuses (an impossible birth date in a hand-made plan) is a StorageError that quotes no value, and nothing is written', async () => {
    const tenantId = newTenant();
    const plan = employeePlan([employee(1), employee(2, { birthDate: '1985-13-45' })]);
    const error = await storage.applyPlan({ tenantId, plan }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(StorageError);
    const text = `${(error as Error).message} ${inspect((error as Error).cause, { depth: 5 })}`;
    expect(text).toMatch(/22008|22007|22P02/);
    expect(text).not.toContain('1985-13-45');
    expect(text).not.toContain('person2@example.com');
    expect(await storage.loadEmployees(tenantId)).toEqual([]);
  });

  it('D3/D5 a department chain crossing the 10,000-row chunk boundary keeps every parent', async () => {
    const tenantId = newTenant();
    // 10,010 creates, parents first; the last 20 form one chain across the boundary.
    const creates: DepartmentCreate[] = [];
    for (let i = 0; i < 9_990; i++) {
      creates.push({ code: `F${i}`, name: `flat ${i}`, parentCode: null, sourceId: `s${i}` });
    }
    for (let i = 0; i < 20; i++) {
      creates.push({
        code: `C${i}`,
        name: `chain ${i}`,
        parentCode: i === 0 ? 'F0' : `C${i - 1}`,
        sourceId: `c${i}`,
      });
    }
    await expect(
      applyDepartmentPlan(storage, tenantId, departmentPlan(creates)),
    ).resolves.toMatchObject({
      created: 10_010,
      updated: 0,
    });
    const stored = await byCode(tenantId);
    expect(stored.size).toBe(10_010);
    for (let i = 0; i < 20; i++) {
      expect(stored.get(`C${i}`)?.parentCode).toBe(i === 0 ? 'F0' : `C${i - 1}`);
    }
  });

  it('D1 creates listed children first across the chunk boundary still land with their parents', async () => {
    const tenantId = newTenant();
    // A hand-built plan, not parents first: the children fill chunk 1, their parent is in chunk 2.
    const creates: DepartmentCreate[] = [];
    for (let i = 0; i < 10_000; i++) {
      creates.push({ code: `K${i}`, name: `child ${i}`, parentCode: 'ROOT', sourceId: `k${i}` });
    }
    creates.push({ code: 'ROOT', name: 'root', parentCode: null, sourceId: 'root' });
    await applyDepartmentPlan(storage, tenantId, departmentPlan(creates));
    const stored = await byCode(tenantId);
    expect(stored.get('K0')?.parentCode).toBe('ROOT');
    expect(stored.get('K9999')?.parentCode).toBe('ROOT');
    expect(stored.get('ROOT')?.parentCode).toBeNull();
  });

  it('D8 moves a subtree under a department created in the same plan, and another to root', async () => {
    const tenantId = newTenant();
    await applyDepartmentPlan(
      storage,
      tenantId,
      departmentPlan([
        { code: 'A', name: 'A', parentCode: null, sourceId: 'a' },
        { code: 'B', name: 'B', parentCode: 'A', sourceId: 'b' },
        { code: 'B1', name: 'B1', parentCode: 'B', sourceId: 'b1' },
        { code: 'C', name: 'C', parentCode: 'A', sourceId: 'c' },
      ]),
    );
    const before = await byCode(tenantId);
    await applyDepartmentPlan(
      storage,
      tenantId,
      departmentPlan(
        [{ code: 'N', name: 'N', parentCode: null, sourceId: 'n' }],
        [
          deptUpdate(before.get('B')!.id, 'B', [{ field: 'parentCode', from: 'A', to: 'N' }]),
          deptUpdate(before.get('C')!.id, 'C', [{ field: 'parentCode', from: 'A', to: null }]),
        ],
      ),
    );
    const after = await byCode(tenantId);
    expect(after.get('B')?.parentCode).toBe('N');
    expect(after.get('B1')?.parentCode).toBe('B');
    expect(after.get('C')?.parentCode).toBeNull();
    expect(after.get('A')?.parentCode).toBeNull();
  });

  it('D8 swaps a parent and its child in one plan', async () => {
    const tenantId = newTenant();
    await applyDepartmentPlan(
      storage,
      tenantId,
      departmentPlan([
        { code: 'P', name: 'P', parentCode: null, sourceId: 'p' },
        { code: 'Q', name: 'Q', parentCode: 'P', sourceId: 'q' },
      ]),
    );
    const before = await byCode(tenantId);
    await applyDepartmentPlan(
      storage,
      tenantId,
      departmentPlan(
        [],
        [
          deptUpdate(before.get('P')!.id, 'P', [{ field: 'parentCode', from: null, to: 'Q' }]),
          deptUpdate(before.get('Q')!.id, 'Q', [{ field: 'parentCode', from: 'P', to: null }]),
        ],
      ),
    );
    const after = await byCode(tenantId);
    expect(after.get('P')?.parentCode).toBe('Q');
    expect(after.get('Q')?.parentCode).toBeNull();
  });

  it('E1 an update that only changes the case of the e-mail is written (unique lower(email))', async () => {
    const tenantId = newTenant();
    await applyEmployeePlan(
      storage,
      tenantId,
      employeePlan([employee(1, { email: 'taro@example.com' })]),
    );
    const [stored] = await storage.loadEmployees(tenantId);
    const update: EmployeeUpdate = {
      id: stored!.id,
      sourceId: 'm-1',
      values: { ...employee(1), email: 'Taro@Example.com' },
      changes: [{ field: 'email', from: 'taro@example.com', to: 'Taro@Example.com' }],
    };
    await expect(
      applyEmployeePlan(storage, tenantId, employeePlan([], [update])),
    ).resolves.toMatchObject({
      created: 0,
      updated: 1,
    });
    expect((await storage.loadEmployees(tenantId))[0]?.email).toBe('Taro@Example.com');
  });

  it.each([
    ['null planned, value stored', 'position', null, '部長', '課長'],
    ['value planned, null stored', 'position', '主任', null, '課長'],
    ['boolean false planned, true stored', 'retired', false, true, true],
    ['date planned, another stored', 'birthDate', '1990-04-01', '1990-04-02', '1991-01-01'],
    ['null date planned, date stored', 'birthDate', null, '1990-04-02', '1991-01-01'],
  ] as const)(
    'J5 stale check: %s → StalePlanError, nothing written',
    async (_t, field, from, stored, to) => {
      const tenantId = newTenant();
      await applyEmployeePlan(
        storage,
        tenantId,
        employeePlan([employee(1, { [field]: stored }), employee(2)]),
      );
      const rows = await storage.loadEmployees(tenantId);
      const one = rows.find((r) => r.email === 'person1@example.com')!;
      const two = rows.find((r) => r.email === 'person2@example.com')!;
      const plan = employeePlan(
        [employee(3)],
        [
          {
            id: two.id,
            sourceId: 'm-2',
            values: { ...employee(2), lastName: '佐藤' },
            changes: [{ field: 'lastName', from: '山田', to: '佐藤' }],
          },
          {
            id: one.id,
            sourceId: 'm-1',
            values: { ...employee(1), [field]: to },
            changes: [{ field, from, to }],
          },
        ],
      );
      await expect(applyEmployeePlan(storage, tenantId, plan)).rejects.toBeInstanceOf(
        StalePlanError,
      );
      expect(await storage.loadEmployees(tenantId)).toEqual(expect.arrayContaining(rows));
      expect(await storage.loadEmployees(tenantId)).toHaveLength(2);
    },
  );

  it.each([
    ['null', 'position', null, null, '課長'],
    ['boolean', 'retired', false, false, true],
    ['date', 'birthDate', '1990-04-01', '1990-04-01', '1991-01-01'],
    ['null date', 'birthDate', null, null, '1991-01-01'],
  ] as const)('E10 a %s stored as planned is updated', async (_t, field, from, stored, to) => {
    const tenantId = newTenant();
    await applyEmployeePlan(storage, tenantId, employeePlan([employee(1, { [field]: stored })]));
    const [one] = await storage.loadEmployees(tenantId);
    await applyEmployeePlan(
      storage,
      tenantId,
      employeePlan(
        [],
        [
          {
            id: one!.id,
            sourceId: 'm-1',
            values: { ...employee(1), [field]: to },
            changes: [{ field, from, to }],
          },
        ],
      ),
    );
    expect((await storage.loadEmployees(tenantId))[0]?.[field]).toBe(to);
  });

  it('C5 a refused saveConnection leaks the secret neither in the message nor in inspect()', async () => {
    const secret = 'hb-secret-DO-NOT-LEAK-42';
    const error = await storage
      .saveConnection({
        tenantId: newTenant(),
        clientId: 'acme',
        clientSecret: secret,
        connectedAt: undefined as unknown as Date,
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).not.toContain(secret);
    expect(inspect(error, { depth: 10 })).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
  });

  it('C5 a database refusal of saveConnection (tables missing) keeps the secret out of the cause', async () => {
    const secret = 'hb-secret-NOT-MIGRATED-13';
    // Same client, a schema never migrated: the insert itself fails in the database.
    const bare = createPostgresStorage({
      client: clientOf(),
      schema: uniqueSchema('bare'),
    });
    const error = await bare
      .saveConnection({
        tenantId: newTenant(),
        clientId: 'acme',
        clientSecret: secret,
        connectedAt: new Date(),
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect((error as Error).message).toMatch(/Run `await storage\.migrate\(\)` first/);
    expect(inspect(error, { depth: 10 })).not.toContain(secret);
  });

  it('C5 saveConnection names each missing field, never a value', async () => {
    const secret = 'hb-secret-NAMED-99';
    const error = await storage
      .saveConnection({
        tenantId: newTenant(),
        clientId: '',
        clientSecret: secret,
        connectedAt: new Date('nope'),
      })
      .then(
        () => null,
        (e: unknown) => e as Error,
      );
    expect(error?.message).toMatch(/clientId.*connectedAt \(a valid Date\)/);
    expect(error?.message).not.toContain(secret);
  });

  it('C5 inspect(storage) shows no secret after a connection is saved and read', async () => {
    const secret = 'hb-secret-INSPECT-77';
    const tenantId = newTenant();
    await storage.saveConnection({
      tenantId,
      clientId: 'acme',
      clientSecret: secret,
      connectedAt: new Date(),
    });
    await storage.getConnection(tenantId);
    expect(inspect(storage, { depth: 10 })).not.toContain(secret);
  });
});

describe('J5 sync locks and the size of a pg.Pool', () => {
  it('J5 a lock that would take the last pooled connection is refused with advice, not a hang', async () => {
    const small = serverPool(2);
    try {
      const storage = createPostgresStorage({ client: small, schema: uniqueSchema('small') });
      await storage.migrate();
      const lock = await storage.acquireSyncLock('tenant-a', 'departments');
      // One connection left: the run holding the lock can still work with it.
      await expect(storage.listRuns('tenant-a')).resolves.toMatchObject({
        runs: [],
        nextCursor: null,
      });
      // The same tenant and kind is still "in progress", whatever the pool size.
      await expect(storage.acquireSyncLock('tenant-a', 'departments')).rejects.toBeInstanceOf(
        SyncInProgressError,
      );
      const error = await storage.acquireSyncLock('tenant-b', 'departments').then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(
        /max 2 connection\(s\) and 1 are already held.*Raise the pool's `max`/,
      );
      await lock.release();
      // Released: the next run gets its lock.
      await (await storage.acquireSyncLock('tenant-b', 'departments')).release();
    } finally {
      await small.end();
    }
  });

  it('J5 a pool of one connection cannot run a sync: refused at once', async () => {
    const single = serverPool(1);
    try {
      const storage = createPostgresStorage({ client: single, schema: uniqueSchema('single') });
      await expect(storage.acquireSyncLock('tenant-a', 'employees')).rejects.toThrow(
        /max 1 connection\(s\)/,
      );
    } finally {
      await single.end();
    }
  });
});

describe('plans of the wrong shape', () => {
  it('J5 a plan of no known kind, or with malformed links, is refused by name, nothing written', async () => {
    const storage = createPostgresStorage({ client: pool, schema: uniqueSchema('shape') });
    await storage.migrate();
    const tenantId = newTenant();
    await expect(
      applyDepartmentPlan(storage, tenantId, {
        ...employeePlan([employee(1)]),
        kind: 'payroll',
      } as never),
    ).rejects.toThrow(/applyPlan needs a DepartmentPlan or EmployeePlan.*planDepartmentSync/);
    await expect(
      applyEmployeePlan(storage, tenantId, { ...employeePlan([employee(2)]), links: {} } as never),
    ).rejects.toThrow(/applyPlan needs a/);
    expect(await storage.loadDepartments(tenantId)).toEqual([]);
    expect(await storage.loadEmployees(tenantId)).toEqual([]);
  });
});

describe('values PostgreSQL cannot store', () => {
  it('a NUL character in a name is refused with StorageError saying which value does not fit; nothing written', async () => {
    const storage = createPostgresStorage({ client: pool, schema: uniqueSchema('nul') });
    await storage.migrate();
    const tenantId = newTenant();
    const error = await applyDepartmentPlan(
      storage,
      tenantId,
      departmentPlan([
        { code: 'OK', name: 'fine', parentCode: null, sourceId: 'ok' },
        { code: 'BAD', name: 'a\u0000b', parentCode: null, sourceId: 'bad' },
      ]),
    ).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/applyPlan failed: a value does not fit the column/);
    expect(await storage.loadDepartments(tenantId)).toEqual([]);
  });
});

describe('listRuns cursors', () => {
  it('J1 a cursor beyond the bigint range is refused as not one the adapter returned', async () => {
    const storage = createPostgresStorage({ client: pool, schema: uniqueSchema('cursor') });
    await storage.migrate();
    await expect(storage.listRuns(newTenant(), { cursor: '9999999999999999999' })).rejects.toThrow(
      /The cursor is not a nextCursor this run log returned/,
    );
  });
});

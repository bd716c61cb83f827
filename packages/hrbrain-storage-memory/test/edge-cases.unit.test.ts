import { inspect } from 'node:util';
import {
  applyDepartmentPlan,
  applyEmployeePlan,
  buildDepartmentCreate,
  buildDepartmentPlan,
  buildDepartmentUpdate,
  buildEmployeeCreate,
  buildEmployeePlan,
  buildEmployeeUpdate,
} from '@mikiwame/hrbrain-storage-testkit';
import { StalePlanError, StorageError } from '@mikiwame/hrbrain-sync-core';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../src/index';

const T = 'tenant-edge';

describe('memory storage edge cases', () => {
  it('D1 creates listed children first land under their parent (any order)', async () => {
    const storage = createMemoryStorage();
    await applyDepartmentPlan(
      storage,
      T,
      buildDepartmentPlan({
        creates: [
          buildDepartmentCreate({ code: 'C', name: 'c', parentCode: 'B' }),
          buildDepartmentCreate({ code: 'B', name: 'b', parentCode: 'A' }),
          buildDepartmentCreate({ code: 'A', name: 'a', parentCode: null }),
        ],
      }),
    );
    const parents = Object.fromEntries(
      (await storage.loadDepartments(T)).map((d) => [d.code, d.parentCode]),
    );
    expect(parents).toEqual({ A: null, B: 'A', C: 'B' });
  });

  it('D8 swaps a parent and its child in one plan; the subtree moves with it', async () => {
    const storage = createMemoryStorage({
      departments: {
        [T]: [
          { code: 'P', name: 'P' },
          { code: 'Q', name: 'Q', parentCode: 'P' },
          { code: 'Q1', name: 'Q1', parentCode: 'Q' },
        ],
      },
    });
    const byCode = new Map((await storage.loadDepartments(T)).map((d) => [d.code, d]));
    await applyDepartmentPlan(
      storage,
      T,
      buildDepartmentPlan({
        updates: [
          buildDepartmentUpdate(byCode.get('P')!, { parentCode: 'Q' }),
          buildDepartmentUpdate(byCode.get('Q')!, { parentCode: null }),
        ],
      }),
    );
    const parents = Object.fromEntries(
      (await storage.loadDepartments(T)).map((d) => [d.code, d.parentCode]),
    );
    expect(parents).toEqual({ P: 'Q', Q: null, Q1: 'Q' });
  });

  it('E1 an update that only changes the case of the e-mail is the same employee', async () => {
    const storage = createMemoryStorage();
    await applyEmployeePlan(
      storage,
      T,
      buildEmployeePlan({ creates: [buildEmployeeCreate({ email: 'taro@example.com' })] }),
    );
    const [stored] = await storage.loadEmployees(T);
    await applyEmployeePlan(
      storage,
      T,
      buildEmployeePlan({ updates: [buildEmployeeUpdate(stored!, { email: 'Taro@Example.com' })] }),
    );
    const after = await storage.loadEmployees(T);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: stored!.id, email: 'Taro@Example.com' });
  });

  it.each([
    ['null planned, value stored', 'position', '部長', null],
    ['value planned, null stored', 'position', null, '主任'],
    ['false planned, true stored', 'retired', true, false],
    ['date planned, another stored', 'birthDate', '1990-04-02', '1990-04-01'],
  ] as const)(
    'J5 stale check on %s → StalePlanError, nothing written',
    async (_t, field, stored, planned) => {
      const storage = createMemoryStorage();
      await applyEmployeePlan(
        storage,
        T,
        buildEmployeePlan({
          creates: [buildEmployeeCreate({ email: 'a@example.com', [field]: stored })],
        }),
      );
      const [row] = await storage.loadEmployees(T);
      const before = storage.snapshot(T).employees;
      const update = buildEmployeeUpdate({ ...row!, [field]: planned }, { lastName: '佐藤' });
      update.changes.push({ field, from: planned, to: field === 'retired' ? true : '1999-09-09' });
      await expect(
        applyEmployeePlan(
          storage,
          T,
          buildEmployeePlan({
            creates: [buildEmployeeCreate({ email: 'b@example.com' })],
            updates: [update],
          }),
        ),
      ).rejects.toBeInstanceOf(StalePlanError);
      expect(storage.snapshot(T).employees).toEqual(before);
    },
  );

  it('C5 the secret appears neither in inspect(storage) nor in a refused saveConnection', async () => {
    const secret = 'hb-secret-memory-55';
    const storage = createMemoryStorage();
    await storage.saveConnection({
      tenantId: T,
      clientId: 'acme',
      clientSecret: secret,
      connectedAt: new Date(),
    });
    expect(inspect(storage, { depth: 10 })).not.toContain(secret);
    const error = await storage
      .saveConnection({
        tenantId: T,
        clientId: 'acme',
        clientSecret: secret,
        connectedAt: 'now' as unknown as Date,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(inspect(error, { depth: 10 })).not.toContain(secret);
  });
});

import type { EmployeeCreate } from '@mikiwame/hrbrain-sync-core';
import fc from 'fast-check';
import { expect } from 'vitest';
import { expectSyncError } from '../expect-error';
import { applyEmployeePlan } from '../fixtures/apply';
import {
  buildDepartmentCreate,
  buildEmployeeCreate,
  buildEmployeePlan,
  buildEmployeeUpdate,
  unchangedEmployee,
} from '../fixtures/plans';
import { pick, seedDepartments, seedEmployees } from '../fixtures/seed';
import { newTenantId } from '../fixtures/tenants';
import { storedEmployees } from '../stored-state';
import type { ConformanceContext, ConformanceSuite } from '../suite';

const withoutId = <T extends { id: string }>({ id: _id, ...rest }: T) => rest;
const byEmail = (a: { email: string }, b: { email: string }) =>
  a.email.toLowerCase() < b.email.toLowerCase() ? -1 : 1;

/** E2: employees hang in departments that exist, so FK-based adapters accept them. */
async function seedOrganisation({ storage, tenantId }: ConformanceContext) {
  await seedDepartments(storage, tenantId, [
    buildDepartmentCreate({ code: 'HQ', name: '本社' }),
    buildDepartmentCreate({ code: 'SALES', name: '営業部', parentCode: 'HQ' }),
    buildDepartmentCreate({ code: 'DEV', name: '開発部', parentCode: 'HQ' }),
  ]);
}

export const employeeSuite: ConformanceSuite = {
  id: 'employees',
  title: 'applying employee plans (E1, E7, E10, E12, E13)',
  cases: [
    {
      title: 'E1/E12 creates employees with every mapped field and their sourceId',
      async run(context) {
        const { storage, inspect, tenantId } = context;
        await seedOrganisation(context);
        const creates: EmployeeCreate[] = [
          buildEmployeeCreate({
            email: 'hanako.sato@example.com',
            lastName: '佐藤',
            firstName: '花子',
            lastNameKana: 'サトウ',
            firstNameKana: 'ハナコ',
            employeeNumber: 'A-001_x.9',
            birthDate: '1990-04-01',
            departmentCode: 'SALES',
            position: '課長',
            gender: 'female',
            employmentType: 'regular',
            retired: false,
            sourceId: 'member-0001',
          }),
          buildEmployeeCreate({ email: 'minimal@example.com', sourceId: 'member-0002' }),
          buildEmployeeCreate({
            email: 'Retired.Person@Example.com',
            gender: 'other',
            employmentType: 'part_time',
            departmentCode: 'DEV',
            retired: true,
          }),
        ];
        const result = await applyEmployeePlan(storage, tenantId, buildEmployeePlan({ creates }));
        expect({ created: result.created, updated: result.updated }).toEqual({
          created: 3,
          updated: 0,
        });
        const stored = await storedEmployees(inspect, tenantId);
        expect(stored.map(withoutId)).toEqual([...creates].sort(byEmail));
        expect(new Set(stored.map((e) => e.id)).size).toBe(3);

        const loaded = (await storage.loadEmployees(tenantId))
          .map((e) => ({ ...e, sourceId: e.sourceId ?? null }))
          .sort(byEmail);
        expect(loaded).toEqual(stored);
      },
    },
    {
      title:
        'E1 a plan of 10,000 creates and 1,000 updates applies in one go (no per-statement parameter limit)',
      async run(context) {
        const { storage, inspect, tenantId } = context;
        await seedOrganisation(context);
        const seeded = await seedEmployees(
          storage,
          tenantId,
          Array.from({ length: 1_000 }, (_, index) =>
            buildEmployeeCreate({ email: `existing-${index}@example.com`, departmentCode: 'HQ' }),
          ),
        );
        const creates = Array.from({ length: 10_000 }, (_, index) =>
          buildEmployeeCreate({
            email: `new-${index}@example.com`,
            employeeNumber: `N${index}`,
            birthDate: '1990-01-01',
            departmentCode: index % 2 === 0 ? 'SALES' : 'DEV',
            gender: 'other',
            employmentType: 'contract',
            position: '一般',
          }),
        );
        const updates = [...seeded.values()].map((employee) =>
          buildEmployeeUpdate(employee, { departmentCode: 'DEV', position: '主任' }),
        );
        const result = await applyEmployeePlan(
          storage,
          tenantId,
          buildEmployeePlan({ creates, updates }),
        );
        expect({ created: result.created, updated: result.updated }).toEqual({
          created: 10_000,
          updated: 1_000,
        });
        const stored = await inspect.employees(tenantId);
        expect(stored).toHaveLength(11_000);
        const moved = stored.filter((e) => e.departmentCode === 'DEV' && e.position === '主任');
        expect(moved).toHaveLength(1_000);
        const byEmail = new Map(stored.map((e) => [e.email, e]));
        expect(byEmail.get('new-9999@example.com')).toMatchObject({
          employeeNumber: 'N9999',
          departmentCode: 'DEV',
          birthDate: '1990-01-01',
        });
      },
    },
    {
      title: 'E13 birth dates are calendar dates, stored and read back without a time-zone shift',
      async run({ storage, inspect, tenantId }) {
        const dates = ['1970-01-01', '2000-02-29', '1899-12-31', '2024-12-31', '1989-01-08'];
        const creates = dates.map((birthDate, index) =>
          buildEmployeeCreate({ email: `born-${index}@example.com`, birthDate }),
        );
        await applyEmployeePlan(storage, tenantId, buildEmployeePlan({ creates }));
        const stored = await storedEmployees(inspect, tenantId);
        expect(stored.map((e) => e.birthDate)).toEqual(dates);
        const loaded = (await storage.loadEmployees(tenantId)).sort(byEmail);
        expect(loaded.map((e) => e.birthDate)).toEqual(dates);
      },
    },
    {
      title:
        'E13 property: every calendar date from 1900 to 2100 reads back as the same YYYY-MM-DD',
      async run({ storage, inspect, propertyRuns }) {
        const isoDate = fc
          .date({
            min: new Date('1900-01-01T00:00:00Z'),
            max: new Date('2100-12-31T00:00:00Z'),
            noInvalidDate: true,
          })
          .map((date) => date.toISOString().slice(0, 10));
        await fc.assert(
          fc.asyncProperty(fc.array(isoDate, { minLength: 1, maxLength: 8 }), async (dates) => {
            const tenantId = newTenantId('dates');
            const creates = dates.map((birthDate, index) =>
              buildEmployeeCreate({ email: `d${index}@example.com`, birthDate }),
            );
            await applyEmployeePlan(storage, tenantId, buildEmployeePlan({ creates }));
            const stored = new Map(
              (await inspect.employees(tenantId)).map((e) => [e.email, e.birthDate]),
            );
            const loaded = new Map(
              (await storage.loadEmployees(tenantId)).map((e) => [e.email, e.birthDate]),
            );
            for (const create of creates) {
              expect(stored.get(create.email)).toBe(create.birthDate);
              expect(loaded.get(create.email)).toBe(create.birthDate);
            }
          }),
          { numRuns: propertyRuns },
        );
      },
    },
    {
      title:
        'E10 an update writes exactly the fields named in `changes`, nothing else from `values`',
      async run(context) {
        const { storage, inspect, tenantId } = context;
        await seedOrganisation(context);
        const seeded = await seedEmployees(storage, tenantId, [
          buildEmployeeCreate({ email: 'taro@example.com', departmentCode: 'SALES' }),
          buildEmployeeCreate({ email: 'jiro@example.com', position: '主任' }),
        ]);
        const update = buildEmployeeUpdate(pick(seeded, 'taro@example.com'), {
          position: '部長',
          departmentCode: 'DEV',
          employeeNumber: 'E-100',
        });
        update.values = { ...update.values, lastName: 'WRONG: not in changes', gender: 'male' };
        expect(update.changes.map((c) => c.field)).toEqual([
          'employeeNumber',
          'departmentCode',
          'position',
        ]);
        const before = await storedEmployees(inspect, tenantId);
        const result = await applyEmployeePlan(
          storage,
          tenantId,
          buildEmployeePlan({ updates: [update] }),
        );
        expect({ created: result.created, updated: result.updated }).toEqual({
          created: 0,
          updated: 1,
        });
        const after = await storedEmployees(inspect, tenantId);
        expect(after).toEqual(
          before.map((e) =>
            e.email === 'taro@example.com'
              ? { ...e, position: '部長', departmentCode: 'DEV', employeeNumber: 'E-100' }
              : e,
          ),
        );
      },
    },
    {
      title: 'E7 a retired flag is never cleared by an update that does not name it',
      async run({ storage, inspect, tenantId }) {
        const seeded = await seedEmployees(storage, tenantId, [
          buildEmployeeCreate({ email: 'left@example.com', retired: true }),
          buildEmployeeCreate({ email: 'leaving@example.com', retired: false }),
        ]);
        const rename = buildEmployeeUpdate(pick(seeded, 'left@example.com'), {
          lastName: '鈴木',
        });
        // The planner's `values` may say false (HRBrain says 在籍); only `changes` count.
        rename.values = { ...rename.values, retired: false };
        const retire = buildEmployeeUpdate(pick(seeded, 'leaving@example.com'), { retired: true });
        await applyEmployeePlan(
          storage,
          tenantId,
          buildEmployeePlan({ updates: [rename, retire] }),
        );
        const stored = await storedEmployees(inspect, tenantId);
        expect(stored.map((e) => [e.email, e.lastName, e.retired])).toEqual([
          ['leaving@example.com', '山田', true],
          ['left@example.com', '鈴木', true],
        ]);
      },
    },
    {
      title:
        'E1 the e-mail key is case-insensitive: a create of a stored address in other case is refused',
      async run({ storage, inspect, tenantId }) {
        await seedEmployees(storage, tenantId, [
          buildEmployeeCreate({ email: 'Hanako.Sato@Example.COM' }),
        ]);
        const before = await storedEmployees(inspect, tenantId);
        expect(before.map((e) => e.email)).toEqual(['Hanako.Sato@Example.COM']);
        const error = await expectSyncError(
          applyEmployeePlan(
            storage,
            tenantId,
            buildEmployeePlan({
              creates: [buildEmployeeCreate({ email: 'hanako.sato@example.com' })],
            }),
          ),
          'STALE_PLAN',
        );
        expect(error.name).toBe('StalePlanError');
        expect(await storedEmployees(inspect, tenantId)).toEqual(before);
      },
    },
    {
      title:
        'E1 the e-mail key is trimmed: a create of a stored address that differs only by surrounding spaces (ASCII or full-width) is refused',
      async run({ storage, inspect, tenantId }) {
        await seedEmployees(storage, tenantId, [
          buildEmployeeCreate({ email: ' Taro.Suzuki@Example.COM ' }),
          buildEmployeeCreate({ email: '\u3000jiro@example.com\t' }),
        ]);
        const before = await storedEmployees(inspect, tenantId);
        for (const email of ['taro.suzuki@example.com', 'jiro@example.com']) {
          const error = await expectSyncError(
            applyEmployeePlan(
              storage,
              tenantId,
              buildEmployeePlan({ creates: [buildEmployeeCreate({ email })] }),
            ),
            'STALE_PLAN',
          );
          expect(error.name).toBe('StalePlanError');
        }
        expect(await storedEmployees(inspect, tenantId)).toEqual(before);
      },
    },
    {
      title: 'E1 an update may change only the case of an e-mail address (same employee)',
      async run({ storage, inspect, tenantId }) {
        const seeded = await seedEmployees(storage, tenantId, [
          buildEmployeeCreate({ email: 'Ichiro@Example.com' }),
        ]);
        const employee = pick(seeded, 'ichiro@example.com');
        await applyEmployeePlan(
          storage,
          tenantId,
          buildEmployeePlan({
            updates: [buildEmployeeUpdate(employee, { email: 'ichiro@example.com' })],
          }),
        );
        const stored = await storedEmployees(inspect, tenantId);
        expect(stored.map((e) => [e.id, e.email])).toEqual([[employee.id, 'ichiro@example.com']]);
      },
    },
    {
      title: 'E12 an update naming `sourceId` records it; one that does not keeps the stored id',
      async run({ storage, inspect, tenantId }) {
        const seeded = await seedEmployees(storage, tenantId, [
          buildEmployeeCreate({ email: 'a@example.com', sourceId: 'member-old' }),
          buildEmployeeCreate({ email: 'b@example.com', sourceId: 'member-b' }),
        ]);
        const relink = buildEmployeeUpdate(pick(seeded, 'a@example.com'), {
          sourceId: 'member-new',
        });
        const rename = buildEmployeeUpdate(pick(seeded, 'b@example.com'), { firstName: '二郎' });
        rename.sourceId = 'member-not-named-in-changes';
        await applyEmployeePlan(
          storage,
          tenantId,
          buildEmployeePlan({ updates: [relink, rename] }),
        );
        const stored = await storedEmployees(inspect, tenantId);
        expect(stored.map((e) => [e.email, e.firstName, e.sourceId])).toEqual([
          ['a@example.com', '太郎', 'member-new'],
          ['b@example.com', '二郎', 'member-b'],
        ]);
      },
    },
    {
      title: 'E10 unchanged and notInSource employees keep their values; nothing is deleted',
      async run({ storage, inspect, tenantId }) {
        const seeded = await seedEmployees(storage, tenantId, [
          buildEmployeeCreate({ email: 'a@example.com' }),
          buildEmployeeCreate({ email: 'b@example.com', position: '係長' }),
          buildEmployeeCreate({ email: 'c@example.com', retired: true }),
        ]);
        const before = await storedEmployees(inspect, tenantId);
        await applyEmployeePlan(
          storage,
          tenantId,
          buildEmployeePlan({
            creates: [buildEmployeeCreate({ email: 'd@example.com' })],
            updates: [buildEmployeeUpdate(pick(seeded, 'a@example.com'), { firstName: '一郎' })],
            unchanged: [unchangedEmployee(pick(seeded, 'b@example.com'))],
            notInSource: [{ id: pick(seeded, 'c@example.com').id, email: 'c@example.com' }],
          }),
        );
        const after = await storedEmployees(inspect, tenantId);
        expect(after).toHaveLength(4);
        expect(after[1]).toEqual(before[1]);
        expect(after[2]).toEqual(before[2]);
        expect(after[0]?.firstName).toBe('一郎');
      },
    },
    {
      title: 'E10 unchanged and notInSource employees are not rewritten (row revisions)',
      requires: ['revisions'],
      async run({ storage, inspect, tenantId }) {
        const seeded = await seedEmployees(storage, tenantId, [
          buildEmployeeCreate({ email: 'a@example.com' }),
          buildEmployeeCreate({ email: 'b@example.com' }),
          buildEmployeeCreate({ email: 'c@example.com' }),
        ]);
        const revisions = inspect.revisions!;
        const before = await revisions('employees', tenantId);
        await applyEmployeePlan(
          storage,
          tenantId,
          buildEmployeePlan({
            creates: [buildEmployeeCreate({ email: 'd@example.com' })],
            updates: [buildEmployeeUpdate(pick(seeded, 'a@example.com'), { position: '新任' })],
            unchanged: [unchangedEmployee(pick(seeded, 'b@example.com'))],
            notInSource: [{ id: pick(seeded, 'c@example.com').id, email: 'c@example.com' }],
          }),
        );
        const after = await revisions('employees', tenantId);
        const id = (email: string) => pick(seeded, email).id;
        expect(after[id('b@example.com')], 'unchanged row was rewritten').toEqual(
          before[id('b@example.com')],
        );
        expect(after[id('c@example.com')], 'notInSource row was rewritten').toEqual(
          before[id('c@example.com')],
        );
        expect(after[id('a@example.com')], 'updated row shows no write').not.toEqual(
          before[id('a@example.com')],
        );
      },
    },
    {
      title: 'E10 columns the sync does not map survive creates and updates',
      requires: ['unmapped'],
      async run({ storage, inspect, tenantId }) {
        const seeded = await seedEmployees(storage, tenantId, [
          buildEmployeeCreate({ email: 'a@example.com' }),
          buildEmployeeCreate({ email: 'b@example.com' }),
        ]);
        const unmapped = inspect.unmapped!;
        const id = (email: string) => pick(seeded, email).id;
        await unmapped.set('employees', tenantId, id('a@example.com'), '適性検査 受検済み ✅');
        await unmapped.set('employees', tenantId, id('b@example.com'), 'note b');
        await applyEmployeePlan(
          storage,
          tenantId,
          buildEmployeePlan({
            creates: [buildEmployeeCreate({ email: 'c@example.com' })],
            updates: [
              buildEmployeeUpdate(pick(seeded, 'a@example.com'), {
                lastName: '高橋',
                retired: true,
              }),
            ],
            unchanged: [unchangedEmployee(pick(seeded, 'b@example.com'))],
          }),
        );
        expect(await unmapped.get('employees', tenantId, id('a@example.com'))).toBe(
          '適性検査 受検済み ✅',
        );
        expect(await unmapped.get('employees', tenantId, id('b@example.com'))).toBe('note b');
        const stored = await storedEmployees(inspect, tenantId);
        expect(stored[0]).toMatchObject({ lastName: '高橋', retired: true });
      },
    },
  ],
};

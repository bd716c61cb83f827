import { HrbrainSyncError } from '@mikiwame/hrbrain-sync-core';
import { expect } from 'vitest';
import { expectRejection, expectSyncError } from '../expect-error';
import { applyDepartmentPlan, applyEmployeePlan } from '../fixtures/apply';
import {
  buildDepartmentChain,
  buildDepartmentCreate,
  buildDepartmentPlan,
  buildDepartmentUpdate,
  buildEmployeeCreate,
  buildEmployeePlan,
  buildEmployeeUpdate,
} from '../fixtures/plans';
import { pick, seedDepartments, seedEmployees } from '../fixtures/seed';
import { storedTenantState } from '../stored-state';
import type { ConformanceContext, ConformanceSuite } from '../suite';

async function seedBoth({ storage, tenantId }: ConformanceContext) {
  const departments = await seedDepartments(storage, tenantId, [
    buildDepartmentCreate({ code: 'HQ', name: '本社' }),
    buildDepartmentCreate({ code: 'SALES', name: '営業部', parentCode: 'HQ' }),
    buildDepartmentCreate({ code: 'DEV', name: '開発部', parentCode: 'HQ' }),
  ]);
  const employees = await seedEmployees(storage, tenantId, [
    buildEmployeeCreate({ email: 'taro@example.com', departmentCode: 'SALES' }),
    buildEmployeeCreate({ email: 'Hanako@Example.com', departmentCode: 'DEV' }),
  ]);
  return { departments, employees };
}

export const atomicitySuite: ConformanceSuite = {
  id: 'atomicity',
  title: 'atomicity: a plan is applied whole or not at all (J5)',
  cases: [
    {
      title:
        'J5 a department plan whose last update no longer holds its `from` values writes nothing (StalePlanError)',
      async run(context) {
        const { storage, inspect, tenantId } = context;
        const { departments } = await seedBoth(context);
        const before = await storedTenantState(inspect, tenantId);
        const stale = buildDepartmentUpdate(pick(departments, 'DEV'), { name: '開発本部' });
        stale.changes = [{ field: 'name', from: 'not what is stored', to: '開発本部' }];
        await expectSyncError(
          applyDepartmentPlan(
            storage,
            tenantId,
            buildDepartmentPlan({
              creates: [
                buildDepartmentCreate({ code: 'NEW', parentCode: 'HQ' }),
                buildDepartmentCreate({ code: 'NEW-1', parentCode: 'NEW' }),
              ],
              updates: [
                buildDepartmentUpdate(pick(departments, 'SALES'), { name: '営業本部' }),
                stale,
              ],
            }),
          ),
          'STALE_PLAN',
        );
        expect(await storedTenantState(inspect, tenantId)).toEqual(before);
      },
    },
    {
      title: 'J5 a department create whose code now exists, after valid rows, writes nothing',
      async run(context) {
        const { storage, inspect, tenantId } = context;
        const { departments } = await seedBoth(context);
        const before = await storedTenantState(inspect, tenantId);
        await expectSyncError(
          applyDepartmentPlan(
            storage,
            tenantId,
            buildDepartmentPlan({
              creates: [
                ...buildDepartmentChain('fresh', 5, 'HQ'),
                buildDepartmentCreate({ code: 'SALES', name: '二重登録' }),
              ],
              updates: [buildDepartmentUpdate(pick(departments, 'DEV'), { name: '開発本部' })],
            }),
          ),
          'STALE_PLAN',
        );
        expect(await storedTenantState(inspect, tenantId)).toEqual(before);
      },
    },
    {
      title: 'J5 an update of a department that no longer exists writes nothing (StalePlanError)',
      async run(context) {
        const { storage, inspect, tenantId } = context;
        const { departments } = await seedBoth(context);
        const before = await storedTenantState(inspect, tenantId);
        const ghost = buildDepartmentUpdate(
          { ...pick(departments, 'DEV'), id: crypto.randomUUID() },
          { name: '消えた部署' },
        );
        await expectSyncError(
          applyDepartmentPlan(
            storage,
            tenantId,
            buildDepartmentPlan({
              creates: [buildDepartmentCreate({ code: 'NEW' })],
              updates: [ghost],
            }),
          ),
          'STALE_PLAN',
        );
        expect(await storedTenantState(inspect, tenantId)).toEqual(before);
      },
    },
    {
      title:
        'J5 a department whose parent code exists neither in the store nor in the plan is refused with a typed error, nothing written',
      async run(context) {
        const { storage, inspect, tenantId } = context;
        await seedBoth(context);
        const before = await storedTenantState(inspect, tenantId);
        const error = await expectRejection(
          applyDepartmentPlan(
            storage,
            tenantId,
            buildDepartmentPlan({
              creates: [
                buildDepartmentCreate({ code: 'OK', parentCode: 'HQ' }),
                buildDepartmentCreate({ code: 'ORPHAN', parentCode: 'NO-SUCH-PARENT' }),
              ],
            }),
          ),
        );
        expect(HrbrainSyncError.isInstance(error), String(error)).toBe(true);
        expect(await storedTenantState(inspect, tenantId)).toEqual(before);
      },
    },
    {
      title:
        'J5 an employee create whose e-mail now exists (other case), after valid rows, writes nothing',
      async run(context) {
        const { storage, inspect, tenantId } = context;
        const { employees } = await seedBoth(context);
        const before = await storedTenantState(inspect, tenantId);
        await expectSyncError(
          applyEmployeePlan(
            storage,
            tenantId,
            buildEmployeePlan({
              creates: [
                buildEmployeeCreate({ email: 'new-1@example.com' }),
                buildEmployeeCreate({ email: 'new-2@example.com', departmentCode: 'HQ' }),
                buildEmployeeCreate({ email: 'TARO@EXAMPLE.COM' }),
              ],
              updates: [
                buildEmployeeUpdate(pick(employees, 'hanako@example.com'), { retired: true }),
              ],
            }),
          ),
          'STALE_PLAN',
        );
        expect(await storedTenantState(inspect, tenantId)).toEqual(before);
      },
    },
    {
      title:
        'J5 an employee plan whose last update no longer holds its `from` values writes nothing',
      async run(context) {
        const { storage, inspect, tenantId } = context;
        const { employees } = await seedBoth(context);
        const before = await storedTenantState(inspect, tenantId);
        const stale = buildEmployeeUpdate(pick(employees, 'hanako@example.com'), {
          departmentCode: 'SALES',
        });
        stale.changes = [{ field: 'departmentCode', from: 'HQ', to: 'SALES' }];
        await expectSyncError(
          applyEmployeePlan(
            storage,
            tenantId,
            buildEmployeePlan({
              creates: [buildEmployeeCreate({ email: 'new@example.com' })],
              updates: [
                buildEmployeeUpdate(pick(employees, 'taro@example.com'), { position: '部長' }),
                stale,
              ],
            }),
          ),
          'STALE_PLAN',
        );
        expect(await storedTenantState(inspect, tenantId)).toEqual(before);
      },
    },
    {
      title: 'J5 a plan of 1,000 creates that fails on its last row writes none of them',
      async run(context) {
        const { storage, inspect, tenantId } = context;
        await seedBoth(context);
        const before = await storedTenantState(inspect, tenantId);
        const creates = Array.from({ length: 1_000 }, (_, index) =>
          buildEmployeeCreate({
            email: `bulk-${String(index).padStart(4, '0')}@example.com`,
            departmentCode: index % 2 === 0 ? 'SALES' : 'DEV',
            employeeNumber: `B${index}`,
          }),
        );
        creates.push(buildEmployeeCreate({ email: 'Taro@Example.com' }));
        await expectSyncError(
          applyEmployeePlan(storage, tenantId, buildEmployeePlan({ creates })),
          'STALE_PLAN',
        );
        expect(await storedTenantState(inspect, tenantId)).toEqual(before);
      },
    },
    {
      title:
        'J5 two department plans applied at once that create the same code: one applies whole, the other is refused whole',
      async run({ storage, inspect, tenantId }) {
        const first = buildDepartmentPlan({
          creates: [
            buildDepartmentCreate({ code: 'RACE', name: 'first' }),
            buildDepartmentCreate({ code: 'ONLY-FIRST', parentCode: 'RACE' }),
          ],
        });
        const second = buildDepartmentPlan({
          creates: [
            buildDepartmentCreate({ code: 'ONLY-SECOND' }),
            buildDepartmentCreate({ code: 'RACE', name: 'second' }),
          ],
        });
        const outcomes = await Promise.allSettled([
          applyDepartmentPlan(storage, tenantId, first),
          applyDepartmentPlan(storage, tenantId, second),
        ]);
        const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
        expect(winners, 'exactly one plan applies').toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') {
            expect((outcome.reason as { code?: unknown }).code, String(outcome.reason)).toBe(
              'STALE_PLAN',
            );
          }
        }
        const codes = (await inspect.departments(tenantId)).map((d) => [d.code, d.name]).sort();
        expect(codes).toEqual(
          winners[0] === 0
            ? [
                ['ONLY-FIRST', '部署 ONLY-FIRST'],
                ['RACE', 'first'],
              ]
            : [
                ['ONLY-SECOND', '部署 ONLY-SECOND'],
                ['RACE', 'second'],
              ],
        );
      },
    },
    {
      title:
        'J5 two employee plans applied at once that create one e-mail in different case: one applies, the other is refused',
      async run({ storage, inspect, tenantId }) {
        const outcomes = await Promise.allSettled([
          applyEmployeePlan(
            storage,
            tenantId,
            buildEmployeePlan({
              creates: [
                buildEmployeeCreate({ email: 'race@example.com', firstName: '一' }),
                buildEmployeeCreate({ email: 'only-first@example.com' }),
              ],
            }),
          ),
          applyEmployeePlan(
            storage,
            tenantId,
            buildEmployeePlan({
              creates: [
                buildEmployeeCreate({ email: 'only-second@example.com' }),
                buildEmployeeCreate({ email: 'Race@Example.com', firstName: '二' }),
              ],
            }),
          ),
        ]);
        const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
        expect(winners, 'exactly one plan applies').toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') {
            expect((outcome.reason as { code?: unknown }).code, String(outcome.reason)).toBe(
              'STALE_PLAN',
            );
          }
        }
        const emails = (await inspect.employees(tenantId)).map((e) => e.email).sort();
        expect(emails).toEqual(
          winners[0] === 0
            ? ['only-first@example.com', 'race@example.com']
            : ['Race@Example.com', 'only-second@example.com'],
        );
      },
    },
    {
      title: 'J5 the store stays usable after a refused plan: the corrected plan applies',
      async run(context) {
        const { storage, inspect, tenantId } = context;
        const { departments } = await seedBoth(context);
        const good = buildDepartmentUpdate(pick(departments, 'SALES'), { name: '営業本部' });
        const stale = { ...good, changes: [{ field: 'name' as const, from: 'x', to: 'y' }] };
        await expectSyncError(
          applyDepartmentPlan(
            storage,
            tenantId,
            buildDepartmentPlan({
              creates: [buildDepartmentCreate({ code: 'NEW' })],
              updates: [stale],
            }),
          ),
          'STALE_PLAN',
        );
        const lock = await storage.acquireSyncLock(tenantId, 'departments');
        const result = await applyDepartmentPlan(
          storage,
          tenantId,
          buildDepartmentPlan({
            creates: [buildDepartmentCreate({ code: 'NEW' })],
            updates: [good],
          }),
        );
        await lock.release();
        expect({ created: result.created, updated: result.updated }).toEqual({
          created: 1,
          updated: 1,
        });
        const state = await storedTenantState(inspect, tenantId);
        expect(state.departments.map((d) => [d.code, d.name])).toEqual([
          ['DEV', '開発部'],
          ['HQ', '本社'],
          ['NEW', '部署 NEW'],
          ['SALES', '営業本部'],
        ]);
      },
    },
    {
      title:
        'J5 a plan that creates the same code twice, or the same e-mail in two cases, is refused with a typed error, nothing written',
      async run(context) {
        const { storage, inspect, tenantId } = context;
        await seedBoth(context);
        const before = await storedTenantState(inspect, tenantId);
        const departmentError = await expectRejection(
          applyDepartmentPlan(
            storage,
            tenantId,
            buildDepartmentPlan({
              creates: [
                buildDepartmentCreate({ code: 'TWICE', parentCode: 'HQ' }),
                buildDepartmentCreate({ code: 'TWICE', name: '二重', parentCode: 'HQ' }),
              ],
            }),
          ),
        );
        expect(HrbrainSyncError.isInstance(departmentError), String(departmentError)).toBe(true);
        const employeeError = await expectRejection(
          applyEmployeePlan(
            storage,
            tenantId,
            buildEmployeePlan({
              creates: [
                buildEmployeeCreate({ email: 'twice@example.com' }),
                buildEmployeeCreate({ email: 'Twice@Example.com' }),
              ],
            }),
          ),
        );
        expect(HrbrainSyncError.isInstance(employeeError), String(employeeError)).toBe(true);
        expect(await storedTenantState(inspect, tenantId)).toEqual(before);
      },
    },
  ],
};

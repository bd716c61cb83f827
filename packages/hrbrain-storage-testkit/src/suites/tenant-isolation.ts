import { expect } from 'vitest';
import { expectSyncError } from '../expect-error';
import { applyDepartmentPlan, applyEmployeePlan } from '../fixtures/apply';
import {
  buildDepartmentCreate,
  buildDepartmentPlan,
  buildDepartmentUpdate,
  buildEmployeeCreate,
  buildEmployeePlan,
  buildEmployeeUpdate,
  unchangedDepartment,
  unchangedEmployee,
} from '../fixtures/plans';
import { pick, seedDepartments, seedEmployees } from '../fixtures/seed';
import { storedTenantState } from '../stored-state';
import type { ConformanceSuite } from '../suite';

const departmentFixture = () => [
  buildDepartmentCreate({ code: 'HQ', name: '本社' }),
  buildDepartmentCreate({ code: 'SALES', name: '営業部', parentCode: 'HQ' }),
  buildDepartmentCreate({ code: 'DEV', name: '開発部', parentCode: 'HQ' }),
];
const employeeFixture = () => [
  buildEmployeeCreate({ email: 'taro@example.com', departmentCode: 'SALES' }),
  buildEmployeeCreate({ email: 'hanako@example.com', departmentCode: 'DEV', retired: true }),
];

export const tenantIsolationSuite: ConformanceSuite = {
  id: 'tenantIsolation',
  title: 'tenant isolation: nothing done for tenant A changes tenant B',
  cases: [
    {
      title: 'departments with the same codes in two tenants: applying for A leaves B unchanged',
      async run({ storage, inspect, tenantId: a, otherTenantId: b }) {
        const seededA = await seedDepartments(storage, a, departmentFixture());
        await seedDepartments(storage, b, departmentFixture());
        const before = await storedTenantState(inspect, b);
        const loadedBefore = await storage.loadDepartments(b);
        await applyDepartmentPlan(
          storage,
          a,
          buildDepartmentPlan({
            creates: [buildDepartmentCreate({ code: 'NEW', parentCode: 'SALES' })],
            updates: [
              buildDepartmentUpdate(pick(seededA, 'SALES'), { name: '営業本部' }),
              buildDepartmentUpdate(pick(seededA, 'DEV'), { parentCode: 'SALES' }),
            ],
            unchanged: [unchangedDepartment(pick(seededA, 'HQ'))],
          }),
        );
        expect(await storedTenantState(inspect, b)).toEqual(before);
        expect(new Set(await storage.loadDepartments(b))).toEqual(new Set(loadedBefore));
        const inA = await inspect.departments(a);
        expect(inA).toHaveLength(4);
        const idsB = new Set(before.departments.map((d) => d.id));
        expect(
          inA.some((d) => idsB.has(d.id)),
          'tenants share a row id',
        ).toBe(false);
      },
    },
    {
      title: 'employees with the same e-mails in two tenants: applying for A leaves B unchanged',
      async run({ storage, inspect, tenantId: a, otherTenantId: b }) {
        for (const tenant of [a, b]) await seedDepartments(storage, tenant, departmentFixture());
        const seededA = await seedEmployees(storage, a, employeeFixture());
        await seedEmployees(storage, b, employeeFixture());
        const before = await storedTenantState(inspect, b);
        await applyEmployeePlan(
          storage,
          a,
          buildEmployeePlan({
            creates: [buildEmployeeCreate({ email: 'new@example.com' })],
            updates: [
              buildEmployeeUpdate(pick(seededA, 'taro@example.com'), {
                lastName: '田中',
                retired: true,
              }),
            ],
            unchanged: [unchangedEmployee(pick(seededA, 'hanako@example.com'))],
          }),
        );
        expect(await storedTenantState(inspect, b)).toEqual(before);
        expect(await inspect.employees(a)).toHaveLength(3);
      },
    },
    {
      title: 'a plan applied for tenant B that names a row id of tenant A is refused; A unchanged',
      async run({ storage, inspect, tenantId: a, otherTenantId: b }) {
        const departmentsA = await seedDepartments(storage, a, departmentFixture());
        const employeesA = await seedEmployees(storage, a, employeeFixture());
        await seedDepartments(storage, b, departmentFixture());
        const beforeA = await storedTenantState(inspect, a);
        const beforeB = await storedTenantState(inspect, b);
        await expectSyncError(
          applyDepartmentPlan(
            storage,
            b,
            buildDepartmentPlan({
              updates: [buildDepartmentUpdate(pick(departmentsA, 'SALES'), { name: '乗っ取り' })],
            }),
          ),
          'STALE_PLAN',
        );
        await expectSyncError(
          applyEmployeePlan(
            storage,
            b,
            buildEmployeePlan({
              updates: [
                buildEmployeeUpdate(pick(employeesA, 'taro@example.com'), { lastName: '乗っ取り' }),
              ],
            }),
          ),
          'STALE_PLAN',
        );
        expect(await storedTenantState(inspect, a)).toEqual(beforeA);
        expect(await storedTenantState(inspect, b)).toEqual(beforeB);
      },
    },
    {
      title:
        'tenant ids are compared exactly: "Acme", "acme" and "acme " are three tenants, hostile ids included',
      async run({ storage, inspect, tenantId }) {
        const base = `${tenantId}-O'Brien "🏢"`;
        const tenants = [base, base.toLowerCase(), `${base} `, `${base}'; --`];
        for (const [index, tenant] of tenants.entries()) {
          await seedDepartments(storage, tenant, [
            buildDepartmentCreate({ code: 'HQ', name: `本社 ${index}` }),
          ]);
          await storage.saveConnection({
            tenantId: tenant,
            clientId: `client-${index}`,
            clientSecret: `secret-${index}`,
            connectedAt: new Date(index),
          });
        }
        for (const [index, tenant] of tenants.entries()) {
          expect((await inspect.departments(tenant)).map((d) => d.name)).toEqual([`本社 ${index}`]);
          expect((await storage.loadDepartments(tenant)).map((d) => d.name)).toEqual([
            `本社 ${index}`,
          ]);
          expect((await storage.getConnection(tenant))?.clientId).toBe(`client-${index}`);
        }
        const lock = await storage.acquireSyncLock(tenants[0]!, 'departments');
        const other = await storage.acquireSyncLock(tenants[1]!, 'departments');
        await Promise.all([lock.release(), other.release()]);
      },
    },
    {
      title: 'runs and the connection of tenant A are invisible to tenant B',
      async run({ storage, inspect, tenantId: a, otherTenantId: b }) {
        const run = await storage.createRun({
          tenantId: a,
          kind: 'employees',
          dryRun: false,
          status: 'running',
        });
        await storage.saveConnection({
          tenantId: a,
          clientId: 'tenant-a',
          clientSecret: 'secret-a',
          connectedAt: new Date('2026-01-02T03:04:05.678Z'),
        });
        expect(await inspect.runs(b)).toEqual([]);
        expect(await inspect.connection(b)).toBeNull();
        expect(await storage.getRun(b, run.id)).toBeNull();
        expect((await storage.listRuns(b)).runs).toEqual([]);
        expect(await storage.getConnection(b)).toBeNull();
        expect(await storage.deleteConnection(b)).toBe(false);
        expect(await storage.getConnection(a)).not.toBeNull();
        expect((await inspect.runs(a)).map((r) => r.id)).toEqual([run.id]);
      },
    },
  ],
};

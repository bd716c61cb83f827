import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DepartmentPlan,
  type EmployeePlan,
  emailKey,
  planDepartmentSync,
  planEmployeeSync,
} from '../src/index';
import { applyDepartments, applyEmployees } from './support/apply';
import { shuffleWorld, type World, worldArbitrary } from './support/arbitraries';

const runs = { numRuns: 300 };

function planBoth(world: World) {
  const departmentPlan = planDepartmentSync({
    snapshot: world.snapshot,
    existing: world.departments,
  });
  const departments = applyDepartments(world.departments, departmentPlan);
  const employeePlan = planEmployeeSync({
    snapshot: world.snapshot,
    existing: world.employees,
    departments,
  });
  return { departmentPlan, departments, employeePlan };
}

function checkAccounting(plan: DepartmentPlan | EmployeePlan, sourceIds: string[]) {
  const outcomes = [
    ...plan.creates.map((c) => c.sourceId),
    ...plan.updates.map((u) => u.sourceId),
    ...plan.unchanged.map((u) => u.sourceId),
    ...plan.skipped.map((s) => s.sourceId),
  ];
  // exactly one outcome per source record
  expect([...outcomes].sort()).toEqual([...sourceIds].sort());
  const { summary } = plan;
  expect(summary.source).toBe(sourceIds.length);
  expect(summary.created).toBe(plan.creates.length);
  expect(summary.updated).toBe(plan.updates.length);
  expect(summary.unchanged).toBe(plan.unchanged.length);
  expect(summary.skipped).toBe(plan.skipped.length);
  expect(summary.notInSource).toBe(plan.notInSource.length);
  expect(summary.source).toBe(
    summary.created + summary.updated + summary.unchanged + summary.skipped,
  );
  expect(summary.warnings).toBe(plan.errors.filter((r) => r.severity === 'warning').length);
  // a skipped record has ≥1 error row; a synced one has none
  const skipped = new Set(plan.skipped.map((s) => s.sourceId));
  for (const s of plan.skipped) {
    expect(s.codes.length).toBeGreaterThan(0);
    const rows = plan.errors.filter((r) => r.sourceId === s.sourceId && r.severity === 'error');
    expect(rows.map((r) => r.code).sort()).toEqual([...s.codes].sort());
  }
  for (const row of plan.errors) {
    if (row.severity === 'error') expect(skipped.has(row.sourceId)).toBe(true);
    expect(row.messageJa.length).toBeGreaterThan(0);
    expect(row.messageEn.length).toBeGreaterThan(0);
  }
}

const itemIds = (world: World) =>
  planDepartmentSync({ snapshot: world.snapshot, existing: [] }).summary.source;

describe('properties (fast-check)', () => {
  it('J4: every source record lands in exactly one of created/updated/unchanged/skipped', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const { departmentPlan, employeePlan } = planBoth(world);
        const items = itemIds(world);
        checkAccounting(
          departmentPlan,
          Array.from({ length: items }, (_, i) => `o${i}`),
        );
        checkAccounting(
          employeePlan,
          world.snapshot.members.map((m) => m.id),
        );
      }),
      runs,
    );
  });

  it('D1/E1: the plan does not depend on the order of the input', () => {
    fc.assert(
      fc.property(worldArbitrary, fc.integer(), (world, seed) => {
        const shuffled = shuffleWorld(world, seed);
        const a = planBoth(world);
        const b = planBoth(shuffled);
        expect(b.departmentPlan).toEqual(a.departmentPlan);
        expect(
          planEmployeeSync({
            snapshot: shuffled.snapshot,
            existing: shuffled.employees,
            departments: [...a.departments].reverse(),
          }),
        ).toEqual(a.employeePlan);
      }),
      runs,
    );
  });

  it('D8/E10: applying a plan and planning again yields no creates and no updates (idempotence)', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const { departmentPlan, departments, employeePlan } = planBoth(world);
        const employees = applyEmployees(world.employees, employeePlan);
        const departmentsAgain = planDepartmentSync({
          snapshot: world.snapshot,
          existing: departments,
        });
        expect(departmentsAgain.creates).toEqual([]);
        expect(departmentsAgain.updates).toEqual([]);
        expect(departmentsAgain.unchanged.length).toBe(
          departmentPlan.creates.length +
            departmentPlan.updates.length +
            departmentPlan.unchanged.length,
        );
        const employeesAgain = planEmployeeSync({
          snapshot: world.snapshot,
          existing: employees,
          departments,
        });
        expect(employeesAgain.creates).toEqual([]);
        expect(employeesAgain.updates).toEqual([]);
      }),
      runs,
    );
  });

  it('D7/E10: nothing in notInSource is touched, nothing is deleted', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const { departmentPlan, departments, employeePlan } = planBoth(world);
        const employees = applyEmployees(world.employees, employeePlan);
        expect(departments).toHaveLength(world.departments.length + departmentPlan.creates.length);
        expect(employees).toHaveLength(world.employees.length + employeePlan.creates.length);

        const untouchedDepartments = new Set(departmentPlan.notInSource.map((d) => d.id));
        for (const update of departmentPlan.updates)
          expect(untouchedDepartments.has(update.id)).toBe(false);
        for (const before of world.departments) {
          if (untouchedDepartments.has(before.id)) {
            expect(departments.find((d) => d.id === before.id)).toEqual(before);
          }
        }
        const untouchedEmployees = new Set(employeePlan.notInSource.map((e) => e.id));
        for (const update of employeePlan.updates)
          expect(untouchedEmployees.has(update.id)).toBe(false);
        for (const before of world.employees) {
          if (untouchedEmployees.has(before.id)) {
            expect(employees.find((e) => e.id === before.id)).toEqual(before);
          }
        }
        // notInSource is exactly the target records whose key appears nowhere in HRBrain
        const sourceKeys = new Set(
          world.snapshot.members
            .map((m) => m.fields.find((f) => f.id === 'f-mail')?.value)
            .map((v) => (typeof v === 'string' ? emailKey(v) : ''))
            .filter((k) => k !== ''),
        );
        expect(employeePlan.notInSource.map((e) => e.id).sort()).toEqual(
          world.employees
            .filter((e) => !sourceKeys.has(emailKey(e.email)))
            .map((e) => e.id)
            .sort(),
        );
      }),
      runs,
    );
  });

  it('E7: a sync never clears a retired flag', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const { employeePlan } = planBoth(world);
        const after = applyEmployees(world.employees, employeePlan);
        for (const before of world.employees) {
          if (before.retired) expect(after.find((e) => e.id === before.id)?.retired).toBe(true);
        }
      }),
      runs,
    );
  });
});

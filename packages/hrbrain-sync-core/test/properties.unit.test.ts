import type { HrbrainOrganizationItem } from '@mikiwame/hrbrain-client';
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
    ...plan.links.map((l) => l.sourceId),
    ...plan.unchanged.map((u) => u.sourceId),
    ...plan.skipped.map((s) => s.sourceId),
  ];
  // exactly one outcome per source record (an id HRBrain lists with two contents is two)
  expect([...outcomes].sort()).toEqual([...sourceIds].sort());
  const { summary } = plan;
  expect(summary.source).toBe(sourceIds.length);
  expect(summary.created).toBe(plan.creates.length);
  expect(summary.updated).toBe(plan.updates.length);
  expect(summary.linked).toBe(plan.links.length);
  expect(summary.unchanged).toBe(plan.unchanged.length);
  expect(summary.skipped).toBe(plan.skipped.length);
  expect(summary.notInSource).toBe(plan.notInSource.length);
  expect(summary.source).toBe(
    summary.created + summary.updated + summary.linked + summary.unchanged + summary.skipped,
  );
  // linked = only the HRBrain id is new; an update changes a mapped value (J4, J7)
  for (const update of plan.updates) {
    expect(update.changes.some((c) => c.field !== 'sourceId')).toBe(true);
  }
  expect(summary.warnings).toBe(plan.errors.filter((r) => r.severity === 'warning').length);
  // a skipped record has ≥1 error row; a synced one has none
  const skipped = new Set(plan.skipped.map((s) => s.sourceId));
  // (copies of one item id with the same code are told apart by nothing else: grouped)
  const skippedCodes = new Map<string, string[]>();
  for (const s of plan.skipped) {
    expect(s.codes.length).toBeGreaterThan(0);
    const key = `${s.sourceId}\u0000${s.sourceKey}`;
    skippedCodes.set(key, [...(skippedCodes.get(key) ?? []), ...s.codes]);
  }
  for (const [key, codes] of skippedCodes) {
    const rows = plan.errors.filter(
      (r) => `${r.sourceId}\u0000${r.sourceKey}` === key && r.severity === 'error',
    );
    expect(rows.map((r) => r.code).sort()).toEqual([...codes].sort());
  }
  for (const row of plan.errors) {
    if (row.severity === 'error') expect(skipped.has(row.sourceId)).toBe(true);
    expect(row.messageJa.length).toBeGreaterThan(0);
    expect(row.messageEn.length).toBeGreaterThan(0);
  }
}

/** The source departments, counted from the tree itself: one per id and distinct contents. */
function sourceDepartmentIds(world: World): string[] {
  const copies = new Map<string, Set<string>>();
  const walk = (items: HrbrainOrganizationItem[], parentId: string | null) => {
    for (const item of items) {
      const parent =
        parentId ?? (typeof item.parentId === 'string' ? item.parentId.trim() || null : null);
      const content = JSON.stringify([item.code ?? '', item.value ?? '', parent]);
      copies.set(item.id, (copies.get(item.id) ?? new Set()).add(content));
      walk(item.items ?? [], item.id);
    }
  };
  walk(world.snapshot.organizations['org-dept']!.items, null);
  return [...copies].flatMap(([id, contents]) => [...contents].map(() => id));
}

const PULLDOWN_FIELDS = {
  'fld-team': 'departmentCode',
  'fld-pos': 'position',
  'fld-emp': 'employmentType',
  'fld-status': 'retired',
} as const;

describe('properties (fast-check)', () => {
  it('J4: every source record lands in exactly one of created/updated/linked/unchanged/skipped', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const { departmentPlan, employeePlan } = planBoth(world);
        checkAccounting(departmentPlan, sourceDepartmentIds(world));
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
        expect(departmentsAgain.links).toEqual([]);
        expect(departmentsAgain.unchanged.length).toBe(
          departmentPlan.creates.length +
            departmentPlan.updates.length +
            departmentPlan.links.length +
            departmentPlan.unchanged.length,
        );
        const employeesAgain = planEmployeeSync({
          snapshot: world.snapshot,
          existing: employees,
          departments,
        });
        expect(employeesAgain.creates).toEqual([]);
        expect(employeesAgain.updates).toEqual([]);
        expect(employeesAgain.links).toEqual([]);
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
            .map((m) => m.fields.find((f) => f.id === 'fld-mail')?.value)
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

  it('F3: no sync ever changes a stored value to blank because of an id HRBrain does not resolve', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const { employeePlan } = planBoth(world);
        const after = applyEmployees(world.employees, employeePlan);
        const organizations = world.snapshot.organizations;
        const orgOf = Object.fromEntries(
          world.snapshot.fields.map((f) => [f.id, f.organizationId]),
        );
        const known = (orgId: string | undefined, id: string): boolean => {
          const ids = new Set<string>();
          const walk = (items: HrbrainOrganizationItem[]) => {
            for (const item of items) {
              ids.add(item.id);
              walk(item.items ?? []);
            }
          };
          walk(organizations[orgId ?? '']?.items ?? []);
          return ids.has(id);
        };
        for (const m of world.snapshot.members) {
          const email = m.fields.find((f) => f.id === 'fld-mail')?.value;
          const key = typeof email === 'string' ? emailKey(email) : '';
          const before = world.employees.find((e) => key !== '' && emailKey(e.email) === key);
          if (before === undefined) continue;
          const now = after.find((e) => e.id === before.id)!;
          for (const field of m.fields) {
            const target = PULLDOWN_FIELDS[field.id as keyof typeof PULLDOWN_FIELDS];
            const id = typeof field.value === 'string' ? field.value.trim() : '';
            if (target === undefined || id === '' || known(orgOf[field.id] ?? undefined, id))
              continue;
            // an unresolved id: the stored value is exactly what it was
            expect([m.id, target, now[target]]).toEqual([m.id, target, before[target]]);
          }
        }
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

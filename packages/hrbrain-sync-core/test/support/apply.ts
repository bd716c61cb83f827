// A tiny in-test applier following the storage contract's semantics (creates; then exactly
// the fields named in `changes`, refusing stale `from` values; links write `sourceId` only).
// Not the memory adapter: that package depends on this one.
import type { DepartmentPlan, EmployeePlan } from '../../src/model/plan';
import type { Department, Employee } from '../../src/model/records';

let counter = 0;
const newId = (prefix: string) => `${prefix}-new-${++counter}`;

function applyUpdates<T extends { id: string }>(
  rows: T[],
  updates: { id: string; changes: { field: string; from: unknown; to: unknown }[] }[],
  links: { id: string; sourceId: string }[],
): T[] {
  const byId = new Map(rows.map((row) => [row.id, { ...row }]));
  for (const link of links) {
    const row = byId.get(link.id) as Record<string, unknown> | undefined;
    if (!row) throw new Error(`stale: no row ${link.id}`);
    row.sourceId = link.sourceId;
  }
  for (const update of updates) {
    const row = byId.get(update.id) as Record<string, unknown> | undefined;
    if (!row) throw new Error(`stale: no row ${update.id}`);
    for (const change of update.changes) {
      if ((row[change.field] ?? null) !== (change.from ?? null)) {
        throw new Error(`stale: ${update.id}.${change.field}`);
      }
      row[change.field] = change.to;
    }
  }
  return [...byId.values()];
}

export function applyDepartments(existing: Department[], plan: DepartmentPlan): Department[] {
  const codes = new Set(existing.map((d) => d.code));
  const created: Department[] = [];
  for (const create of plan.creates) {
    if (codes.has(create.code)) throw new Error(`stale: code ${create.code} exists`);
    if (create.parentCode !== null && !codes.has(create.parentCode)) {
      throw new Error(`parent ${create.parentCode} of ${create.code} not created first`);
    }
    codes.add(create.code);
    created.push({ id: newId('dept'), ...create });
  }
  return [...applyUpdates(existing, plan.updates, plan.links), ...created];
}

export function applyEmployees(existing: Employee[], plan: EmployeePlan): Employee[] {
  const keys = new Set(existing.map((e) => e.email.trim().toLowerCase()));
  const created: Employee[] = [];
  for (const create of plan.creates) {
    const key = create.email.toLowerCase();
    if (keys.has(key)) throw new Error(`stale: e-mail ${key} exists`);
    keys.add(key);
    created.push({ id: newId('emp'), ...create });
  }
  return [...applyUpdates(existing, plan.updates, plan.links), ...created];
}

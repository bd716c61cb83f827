import type { HrbrainClient } from '@mikiwame/hrbrain-client';
import {
  type Department,
  type DepartmentPlan,
  type EmployeePlan,
  type ErrorRow,
  planDepartmentSync,
  planEmployeeSync,
  type SyncStorage,
} from '@mikiwame/hrbrain-sync-core';
import type { ProgressReporter } from './progress.ts';
import { renderSummaryTable } from './summary-table.ts';
import { snapshotProgressHandler } from './sync-progress.ts';

const SAMPLES = 3;

export interface PreviewInput {
  client: HrbrainClient;
  /** `null` when nothing was ever synced (no database yet): the plan starts from empty. */
  storage: Pick<SyncStorage, 'loadDepartments' | 'loadEmployees'> | null;
  tenantId: string;
  progress: ProgressReporter;
  say: (line?: string) => void;
  signal?: AbortSignal | undefined;
  /** J7: the share the change guard allows, or null when it is lifted (--no-change-guard). */
  changeGuardRatio: number | null;
}

/**
 * J6: what both syncs would do, computed with the same planners `runSync` uses, and nothing
 * written (no run records, no error file). The employee plan is made against the
 * departments as they will be after the department sync, since E2 resolves 主部署 there.
 */
export async function previewPlans(input: PreviewInput): Promise<void> {
  const { client, storage, tenantId, say } = input;
  say('手順2/3  previewing both syncs (one HRBrain snapshot)…');
  const onProgress = snapshotProgressHandler(input.progress);
  const snapshot = await client
    .snapshot({ onProgress: onProgress.update })
    .finally(onProgress.finish);

  const existingDepartments = (await storage?.loadDepartments(tenantId)) ?? [];
  const existingEmployees = (await storage?.loadEmployees(tenantId)) ?? [];
  const departmentPlan = planDepartmentSync({ snapshot, existing: existingDepartments });
  const employeePlan = planEmployeeSync({
    snapshot,
    existing: existingEmployees,
    departments: departmentsAfter(existingDepartments, departmentPlan),
  });

  say();
  say(
    renderSummaryTable([
      { kind: 'departments', status: 'planned', summary: departmentPlan.summary },
      { kind: 'employees', status: 'planned', summary: employeePlan.summary },
    ]),
  );
  describePlan(say, 'Departments', departmentPlan, (d) => `${d.code} ${d.name}`);
  describePlan(say, 'Employees', employeePlan, (e) => `${e.email} ${e.lastName} ${e.firstName}`);
  if (input.changeGuardRatio !== null) {
    const ratio = input.changeGuardRatio;
    const trips = [
      guardVerdict('departments', departmentPlan, existingDepartments.length, ratio),
      guardVerdict('employees', employeePlan, existingEmployees.length, ratio),
    ].filter((line) => line !== null);
    if (trips.length > 0) say();
    for (const line of trips) say(line);
  }
  say();
  say('Dry run: nothing was written. Run without --dry-run to apply.');
}

/**
 * J7, as `runSync` applies it: (creates + updates that change more than the sourceId) over
 * the existing records, ignored while there are none. A line when the guard would stop it.
 */
function guardVerdict(
  kind: 'departments' | 'employees',
  plan: DepartmentPlan | EmployeePlan,
  existing: number,
  ratio: number,
): string | null {
  if (existing === 0) return null;
  const changed =
    plan.creates.length +
    plan.updates.filter((update) => update.changes.some((change) => change.field !== 'sourceId'))
      .length;
  if (changed / existing <= ratio) return null;
  const pct = (value: number) => `${Math.round(value * 1000) / 10}%`;
  return `Change guard (J7): the ${kind} sync would be stopped: ${changed} of ${existing} existing records (${pct(changed / existing)}) would change, more than ${pct(ratio)}; add --no-change-guard to apply it.`;
}

/** The tenant's departments once `plan` is applied: creates added, updates' values taken. */
function departmentsAfter(existing: Department[], plan: DepartmentPlan): Department[] {
  const updated = new Map(plan.updates.map((update) => [update.id, update.values]));
  return [
    ...existing.map((department) => ({ ...department, ...updated.get(department.id) })),
    ...plan.creates.map((create) => ({ id: `planned:${create.code}`, ...create })),
  ];
}

function describePlan<P extends DepartmentPlan | EmployeePlan>(
  say: (line?: string) => void,
  title: string,
  plan: P,
  label: (record: P['updates'][number]['values']) => string,
): void {
  say();
  say(`${title}:`);
  for (const create of plan.creates.slice(0, SAMPLES)) say(`  + create  ${label(create)}`);
  for (const update of plan.updates.slice(0, SAMPLES)) {
    const changes = update.changes
      .map((change) => `${change.field}: ${show(change.from)} → ${show(change.to)}`)
      .join(', ');
    say(`  ~ update  ${label(update.values as P['updates'][number]['values'])}  ${changes}`);
  }
  for (const skip of plan.skipped.slice(0, SAMPLES)) {
    say(
      `  - skip    ${skip.sourceKey || `(HRBrain id ${skip.sourceId})`}  ${skip.codes.join(', ')}`,
    );
  }
  const more = plan.creates.length + plan.updates.length + plan.skipped.length;
  const shown =
    Math.min(SAMPLES, plan.creates.length) +
    Math.min(SAMPLES, plan.updates.length) +
    Math.min(SAMPLES, plan.skipped.length);
  if (more > shown) say(`  … and ${more - shown} more`);
  const codes = countCodes(plan.errors);
  if (codes) say(`  error rows by code: ${codes}`);
}

function countCodes(rows: ErrorRow[]): string {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.code, (counts.get(row.code) ?? 0) + 1);
  return [...counts].map(([code, count]) => `${code} ×${count}`).join(', ');
}

function show(value: unknown): string {
  return value === null || value === undefined ? '∅' : JSON.stringify(value);
}

import type { DepartmentPlan, EmployeePlan, ErrorRow, SyncPlan } from '@mikiwame/hrbrain-sync-core';
import type pg from 'pg';

/**
 * What the admin page shows beside a run and the storage contract does not keep: live
 * progress (取得中 300/1000, 反映中) written by whichever worker runs the job, a preview of a
 * dry run (J6: samples of what would be created, updated, skipped) and the counts of a
 * tripped change guard (J7). One row per run in the server's own table, so a web process
 * sees what a worker process in another container reports.
 */
export type RunProgress =
  | { phase: 'fetching'; fetched: number | null; total: number | null }
  | { phase: 'planning' }
  | { phase: 'applying'; creates: number; updates: number };

export interface PreviewSample {
  /** 氏名 (employees) or 部署名 (departments). */
  name: string;
  /** メールアドレス (employees) or 部署コード (departments). */
  key: string;
  /** 従業員番号, when the record has one. */
  number?: string | null;
  /** An update's changed fields (Mikiwame field names). */
  fields?: string[];
  /** A skip's reason (Japanese, from the error row). */
  reason?: string;
}

export interface RunPreview {
  creates: PreviewSample[];
  updates: PreviewSample[];
  skips: PreviewSample[];
}

export interface GuardCounts {
  existing: number;
  created: number;
  updated: number;
  maxChangeRatio: number;
}

export interface RunDetails {
  progress: RunProgress | null;
  preview: RunPreview | null;
  guard: GuardCounts | null;
}

/** Samples per list in a preview (the counts are in the run's summary). */
export const PREVIEW_SAMPLES = 5;

const TABLE = 'example_sync_run_details';

export function createRunDetails(pool: pg.Pool) {
  const merge = async (tenantId: string, runId: string, column: string, value: unknown) => {
    await pool.query(
      `insert into ${TABLE} (tenant_id, run_id, ${column}, updated_at) values ($1, $2, $3, now())
       on conflict (tenant_id, run_id) do update set ${column} = excluded.${column}, updated_at = now()`,
      [tenantId, runId, value === null ? null : JSON.stringify(value)],
    );
  };
  return {
    async migrate(): Promise<void> {
      await pool.query(
        `create table if not exists ${TABLE} (
           tenant_id text not null,
           run_id text not null,
           progress jsonb,
           preview jsonb,
           guard jsonb,
           updated_at timestamptz not null default now(),
           primary key (tenant_id, run_id)
         )`,
      );
    },
    setProgress: (tenantId: string, runId: string, progress: RunProgress | null) =>
      merge(tenantId, runId, 'progress', progress),
    setPreview: (tenantId: string, runId: string, preview: RunPreview) =>
      merge(tenantId, runId, 'preview', preview),
    setGuard: (tenantId: string, runId: string, guard: GuardCounts) =>
      merge(tenantId, runId, 'guard', guard),
    /** Details of the given runs of one tenant (runs without any are absent). */
    async get(tenantId: string, runIds: readonly string[]): Promise<Map<string, RunDetails>> {
      const found = new Map<string, RunDetails>();
      if (runIds.length === 0) return found;
      const result = await pool.query<{
        run_id: string;
        progress: RunProgress | null;
        preview: RunPreview | null;
        guard: GuardCounts | null;
      }>(
        `select run_id, progress, preview, guard from ${TABLE} where tenant_id = $1 and run_id = any($2::text[])`,
        [tenantId, runIds],
      );
      for (const row of result.rows) {
        found.set(row.run_id, { progress: row.progress, preview: row.preview, guard: row.guard });
      }
      return found;
    },
  };
}

export type RunDetailsStore = ReturnType<typeof createRunDetails>;

const fullName = (e: { lastName: string; firstName: string }) =>
  `${e.lastName} ${e.firstName}`.trim();

function skipSamples(skipped: SyncPlan['skipped'], errors: readonly ErrorRow[]): PreviewSample[] {
  return skipped.slice(0, PREVIEW_SAMPLES).map((skip) => {
    const row = errors.find((e) => e.sourceId === skip.sourceId && e.severity === 'error') as
      | (ErrorRow & { subjectName?: string })
      | undefined;
    return {
      name: row?.subjectName ?? '',
      key: skip.sourceKey,
      ...(row ? { reason: row.messageJa } : {}),
    };
  });
}

/** The samples of a plan that the page previews (J6). */
export function previewOf(plan: SyncPlan): RunPreview {
  if (plan.kind === 'employees') {
    const p = plan as EmployeePlan;
    return {
      creates: p.creates.slice(0, PREVIEW_SAMPLES).map((c) => ({
        name: fullName(c),
        key: c.email,
        number: c.employeeNumber,
      })),
      updates: p.updates.slice(0, PREVIEW_SAMPLES).map((u) => ({
        name: fullName(u.values),
        key: u.values.email,
        number: u.values.employeeNumber,
        fields: u.changes.map((change) => change.field),
      })),
      skips: skipSamples(p.skipped, p.errors),
    };
  }
  const p = plan as DepartmentPlan;
  return {
    creates: p.creates.slice(0, PREVIEW_SAMPLES).map((c) => ({ name: c.name, key: c.code })),
    updates: p.updates.slice(0, PREVIEW_SAMPLES).map((u) => ({
      name: u.values.name,
      key: u.values.code,
      fields: u.changes.map((change) => change.field),
    })),
    skips: skipSamples(p.skipped, p.errors),
  };
}

/** J7's counts, as the core's guard computes them (sourceId-only updates do not count). */
export function guardCountsOf(
  plan: SyncPlan,
  existing: number,
  maxChangeRatio: number,
): GuardCounts {
  const updates = plan.updates as { changes: { field: string }[] }[];
  return {
    existing,
    created: plan.creates.length,
    updated: updates.filter((u) => u.changes.some((c) => c.field !== 'sourceId')).length,
    maxChangeRatio,
  };
}

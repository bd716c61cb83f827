import {
  type CreateRunInput,
  type ErrorRow,
  type FinishRunInput,
  type ListRunsOptions,
  RunNotFoundError,
  RunNotQueuedError,
  type RunOutcome,
  type RunPage,
  StorageError,
  type SyncKind,
  type SyncRun,
} from '@mikiwame/hrbrain-sync-core';
import {
  assertOpenRun,
  assertRunOutcome,
  countSeverities,
  decodeRunCursor,
  runPageSize,
  runTrigger,
  takeRunPage,
} from '@mikiwame/hrbrain-sync-core/adapter';
import { arrayLiteral } from './array-literal';
import { isUuid } from './field-updates';
import type { Tables } from './schema-name';
import type { Driver, SqlSession } from './session';

interface RunRow {
  id: string;
  tenant_id: string;
  kind: SyncRun['kind'];
  status: SyncRun['status'];
  dry_run: boolean;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  summary: SyncRun['summary'];
  error_count: number;
  warning_count: number;
  failure: SyncRun['failure'];
  trigger_type: SyncRun['trigger']['type'];
  trigger_by: string | null;
  trigger_delivery_id: string | null;
  cursor: string;
}

const runColumns = `id::text as id, tenant_id, kind, status, dry_run, created_at, started_at,
  finished_at, summary, error_count, warning_count, failure, trigger_type, trigger_by,
  trigger_delivery_id, seq::text as cursor`;

function toRun(row: RunRow): SyncRun {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    status: row.status,
    dryRun: row.dry_run,
    trigger: {
      type: row.trigger_type ?? 'manual',
      by: row.trigger_by ?? null,
      deliveryId: row.trigger_delivery_id ?? null,
    },
    createdAt: new Date(row.created_at),
    startedAt: row.started_at === null ? null : new Date(row.started_at),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
    // Summaries stored before `linked` existed read it as 0 (DECISIONS #2).
    summary: row.summary ? { ...row.summary, linked: row.summary.linked ?? 0 } : null,
    errorCount: Number(row.error_count),
    warningCount: Number(row.warning_count),
    failure: row.failure ?? null,
  };
}

/** jsonb parameters go in as text: `pg` and PGlite would otherwise serialise them differently. */
function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export async function createRun(driver: Driver, t: Tables, input: CreateRunInput) {
  const trigger = runTrigger(input.trigger);
  const { rows } = await driver.query<RunRow>(
    `insert into ${t.runs} (tenant_id, kind, status, dry_run, started_at, trigger_type,
       trigger_by, trigger_delivery_id)
     values ($1, $2, $3, $4, case when $3 = 'running' then now() end, $5, $6, $7)
     returning ${runColumns}`,
    [
      input.tenantId,
      input.kind,
      input.status,
      input.dryRun,
      trigger.type,
      trigger.by ?? null,
      trigger.deliveryId ?? null,
    ],
  );
  return toRun(rows[0]!);
}

/** A queued run starts: `running`, `started_at` by the database clock. */
export async function startRun(driver: Driver, t: Tables, tenantId: string, runId: string) {
  if (!isUuid(runId)) throw new RunNotFoundError(undefined, { tenantId: tenantId, runId: runId });
  return driver.transaction(async (tx) => {
    const { rows: found } = await tx.query<{ status: SyncRun['status'] }>(
      `select status from ${t.runs} where tenant_id = $1 and id = $2::uuid for update`,
      [tenantId, runId],
    );
    if (found[0] === undefined)
      throw new RunNotFoundError(undefined, { tenantId: tenantId, runId: runId });
    if (found[0].status !== 'queued')
      throw new RunNotQueuedError(undefined, { runId: runId, status: found[0].status });
    const { rows } = await tx.query<RunRow>(
      `update ${t.runs} set status = 'running', started_at = now()
       where tenant_id = $1 and id = $2::uuid returning ${runColumns}`,
      [tenantId, runId],
    );
    return toRun(rows[0]!);
  });
}

/**
 * Record a run's outcome inside the caller's transaction `tx`: locks the run row, checks it
 * is open, replaces its error rows and finishes it (`finished_at` by the database clock).
 * The run row is written last, so a failure anywhere leaves the transaction to roll back.
 */
export async function writeOutcome(
  tx: SqlSession,
  t: Tables,
  tenantId: string,
  runId: string,
  outcome: RunOutcome,
): Promise<SyncRun> {
  assertRunOutcome(outcome);
  await lockOpenRun(tx, t, tenantId, runId);
  await replaceErrors(tx, t, tenantId, runId, outcome.errors);
  const { errorCount, warningCount } = countSeverities(outcome.errors);
  const { rows } = await tx.query<RunRow>(
    `update ${t.runs} set status = $3, finished_at = now(), summary = $4::text::jsonb,
       failure = $5::text::jsonb, error_count = $6::int, warning_count = $7::int
     where tenant_id = $1 and id = $2::uuid
     returning ${runColumns}`,
    [
      tenantId,
      runId,
      outcome.status,
      json(outcome.summary),
      json(outcome.failure),
      errorCount,
      warningCount,
    ],
  );
  return toRun(rows[0]!);
}

/**
 * Lock the run row for this transaction and require it open: taken before an apply writes
 * anything, so a run closed as abandoned meanwhile refuses the whole apply.
 */
export async function lockOpenRun(tx: SqlSession, t: Tables, tenantId: string, runId: string) {
  if (!isUuid(runId)) throw new RunNotFoundError(undefined, { tenantId: tenantId, runId: runId });
  const { rows } = await tx.query<{ status: SyncRun['status'] }>(
    `select status from ${t.runs} where tenant_id = $1 and id = $2::uuid for update`,
    [tenantId, runId],
  );
  assertOpenRun(rows[0], tenantId, runId);
}

export async function finishRun(driver: Driver, t: Tables, input: FinishRunInput) {
  if (typeof input !== 'object' || input === null) {
    throw new StorageError('finishRun needs { tenantId, runId, outcome }.');
  }
  return driver.transaction((tx) =>
    writeOutcome(tx, t, input.tenantId, input.runId, input.outcome),
  );
}

async function replaceErrors(
  tx: SqlSession,
  t: Tables,
  tenantId: string,
  runId: string,
  errors: readonly ErrorRow[],
) {
  await tx.query(`delete from ${t.runErrors} where tenant_id = $1 and run_id = $2::uuid`, [
    tenantId,
    runId,
  ]);
  if (errors.length === 0) return;
  const pick = (read: (e: ErrorRow) => unknown) => arrayLiteral(errors.map((e) => read(e) ?? null));
  await tx.query(
    `insert into ${t.runErrors} (tenant_id, run_id, position, severity, code, rule, source_id,
       source_key, field, value, message_ja, message_en, subject_name, subject_code)
     select $1, $2::uuid, x.ord, x.severity, x.code, x.rule, x.source_id, x.source_key, x.field,
       x.value, x.message_ja, x.message_en, x.subject_name, x.subject_code
     from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
       with ordinality as x(severity, code, rule, source_id, source_key, field, value,
         message_ja, message_en, subject_name, subject_code, ord)`,
    [
      tenantId,
      runId,
      pick((e) => e.severity),
      pick((e) => e.code),
      pick((e) => e.rule),
      pick((e) => e.sourceId),
      pick((e) => e.sourceKey),
      pick((e) => e.field),
      pick((e) => e.value),
      pick((e) => e.messageJa),
      pick((e) => e.messageEn),
      pick((e) => e.subjectName),
      pick((e) => e.subjectCode),
    ],
  );
}

export async function getRun(driver: Driver, t: Tables, tenantId: string, runId: string) {
  if (!isUuid(runId)) return null;
  const { rows } = await driver.query<RunRow>(
    `select ${runColumns} from ${t.runs} where tenant_id = $1 and id = $2::uuid`,
    [tenantId, runId],
  );
  return rows[0] ? toRun(rows[0]) : null;
}

/** Newest first; the cursor carries the last row's `seq` (keyset paging, core helpers). */
export async function listRuns(
  driver: Driver,
  t: Tables,
  tenantId: string,
  options: ListRunsOptions = {},
): Promise<RunPage> {
  const limit = runPageSize(options.limit);
  const scope = { tenantId, kind: options.kind };
  const after = decodeRunCursor(options.cursor, scope);
  const { rows } = await driver.query<RunRow>(
    `select ${runColumns} from ${t.runs}
     where tenant_id = $1 and ($2::text is null or kind = $2::text)
       and ($3::bigint is null or seq < $3::bigint)
     order by seq desc
     limit $4::int`,
    [tenantId, options.kind ?? null, after, limit + 1],
  );
  const page = takeRunPage(rows, limit, (row) => row.cursor, scope);
  return { runs: page.rows.map(toRun), nextCursor: page.nextCursor };
}

/** The open runs of a tenant and kind, oldest first. */
export async function listOpenRuns(driver: Driver, t: Tables, tenantId: string, kind: SyncKind) {
  const { rows } = await driver.query<RunRow>(
    `select ${runColumns} from ${t.runs}
     where tenant_id = $1 and kind = $2 and status in ('queued', 'running')
     order by seq`,
    [tenantId, kind],
  );
  return rows.map(toRun);
}

interface ErrorRowRecord {
  severity: ErrorRow['severity'];
  code: ErrorRow['code'];
  rule: string;
  source_id: string;
  source_key: string;
  field: string | null;
  value: string | null;
  message_ja: string;
  message_en: string;
  subject_name: string | null;
  subject_code: string | null;
}

export async function listRunErrors(
  driver: Driver,
  t: Tables,
  tenantId: string,
  runId: string,
): Promise<ErrorRow[]> {
  if (!isUuid(runId)) return [];
  const { rows } = await driver.query<ErrorRowRecord>(
    `select severity, code, rule, source_id, source_key, field, value, message_ja, message_en,
       subject_name, subject_code
     from ${t.runErrors} where tenant_id = $1 and run_id = $2::uuid order by position`,
    [tenantId, runId],
  );
  return rows.map((row) => {
    const error: ErrorRow = {
      severity: row.severity,
      code: row.code,
      rule: row.rule,
      sourceId: row.source_id,
      sourceKey: row.source_key,
      messageJa: row.message_ja,
      messageEn: row.message_en,
    };
    if (row.field !== null) error.field = row.field;
    if (row.value !== null) error.value = row.value;
    if (row.subject_name !== null) error.subjectName = row.subject_name;
    if (row.subject_code !== null) error.subjectCode = row.subject_code;
    return error;
  });
}

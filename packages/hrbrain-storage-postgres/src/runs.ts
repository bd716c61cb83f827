import {
  type CreateRunInput,
  type ErrorRow,
  type ListRunsOptions,
  type RunPage,
  StorageError,
  type SyncRun,
  type UpdateRunInput,
} from '@mikiwame/hrbrain-sync-core';
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
  cursor: string;
}

const runColumns = `id::text as id, tenant_id, kind, status, dry_run, created_at, started_at,
  finished_at, summary, error_count, warning_count, failure, seq::text as cursor`;

function toRun(row: RunRow): SyncRun {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    status: row.status,
    dryRun: row.dry_run,
    createdAt: new Date(row.created_at),
    startedAt: row.started_at === null ? null : new Date(row.started_at),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
    summary: row.summary ?? null,
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
  const { rows } = await driver.query<RunRow>(
    `insert into ${t.runs} (tenant_id, kind, status, dry_run, started_at)
     values ($1, $2, $3, $4, case when $3 = 'running' then now() end)
     returning ${runColumns}`,
    [input.tenantId, input.kind, input.status, input.dryRun],
  );
  return toRun(rows[0]!);
}

/** Patch a run; `errors` replace the stored error rows and set the counts (J3). */
export async function updateRun(
  driver: Driver,
  t: Tables,
  tenantId: string,
  runId: string,
  patch: UpdateRunInput,
): Promise<SyncRun> {
  if (!isUuid(runId)) throw runNotFound(tenantId, runId);
  return driver.transaction(async (tx) => {
    const params: unknown[] = [tenantId, runId];
    const sets: string[] = [];
    const set = (column: string, value: unknown, cast = '') => {
      params.push(value);
      sets.push(`${column} = $${params.length}${cast}`);
    };
    if (patch.status !== undefined) set('status', patch.status);
    if (patch.startedAt !== undefined) set('started_at', patch.startedAt, '::timestamptz');
    if (patch.finishedAt !== undefined) set('finished_at', patch.finishedAt, '::timestamptz');
    if (patch.summary !== undefined) set('summary', json(patch.summary), '::text::jsonb');
    if (patch.failure !== undefined) set('failure', json(patch.failure), '::text::jsonb');
    if (patch.errors !== undefined) {
      set('error_count', patch.errors.filter((e) => e.severity === 'error').length, '::int');
      set('warning_count', patch.errors.filter((e) => e.severity === 'warning').length, '::int');
    }
    // With nothing to change, the no-op assignment still locks the row and proves it exists.
    if (sets.length === 0) sets.push('status = status');
    const { rows } = await tx.query<RunRow>(
      `update ${t.runs} set ${sets.join(', ')}
       where tenant_id = $1 and id = $2::uuid
       returning ${runColumns}`,
      params,
    );
    const row = rows[0];
    if (!row) throw runNotFound(tenantId, runId);
    if (patch.errors !== undefined) await replaceErrors(tx, t, tenantId, runId, patch.errors);
    return toRun(row);
  });
}

function runNotFound(tenantId: string, runId: string) {
  return new StorageError(
    `Postgres storage: sync run ${JSON.stringify(runId)} does not exist for tenant ${JSON.stringify(tenantId)}; create it with createRun() first.`,
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
       source_key, field, value, message_ja, message_en)
     select $1, $2::uuid, x.ord, x.severity, x.code, x.rule, x.source_id, x.source_key, x.field,
       x.value, x.message_ja, x.message_en
     from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::text[])
       with ordinality as x(severity, code, rule, source_id, source_key, field, value,
         message_ja, message_en, ord)`,
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

const maxBigint = 9_223_372_036_854_775_807n;

/** Newest first; the cursor is the last row's `seq`. */
export async function listRuns(
  driver: Driver,
  t: Tables,
  tenantId: string,
  options: ListRunsOptions = {},
): Promise<RunPage> {
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new StorageError(
      `Postgres storage: listRuns limit must be an integer from 1 to 1000, got ${String(limit)}.`,
    );
  }
  const cursor = options.cursor ?? null;
  if (cursor !== null && (!/^\d{1,19}$/.test(cursor) || BigInt(cursor) > maxBigint)) {
    throw new StorageError(
      'Postgres storage: listRuns cursor is not one this adapter returned; pass the nextCursor of the previous page, or null for the first page.',
    );
  }
  const { rows } = await driver.query<RunRow>(
    `select ${runColumns} from ${t.runs}
     where tenant_id = $1 and ($2::text is null or kind = $2::text)
       and ($3::bigint is null or seq < $3::bigint)
     order by seq desc
     limit $4::int`,
    [tenantId, options.kind ?? null, cursor, limit + 1],
  );
  const page = rows.slice(0, limit);
  return {
    runs: page.map(toRun),
    nextCursor: rows.length > limit ? page[page.length - 1]!.cursor : null,
  };
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
}

export async function listRunErrors(
  driver: Driver,
  t: Tables,
  tenantId: string,
  runId: string,
): Promise<ErrorRow[]> {
  if (!isUuid(runId)) return [];
  const { rows } = await driver.query<ErrorRowRecord>(
    `select severity, code, rule, source_id, source_key, field, value, message_ja, message_en
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
    return error;
  });
}

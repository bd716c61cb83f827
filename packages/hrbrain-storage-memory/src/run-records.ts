import {
  type CreateRunInput,
  type ListRunsOptions,
  RunNotFoundError,
  RunNotQueuedError,
  type RunOutcome,
  type RunPage,
  StorageError,
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
import type { RunRow } from './tenant-state';

const kinds = new Set(['departments', 'employees']);

export function newRun(input: CreateRunInput, id: string, now: Date): SyncRun {
  if (!kinds.has(input?.kind)) {
    throw new StorageError(
      `createRun: kind must be "departments" or "employees", not ${JSON.stringify(input?.kind)}.`,
    );
  }
  if (input.status !== 'queued' && input.status !== 'running') {
    throw new StorageError(
      `createRun: status must be "queued" or "running", not ${JSON.stringify(input.status)}.`,
    );
  }
  return {
    id,
    tenantId: input.tenantId,
    kind: input.kind,
    status: input.status,
    dryRun: input.dryRun === true,
    trigger: runTrigger(input.trigger),
    createdAt: now,
    // A run created as running starts now (J1: started time).
    startedAt: input.status === 'running' ? now : null,
    finishedAt: null,
    summary: null,
    errorCount: 0,
    warningCount: 0,
    failure: null,
  };
}

/** `startRun`: a queued run becomes running, started now. */
export function startedRow(row: RunRow | undefined, tenantId: string, runId: string, now: Date) {
  if (row === undefined)
    throw new RunNotFoundError(undefined, { tenantId: tenantId, runId: runId });
  if (row.run.status !== 'queued')
    throw new RunNotQueuedError(undefined, { runId: runId, status: row.run.status });
  return { ...row, run: { ...row.run, status: 'running' as const, startedAt: now } };
}

/** `finishRun` (and the outcome of `applyPlan`): the whole outcome in one new row. */
export function finishedRow(
  row: RunRow | undefined,
  tenantId: string,
  runId: string,
  outcome: RunOutcome,
  now: Date,
): RunRow {
  assertRunOutcome(outcome);
  assertOpenRun(row?.run, tenantId, runId);
  const errors = structuredClone([...outcome.errors]);
  return {
    ...row!,
    run: {
      ...row!.run,
      status: outcome.status,
      finishedAt: now,
      summary: structuredClone(outcome.summary),
      failure: structuredClone(outcome.failure),
      ...countSeverities(errors),
    },
    errors,
  };
}

/** Newest first, paged by keyset (the creation sequence), so new runs do not shift pages. */
export function pageRuns(
  tenantId: string,
  rows: Iterable<RunRow>,
  options: ListRunsOptions = {},
): RunPage {
  const limit = runPageSize(options.limit);
  const scope = { tenantId, kind: options.kind };
  const after = decodeRunCursor(options.cursor, scope);
  const before = after === null ? Number.POSITIVE_INFINITY : Number(after);
  const matching = [...rows]
    .filter(
      (row) =>
        row.sequence < before && (options.kind === undefined || row.run.kind === options.kind),
    )
    .sort((a, b) => b.sequence - a.sequence)
    .slice(0, limit + 1);
  const page = takeRunPage(matching, limit, (row) => row.sequence, scope);
  return { runs: page.rows.map((row) => structuredClone(row.run)), nextCursor: page.nextCursor };
}

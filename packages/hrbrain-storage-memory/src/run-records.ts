import {
  type CreateRunInput,
  type ErrorRow,
  type ListRunsOptions,
  type RunPage,
  StorageError,
  type SyncRun,
  type UpdateRunInput,
} from '@mikiwame/hrbrain-sync-core';
import type { RunRow } from './tenant-state';

const kinds = new Set(['departments', 'employees']);
const statuses = new Set(['queued', 'running', 'succeeded', 'completed_with_errors', 'failed']);
const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 1_000;

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

/** Apply a patch: only the keys it carries change; `errors` replaces the stored rows. */
export function patchRun(row: RunRow, patch: UpdateRunInput): RunRow {
  if (patch.status !== undefined && !statuses.has(patch.status)) {
    throw new StorageError(`updateRun: unknown status ${JSON.stringify(patch.status)}.`);
  }
  const run: SyncRun = { ...row.run };
  if (patch.status !== undefined) run.status = patch.status;
  if (patch.startedAt !== undefined) run.startedAt = patch.startedAt;
  if (patch.finishedAt !== undefined) run.finishedAt = patch.finishedAt;
  if (patch.summary !== undefined) run.summary = patch.summary;
  if (patch.failure !== undefined) run.failure = patch.failure;
  let errors: readonly ErrorRow[] = row.errors;
  if (patch.errors !== undefined) {
    if (!Array.isArray(patch.errors))
      throw new StorageError('updateRun: `errors` must be an array of ErrorRow.');
    errors = structuredClone(patch.errors);
    run.errorCount = errors.filter((e) => e.severity === 'error').length;
    run.warningCount = errors.filter((e) => e.severity === 'warning').length;
  }
  return { ...row, run, errors };
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new StorageError(
      `listRuns: limit must be an integer from 1 to ${MAX_PAGE_SIZE}, not ${limit}.`,
    );
  }
  return limit;
}

/** The cursor is the creation sequence of the last run of the page (keyset paging). */
function afterSequence(cursor: string | null | undefined): number {
  if (cursor === undefined || cursor === null) return Number.POSITIVE_INFINITY;
  if (!/^\d+$/.test(cursor)) {
    throw new StorageError('listRuns: `cursor` must be the nextCursor of a previous page.');
  }
  return Number(cursor);
}

/** Newest first, paged by keyset, so runs created while paging do not shift later pages. */
export function pageRuns(rows: Iterable<RunRow>, options: ListRunsOptions = {}): RunPage {
  const limit = pageSize(options.limit);
  const before = afterSequence(options.cursor);
  const matching = [...rows]
    .filter(
      (row) =>
        row.sequence < before && (options.kind === undefined || row.run.kind === options.kind),
    )
    .sort((a, b) => b.sequence - a.sequence);
  const page = matching.slice(0, limit);
  const last = page.at(-1);
  return {
    runs: page.map((row) => structuredClone(row.run)),
    nextCursor: matching.length > limit && last ? String(last.sequence) : null,
  };
}

import {
  HrbrainSyncConfigError,
  InvalidCursorError,
  RunAlreadyFinishedError,
  RunNotFoundError,
  StorageError,
} from '../errors';
import type { ErrorRow } from '../model/plan';
import type { SyncKind } from '../model/records';
import {
  DEFAULT_RUN_PAGE_SIZE,
  MAX_RUN_PAGE_SIZE,
  type RunOutcome,
  type RunTrigger,
  type SyncRun,
} from '../storage/contract';

const TRIGGER_TYPES = new Set(['manual', 'schedule', 'webhook']);
/** The longest `by` / `deliveryId` a run keeps (longer ones are refused, not cut). */
export const MAX_TRIGGER_TEXT = 200;

/**
 * T1: the trigger a run is stored with, the same in every adapter — `{ type: 'manual' }` when
 * the input names none; `by` and `deliveryId` as given (or null), at most 200 characters.
 *
 * @throws {HrbrainSyncConfigError} `INVALID_ARGUMENT` for an unknown type or an over-long text.
 */
export function runTrigger(trigger: RunTrigger | null | undefined): RunTrigger {
  if (trigger === undefined || trigger === null)
    return { type: 'manual', by: null, deliveryId: null };
  if (!TRIGGER_TYPES.has(trigger.type)) {
    throw new HrbrainSyncConfigError(
      `createRun: trigger.type must be "manual", "schedule" or "webhook", not ${JSON.stringify(trigger.type)}.`,
      { option: 'trigger.type' },
    );
  }
  const text = (name: 'by' | 'deliveryId') => {
    const value = trigger[name];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string' || value.length > MAX_TRIGGER_TEXT) {
      throw new HrbrainSyncConfigError(
        `createRun: trigger.${name} must be a string of at most ${MAX_TRIGGER_TEXT} characters.`,
        { option: `trigger.${name}` },
      );
    }
    return value;
  };
  return { type: trigger.type, by: text('by'), deliveryId: text('deliveryId') };
}

/** J3: the counts a run keeps of its error rows. */
export function countSeverities(errors: readonly Pick<ErrorRow, 'severity'>[]): {
  errorCount: number;
  warningCount: number;
} {
  let errorCount = 0;
  let warningCount = 0;
  for (const row of errors) {
    if (row.severity === 'error') errorCount++;
    else if (row.severity === 'warning') warningCount++;
  }
  return { errorCount, warningCount };
}

/**
 * The `limit` of `listRuns`, the same in every adapter: default 20, a whole number from 1 to
 * 1,000, anything else refused with `INVALID_ARGUMENT`.
 */
export function runPageSize(limit: number | undefined | null): number {
  if (limit === undefined || limit === null) return DEFAULT_RUN_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_RUN_PAGE_SIZE) {
    throw new HrbrainSyncConfigError(
      `listRuns: limit must be a whole number from 1 to ${MAX_RUN_PAGE_SIZE}, not ${String(limit)}.`,
      { option: 'limit' },
    );
  }
  return limit;
}

/** Which listing a cursor belongs to: a cursor only continues the listing it came from. */
export interface RunCursorScope {
  tenantId: string;
  kind?: SyncKind | undefined;
}

// FNV-1a, 32 bits: a tag that tells listings apart (not a secret, not a signature).
function scopeTag({ tenantId, kind }: RunCursorScope): string {
  let hash = 0x811c9dc5;
  const text = `${tenantId}\u0000${kind ?? '*'}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/**
 * Keyset paging: the cursor after a page whose last run sits at `position` (the adapter's
 * creation sequence, as decimal digits). Opaque to callers; tagged with the tenant and kind.
 */
export function encodeRunCursor(position: string | number | bigint, scope: RunCursorScope): string {
  const digits = String(position);
  if (!/^\d{1,19}$/.test(digits)) {
    throw new StorageError(`encodeRunCursor: position must be decimal digits, not ${digits}.`);
  }
  return `r1.${scopeTag(scope)}.${digits}`;
}

/**
 * The position a `listRuns` cursor continues after (`null` for the first page).
 *
 * @throws {InvalidCursorError} for anything this kit did not encode for this tenant and kind:
 *   garbled text, the empty string, another tenant's or another kind's cursor.
 */
export function decodeRunCursor(
  cursor: string | null | undefined,
  scope: RunCursorScope,
): string | null {
  if (cursor === undefined || cursor === null) return null;
  if (typeof cursor !== 'string') throw new InvalidCursorError();
  const match = /^r1\.([0-9a-z]{1,7})\.(\d{1,19})$/.exec(cursor);
  if (!match || match[1] !== scopeTag(scope) || BigInt(match[2]!) > 9_223_372_036_854_775_807n) {
    throw new InvalidCursorError();
  }
  return match[2]!;
}

/**
 * Cut a page from rows fetched with `limit + 1` (newest first): the page, and the cursor to
 * the next one when there is more.
 */
export function takeRunPage<R>(
  rows: readonly R[],
  limit: number,
  positionOf: (row: R) => string | number | bigint,
  scope: RunCursorScope,
): { rows: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor:
      rows.length > limit && last !== undefined ? encodeRunCursor(positionOf(last), scope) : null,
  };
}

/** The run exists and is open (`queued`/`running`): an outcome may be recorded on it. */
export function assertOpenRun(
  run: Pick<SyncRun, 'status'> | null | undefined,
  tenantId: string,
  runId: string,
): void {
  if (run === null || run === undefined)
    throw new RunNotFoundError(undefined, { tenantId: tenantId, runId: runId });
  if (run.status !== 'queued' && run.status !== 'running') {
    throw new RunAlreadyFinishedError(undefined, { runId: runId, status: run.status });
  }
}

const finished = new Set(['succeeded', 'completed_with_errors', 'failed']);

/**
 * A run outcome an adapter can store: a finished status, `failure` set exactly for `failed`,
 * `errors` an array of rows with a severity.
 *
 * @throws {StorageError} naming the problem.
 */
export function assertRunOutcome(outcome: RunOutcome): void {
  if (typeof outcome !== 'object' || outcome === null || !finished.has(outcome.status)) {
    throw new StorageError(
      'A run outcome needs a status of succeeded, completed_with_errors or failed.',
    );
  }
  if (
    (outcome.status === 'failed') !==
    (outcome.failure !== null && outcome.failure !== undefined)
  ) {
    throw new StorageError('A run outcome has a failure exactly when its status is failed.');
  }
  if (!Array.isArray(outcome.errors)) {
    throw new StorageError('A run outcome needs `errors`, an array of ErrorRow (may be empty).');
  }
  for (const row of outcome.errors) {
    if (row?.severity !== 'error' && row?.severity !== 'warning') {
      throw new StorageError('Every error row needs a severity of "error" or "warning".');
    }
  }
}

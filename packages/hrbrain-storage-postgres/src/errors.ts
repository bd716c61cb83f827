import {
  HrbrainSyncConfigError,
  HrbrainSyncError,
  type HrbrainSyncErrorOptions,
  StorageError,
} from '@mikiwame/hrbrain-sync-core';
import { isConnectionLoss } from './session';

/**
 * `createPostgresStorage` was given options it cannot use (no `client`, a `client` that is
 * not a pg.Pool / pg.Client / PGlite, a `schema` that is not a plain identifier). Thrown at
 * once, before any query; `option` names the option, the message says what to pass.
 * Database failures are the core's `StorageError`, stale plans `StalePlanError`.
 */
export class PostgresStorageConfigError extends HrbrainSyncConfigError {
  static {
    PostgresStorageConfigError.defineErrorClass(
      'PostgresStorageConfigError',
      'INVALID_ARGUMENT',
      '@mikiwame/hrbrain-storage-postgres',
    );
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * C5: strip stored values from a driver error before it becomes a `cause`. PGlite attaches the
 * bound `params` to its errors, a not-null or check violation's `detail` lists the whole
 * failing row ("Failing row contains (…)"), and a COPY's `where` quotes the failing line: for
 * `saveConnection` that is the client secret, for an apply employees' personal data. A data
 * exception (SQLSTATE class 22) quotes the value in its message itself (`invalid input syntax
 * for type date: "…"`, `value "…" is out of range for type integer`). All are removed in
 * place, so the cause stays the driver's own error object (its `code`, `constraint`, `table`,
 * … are kept).
 */
function redactValues(error: unknown): void {
  if (typeof error !== 'object' || error === null) return;
  const record = error as Record<string, unknown>;
  if ('params' in record) delete record.params;
  if (typeof record.code === 'string' && record.code.startsWith('22')) {
    // From the first double quote to the last: a value may hold quotes of its own.
    if (typeof record.message === 'string') record.message = withoutQuoted(record.message);
    if (typeof record.detail === 'string') record.detail = withoutQuoted(record.detail);
  }
  if (typeof record.detail === 'string' && /^Failing row contains/.test(record.detail)) {
    record.detail =
      'Failing row contains (…) [values removed by @mikiwame/hrbrain-storage-postgres]';
  }
  // A COPY's context quotes the failing line (or the column's value) after "COPY t, line N":
  // keep where it failed, drop what the line held.
  const copyAt = typeof record.where === 'string' ? /COPY .*?, line \d+/.exec(record.where) : null;
  if (copyAt && record.where !== copyAt[0]) {
    record.where = `${copyAt[0]} [values removed by @mikiwame/hrbrain-storage-postgres]`;
  }
}

function withoutQuoted(text: string): string {
  return text.replace(/"[\s\S]*"/, '"[value removed by @mikiwame/hrbrain-storage-postgres]"');
}

/**
 * Turn a driver error into a `StorageError` (original as `cause`) whose message says what to
 * do. Our own typed errors pass through. Driver messages name objects, and the ones that quote
 * a value (data exceptions) are redacted first, so no stored data (or secret) ends up in the
 * message; the cause is redacted too.
 */
export function toStorageError(operation: string, schema: string, error: unknown): Error {
  // Our own typed errors (stale plan, lock held, run not found or finished, bad cursor …).
  if (HrbrainSyncError.isInstance(error)) return error;
  redactValues(error);
  const code = codeOf(error);
  const prefix = `Postgres storage: ${operation} failed`;
  let advice: string;
  if (code === '42P01' || code === '3F000' || code === '42703') {
    advice = `the adapter's tables are missing or out of date in schema ${schema} (${messageOf(error)}). Run \`await storage.migrate()\` first.`;
  } else if (isConnectionLoss(error)) {
    advice = `the database connection was lost (${messageOf(error)}). The transaction was rolled back and nothing of this call was stored; retry once the database is reachable.`;
  } else if (code === '28P01' || code === '28000') {
    advice = `the database refused the login (${messageOf(error)}). Check the user and password of the client you passed.`;
  } else if (code === '3D000') {
    advice = `the database does not exist (${messageOf(error)}). Create it, or point the client at an existing one.`;
  } else if (code === '42501') {
    advice = `the database user lacks a privilege (${messageOf(error)}). Grant it usage and read/write on schema ${schema}.`;
  } else if (
    code === '23514' ||
    code === '23502' ||
    code === '22P02' ||
    code === '22007' ||
    code === '22008' ||
    code === '22021'
  ) {
    advice = `a value does not fit the column (${messageOf(error)}). Check the plan or record you passed.`;
  } else if (code === '40001' || code === '40P01') {
    advice = `the transaction conflicted with another one (${messageOf(error)}). Nothing was stored; retry.`;
  } else {
    advice = `${messageOf(error)}${code ? ` (SQLSTATE ${code})` : ''}.`;
  }
  return new StorageError(`${prefix}: ${advice}`, { cause: error });
}

/** Run `work`, wrapping whatever the driver throws. */
export async function guarded<T>(
  operation: string,
  schema: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStorageError(operation, schema, error);
  }
}

/** A problem between a records mapping and the database (see `storage.check()`). */
export interface MappingProblemLike {
  table: string;
  column: string | null;
  problem: string;
  fix: string;
}

/**
 * The mapped tables do not fit the mapping: each problem names the column and the DDL that
 * fixes it. Thrown by the first load or apply when `storage.check()` finds problems (a
 * `StorageError`, code `STORAGE_ERROR`: a run that meets it fails with nothing applied).
 */
export class MappingError extends StorageError {
  static {
    MappingError.defineErrorClass(
      'MappingError',
      'STORAGE_ERROR',
      '@mikiwame/hrbrain-storage-postgres',
    );
  }
  readonly problems: readonly MappingProblemLike[];
  /** `message: undefined` gives the standard message listing every problem and its fix. */
  constructor(
    message: string | undefined,
    options: HrbrainSyncErrorOptions<'STORAGE_ERROR'> & {
      problems?: readonly MappingProblemLike[];
    } = {},
  ) {
    const problems = options.problems ?? [];
    super(
      message ??
        `Postgres storage: the mapped tables do not fit the mapping (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was read or written:\n${problems
          .map((p) => `  - ${p.problem}\n    fix: ${p.fix}`)
          .join('\n')}`,
      options,
    );
    this.problems = problems;
  }
}

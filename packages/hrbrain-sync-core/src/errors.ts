// biome-ignore-all lint/complexity/noThisInStatic: isInstance and defineErrorClass answer for the class they are called on (`this`), which is the point.
import { errorClassRegistry } from '../../../internal/error-classes';
import type { SyncKind } from './model/records';

/**
 * The one error tree of the sync core. Every error it throws is an {@link HrbrainSyncError}
 * with a stable `code`; constructors all take `(message, options?)`.
 *
 * `instanceof` fails when two copies of this package are loaded (ESM + CJS, or two
 * versions), so `isInstance()` checks a `Symbol.for` marker that each class puts on its
 * prototype (never on the instance: `util.inspect` and `JSON.stringify` do not show it).
 * `isInstance` is inherited and answers for the class it is called on, so a new error class
 * is one declaration:
 *
 * <!-- docs:prelude import { HrbrainSyncError } from '@mikiwame/hrbrain-sync-core'; -->
 * ```ts
 * export class RunNotFoundError extends HrbrainSyncError<'RUN_NOT_FOUND'> {
 *   static { RunNotFoundError.defineErrorClass('RunNotFoundError', 'RUN_NOT_FOUND'); }
 * }
 * ```
 */

/** Every `code` an {@link HrbrainSyncError} can carry. Stable across releases: match on these. */
export type HrbrainSyncErrorCode =
  | 'INVALID_ARGUMENT'
  | 'RUN_NOT_FOUND'
  | 'RUN_NOT_QUEUED'
  | 'RUN_ALREADY_FINISHED'
  | 'INVALID_CURSOR'
  | 'SYNC_IN_PROGRESS'
  | 'STALE_PLAN'
  | 'STORAGE_ERROR'
  | 'FIELD_NOT_FOUND'
  | 'INVALID_SNAPSHOT'
  | 'CHANGE_GUARD_TRIPPED'
  | 'ABORTED';

/** The options every error constructor of this package takes (subclasses add their own). */
export interface HrbrainSyncErrorOptions<Code extends HrbrainSyncErrorCode = HrbrainSyncErrorCode> {
  /** Only needed for `HrbrainSyncError` itself; each subclass has its own fixed code. */
  code?: Code | undefined;
  /** The error that caused this one (kept as the standard `cause`). */
  cause?: unknown;
}

const ownPackage = '@mikiwame/hrbrain-sync-core';
const registry = errorClassRegistry();

/** Base class of every error this package (and the storage adapters) throws. */
export class HrbrainSyncError<
  Code extends HrbrainSyncErrorCode = HrbrainSyncErrorCode,
> extends Error {
  static {
    HrbrainSyncError.defineErrorClass('HrbrainSyncError');
  }

  /** Stable machine-readable code; see {@link HrbrainSyncErrorCode}. */
  readonly code: Code;

  constructor(message: string, options: HrbrainSyncErrorOptions<Code> = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = (options.code ?? registry.codeOf(new.target)) as Code;
  }

  /**
   * True when `value` is an instance of the class this is called on (or of a subclass),
   * even one created by another copy of this package: `StalePlanError.isInstance(e)` is true
   * for a `StalePlanError` only, `HrbrainSyncError.isInstance(e)` for all of them.
   */
  static isInstance<T extends abstract new (...args: never) => HrbrainSyncError>(
    this: T,
    value: unknown,
  ): value is InstanceType<T> {
    return registry.isInstance(this, value);
  }

  /**
   * Gives the class it is called on (in a `static {}` block) its `name`, its default `code`
   * and the `Symbol.for` marker `isInstance` checks. `packageName` is the package that
   * declares the class (markers of different packages never collide).
   */
  protected static defineErrorClass(
    name: string,
    code?: HrbrainSyncErrorCode,
    packageName: string = ownPackage,
  ): void {
    registry.define(this, `${packageName}/${name}`, name, code);
  }
}

/**
 * A function of this package was called with a missing or ill-shaped argument or option
 * (a planner's `existing`, `runSync`'s `tenantId`, `kind`, `source`, `changeGuard` …).
 * Thrown before anything is read or written; the message names the argument.
 */
export class HrbrainSyncConfigError extends HrbrainSyncError<'INVALID_ARGUMENT'> {
  static {
    HrbrainSyncConfigError.defineErrorClass('HrbrainSyncConfigError', 'INVALID_ARGUMENT');
  }
  /** The argument or option at fault, e.g. `existing` or `changeGuard.maxChangeRatio`. */
  readonly option: string | undefined;
  constructor(
    message: string,
    options: HrbrainSyncErrorOptions<'INVALID_ARGUMENT'> & { option?: string } = {},
  ) {
    super(message, options);
    this.option = options.option;
  }
}

/** The run log has no run with this id for this tenant (another tenant's id is unknown too). */
export class RunNotFoundError extends HrbrainSyncError<'RUN_NOT_FOUND'> {
  static {
    RunNotFoundError.defineErrorClass('RunNotFoundError', 'RUN_NOT_FOUND');
  }
  readonly tenantId: string | undefined;
  readonly runId: string | undefined;
  /** `message: undefined` gives the standard message naming the run. */
  constructor(
    message: string | undefined,
    options: HrbrainSyncErrorOptions<'RUN_NOT_FOUND'> & { tenantId?: string; runId?: string } = {},
  ) {
    super(
      message ?? `No sync run ${JSON.stringify(options.runId)} for tenant "${options.tenantId}".`,
      options,
    );
    this.tenantId = options.tenantId;
    this.runId = options.runId;
  }
}

/** `startRun` (or `runSync({ runId })`) of a run that is not a queued run of that kind. */
export class RunNotQueuedError extends HrbrainSyncError<'RUN_NOT_QUEUED'> {
  static {
    RunNotQueuedError.defineErrorClass('RunNotQueuedError', 'RUN_NOT_QUEUED');
  }
  readonly runId: string | undefined;
  readonly status: string | undefined;
  /** `message: undefined` gives the standard message naming the run and its status. */
  constructor(
    message: string | undefined,
    options: HrbrainSyncErrorOptions<'RUN_NOT_QUEUED'> & { runId?: string; status?: string } = {},
  ) {
    super(
      message ??
        `Sync run ${JSON.stringify(options.runId)} is ${options.status}; only a queued run can be started.`,
      options,
    );
    this.runId = options.runId;
    this.status = options.status;
  }
}

/**
 * The outcome of a run that has already finished was to be recorded (a run is finished once).
 * Typically the run was closed as abandoned while a process that was thought dead still ran:
 * its apply is then refused whole, so the run's "nothing applied" stays true.
 */
export class RunAlreadyFinishedError extends HrbrainSyncError<'RUN_ALREADY_FINISHED'> {
  static {
    RunAlreadyFinishedError.defineErrorClass('RunAlreadyFinishedError', 'RUN_ALREADY_FINISHED');
  }
  readonly runId: string | undefined;
  readonly status: string | undefined;
  /** `message: undefined` gives the standard message naming the run and its status. */
  constructor(
    message: string | undefined,
    options: HrbrainSyncErrorOptions<'RUN_ALREADY_FINISHED'> & {
      runId?: string;
      status?: string;
    } = {},
  ) {
    super(
      message ??
        `Sync run ${JSON.stringify(options.runId)} has already finished (${options.status}); nothing was written.`,
      options,
    );
    this.runId = options.runId;
    this.status = options.status;
  }
}

/** A `listRuns` cursor that this run log did not hand out for this tenant and kind. */
export class InvalidCursorError extends HrbrainSyncError<'INVALID_CURSOR'> {
  static {
    InvalidCursorError.defineErrorClass('InvalidCursorError', 'INVALID_CURSOR');
  }
  constructor(
    message = 'The cursor is not a nextCursor this run log returned for this tenant and kind; pass the nextCursor of the previous page, or null for the first page.',
    options: HrbrainSyncErrorOptions<'INVALID_CURSOR'> = {},
  ) {
    super(message, options);
  }
}

/** J5: a run of the same tenant and kind is already in progress. */
export class SyncInProgressError extends HrbrainSyncError<'SYNC_IN_PROGRESS'> {
  static {
    SyncInProgressError.defineErrorClass('SyncInProgressError', 'SYNC_IN_PROGRESS');
  }
  readonly tenantId: string;
  readonly kind: SyncKind;
  /** The run holding the lock, when the storage knows it. */
  readonly runningRunId: string | undefined;

  /** `message: undefined` gives the standard message naming the tenant and kind. */
  constructor(
    message: string | undefined,
    options: HrbrainSyncErrorOptions<'SYNC_IN_PROGRESS'> & {
      tenantId: string;
      kind: SyncKind;
      runningRunId?: string | undefined;
    },
  ) {
    super(
      message ??
        `A ${options.kind} sync for tenant "${options.tenantId}" is already running${options.runningRunId ? ` (run ${options.runningRunId})` : ''}; wait for it to finish and start again.`,
      options,
    );
    this.tenantId = options.tenantId;
    this.kind = options.kind;
    this.runningRunId = options.runningRunId;
  }
}

/** The store changed between planning and applying; nothing was written. Plan again. */
export class StalePlanError extends HrbrainSyncError<'STALE_PLAN'> {
  static {
    StalePlanError.defineErrorClass('StalePlanError', 'STALE_PLAN');
  }
  /** The match key (code / e-mail) or record id that no longer fits the plan. */
  readonly details: { key?: string; id?: string };
  constructor(
    message: string,
    options: HrbrainSyncErrorOptions<'STALE_PLAN'> & { key?: string; id?: string } = {},
  ) {
    super(message, options);
    const details: { key?: string; id?: string } = {};
    if (options.key !== undefined) details.key = options.key;
    if (options.id !== undefined) details.id = options.id;
    this.details = details;
  }
}

/** A storage adapter failed (wrapped, with the original as `cause`), or is missing methods. */
export class StorageError extends HrbrainSyncError<'STORAGE_ERROR'> {
  static {
    StorageError.defineErrorClass('StorageError', 'STORAGE_ERROR');
  }
}

/**
 * F2: a required HRBrain member field was found neither by its alias nor by its default
 * label, so nothing can be planned. The usual cause is a field renamed in HRBrain.
 */
export class FieldNotFoundError extends HrbrainSyncError<'FIELD_NOT_FOUND'> {
  static {
    FieldNotFoundError.defineErrorClass('FieldNotFoundError', 'FIELD_NOT_FOUND');
  }
  /** The default Japanese label that was looked for, e.g. `氏（カナ）`. */
  readonly label: string;
  /** The alias that was looked for first, when HRBrain has one for this field. */
  readonly alias: string | undefined;
  /** The same explanation in Japanese, for an HR admin. */
  readonly messageJa: string;

  /** `message: undefined` gives the standard message naming the field and what to do. */
  constructor(
    message: string | undefined,
    options: HrbrainSyncErrorOptions<'FIELD_NOT_FOUND'> & {
      label: string;
      alias?: string | undefined;
    },
  ) {
    const { label, alias } = options;
    super(
      message ??
        `The HRBrain member field "${label}" was not found${alias ? ` (neither by its alias "${alias}" nor by its label)` : ''}. ` +
          `It may have been renamed in HRBrain: restore its default name "${label}" and run the sync again.`,
      options,
    );
    this.label = label;
    this.alias = alias;
    this.messageJa = `HRBrainの社員項目「${label}」が見つかりません。HRBrainで項目名が変更されている可能性があります。項目名をデフォルトの「${label}」に戻してから、再度同期してください。`;
  }
}

/** The snapshot is not shaped like `client.snapshot()` output (a programming error, not bad HR data). */
export class InvalidSnapshotError extends HrbrainSyncError<'INVALID_SNAPSHOT'> {
  static {
    InvalidSnapshotError.defineErrorClass('InvalidSnapshotError', 'INVALID_SNAPSHOT');
  }
}

/** What the change guard (J7) compared. */
export interface ChangeGuardCounts {
  existing: number;
  created: number;
  updated: number;
  maxChangeRatio: number;
}

/** J7: the plan would change more of the tenant's records than the change guard allows. */
export class ChangeGuardError extends HrbrainSyncError<'CHANGE_GUARD_TRIPPED'> {
  static {
    ChangeGuardError.defineErrorClass('ChangeGuardError', 'CHANGE_GUARD_TRIPPED');
  }
  readonly counts: ChangeGuardCounts;

  /** `message: undefined` gives the standard message with the counts and what to check. */
  constructor(
    message: string | undefined,
    options: HrbrainSyncErrorOptions<'CHANGE_GUARD_TRIPPED'> & { counts: ChangeGuardCounts },
  ) {
    const { counts } = options;
    const changed = counts.created + counts.updated;
    const pct = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;
    super(
      message ??
        `The plan would create ${counts.created} and update ${counts.updated} records against ${counts.existing} existing ` +
          `(${pct(changed / counts.existing)}), more than the change guard allows (${pct(counts.maxChangeRatio)}). ` +
          'Nothing was applied. Check that the HRBrain connection is the right tenant and no field was renamed, ' +
          'then run again with the guard lifted.',
      options,
    );
    this.counts = counts;
  }
}

/** The run was aborted through its `signal` before anything was applied. */
export class SyncAbortedError extends HrbrainSyncError<'ABORTED'> {
  static {
    SyncAbortedError.defineErrorClass('SyncAbortedError', 'ABORTED');
  }
  constructor(
    message = 'The sync was aborted before anything was applied.',
    options: HrbrainSyncErrorOptions<'ABORTED'> = {},
  ) {
    super(message, options);
  }
}

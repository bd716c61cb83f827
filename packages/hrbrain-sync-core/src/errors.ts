import type { SyncKind } from './model/records';

const marker = Symbol.for('@mikiwame/hrbrain-sync-core.error');

/** Base of every error the sync core throws; `code` is stable, `isInstance` works across copies. */
export class HrbrainSyncError extends Error {
  readonly code: string;
  readonly [marker] = true;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }

  static isInstance(value: unknown): value is HrbrainSyncError {
    return typeof value === 'object' && value !== null && marker in value;
  }
}

/** J5: a run of the same tenant and kind is already in progress. */
export class SyncInProgressError extends HrbrainSyncError {
  /** The run that holds the lock, when the storage knows it (its run log lists it open). */
  readonly runningRunId: string | undefined;

  constructor(
    readonly tenantId: string,
    readonly kind: SyncKind,
    options: { runningRunId?: string | undefined } = {},
  ) {
    super(
      'SYNC_IN_PROGRESS',
      `A ${kind} sync for tenant "${tenantId}" is already running${options.runningRunId ? ` (run ${options.runningRunId})` : ''}; wait for it to finish and start again.`,
    );
    this.runningRunId = options.runningRunId;
  }
}

/** The run log has no run with this id for this tenant (another tenant's id is unknown too). */
export class RunNotFoundError extends HrbrainSyncError {
  constructor(
    readonly tenantId: string,
    readonly runId: string,
  ) {
    super('RUN_NOT_FOUND', `No sync run ${JSON.stringify(runId)} for tenant "${tenantId}".`);
  }
}

/** `startRun` (or `runSync({ runId })`) of a run that is not `queued`. */
export class RunNotQueuedError extends HrbrainSyncError {
  constructor(
    readonly runId: string,
    readonly status: string,
  ) {
    super(
      'RUN_NOT_QUEUED',
      `Sync run ${JSON.stringify(runId)} is ${status}; only a queued run can be started.`,
    );
  }
}

/**
 * The outcome of a run that has already finished was to be recorded (a run is finished once).
 * Typically the run was closed as abandoned while a process that was thought dead still ran:
 * its apply is then refused whole, so the run's "nothing applied" stays true.
 */
export class RunAlreadyFinishedError extends HrbrainSyncError {
  constructor(
    readonly runId: string,
    readonly status: string,
  ) {
    super(
      'RUN_ALREADY_FINISHED',
      `Sync run ${JSON.stringify(runId)} has already finished (${status}); nothing was written.`,
    );
  }
}

/** A `listRuns` cursor that this run log did not hand out for this tenant and kind. */
export class InvalidCursorError extends HrbrainSyncError {
  constructor() {
    super(
      'INVALID_CURSOR',
      'The cursor is not a nextCursor this run log returned for this tenant and kind; pass the nextCursor of the previous page, or null for the first page.',
    );
  }
}

/** The store changed between planning and applying; nothing was written. Plan again. */
export class StalePlanError extends HrbrainSyncError {
  constructor(
    message: string,
    readonly details: { key?: string; id?: string } = {},
  ) {
    super('STALE_PLAN', message);
  }
}

/** A storage adapter failed (wrapped, with the original as `cause`), or is missing methods. */
export class StorageError extends HrbrainSyncError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORAGE_ERROR', message, options);
  }
}

/**
 * F2: a required HRBrain member field was found neither by its alias nor by its default
 * label, so nothing can be planned. The usual cause is a field renamed in HRBrain.
 */
export class FieldNotFoundError extends HrbrainSyncError {
  /** The default Japanese label that was looked for, e.g. `氏（カナ）`. */
  readonly label: string;
  /** The alias that was looked for first, when HRBrain has one for this field. */
  readonly alias: string | undefined;
  /** The same explanation in Japanese, for an HR admin. */
  readonly messageJa: string;

  constructor(label: string, alias?: string) {
    super(
      'FIELD_NOT_FOUND',
      `The HRBrain member field "${label}" was not found${alias ? ` (neither by its alias "${alias}" nor by its label)` : ''}. ` +
        `It may have been renamed in HRBrain: restore its default name "${label}" and run the sync again.`,
    );
    this.label = label;
    this.alias = alias;
    this.messageJa = `HRBrainの社員項目「${label}」が見つかりません。HRBrainで項目名が変更されている可能性があります。項目名をデフォルトの「${label}」に戻してから、再度同期してください。`;
  }
}

/** The snapshot is not shaped like `client.snapshot()` output (a programming error, not bad HR data). */
export class InvalidSnapshotError extends HrbrainSyncError {
  constructor(message: string) {
    super('INVALID_SNAPSHOT', message);
  }
}

/** J7: the plan would change more of the tenant's records than the change guard allows. */
export class ChangeGuardError extends HrbrainSyncError {
  constructor(
    readonly counts: {
      existing: number;
      created: number;
      updated: number;
      maxChangeRatio: number;
    },
  ) {
    const changed = counts.created + counts.updated;
    const pct = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;
    super(
      'CHANGE_GUARD_TRIPPED',
      `The plan would create ${counts.created} and update ${counts.updated} records against ${counts.existing} existing ` +
        `(${pct(changed / counts.existing)}), more than the change guard allows (${pct(counts.maxChangeRatio)}). ` +
        'Nothing was applied. Check that the HRBrain connection is the right tenant and no field was renamed, ' +
        'then run again with the guard lifted.',
    );
  }
}

/** The run was aborted through its `signal` before anything was applied. */
export class SyncAbortedError extends HrbrainSyncError {
  constructor() {
    super('ABORTED', 'The sync was aborted before anything was applied.');
  }
}

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
  constructor(
    readonly tenantId: string,
    readonly kind: SyncKind,
  ) {
    super(
      'SYNC_IN_PROGRESS',
      `A ${kind} sync for tenant "${tenantId}" is already running; wait for it to finish and start again.`,
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

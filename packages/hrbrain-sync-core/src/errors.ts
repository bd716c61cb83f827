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

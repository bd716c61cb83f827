import { HrbrainSyncConfigError } from '@mikiwame/hrbrain-sync-core';

/**
 * `createMemoryStorage` was given options it cannot use (not an object, a `generateId` or
 * `now` that is not a function); `option` names it. Thrown at once, before anything is stored.
 * A bad `seed` is a `StorageError`, as for {@link MemoryStorage.seed}. A subclass of the core's
 * `HrbrainSyncConfigError` (code `INVALID_ARGUMENT`).
 */
export class MemoryStorageConfigError extends HrbrainSyncConfigError {
  static {
    MemoryStorageConfigError.defineErrorClass(
      'MemoryStorageConfigError',
      'INVALID_ARGUMENT',
      '@mikiwame/hrbrain-storage-memory',
    );
  }
}

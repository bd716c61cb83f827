import { HrbrainSyncConfigError } from '@mikiwame/hrbrain-sync-core';

/**
 * `describeStorageConformance` was given options it cannot run with (no `create`, an
 * inspector without a required method, an unknown suite in `skip`, a bad `propertyRuns`),
 * or `create()` returned a storage without every `SyncStorage` method. Thrown when the
 * suite is registered or set up; `option` names the option, the message lists every problem.
 * A subclass of the core's `HrbrainSyncConfigError` (code `INVALID_ARGUMENT`).
 */
export class StorageConformanceConfigError extends HrbrainSyncConfigError {
  static {
    StorageConformanceConfigError.defineErrorClass(
      'StorageConformanceConfigError',
      'INVALID_ARGUMENT',
      '@mikiwame/hrbrain-storage-testkit',
    );
  }
}

import { StorageError } from '../errors';
import type { SyncStorage } from './contract';

/** Every method of {@link SyncStorage}, checked by {@link assertSyncStorage}. */
export const SYNC_STORAGE_METHODS = [
  'loadDepartments',
  'loadEmployees',
  'acquireSyncLock',
  'applyDepartmentPlan',
  'applyEmployeePlan',
  'createRun',
  'updateRun',
  'getRun',
  'listRuns',
  'listRunErrors',
  'saveConnection',
  'getConnection',
  'deleteConnection',
] as const satisfies readonly (keyof SyncStorage)[];

/**
 * Checks that `storage` implements the whole storage contract, so a half-written adapter
 * fails at start with one error listing every missing method, not halfway through a run.
 * `runSync` calls it first; call it yourself where you build your storage.
 *
 * @throws {StorageError} naming every missing method.
 */
export function assertSyncStorage(storage: unknown): asserts storage is SyncStorage {
  if (typeof storage !== 'object' || storage === null) {
    throw new StorageError(
      'Expected a SyncStorage object (e.g. createMemoryStorage() or createPostgresStorage({ client: pool })).',
    );
  }
  const record = storage as Record<string, unknown>;
  const missing = SYNC_STORAGE_METHODS.filter((name) => typeof record[name] !== 'function');
  if (missing.length > 0) {
    throw new StorageError(
      `The storage adapter is missing ${missing.length === 1 ? 'a method' : 'methods'}: ${missing.join(', ')}. ` +
        'Implement the SyncStorage contract and check it with @mikiwame/hrbrain-storage-testkit.',
    );
  }
}

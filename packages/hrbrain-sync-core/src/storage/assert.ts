import { StorageError } from '../errors';
import type { ConnectionStore, RecordsStore, RunLog, SyncLocks, SyncStorage } from './contract';

/** The methods of each part of the storage contract. */
export const STORAGE_PART_METHODS = {
  records: ['loadDepartments', 'loadEmployees', 'applyPlan'],
  runs: [
    'createRun',
    'startRun',
    'finishRun',
    'getRun',
    'listRuns',
    'listOpenRuns',
    'listRunErrors',
  ],
  connections: ['saveConnection', 'getConnection', 'deleteConnection'],
  locks: ['acquireSyncLock'],
} as const satisfies {
  records: readonly (keyof RecordsStore)[];
  runs: readonly (keyof RunLog)[];
  connections: readonly (keyof ConnectionStore)[];
  locks: readonly (keyof SyncLocks)[];
};

/** Every method of {@link SyncStorage}, checked by {@link assertSyncStorage}. */
export const SYNC_STORAGE_METHODS = [
  ...STORAGE_PART_METHODS.records,
  ...STORAGE_PART_METHODS.runs,
  ...STORAGE_PART_METHODS.connections,
  ...STORAGE_PART_METHODS.locks,
] as const satisfies readonly (keyof SyncStorage)[];

type PartName = keyof typeof STORAGE_PART_METHODS;
interface PartTypes {
  records: RecordsStore;
  runs: RunLog;
  connections: ConnectionStore;
  locks: SyncLocks;
}

const partLabel: Record<PartName, string> = {
  records: 'records store',
  runs: 'run log',
  connections: 'connection store',
  locks: 'lock',
};

function missingOf(value: unknown, methods: readonly string[]): string[] {
  if (typeof value !== 'object' || value === null) return [...methods];
  const record = value as Record<string, unknown>;
  return methods.filter((name) => typeof record[name] !== 'function');
}

/**
 * Each named part, from `options[part]` or else `options.storage`; one error naming every
 * missing method of every part, so a half-written adapter fails at start, not mid-run.
 *
 * @throws {StorageError}
 */
export function resolveParts<N extends PartName>(
  options: { storage?: unknown } & Partial<Record<PartName, unknown>>,
  names: readonly N[],
): Pick<PartTypes, N> {
  const problems: string[] = [];
  const parts = {} as Record<N, unknown>;
  for (const name of names) {
    const part = options[name] ?? options.storage;
    if (part === undefined || part === null) {
      problems.push(`no ${partLabel[name]} (pass \`storage\` or \`${name}\`)`);
      continue;
    }
    const missing = missingOf(part, STORAGE_PART_METHODS[name]);
    if (missing.length > 0) {
      problems.push(`the ${partLabel[name]} is missing ${missing.join(', ')}`);
    }
    parts[name] = part;
  }
  if (problems.length > 0) {
    throw new StorageError(
      `Incomplete storage: ${problems.join('; ')}. Use createPostgresStorage({ client: pool }) or createMemoryStorage(), or implement the contract and check it with @mikiwame/hrbrain-storage-testkit.`,
    );
  }
  return parts as Pick<PartTypes, N>;
}

/** The records store, run log and locks `runSync` uses. */
export function resolveRunStorage(options: {
  storage?: unknown;
  records?: unknown;
  runs?: unknown;
  locks?: unknown;
}): Pick<PartTypes, 'records' | 'runs' | 'locks'> {
  return resolveParts(options, ['records', 'runs', 'locks']);
}

/**
 * Checks that `storage` implements the whole storage contract (all four parts), so a
 * half-written adapter fails at start with one error listing every missing method.
 *
 * @throws {StorageError} naming every missing method.
 */
export function assertSyncStorage(storage: unknown): asserts storage is SyncStorage {
  if (typeof storage !== 'object' || storage === null) {
    throw new StorageError(
      'Expected a SyncStorage object (e.g. createMemoryStorage() or createPostgresStorage({ client: pool })).',
    );
  }
  const missing = missingOf(storage, SYNC_STORAGE_METHODS);
  if (missing.length > 0) {
    throw new StorageError(
      `The storage adapter is missing ${missing.length === 1 ? 'a method' : 'methods'}: ${missing.join(', ')}. ` +
        'Implement the SyncStorage contract and check it with @mikiwame/hrbrain-storage-testkit.',
    );
  }
}

import { SYNC_STORAGE_METHODS, type SyncStorage } from '@mikiwame/hrbrain-sync-core';
import { describe, it } from 'vitest';
import { StorageConformanceConfigError } from './errors';
import { newTenantId } from './fixtures/tenants';
import type { StorageInspector } from './inspector';
import type { ConformanceCase, ConformanceSuiteId, InspectorCapability } from './suite';
import { storageConformanceSuites } from './suites/index';

/** Options of {@link describeStorageConformance}. */
export interface StorageConformanceOptions<S extends SyncStorage = SyncStorage> {
  /**
   * A ready-to-use storage, called at the start of every check. It may share one database
   * with the other checks: each check works on tenant ids no other check uses.
   */
  create: () => S | Promise<S>;
  /**
   * Reads what was really stored, bypassing the adapter (see {@link StorageInspector}). For a
   * store that lives inside the storage object (in memory), read the one `create` returned last.
   */
  inspect: StorageInspector;
  /** Called at the end of every check, pass or fail, with the storage `create` returned. */
  cleanup?: (storage: S) => void | Promise<void>;
  /**
   * Switch suites off, each with the reason. Skipped suites still show up in the test
   * output as a skipped test titled `skipped by option skip.<suite>: <reason>`.
   */
  skip?: Partial<Record<ConformanceSuiteId, string>>;
  /**
   * Per-check timeout in ms (default 30,000: a few checks write 10,000 rows, and CI machines
   * run several test files at once). Raise it for slow remote stores.
   */
  timeoutMs?: number;
  /** fast-check runs of each property check (default 25); each run uses a new tenant. */
  propertyRuns?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const suiteIds = new Set<string>(storageConformanceSuites.map((suite) => suite.id));
const requiredInspectorMethods = ['departments', 'employees', 'runs', 'connection'] as const;
function hasCapability(inspect: StorageInspector, capability: InspectorCapability): boolean {
  if (capability === 'unmapped') {
    return (
      typeof inspect.unmapped?.get === 'function' && typeof inspect.unmapped.set === 'function'
    );
  }
  return typeof inspect[capability] === 'function';
}

function validateOptions<S extends SyncStorage>(
  name: string,
  options: StorageConformanceOptions<S>,
): void {
  const problems: string[] = [];
  if (typeof options?.create !== 'function') problems.push('`create` must be a function');
  for (const method of requiredInspectorMethods) {
    if (typeof options?.inspect?.[method] !== 'function') {
      problems.push(`\`inspect.${method}\` must be a function`);
    }
  }
  const runs = options?.propertyRuns;
  if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1)) {
    problems.push('`propertyRuns` must be a whole number ≥ 1');
  }
  for (const id of Object.keys(options?.skip ?? {})) {
    if (!suiteIds.has(id)) {
      problems.push(`\`skip.${id}\` is not a suite (known: ${[...suiteIds].join(', ')})`);
    }
  }
  if (problems.length > 0) {
    throw new StorageConformanceConfigError(
      `describeStorageConformance("${name}"): ${problems.join('; ')}. See the README of @mikiwame/hrbrain-storage-testkit.`,
      { option: 'options' },
    );
  }
}

function assertStorage(name: string, storage: unknown): asserts storage is SyncStorage {
  const missing = SYNC_STORAGE_METHODS.filter(
    (method) => typeof (storage as Record<string, unknown> | null)?.[method] !== 'function',
  );
  if (missing.length > 0) {
    throw new StorageConformanceConfigError(
      `describeStorageConformance("${name}"): \`create()\` returned a storage without ${missing.join(', ')}; every SyncStorage method is required.`,
      { option: 'create' },
    );
  }
}

/**
 * Register the SyncStorage conformance suite with vitest. Call it at the top level of a
 * test file of your adapter:
 *
 * <!-- docs:prelude import type { SyncStorage } from '@mikiwame/hrbrain-sync-core';
 *   import type { StorageInspector } from '@mikiwame/hrbrain-storage-testkit';
 *   declare const db: unknown; declare function createMyStorage(db: unknown): SyncStorage;
 *   declare const inspect: StorageInspector; -->
 * ```ts
 * import { describeStorageConformance } from '@mikiwame/hrbrain-storage-testkit';
 *
 * describeStorageConformance('my-store', { create: () => createMyStorage(db), inspect });
 * ```
 *
 * Every check names the rule it proves (D8, E7, J5 …). Switched-off suites and checks whose
 * optional inspector part is missing are reported as skipped tests that say why.
 */
export function describeStorageConformance<S extends SyncStorage>(
  name: string,
  options: StorageConformanceOptions<S>,
): void {
  validateOptions(name, options);
  const { inspect } = options;

  // Each check creates, uses and cleans up its own storage and tenants inside its own test,
  // so the kit also works with concurrent tests (`describe.concurrent`, `sequence.concurrent`).
  const runCheck = async (check: ConformanceCase) => {
    const storage = await options.create();
    try {
      assertStorage(name, storage);
      await check.run({
        storage,
        inspect,
        tenantId: newTenantId('tenant-a'),
        otherTenantId: newTenantId('tenant-b'),
        propertyRuns: options.propertyRuns ?? 25,
      });
    } finally {
      await options.cleanup?.(storage);
    }
  };

  describe(`SyncStorage conformance: ${name}`, () => {
    for (const suite of storageConformanceSuites) {
      describe(suite.title, () => {
        const reason = options.skip?.[suite.id];
        if (reason !== undefined) {
          it.skip(`skipped by option skip.${suite.id}: ${reason}`, () => {});
          return;
        }
        for (const check of suite.cases) {
          const missing = (check.requires ?? []).filter((part) => !hasCapability(inspect, part));
          if (missing.length > 0) {
            const parts = missing.map((part) => `inspect.${part}`).join(', ');
            it.skip(`${check.title} (skipped: ${parts} not provided)`, () => {});
            continue;
          }
          it(check.title, () => runCheck(check), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
        }
      });
    }
  });
}

import type { SyncStorage } from '@mikiwame/hrbrain-sync-core';
import type { StorageInspector } from './inspector';

/** The suites of the conformance kit; each can be switched off with `skip`. */
export type ConformanceSuiteId =
  | 'departments'
  | 'employees'
  | 'atomicity'
  | 'concurrency'
  | 'tenantIsolation'
  | 'runs'
  | 'outcome'
  | 'connections'
  | 'hostileStrings'
  | 'endToEnd';

/** Optional parts of {@link StorageInspector} some checks need. */
export type InspectorCapability = 'runErrors' | 'revisions' | 'unmapped' | 'failOutcomeWrites';

/** What every check receives: a fresh storage and two tenants no other test uses. */
export interface ConformanceContext {
  storage: SyncStorage;
  inspect: StorageInspector;
  /** The tenant the check works on. */
  tenantId: string;
  /** A second tenant, for isolation checks. */
  otherTenantId: string;
  /** fast-check runs per property check. */
  propertyRuns: number;
}

/** One check of the kit. */
export interface ConformanceCase {
  /** Names the rule it checks (`D8`, `E7`, `J5` …). */
  title: string;
  /** Inspector parts it needs; without them it is reported as skipped. */
  requires?: InspectorCapability[];
  run(context: ConformanceContext): Promise<void>;
}

/** A group of checks, run as one vitest `describe`. */
export interface ConformanceSuite {
  id: ConformanceSuiteId;
  title: string;
  cases: ConformanceCase[];
}

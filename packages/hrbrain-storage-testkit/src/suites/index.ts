import type { ConformanceSuite } from '../suite';
import { atomicitySuite } from './atomicity';
import { concurrencySuite } from './concurrency';
import { connectionSuite } from './connections';
import { departmentSuite } from './departments';
import { employeeSuite } from './employees';
import { endToEndSuite } from './end-to-end';
import { hostileStringSuite } from './hostile-strings';
import { outcomeSuite } from './outcome';
import { runSuite } from './runs';
import { tenantIsolationSuite } from './tenant-isolation';

/** Every suite of the kit, in the order `describeStorageConformance` runs them. */
export const storageConformanceSuites: readonly ConformanceSuite[] = [
  departmentSuite,
  employeeSuite,
  atomicitySuite,
  concurrencySuite,
  tenantIsolationSuite,
  runSuite,
  outcomeSuite,
  connectionSuite,
  hostileStringSuite,
  endToEndSuite,
];

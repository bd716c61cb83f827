import { describe, expect, it } from 'vitest';
import {
  HrbrainSyncConfigError,
  recoverAbandonedRuns,
  renderErrorCsv,
  runSync,
} from '../src/index';

// Issue 15: no bare TypeError for bad options: a call without its options object, or with a
// value that is not one, is refused with HrbrainSyncConfigError (INVALID_ARGUMENT) naming it.

const calls: [string, () => unknown][] = [
  ['runSync()', () => (runSync as (o?: unknown) => unknown)()],
  ['runSync(null)', () => runSync(null as never)],
  ['runSync("t")', () => runSync('t' as never)],
  ['recoverAbandonedRuns()', () => (recoverAbandonedRuns as (o?: unknown) => unknown)()],
  ['recoverAbandonedRuns(null)', () => recoverAbandonedRuns(null as never)],
  [
    'recoverAbandonedRuns({ kind: "employees" }) without tenantId',
    () => recoverAbandonedRuns({ kind: 'employees' } as never),
  ],
  [
    'recoverAbandonedRuns({ tenantId, kind: "x" })',
    () => recoverAbandonedRuns({ tenantId: 't', kind: 'x' } as never),
  ],
  ['renderErrorCsv(null)', () => renderErrorCsv(null as never)],
  ['renderErrorCsv(5)', () => renderErrorCsv(5 as never)],
  ['renderErrorCsv([null])', () => renderErrorCsv([null] as never)],
  ['renderErrorCsv([], 5)', () => renderErrorCsv([], 5 as never)],
];

describe('bad options (issue 15: one config-error class, no bare TypeError)', () => {
  for (const [label, call] of calls) {
    it(`${label} is refused with HrbrainSyncConfigError (INVALID_ARGUMENT)`, async () => {
      const error = await (async () => call())().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(HrbrainSyncConfigError.isInstance(error), String(error)).toBe(true);
      expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    });
  }
});

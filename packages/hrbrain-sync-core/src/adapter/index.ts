/**
 * `@mikiwame/hrbrain-sync-core/adapter`: the rules a storage adapter needs, implemented once,
 * for the memory and Postgres adapters, the testkit and your own adapter (see the SQLite
 * example). Nothing here does I/O.
 *
 * @packageDocumentation
 */
export { emailKey } from '../model/email-key';
export { parentsFirst } from './parents-first';
export {
  assertDepartmentCreate,
  assertEmployeeCreate,
  assertPlanShape,
  type CheckedPlan,
} from './plan-shape';
export {
  assertOpenRun,
  assertRunOutcome,
  countSeverities,
  decodeRunCursor,
  encodeRunCursor,
  MAX_TRIGGER_TEXT,
  type RunCursorScope,
  runPageSize,
  runTrigger,
  takeRunPage,
} from './runs';
export {
  assertUnchangedSincePlan,
  keyTaken,
  parentMissing,
  recordGone,
  sameStoredValue,
} from './stale';

import { describeErrorClassMatrix, loadCopies } from '../../../scripts/error-class-matrix';
import * as source from '../src/index';

describeErrorClassMatrix('@mikiwame/hrbrain-sync-core', {
  load: () => loadCopies(new URL('..', import.meta.url).pathname, source),
  expectedClasses: [
    'ChangeGuardError',
    'FieldNotFoundError',
    'HrbrainSyncConfigError',
    'HrbrainSyncError',
    'InvalidCursorError',
    'InvalidSnapshotError',
    'RunAlreadyFinishedError',
    'RunNotFoundError',
    'RunNotQueuedError',
    'StalePlanError',
    'StorageError',
    'SyncAbortedError',
    'SyncInProgressError',
  ],
  samples: {
    HrbrainSyncError: () => ['An example message.', { code: 'STORAGE_ERROR' }],
    SyncInProgressError: () => [undefined, { tenantId: 't', kind: 'employees' }],
    FieldNotFoundError: () => [undefined, { label: '氏', alias: 'lastName' }],
    ChangeGuardError: () => [
      undefined,
      { counts: { existing: 10, created: 5, updated: 0, maxChangeRatio: 0.2 } },
    ],
  },
});

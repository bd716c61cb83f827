import { describeErrorClassMatrix, loadCopies } from '../../../scripts/error-class-matrix';
import * as source from '../src/index';

describeErrorClassMatrix('@mikiwame/hrbrain-mock', {
  load: () => loadCopies(new URL('..', import.meta.url).pathname, source),
  expectedClasses: ['FakeHrbrainError', 'FakeHrbrainOptionsError'],
  samples: {
    FakeHrbrainError: () => ['An example message.', { code: 'INVALID_OPTIONS' }],
    FakeHrbrainOptionsError: () => ['must be a whole number.', { option: 'port' }],
  },
});

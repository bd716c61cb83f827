import { describeErrorClassMatrix, loadCopies } from '../../../scripts/error-class-matrix';
import * as source from '../src/index';

// The memory adapter throws the core's errors only; a class added here must join the matrix.
describeErrorClassMatrix('@mikiwame/hrbrain-storage-memory', {
  load: () => loadCopies(new URL('..', import.meta.url).pathname, source),
  expectedClasses: [],
});

import { describeErrorClassMatrix, loadCopies } from '../../../scripts/error-class-matrix';
import * as source from '../src/index';

describeErrorClassMatrix('@mikiwame/hrbrain-storage-postgres', {
  load: () => loadCopies(new URL('..', import.meta.url).pathname, source),
  expectedClasses: ['MappingError', 'PostgresStorageConfigError'],
});

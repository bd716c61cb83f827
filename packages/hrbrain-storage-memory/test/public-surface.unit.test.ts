import { describePublicSurface } from '../../../scripts/public-surface';

describePublicSurface('@mikiwame/hrbrain-storage-memory', new URL('..', import.meta.url).pathname);

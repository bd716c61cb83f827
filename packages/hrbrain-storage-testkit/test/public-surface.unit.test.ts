import { describePublicSurface } from '../../../scripts/public-surface';

describePublicSurface('@mikiwame/hrbrain-storage-testkit', new URL('..', import.meta.url).pathname);

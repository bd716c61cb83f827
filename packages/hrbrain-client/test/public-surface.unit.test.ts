import { describePublicSurface } from '../../../scripts/public-surface';

describePublicSurface('@mikiwame/hrbrain-client', new URL('..', import.meta.url).pathname);

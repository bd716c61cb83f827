import { describePublicSurface } from '../../../scripts/public-surface';

describePublicSurface('@mikiwame/hrbrain-mock', new URL('..', import.meta.url).pathname);

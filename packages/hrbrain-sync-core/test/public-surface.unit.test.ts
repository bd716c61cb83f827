import { describePublicSurface } from '../../../scripts/public-surface';

describePublicSurface('@mikiwame/hrbrain-sync-core', new URL('..', import.meta.url).pathname);

import { describePublicSurface } from '../../../scripts/public-surface';

describePublicSurface(
  '@mikiwame/hrbrain-storage-postgres',
  new URL('..', import.meta.url).pathname,
);

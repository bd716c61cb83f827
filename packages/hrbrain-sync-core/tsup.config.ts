import { definePackageConfig } from '../../tsup.config.base';

// Two entries: the package itself and `@mikiwame/hrbrain-sync-core/adapter`.
export default definePackageConfig({
  entry: { index: 'src/index.ts', adapter: 'src/adapter/index.ts' },
});

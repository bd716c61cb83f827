import { definePackageConfig } from '../../tsup.config.base';

// Two entries: the package itself and `@mikiwame/hrbrain-sync-core/adapter`. Splitting also
// for CJS, so both entries share one copy of the error classes (`instanceof` holds across them).
export default definePackageConfig({
  entry: { index: 'src/index.ts', adapter: 'src/adapter/index.ts' },
  splitting: true,
});

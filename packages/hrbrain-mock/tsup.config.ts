import { definePackageConfig } from '../../tsup.config.base';

// Two entries: the library, and the `hrbrain-mock` bin (declarations for the library only).
export default definePackageConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  dts: { entry: 'src/index.ts' },
});

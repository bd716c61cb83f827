import { definePackageConfig } from '../../tsup.config.base';

// ESM only: the suite imports vitest, which is ESM-only, so a CommonJS entry could not load.
export default definePackageConfig({ format: ['esm'] });

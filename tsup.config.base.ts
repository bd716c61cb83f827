import { defineConfig, type Options } from 'tsup';

/**
 * The one build shape every published package uses: ESM (`.mjs`) + CJS (`.cjs`), each with
 * its own declaration file (`.d.mts` / `.d.cts`), so `exports` can point each condition at
 * types that match its module format (checked by publint and attw).
 */
export function definePackageConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    target: 'node22',
    // JS: .mjs + .cjs. Declarations: tsup writes .d.ts + .d.cts; scripts/esm-dts.mjs renames the ESM ones.
    outExtension: ({ format }) => ({ js: format === 'esm' ? '.mjs' : '.cjs' }),
    ...overrides,
  });
}

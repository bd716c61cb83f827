import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin, ViteUserConfig } from 'vitest/config';

/**
 * The export condition that points a workspace package at its TypeScript sources
 * (`"@mikiwame/source": "./src/index.ts"`, first in each `exports` entry). `tsc` resolves it
 * (`customConditions` in tsconfig.base.json) and so does vitest, through the plugin below, so
 * tests and typechecks run from source, one package at a time, before any build. Published
 * packages drop it (`publishConfig.exports`), and Node never sees it.
 */
export const SOURCE_CONDITION = '@mikiwame/source';

/** `@mikiwame/<package>[/<subpath>]` → its source entry, for every exports entry that declares one. */
function workspaceSourceEntries(): Map<string, string> {
  const entries = new Map<string, string>();
  const packages = join(import.meta.dirname, 'packages');
  for (const name of readdirSync(packages)) {
    const manifest = join(packages, name, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    for (const [subpath, entry] of Object.entries<Record<string, unknown>>(pkg.exports ?? {})) {
      const source = typeof entry === 'object' && entry !== null ? entry[SOURCE_CONDITION] : null;
      if (typeof source !== 'string') continue;
      const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`;
      entries.set(specifier, join(packages, name, source));
    }
  }
  return entries;
}

/**
 * Resolves `@mikiwame/*` imports to their sources inside vitest's module graph only. Not
 * `resolve.conditions`: vitest hands those to Node (`--conditions`), and a test that loads a
 * built file with Node's own `require` (dist.integration.test.ts) would get TypeScript sources.
 */
const workspaceSources: Plugin = {
  name: 'workspace-sources',
  enforce: 'pre',
  resolveId(id) {
    return sourceEntries.get(id) ?? null;
  },
};
const sourceEntries = workspaceSourceEntries();

/** Import `.sql` files as text, as the Postgres adapter's tsup build does (`loader: { '.sql': 'text' }`). */
const sqlAsText: Plugin = {
  name: 'sql-as-text',
  async load(id) {
    if (!id.endsWith('.sql')) return null;
    return `export default ${JSON.stringify(await readFile(id, 'utf8'))};`;
  },
};

/** Shared by every vitest config of the repo: resolve workspace packages to their sources. */
export const workspaceVitestConfig: ViteUserConfig = {
  plugins: [workspaceSources, sqlAsText],
};

type TestOptions = NonNullable<ViteUserConfig['test']>;
type ProjectTestOptions = Omit<TestOptions, 'projects' | 'name' | 'include'>;

/**
 * The one test layout of every package and example: `test/**\/*.unit.test.ts` (no servers, no
 * databases) and `test/**\/*.integration.test.ts` (they start servers, databases, browsers or
 * child processes), as the vitest projects `unit` and `integration`, which the `test:unit` and
 * `test:integration` scripts run (`vitest run --project <name>`). `shared` applies to both.
 */
export function defineTestProjects(
  options: {
    shared?: Omit<TestOptions, 'projects'>;
    unit?: ProjectTestOptions;
    integration?: ProjectTestOptions;
    /**
     * Resolve workspace packages to their sources (default). The examples say `false`: they
     * are consumers, so they run against the packages as built (dist/), as users get them.
     */
    source?: boolean;
  } = {},
): ViteUserConfig {
  return {
    ...(options.source === false ? {} : workspaceVitestConfig),
    test: {
      ...options.shared,
      projects: [
        {
          extends: true,
          test: { ...options.unit, name: 'unit', include: ['test/**/*.unit.test.ts'] },
        },
        {
          extends: true,
          test: {
            ...options.integration,
            name: 'integration',
            include: ['test/**/*.integration.test.ts'],
          },
        },
      ],
    },
  };
}

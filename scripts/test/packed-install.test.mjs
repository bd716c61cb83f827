// Issue 19 guard: what we publish works from a packed install. Packs every published package
// (`pnpm pack`, so `workspace:` ranges become versions), installs all the tarballs with npm in
// one temporary project outside the workspace, then for every condition each package's
// `exports` advertises, imports (`import`/`default`) or requires (`require`) the entry in Node,
// and typechecks a small consumer under `nodenext` (ESM and, where `require` is advertised,
// CommonJS) and `bundler`, without `skipLibCheck`. Needs the packages built (`pnpm build`).

import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { readPackage, repoRoot, workspaceDirs } from './workspace.mjs';

const run = promisify(execFile);
const published = workspaceDirs()
  .map((dir) => ({ dir, pkg: readPackage(dir) }))
  .filter(({ pkg }) => !pkg.private);

/** The versions the workspace pins (`catalog:` in pnpm-workspace.yaml). */
function catalog() {
  const yaml = readFileSync(join(repoRoot, 'pnpm-workspace.yaml'), 'utf8');
  const block = yaml.slice(yaml.indexOf('\ncatalog:') + 1).split(/\n(?=\S)/)[0];
  return Object.fromEntries(
    [...block.matchAll(/^\s+"?([@\w./-]+)"?:\s*([^\s#]+)/gm)].map((m) => [m[1], m[2]]),
  );
}

/** What is published: pnpm pack applies publishConfig.exports (without the source condition). */
function publishedExports(pkg) {
  return pkg.publishConfig?.exports ?? pkg.exports;
}

/**
 * Every published entry point: `{ specifier, conditions }` for `.` and each subpath (not
 * `./package.json`), conditions in the order they are declared.
 */
function entryPoints(pkg) {
  const exports = publishedExports(pkg);
  const map =
    typeof exports === 'string' || exports?.import || exports?.require ? { '.': exports } : exports;
  return Object.entries(map ?? {})
    .filter(([subpath]) => subpath !== './package.json')
    .map(([subpath, entry]) => ({
      specifier: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`,
      conditions: typeof entry === 'string' ? { default: entry } : entry,
    }));
}

/** `{ condition: target }` for the `.` entry. */
function rootConditions(pkg) {
  return entryPoints(pkg).find((entry) => entry.specifier === pkg.name)?.conditions ?? {};
}

describe('published exports keep every workspace entry point', () => {
  for (const { pkg } of published) {
    it(`${pkg.name}: publishConfig.exports has the same subpaths as exports`, () => {
      assert.deepEqual(
        Object.keys(publishedExports(pkg) ?? {}),
        Object.keys(pkg.exports ?? {}),
        'a subpath in exports but not in publishConfig.exports would be missing from the published package',
      );
    });
  }
});

let project;
const consumers = [];

before(async () => {
  for (const { dir, pkg } of published) {
    assert.ok(existsSync(join(dir, 'dist')), `${pkg.name} is not built: run pnpm build first`);
  }
  project = await mkdtemp(join(tmpdir(), 'hrbrain-packed-'));
  const tarballs = join(project, 'tarballs');
  await mkdir(tarballs);
  for (const { dir } of published) {
    await run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: dir });
  }
  const files = await readdir(tarballs);
  const versions = catalog();
  const dependencies = {};
  for (const { pkg } of published) {
    const file = files.find((name) => name.startsWith(`${pkg.name.slice(1).replace('/', '-')}-`));
    assert.ok(file, `no tarball for ${pkg.name} in ${files.join(', ')}`);
    dependencies[pkg.name] = `file:./tarballs/${file}`;
  }
  // The peers a user installs beside them, and the compiler with its types.
  for (const name of [
    'vitest',
    'msw',
    'pg',
    '@electric-sql/pglite',
    'typescript',
    '@types/node',
    '@types/pg',
  ]) {
    dependencies[name] = versions[name];
  }
  // PGlite's declarations use the Emscripten namespace (documented in the Postgres README).
  dependencies['@types/emscripten'] = '^1.41.0';
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify(
      { name: 'packed-consumer', private: true, type: 'module', dependencies },
      null,
      2,
    ),
  );
  await runNpmInstall();
  for (const { pkg } of published) {
    const installed = JSON.parse(
      readFileSync(join(project, 'node_modules', pkg.name, 'package.json'), 'utf8'),
    );
    assert.ok(
      !JSON.stringify(installed.exports).includes('@mikiwame/source'),
      `${pkg.name} was published with the workspace-only source condition`,
    );
  }
});

async function runNpmInstall() {
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: project,
    maxBuffer: 64 * 1024 * 1024,
  });
}
after(() => (project ? rm(project, { recursive: true, force: true }) : undefined));

describe('packed install: every advertised entry point loads', { concurrency: 2 }, () => {
  for (const { pkg } of published) {
    for (const { specifier, conditions } of entryPoints(pkg)) {
      for (const condition of Object.keys(conditions).filter((c) => c !== 'types')) {
        const how = condition === 'require' ? 'require' : 'import';
        it(`${specifier}: "${condition}" (${how}) loads and exports something`, async () => {
          const source =
            how === 'require'
              ? `const m = require(${JSON.stringify(specifier)}); console.log(Object.keys(m).length);`
              : `const m = await import(${JSON.stringify(specifier)}); console.log(Object.keys(m).length);`;
          const { stdout } = await run(
            process.execPath,
            [`--input-type=${how === 'require' ? 'commonjs' : 'module'}`, '-e', source],
            { cwd: project },
          );
          assert.ok(Number(stdout.trim()) > 0, `${specifier} (${condition}) exports nothing`);
        });
      }
    }
    for (const [bin, target] of Object.entries(
      typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {}),
    )) {
      it(`${pkg.name}: bin ${bin} (${target}) runs --help`, async () => {
        await run(join(project, 'node_modules/.bin', bin), ['--help'], { cwd: project });
      });
    }
  }
});

describe('packed install: a consumer typechecks (no skipLibCheck)', { concurrency: 2 }, () => {
  before(async () => {
    const specifiers = published.flatMap(({ pkg }) => entryPoints(pkg).map((e) => e.specifier));
    const imports = specifiers.map((specifier, i) => `import * as p${i} from '${specifier}';`);
    const uses = `export const loaded = [${specifiers.map((_, i) => `p${i}`).join(', ')}];`;
    // The README's PGlite path, so PGlite's own declarations are checked too.
    const pglite = `import { PGlite } from '@electric-sql/pglite';
import { createPostgresStorage } from '@mikiwame/hrbrain-storage-postgres';
export const storage = createPostgresStorage({ client: new PGlite() });`;
    await writeFile(join(project, 'consumer.mts'), `${imports.join('\n')}\n${uses}\n${pglite}\n`);
    await writeFile(
      join(project, 'consumer-bundler.ts'),
      `${imports.join('\n')}\n${uses}\n${pglite}\n`,
    );
    const requirable = published.filter(({ pkg }) => 'require' in rootConditions(pkg));
    await writeFile(
      join(project, 'consumer.cts'),
      `${requirable.map(({ pkg }, i) => `import r${i} = require('${pkg.name}');`).join('\n')}
export const loaded = [${requirable.map((_, i) => `r${i}`).join(', ')}];\n`,
    );
    consumers.push(...requirable.map(({ pkg }) => pkg.name));
    const base = {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: ['node', 'emscripten'],
      target: 'ES2023',
    };
    await writeFile(
      join(project, 'tsconfig.nodenext.json'),
      JSON.stringify({
        compilerOptions: { ...base, module: 'nodenext', moduleResolution: 'nodenext' },
        files: ['consumer.mts', 'consumer.cts'],
      }),
    );
    await writeFile(
      join(project, 'tsconfig.bundler.json'),
      JSON.stringify({
        compilerOptions: { ...base, module: 'esnext', moduleResolution: 'bundler' },
        files: ['consumer-bundler.ts'],
      }),
    );
  });
  for (const profile of ['nodenext', 'bundler']) {
    it(`tsc --moduleResolution ${profile}`, async () => {
      const tsc = join(project, 'node_modules/typescript/bin/tsc');
      try {
        await run(process.execPath, [tsc, '-p', `tsconfig.${profile}.json`], { cwd: project });
      } catch (error) {
        assert.fail(`tsc (${profile}) failed:\n${error.stdout}${error.stderr}`);
      }
    });
  }
});

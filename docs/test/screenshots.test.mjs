// The admin page screenshots in the guides come from examples/server's browser test, in the
// right order: the verify build of the site (turbo `site:verify`) runs after
// `@example/server#test` and fails on a missing one; `pnpm docs:build` in a fresh clone shows a
// note instead (nothing is committed, so nothing stale is shown).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BROWSER_TEST, copyScreenshots, referencedScreenshots } from '../scripts/screenshots.mjs';

const root = join(import.meta.dirname, '../..');
const readJson = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
const referenced = referencedScreenshots();

test('the guides show screenshots, each one the browser test takes', () => {
  assert.ok(referenced.length >= 4, `only ${referenced.length} <Screenshot> found in docs/`);
  const source = readFileSync(join(root, BROWSER_TEST), 'utf8');
  const taken = new Set(
    [...source.matchAll(/path: join\(SCREENSHOTS, '([^']+\.png)'\)/g)].map((m) => m[1]),
  );
  assert.deepEqual(
    referenced
      .filter((r) => !taken.has(r.name))
      .map((r) => `${r.at}: ${r.name} is not taken by ${BROWSER_TEST}`),
    [],
  );
});

test('the verify build of the site runs after the browser test and requires its screenshots', () => {
  const site = readJson('docs/turbo.json').tasks['site:verify'];
  assert.ok(site, 'docs/turbo.json has no site:verify task');
  assert.ok(
    site.dependsOn.includes('@example/server#test'),
    'site:verify does not wait for @example/server#test',
  );
  assert.match(readJson('docs/package.json').scripts['site:verify'], /--require-screenshots/);
  // No `build` script: `turbo run build` would build the site before the screenshots exist.
  assert.equal(readJson('docs/package.json').scripts.build, undefined);
  assert.match(
    readFileSync(join(root, 'scripts/task.sh'), 'utf8'),
    /turbo run [^\n]*\bsite:verify\b/,
  );
  // A cached @example/server#test restores the screenshots it took (outputs).
  assert.ok(
    readJson('examples/server/turbo.json').tasks.test.outputs.includes(
      'test-output/screenshots/**',
    ),
  );
  // The browser test empties the folder first: no picture of an older run survives it.
  assert.match(
    readFileSync(join(root, BROWSER_TEST), 'utf8'),
    /await rm\(SCREENSHOTS, \{ recursive: true, force: true \}\)/,
  );
});

test('no screenshot is committed (a fresh clone shows notes, never stale pictures)', () => {
  const tracked = execFileSync('git', ['ls-files', '--', '*.png'], { cwd: root, encoding: 'utf8' });
  assert.deepEqual(
    tracked.split('\n').filter((f) => /screenshots\//.test(f)),
    [],
  );
});

test('a screenshot missing from the browser test output fails the verify build, naming the guide line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'docs-shots-'));
  const from = join(dir, 'from');
  const to = join(dir, 'to');
  mkdirSync(from);
  mkdirSync(to);
  writeFileSync(join(to, 'stale.png'), 'old');
  for (const r of referenced.slice(1)) writeFileSync(join(from, r.name), 'png');
  const [first] = referenced;
  assert.throws(
    () => copyScreenshots({ from, to, referenced, require: true }),
    (error) =>
      error.message.includes(`${first.name} (${first.at})`) && error.message.includes(BROWSER_TEST),
  );
  // Without --require-screenshots (pnpm docs:build): copied, the missing one reported, no throw.
  const lenient = copyScreenshots({ from, to, referenced });
  assert.deepEqual(
    lenient.missing.map((m) => m.name),
    [first.name],
  );
  assert.deepEqual(
    readdirSync(to).sort(),
    referenced
      .slice(1)
      .map((r) => r.name)
      .sort(),
  );
  // All there: nothing missing.
  writeFileSync(join(from, first.name), 'png');
  assert.deepEqual(copyScreenshots({ from, to, referenced, require: true }).missing, []);
});

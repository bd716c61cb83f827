// Issue 9 guard: every vitest project of the repo must exit non-zero when a test fails, a setup
// file throws or a global setup throws — with its real global setup running (which starts
// embedded PostgreSQL, whose exit hook once turned failed runs into exit 0). Each project's
// own config is reused through a temporary config that only swaps the test files for a
// generated one (outside the repo), so nothing is written into the packages.

import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot, workspaceDirs } from './workspace.mjs';

const projects = [];
for (const dir of workspaceDirs()) {
  const config = join(dir, 'vitest.config.ts');
  if (!existsSync(config)) continue;
  // Every config is `defineTestProjects(...)` (vitest.shared.ts): projects `unit` and `integration`.
  assert.match(
    readFileSync(config, 'utf8'),
    /defineTestProjects\(/,
    `${config} does not use defineTestProjects`,
  );
  for (const name of ['unit', 'integration']) projects.push({ dir, config, name });
}

let tmp;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hrbrain-exit-guard-'));
  await writeFile(join(tmp, 'passing.test.ts'), "it('passes', () => { expect(1).toBe(1); });\n");
  await writeFile(
    join(tmp, 'failing.test.ts'),
    "it('fails on purpose', () => { expect(1).toBe(2); });\n",
  );
  await writeFile(
    join(tmp, 'throwing-setup.mjs'),
    "throw new Error('setup file fails on purpose');\n",
  );
  await writeFile(
    join(tmp, 'throwing-global-setup.mjs'),
    "export default function setup() { throw new Error('global setup fails on purpose'); }\n",
  );
});
after(() => rm(tmp, { recursive: true, force: true }));

/** Writes a config that is `project`'s own with `extra` test options, and runs vitest on it. */
async function runVitest(project, label, extra) {
  const configPath = join(tmp, `${label}-${projects.indexOf(project)}.config.mjs`);
  await writeFile(
    configPath,
    `import base from ${JSON.stringify(project.config)};
const extra = ${JSON.stringify(extra)};
const over = (test = {}) => ({
  ...test,
  ...extra,
  globals: true,
  globalSetup: [...[test.globalSetup ?? []].flat(), ...(extra.globalSetup ?? [])],
});
export default {
  ...base,
  root: ${JSON.stringify(project.dir)},
  test: base.test?.projects
    ? { ...base.test, projects: base.test.projects.map((p) => ({ ...p, test: over(p.test) })) }
    : over(base.test),
};
`,
  );
  const vitestPackage = createRequire(join(project.dir, 'package.json')).resolve(
    'vitest/package.json',
  );
  const vitest = join(dirname(vitestPackage), 'vitest.mjs');
  const args = [
    vitest,
    'run',
    '--config',
    configPath,
    ...(project.name ? ['--project', project.name] : []),
  ];
  return await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: project.dir,
      env: { ...process.env, CI: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, output }));
  });
}

for (const project of projects) {
  const title = `${project.dir.slice(repoRoot.length + 1)}${project.name ? ` (${project.name})` : ''}`;
  describe(title, { concurrency: 2 }, () => {
    it('exits 0 when its (generated) test passes — the harness itself works', async () => {
      const run = await runVitest(project, 'pass', { include: [join(tmp, 'passing.test.ts')] });
      assert.equal(run.code, 0, run.output);
    });
    it('exits non-zero when a test fails', async () => {
      const run = await runVitest(project, 'fail', { include: [join(tmp, 'failing.test.ts')] });
      assert.match(run.output, /Tests\s+1 failed/, run.output);
      assert.notEqual(run.code, 0, `vitest printed "1 failed" and exited 0:\n${run.output}`);
    });
    // Unit projects start no server, database or browser: one failing test is enough there.
    if (project.name === 'unit') return;
    it('exits non-zero when a setup file throws', async () => {
      const run = await runVitest(project, 'setup', {
        include: [join(tmp, 'passing.test.ts')],
        setupFiles: [join(tmp, 'throwing-setup.mjs')],
      });
      assert.match(run.output, /setup file fails on purpose/, run.output);
      assert.notEqual(run.code, 0, run.output);
    });
    it('exits non-zero when a global setup throws (after its own global setup ran)', async () => {
      const run = await runVitest(project, 'global', {
        include: [join(tmp, 'passing.test.ts')],
        globalSetup: [join(tmp, 'throwing-global-setup.mjs')],
      });
      assert.match(run.output, /global setup fails on purpose/, run.output);
      assert.notEqual(run.code, 0, run.output);
    });
  });
}

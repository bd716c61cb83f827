// Every ```ts sample of the guides, the READMEs and the TSDoc of packages/*/src (each `@example`
// the API reference shows) typechecks against the published types of the workspace packages
// (dist/, imported by package name, as a user's project sees them). A Markdown block marked
// `<!-- docs:fragment -->` is skipped (counted and listed below); TSDoc blocks never are.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { test } from 'node:test';
import { allSamples, root, tsdocExamples } from '../scripts/samples.mjs';

const samples = allSamples();
const out = join(import.meta.dirname, '../.tmp/samples');

test('the extraction finds the samples (the root README, every package README, the guides)', () => {
  const files = new Set(samples.map((s) => s.file));
  for (const f of [
    'README.md',
    'packages/hrbrain-client/README.md',
    'packages/hrbrain-sync-core/README.md',
  ]) {
    assert.ok(files.has(f), `no sample found in ${f}`);
  }
  assert.ok(
    [...files].some((f) => f.startsWith('docs/guide/')),
    'no sample found in docs/guide/',
  );
  const readme = samples.find((s) => s.file === 'README.md');
  assert.equal(readme.fragment, false, 'the root README\'s "In your backend" sample is compiled');
});

test("every @example of the packages' TSDoc holds a ```ts block, compiled as a user writes it", () => {
  const examples = tsdocExamples();
  for (const pkg of [
    'hrbrain-client',
    'hrbrain-mock',
    'hrbrain-sync-core',
    'hrbrain-storage-postgres',
  ]) {
    assert.ok(
      examples.some((e) => e.file.startsWith(`packages/${pkg}/src/`)),
      `no @example found in packages/${pkg}/src`,
    );
  }
  assert.deepEqual(
    examples
      .filter((e) => !e.fenced)
      .map((e) => `${e.file}:${e.line}: @example without a \`\`\`ts block`),
    [],
  );
  const tsdoc = samples.filter((s) => s.source === 'tsdoc');
  assert.ok(
    tsdoc.length >= examples.length,
    `${tsdoc.length} TSDoc blocks for ${examples.length} @example tags`,
  );
  assert.deepEqual(
    tsdoc
      .filter(
        (s) => s.fragment || s.pending !== null || /from\s+['"]\.|import\(['"]\./.test(s.code),
      )
      .map(
        (s) =>
          `${s.file}:${s.line}: a TSDoc block is compiled whole and imports the packages by name`,
      ),
    [],
  );
});

test('every non-fragment sample typechecks (tsc, strict, against dist types)', () => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const index = [];
  samples.forEach((s, i) => {
    if (s.fragment || s.pending) return;
    const name = `${String(i).padStart(3, '0')}-${s.file.replace(/[^A-Za-z0-9]+/g, '_')}-L${s.line}.ts`;
    // Relative imports are relative to the file the sample is in.
    const code = s.code.replace(
      /(from\s+|import\()(['"])(\.{1,2}\/[^'"]+)\2/g,
      (_, kw, q, spec) => {
        const target = resolve(s.dir, spec);
        return `${kw}${q}${isAbsolute(target) ? target : spec}${q}`;
      },
    );
    const header = `// ${s.file}:${s.line}\n${s.prelude ? `${s.prelude}\n` : ''}`;
    writeFileSync(join(out, name), `${header}${code}\nexport {};\n`);
    index.push({ name, sample: s, offset: header.split('\n').length - 1 });
  });
  writeFileSync(
    join(out, 'tsconfig.json'),
    JSON.stringify({
      extends: join(root, 'tsconfig.base.json'),
      compilerOptions: {
        types: ['node'],
        customConditions: [],
        allowImportingTsExtensions: true,
        noEmit: true,
        skipLibCheck: true,
      },
      include: ['*.ts'],
    }),
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  let output = '';
  try {
    execFileSync(process.execPath, [tsc, '-p', join(out, 'tsconfig.json'), '--pretty', 'false'], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    output = `${error.stdout}${error.stderr}`;
  }
  // Point each diagnostic at the Markdown (or source) line of the sample.
  const problems = output
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const m = /([^/\\]+\.ts)\((\d+),(\d+)\): (.*)$/.exec(l);
      const entry = m && index.find((e) => e.name === m[1]);
      if (!entry) return l;
      return `${entry.sample.file}:${entry.sample.line + Number(m[2]) - entry.offset}: ${m[4]}`;
    });
  const fragments = samples.filter((s) => s.fragment);
  const pending = samples.filter((s) => s.pending);
  if (pending.length > 0) {
    console.log(
      `samples: ${pending.length} pending a branch merge (not compiled): ${pending.map((s) => `${s.file}:${s.line} (${s.pending})`).join(', ')}`,
    );
  }
  console.log(
    `samples: ${index.length} compiled, ${fragments.length} fragment(s) skipped${fragments.length ? `: ${fragments.map((s) => `${s.file}:${s.line}`).join(', ')}` : ''}`,
  );
  assert.deepEqual(problems, []);
});

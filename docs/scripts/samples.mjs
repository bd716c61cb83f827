// Pulls the TypeScript code samples out of the docs and READMEs (and the TSDoc of the packages,
// which the API reference shows), so that test/samples.test.mjs compiles each one against the
// published types of the workspace packages.
//
// In Markdown, an HTML comment right before a fence changes how it is checked:
//   <!-- docs:fragment -->                 not compiled: a fragment (the test counts them)
//   <!-- docs:pending mapped -->          not compiled yet: it uses the API of a branch that is
//                                          not on main (delete the marker when it merges)
//   <!-- docs:prelude declare const tenantId: string; -->
//                                          compiled with these declarations before it (hidden
//                                          on the page): for the names a sample takes as given
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const root = join(import.meta.dirname, '../..');

function* walk(dir, accept) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (
      ['node_modules', 'dist', '.tmp', '.turbo', '.vitepress', 'api', 'test-output'].includes(
        entry.name,
      )
    )
      continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path, accept);
    else if (accept(entry.name)) yield path;
  }
}

export function sampleFiles() {
  const files = [join(root, 'README.md')];
  for (const group of ['packages', 'examples']) {
    for (const dir of readdirSync(join(root, group))) {
      try {
        readFileSync(join(root, group, dir, 'README.md'));
        files.push(join(root, group, dir, 'README.md'));
      } catch {}
    }
  }
  // rules.md and guide/upgrading.md are generated from files read here already.
  files.push(
    ...walk(
      join(root, 'docs'),
      (n) => n.endsWith('.md') && n !== 'rules.md' && n !== 'upgrading.md',
    ),
  );
  return files;
}

const FENCE = /^([ \t]*)```(ts|typescript)\b[^\n]*\n([\s\S]*?)^\1```[ \t]*$/gm;

/**
 * @returns {{ file: string, line: number, code: string, prelude: string, fragment: boolean }[]}
 */
export function extractMarkdownSamples(file) {
  const text = readFileSync(file, 'utf8');
  const samples = [];
  for (const m of text.matchAll(FENCE)) {
    const before = text.slice(0, m.index).trimEnd();
    const marker = /<!--\s*docs:(fragment|prelude|pending)\b((?:(?!-->)[\s\S])*)-->$/.exec(before);
    const indent = m[1];
    samples.push({
      file: relative(root, file),
      line: text.slice(0, m.index).split('\n').length,
      code: m[3]
        .split('\n')
        .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
        .join('\n'),
      prelude: marker?.[1] === 'prelude' ? marker[2].trim() : '',
      fragment: marker?.[1] === 'fragment',
      pending: marker?.[1] === 'pending' ? marker[2].trim() : null,
      dir: dirname(file),
    });
  }
  return samples;
}

/** ```ts blocks inside the TSDoc comments of the packages' sources (shown by the API reference). */
export function extractTsdocSamples() {
  const samples = [];
  for (const file of walk(
    join(root, 'packages'),
    (n) => n.endsWith('.ts') && !n.endsWith('.d.ts'),
  )) {
    if (!file.includes(`${join('/', 'src', '/')}`)) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(
      /^([ \t]*\*[ \t]?)```(ts|typescript)\b[^\n]*\n([\s\S]*?)^[ \t]*\*[ \t]?```/gm,
    )) {
      const code = m[3]
        .split('\n')
        .map((l) => l.replace(/^\s*\*\s?/, ''))
        .join('\n');
      const before = text.slice(0, m.index);
      // TSDoc examples are short fragments of a call in context (the API reference shows them);
      // they are counted, not compiled.
      const fragment = true;
      samples.push({
        file: relative(root, file),
        line: before.split('\n').length,
        code,
        prelude: '',
        fragment,
        dir: dirname(file),
      });
    }
  }
  return samples;
}

export function allSamples() {
  return [...sampleFiles().flatMap(extractMarkdownSamples), ...extractTsdocSamples()];
}

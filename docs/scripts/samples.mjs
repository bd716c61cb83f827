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
// The same markers work in TSDoc, on the comment line right before the fence (TypeDoc keeps
// the HTML comment; the site hides it). Every `@example` must hold a ```ts block, and every
// TSDoc block is compiled (no fragments there: the API reference shows them as they are).
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
 * The ```ts fences of a Markdown text (a file, or the text of a TSDoc comment), each with the
 * marker comment right before it. `lineOffset` is the number of lines before `text` in `file`.
 */
function samplesIn(text, { file, dir, lineOffset = 0, source }) {
  const samples = [];
  for (const m of text.matchAll(FENCE)) {
    const before = text.slice(0, m.index).trimEnd();
    const marker = /<!--\s*docs:(fragment|prelude|pending)\b((?:(?!-->)[\s\S])*)-->$/.exec(before);
    const indent = m[1];
    samples.push({
      file,
      line: lineOffset + text.slice(0, m.index).split('\n').length,
      code: m[3]
        .split('\n')
        .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
        .join('\n'),
      prelude: marker?.[1] === 'prelude' ? marker[2].trim() : '',
      fragment: marker?.[1] === 'fragment',
      pending: marker?.[1] === 'pending' ? marker[2].trim() : null,
      dir,
      source,
    });
  }
  return samples;
}

/**
 * @returns {{ file: string, line: number, code: string, prelude: string, fragment: boolean }[]}
 */
export function extractMarkdownSamples(file) {
  return samplesIn(readFileSync(file, 'utf8'), {
    file: relative(root, file),
    dir: dirname(file),
    source: 'markdown',
  });
}

/** The TSDoc comments of the packages' sources (packages/<name>/src), as Markdown text. */
export function* tsdocComments() {
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    const src = join(root, 'packages', dir, 'src');
    for (const file of walk(src, (n) => n.endsWith('.ts') && !n.endsWith('.d.ts'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\/\*\*(?!\/)[\s\S]*?\*\//g)) {
        // One line of Markdown per line of the comment (so line numbers carry over): without
        // the `/**`, the `*/` and each line's leading ` * `.
        const body = m[0]
          .slice(3, -2)
          .split('\n')
          .map((l, i) =>
            i === 0 ? l.replace(/^[ \t]/, '') : l.replace(/^[ \t]*\*(?!\/)[ \t]?/, ''),
          )
          .join('\n');
        yield {
          file: relative(root, file),
          dir: dirname(file),
          line: text.slice(0, m.index).split('\n').length,
          body,
        };
      }
    }
  }
}

/**
 * Every ```ts block of the packages' TSDoc (the `@example`s the API reference shows, and the
 * few blocks in a description), compiled like the guides' samples (a `<!-- docs:prelude … -->`
 * comment before the fence declares what the example takes as given; the site hides it).
 */
export function extractTsdocSamples() {
  return [...tsdocComments()].flatMap((c) =>
    samplesIn(c.body, { file: c.file, dir: c.dir, lineOffset: c.line - 1, source: 'tsdoc' }),
  );
}

/**
 * Every `@example` tag of the packages' TSDoc, with whether it holds a ```ts block: TypeDoc
 * shows an example without one as code, its title line included, and the test cannot compile it.
 *
 * @returns {{ file: string, line: number, fenced: boolean }[]}
 */
export function tsdocExamples() {
  const examples = [];
  for (const c of tsdocComments()) {
    const lines = c.body.split('\n');
    lines.forEach((l, i) => {
      if (!/^@example\b/.test(l)) return;
      let end = lines.findIndex((m, j) => j > i && /^@\w+/.test(m));
      if (end === -1) end = lines.length;
      const section = lines.slice(i, end).join('\n');
      examples.push({
        file: c.file,
        line: c.line + i,
        fenced: /^```(ts|typescript)\b/m.test(section),
      });
    });
  }
  return examples;
}

export function allSamples() {
  return [...sampleFiles().flatMap(extractMarkdownSamples), ...extractTsdocSamples()];
}

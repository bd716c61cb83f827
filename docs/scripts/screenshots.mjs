// The admin page screenshots of the guides (`<Screenshot name="…" />`) come from examples/server's
// browser test (test/admin-page.e2e.integration.test.ts writes them to
// examples/server/test-output/screenshots/, gitignored, emptied at the start of each run).
// scripts/prepare.mjs copies them into public/screenshots/ (gitignored: nothing is committed).
//
// `pnpm docs:build` (a fresh clone, a writer's machine): a missing one becomes a note on the page
// and a warning here. `npm run verify` (turbo task `site`, after `@example/server#test`): a
// missing one fails the build, naming the guide line and the test that takes it.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const docs = join(import.meta.dirname, '..');
export const SCREENSHOTS_DIR = join(docs, '../examples/server/test-output/screenshots');
export const BROWSER_TEST = 'examples/server/test/admin-page.e2e.integration.test.ts';

function* markdownFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', 'api', 'public', '.vitepress', 'test'].includes(entry.name))
      continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* markdownFiles(path);
    else if (entry.name.endsWith('.md')) yield path;
  }
}

/** Every `<Screenshot name="…">` of the site's pages, with where it is. */
export function referencedScreenshots(dir = docs) {
  const found = [];
  for (const file of markdownFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/<Screenshot\s[^>]*\bname="([^"]+)"/g)) {
      const line = text.slice(0, m.index).split('\n').length;
      found.push({ name: m[1], at: `docs/${relative(dir, file)}:${line}` });
    }
  }
  return found;
}

/**
 * Copies the browser test's screenshots into `to` (emptied first) and returns the names copied
 * and the referenced ones missing. With `require`, a missing one throws.
 */
export function copyScreenshots({ from = SCREENSHOTS_DIR, to, referenced, require = false }) {
  rmSync(to, { recursive: true, force: true });
  const available = [];
  if (existsSync(from)) {
    mkdirSync(to, { recursive: true });
    for (const file of readdirSync(from).sort()) {
      if (!file.endsWith('.png')) continue;
      copyFileSync(join(from, file), join(to, file));
      available.push(file);
    }
  }
  const missing = referenced.filter((r) => !available.includes(r.name));
  if (require && missing.length > 0) {
    throw new Error(
      `docs: ${missing.length} screenshot(s) a guide shows were not written by the browser test ` +
        `(${relative(join(docs, '..'), from)}/): ${missing.map((m) => `${m.name} (${m.at})`).join(', ')}. ` +
        `${BROWSER_TEST} takes them; it runs in @example/server#test, which this build waits for ` +
        '(docs/turbo.json). Did it fail, or stop taking one?',
    );
  }
  return { available, missing };
}

// After `vitepress build`: every internal link with a #fragment must point at an element with
// that id in the target page (VitePress itself fails the build on dead page links, not anchors).
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

function* htmlFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* htmlFiles(path);
    else if (entry.name.endsWith('.html')) yield path;
  }
}

/** Every internal `href="…#fragment"` of the built site whose target page has no such id. */
export function findBrokenAnchors(dist) {
  const pages = new Map();
  for (const file of htmlFiles(dist)) {
    const html = readFileSync(file, 'utf8');
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => decodeEntities(m[1])));
    pages.set(`/${relative(dist, file).split('\\').join('/')}`, { html, ids });
  }

  function decodeEntities(s) {
    return s
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  }

  /** The built page a link resolves to: `/guide/sync#x` → `/guide/sync.html`, `/api/` → `/api/index.html`. */
  function targetOf(fromPage, path) {
    let p =
      path === ''
        ? fromPage
        : path.startsWith('/')
          ? path
          : posix.join(posix.dirname(fromPage), path);
    if (p.endsWith('/')) p += 'index.html';
    else if (!p.endsWith('.html')) p += '.html';
    return p;
  }

  const broken = [];
  let checked = 0;
  for (const [page, { html }] of pages) {
    // Only the page content, not the search index or scripts.
    for (const [, href] of html.matchAll(/<a\s[^>]*?href="([^"]*#[^"]*)"/g)) {
      if (/^[a-z]+:/i.test(href) || href.startsWith('//')) continue;
      const [path, fragment] = decodeEntities(href).split('#');
      if (!fragment) continue;
      const target = targetOf(page, path);
      const entry = pages.get(target);
      checked++;
      if (!entry) broken.push(`${page}: ${href} → no page ${target}`);
      else if (!entry.ids.has(decodeURIComponent(fragment)))
        broken.push(`${page}: ${href} → no #${fragment} in ${target}`);
    }
  }
  return { broken, checked };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { broken, checked } = findBrokenAnchors(join(import.meta.dirname, '../dist'));
  if (broken.length > 0) {
    console.error(`docs: ${broken.length} broken anchor(s):\n  ${broken.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`docs: ${checked} internal anchor links checked, none broken`);
}

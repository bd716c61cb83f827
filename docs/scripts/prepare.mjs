// Runs before `vitepress build` / `vitepress dev`: writes the generated pages (never edited by
// hand, all gitignored) so that the site cannot drift from the code and the rules:
//   rules.md                      the rules side by side in Japanese and English (scripts/rules.mjs)
//   guide/upgrading.md            the READMEs' Upgrading sections + BREAKING changesets (scripts/upgrading.mjs)
//   api/**                        the API reference, from the TSDoc of every package (TypeDoc)
//   public/screenshots/*.png      the admin page screenshots, copied from the browser test's output
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRulesPage } from './rules.mjs';
import { generateApiReference } from './typedoc.mjs';
import { renderUpgradingPage } from './upgrading.mjs';

const docs = join(import.meta.dirname, '..');
const started = Date.now();

writeFileSync(join(docs, 'rules.md'), renderRulesPage());
writeFileSync(join(docs, 'guide/upgrading.md'), renderUpgradingPage());

// Screenshots come from examples/server's browser test (test/admin-page.e2e.integration.test.ts
// writes them to examples/server/test-output/screenshots/). A clone that has not run it gets a
// note in place of each picture (components/Screenshot.vue), not a broken build.
const shots = join(docs, '../examples/server/test-output/screenshots');
const publicShots = join(docs, 'public/screenshots');
rmSync(publicShots, { recursive: true, force: true });
const available = [];
if (existsSync(shots)) {
  mkdirSync(publicShots, { recursive: true });
  for (const file of readdirSync(shots)) {
    if (!file.endsWith('.png')) continue;
    copyFileSync(join(shots, file), join(publicShots, file));
    available.push(file);
  }
}
writeFileSync(join(docs, '.vitepress/screenshots.json'), `${JSON.stringify(available)}\n`);

await generateApiReference();
console.log(
  `docs: generated rules.md, guide/upgrading.md, api/ and ${available.length} screenshot(s) in ${Date.now() - started} ms`,
);

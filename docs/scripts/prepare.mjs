// Runs before `vitepress build` / `vitepress dev`: writes the generated pages (never edited by
// hand, all gitignored) so that the site cannot drift from the code and the rules:
//   rules.md                      the rules side by side in Japanese and English (scripts/rules.mjs)
//   guide/upgrading.md            the READMEs' Upgrading sections + BREAKING changesets (scripts/upgrading.mjs)
//   api/**                        the API reference, from the TSDoc of every package (TypeDoc)
//   public/screenshots/*.png      the admin page screenshots, copied from the browser test's output
//                                 (--require-screenshots: every one a guide shows, or fail)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRulesPage } from './rules.mjs';
import { copyScreenshots, referencedScreenshots } from './screenshots.mjs';
import { generateApiReference } from './typedoc.mjs';
import { renderUpgradingPage } from './upgrading.mjs';

const docs = join(import.meta.dirname, '..');
const started = Date.now();

writeFileSync(join(docs, 'rules.md'), renderRulesPage());
writeFileSync(join(docs, 'guide/upgrading.md'), renderUpgradingPage());

// Screenshots come from examples/server's browser test (see scripts/screenshots.mjs). With
// --require-screenshots (the verify build, after that test) a missing one fails the build;
// without (a fresh clone), each missing one is a note on its page and a warning here.
let shots;
try {
  shots = copyScreenshots({
    to: join(docs, 'public/screenshots'),
    referenced: referencedScreenshots(),
    require: process.argv.includes('--require-screenshots'),
  });
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const { available, missing } = shots;
if (missing.length > 0) {
  console.warn(
    `docs: ${missing.length} screenshot(s) missing, shown as a note: ${missing.map((m) => m.name).join(', ')} ` +
      '(run `pnpm --filter @example/server exec vitest run test/admin-page.e2e.integration.test.ts` first)',
  );
}
writeFileSync(join(docs, '.vitepress/screenshots.json'), `${JSON.stringify(available)}\n`);

await generateApiReference();
console.log(
  `docs: generated rules.md, guide/upgrading.md, api/ and ${available.length} screenshot(s) in ${Date.now() - started} ms`,
);

// The API reference: TypeDoc over the public entry points of every package (their TSDoc), as
// Markdown pages (typedoc-plugin-markdown) under docs/api/, plus the sidebar for VitePress.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Application } from 'typedoc';

const docs = join(import.meta.dirname, '..');
const root = join(docs, '..');

/** Every published entry point: [package folder, source file]. */
export const ENTRY_POINTS = [
  ['hrbrain-client', 'src/index.ts'],
  ['hrbrain-mock', 'src/index.ts'],
  ['hrbrain-sync-core', 'src/index.ts'],
  ['hrbrain-sync-core', 'src/adapter/index.ts'],
  ['hrbrain-storage-memory', 'src/index.ts'],
  ['hrbrain-storage-postgres', 'src/index.ts'],
  ['hrbrain-storage-testkit', 'src/index.ts'],
];

export async function generateApiReference() {
  const out = join(docs, 'api');
  rmSync(out, { recursive: true, force: true });
  const app = await Application.bootstrapWithPlugins({
    entryPoints: ENTRY_POINTS.map(([pkg, file]) => join(root, 'packages', pkg, file)),
    entryPointStrategy: 'resolve',
    tsconfig: join(docs, 'tsconfig.typedoc.json'),
    plugin: ['typedoc-plugin-markdown'],
    out,
    name: '@mikiwame/hrbrain API reference',
    readme: 'none',
    entryFileName: 'index',
    hidePageHeader: true,
    hideBreadcrumbs: true,
    useCodeBlocks: true,
    excludePrivate: true,
    excludeInternal: true,
    excludeExternals: true,
    disableSources: true,
    githubPages: false,
    logLevel: 'Warn',
    // Stop on TSDoc problems that would make a page wrong (an unresolved {@link}).
    treatValidationWarningsAsErrors: false,
    validation: { invalidLink: true, notExported: false, notDocumented: false },
  });
  const project = await app.convert();
  if (!project) throw new Error('TypeDoc could not convert the packages (see above).');
  // Modules are named after their folder ("hrbrain-client/src"); name them after the package
  // (without the scope: an "@" leading a relative link is not a path to VitePress's bundler).
  for (const module of project.children ?? []) {
    const m = /^(hrbrain-[a-z-]+)\/src(?:\/(\w+))?$/.exec(module.name);
    if (m) module.name = `${m[1]}${m[2] ? `/${m[2]}` : ''}`;
  }
  await app.generateOutputs(project);
  if (app.logger.hasErrors()) throw new Error('TypeDoc reported errors (see above).');

  // Sidebar: one entry per module (package entry point), as listed on the reference's index.
  const index = readFileSync(join(out, 'index.md'), 'utf8');
  const sidebar = [...index.matchAll(/^- \[([^\]]+)\]\(([^)]+)\/index\.md\)$/gm)].map(
    ([, text, dir]) => ({
      text: `@mikiwame/${text}`,
      link: `/api/${dir}/`,
    }),
  );
  if (sidebar.length !== ENTRY_POINTS.length) {
    throw new Error(
      `TypeDoc wrote ${sidebar.length} modules for ${ENTRY_POINTS.length} entry points.`,
    );
  }
  writeFileSync(join(docs, '.vitepress/api-sidebar.json'), `${JSON.stringify(sidebar, null, 2)}\n`);
}

// The workspace's package directories, read from pnpm-workspace.yaml (`packages/*`, `examples/*`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '../..');

export function workspaceDirs() {
  const yaml = readFileSync(join(repoRoot, 'pnpm-workspace.yaml'), 'utf8');
  const globs = [...yaml.matchAll(/^\s+-\s+['"]?([\w./-]+)\/\*['"]?\s*$/gm)].map((m) => m[1]);
  return globs.flatMap((parent) =>
    readdirSync(join(repoRoot, parent), { withFileTypes: true })
      .filter(
        (entry) =>
          entry.isDirectory() && existsSync(join(repoRoot, parent, entry.name, 'package.json')),
      )
      .map((entry) => join(repoRoot, parent, entry.name)),
  );
}

export function readPackage(dir) {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

#!/usr/bin/env node
// tsup drops `outExtension` in its declaration worker (functions cannot cross a worker
// boundary), so in a `"type": "module"` package the ESM declarations come out as `.d.ts`.
// Our `exports` map gives each format its own types (`.d.mts` / `.d.cts`, checked by attw),
// so rename them here and point their relative imports at the `.mjs` siblings.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const dist = join(process.cwd(), 'dist');
const files = await readdir(dist, { recursive: true });
for (const file of files) {
  if (!file.endsWith('.d.ts')) continue;
  const from = join(dist, file);
  const text = await readFile(from, 'utf8');
  const rewritten = text.replace(/(from\s+['"]\.{1,2}\/[^'"]+?)\.js(['"])/g, '$1.mjs$2');
  await writeFile(from.replace(/\.d\.ts$/, '.d.mts'), rewritten);
  await rm(from);
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('runs wherever fetch does (browsers, edge runtimes)', () => {
  it('no source file imports a node: module or a Node-only global', () => {
    const offenders = sourceFiles(join(root, 'src')).filter((file) => {
      const text = readFileSync(file, 'utf8');
      return /from ['"]node:|require\(['"]node:|\bBuffer\b|\bprocess\./.test(text);
    });
    expect(offenders).toEqual([]);
  });

  it('the built ESM and CJS bundles import nothing from node:', () => {
    for (const file of ['dist/index.mjs', 'dist/index.cjs']) {
      expect(readFileSync(join(root, file), 'utf8')).not.toMatch(/['"]node:/);
    }
  });
});

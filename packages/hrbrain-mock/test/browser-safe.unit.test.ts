import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(SRC, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(SRC, dir, file));
}

describe('browser safety', () => {
  it('the tenant and handler modules import nothing from node: and never use Math.random', () => {
    const files = [
      ...sources('tenant'),
      ...sources('handlers'),
      ...sources('webhooks'),
      join(SRC, 'index.ts'),
      join(SRC, 'errors.ts'),
    ];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from ['"]node:|import\(['"]node:|require\(/);
      expect(text, file).not.toMatch(/Math\.random\s*\(/);
    }
  });

  it('the server loads node:http lazily, so importing the package root pulls in no node: module', () => {
    const server = readFileSync(join(SRC, 'server/start-server.ts'), 'utf8');
    expect(server).not.toMatch(/^import (?!type).*from ['"]node:/m);
    expect(server).toContain("await import('node:http')");
  });
});

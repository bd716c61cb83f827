import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../src/index';

const dir = join(import.meta.dirname, '..', 'migrations');

describe('migrations', () => {
  it('embeds every shipped .sql file, in file-name order, verbatim', async () => {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
    expect(migrations.map((m) => `${m.name}.sql`)).toEqual(files);
    for (const m of migrations) {
      expect(m.sql).toBe(await readFile(join(dir, `${m.name}.sql`), 'utf8'));
    }
  });

  it('keeps table names unqualified, so the schema option decides where they go', () => {
    for (const m of migrations)
      expect(m.sql).not.toMatch(/\b(create|references)\s+(table\s+)?\w+\./i);
  });
});

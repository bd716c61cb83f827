import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSecretBox } from '../src/secret-box.ts';

const dirs: string[] = [];
async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'secret-box-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('secret box (C5: the client secret is stored encrypted)', () => {
  it('C5 seals to something that does not contain the secret, and opens it again', async () => {
    const box = await openSecretBox(await tempDir());
    const sealed = box.seal('tok_live_シークレット');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('tok_live');
    expect(box.open(sealed)).toBe('tok_live_シークレット');
    // A fresh IV per seal: the same secret never gives the same stored value.
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('C5 keeps its key in a 0600 file and reuses it, so later runs can open earlier seals', async () => {
    const dir = await tempDir();
    const sealed = (await openSecretBox(dir)).seal('s3cret');
    const keyFile = join(dir, 'connection-secret.key');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(keyFile, 'utf8')).not.toContain('s3cret');
    expect((await openSecretBox(dir)).open(sealed)).toBe('s3cret');
  });

  it('C5 refuses a tampered value or another key instead of returning garbage', async () => {
    const box = await openSecretBox(await tempDir());
    const sealed = box.seal('s3cret');
    const [version, iv, tag, data] = sealed.split('.');
    const flipped = `${data!.startsWith('A') ? 'B' : 'A'}${data!.slice(1)}`;
    expect(() => box.open([version, iv, tag, flipped].join('.'))).toThrow();
    expect(() => box.open('not-sealed')).toThrow(/not in the expected format/);
    const other = await openSecretBox(await tempDir());
    expect(() => other.open(sealed)).toThrow();
  });
});

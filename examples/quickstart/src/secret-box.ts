import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makePrivateDir } from './private-files.ts';

/**
 * Encrypts the HRBrain client secret before it is stored (the storage adapters keep the
 * string as given; C5 says it must not sit in the database in clear). AES-256-GCM with a
 * random 12-byte IV per secret; stored as `v1.<iv>.<tag>.<ciphertext>` in base64url.
 *
 * The quickstart keeps its key in a file next to PGlite so `pnpm demo` needs no setup. A real
 * backend takes the key from its secret manager or environment instead (see examples/server).
 */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

const KEY_FILE = 'connection-secret.key';

/** Loads the key from `dir`, creating it (mode 0600) on first use. */
export async function openSecretBox(dir: string): Promise<SecretBox> {
  await makePrivateDir(dir);
  const path = join(dir, KEY_FILE);
  let key: Buffer;
  try {
    key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64url');
  } catch {
    key = randomBytes(32);
    await writeFile(path, `${key.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte key; delete it.`);
  return secretBoxWithKey(key);
}

export function secretBoxWithKey(key: Buffer): SecretBox {
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), data].map(encode).join('.');
    },
    open(sealed) {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || data === undefined) {
        throw new Error('The stored connection secret is not in the expected format.');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([
        decipher.update(Buffer.from(data, 'base64url')),
        decipher.final(),
      ]);
      return plain.toString('utf8');
    },
  };
}

function encode(part: string | Buffer): string {
  return typeof part === 'string' ? part : part.toString('base64url');
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest (the HRBrain client secret, C5).
 *
 * Sealed format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url. The version prefix lets a
 * later format (or key id) be introduced without guessing. Every value is sealed with an
 * *associated context* (the tenant id): a ciphertext copied into another tenant's row does not
 * open there, so a database-level mix-up cannot hand one tenant another's credentials.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): string;
  /** Throws `SecretUnreadableError` when the value was tampered with, sealed under another key or for another context. */
  open(sealed: string, context: string): string;
}

const VERSION = 'v1';
const IV_BYTES = 12; // the GCM standard nonce size
const TAG_BYTES = 16;
export const SECRET_KEY_BYTES = 32;

/** A sealed value could not be opened. Carries no part of the value (C5). */
export class SecretUnreadableError extends Error {
  readonly code = 'SECRET_UNREADABLE';
  constructor(reason: string) {
    super(`The stored secret could not be decrypted (${reason}).`);
    this.name = 'SecretUnreadableError';
  }
}

/** The key must be 32 random bytes; anything else is refused here, not at first use. */
export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.byteLength !== SECRET_KEY_BYTES) {
    throw new RangeError(
      `The encryption key must be ${SECRET_KEY_BYTES} bytes; got ${key.byteLength}.`,
    );
  }
  const keyBytes = Buffer.from(key);

  return {
    seal(plaintext, context) {
      // A fresh random nonce per value: GCM is broken by nonce reuse under one key.
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyBytes, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv, tag, ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },

    open(sealed, context) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) {
        throw new SecretUnreadableError('unknown format');
      }
      const [, ivText, tagText, ciphertextText] = parts as [string, string, string, string];
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.byteLength !== IV_BYTES || tag.byteLength !== TAG_BYTES) {
        throw new SecretUnreadableError('unknown format');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyBytes, iv, {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        const plaintext = Buffer.concat([
          decipher.update(Buffer.from(ciphertextText, 'base64url')),
          decipher.final(),
        ]);
        return plaintext.toString('utf8');
      } catch {
        // GCM authentication failed: tampered, another key, or another tenant's value.
        throw new SecretUnreadableError('authentication failed');
      }
    },
  };
}

/** Reads `HRBRAIN_SECRET_KEY`: 32 bytes, base64 (standard or url-safe). */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    throw new RangeError('HRBRAIN_SECRET_KEY must be base64 (e.g. `openssl rand -base64 32`).');
  }
  const key = Buffer.from(
    trimmed,
    trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64',
  );
  if (key.byteLength !== SECRET_KEY_BYTES) {
    throw new RangeError(
      `HRBRAIN_SECRET_KEY must decode to ${SECRET_KEY_BYTES} bytes; it decodes to ${key.byteLength}. Generate one with \`openssl rand -base64 32\`.`,
    );
  }
  return key;
}

/** A random key for development only (the server warns when it uses one). */
export function generateSecretKey(): Buffer {
  return randomBytes(SECRET_KEY_BYTES);
}

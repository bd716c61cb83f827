import { describe, expect, it } from 'vitest';
import {
  createSecretBox,
  generateSecretKey,
  parseSecretKey,
  SecretUnreadableError,
} from '../../src/crypto/secret-box.ts';

const secret = 'hrb_live_5f3c9a1e-機密-token';

describe('secret box (AES-256-GCM, C5: the HRBrain secret is encrypted at rest)', () => {
  it('round-trips a secret for its tenant', () => {
    const box = createSecretBox(generateSecretKey());
    const sealed = box.seal(secret, 'tenant-a');
    expect(sealed).not.toContain(secret);
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(box.open(sealed, 'tenant-a')).toBe(secret);
  });

  it('uses a fresh nonce every time (the same secret never seals to the same text)', () => {
    const box = createSecretBox(generateSecretKey());
    expect(box.seal(secret, 'tenant-a')).not.toBe(box.seal(secret, 'tenant-a'));
  });

  it('detects tampering with the ciphertext, the tag or the nonce', () => {
    const box = createSecretBox(generateSecretKey());
    const sealed = box.seal(secret, 'tenant-a');
    const parts = sealed.split('.');
    for (const index of [1, 2, 3]) {
      const bytes = Buffer.from(parts[index] as string, 'base64url');
      bytes[0] = (bytes[0] as number) ^ 0x01; // flip one bit
      const tampered = parts.map((part, i) => (i === index ? bytes.toString('base64url') : part));
      expect(() => box.open(tampered.join('.'), 'tenant-a')).toThrow(SecretUnreadableError);
    }
  });

  it("refuses a value sealed for another tenant (a copied row does not open another tenant's secret)", () => {
    const box = createSecretBox(generateSecretKey());
    const sealed = box.seal(secret, 'tenant-a');
    expect(() => box.open(sealed, 'tenant-b')).toThrow(SecretUnreadableError);
  });

  it('refuses a value sealed under another key, with an error that holds no part of the secret', () => {
    const sealed = createSecretBox(generateSecretKey()).seal(secret, 'tenant-a');
    let caught: unknown;
    try {
      createSecretBox(generateSecretKey()).open(sealed, 'tenant-a');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SecretUnreadableError);
    expect(JSON.stringify(caught)).not.toContain(secret);
    expect(String(caught)).not.toContain(secret);
  });

  it('refuses malformed values', () => {
    const box = createSecretBox(generateSecretKey());
    for (const value of ['', 'plain-text-secret', 'v2.a.b.c', 'v1.a.b', 'v1...']) {
      expect(() => box.open(value, 'tenant-a')).toThrow(SecretUnreadableError);
    }
  });
});

describe('HRBRAIN_SECRET_KEY parsing', () => {
  it('accepts 32 bytes in standard or url-safe base64', () => {
    const key = generateSecretKey();
    expect(parseSecretKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseSecretKey(` ${key.toString('base64url')}\n`).equals(key)).toBe(true);
  });

  it('refuses keys of the wrong size or encoding, saying how to make one', () => {
    expect(() => parseSecretKey(Buffer.alloc(16).toString('base64'))).toThrow(
      /32 bytes.*openssl rand/,
    );
    expect(() => parseSecretKey('not base64!')).toThrow(/base64/);
    expect(() => createSecretBox(new Uint8Array(31))).toThrow(/32 bytes/);
  });
});

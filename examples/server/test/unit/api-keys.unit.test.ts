import { describe, expect, it } from 'vitest';
import { ApiKeyConfigError, parseApiKeys } from '../../src/auth/api-keys.ts';

describe('API keys → tenant', () => {
  const ring = parseApiKeys('key-a-1:tenant-a, key-a-2:tenant-a,key-b:tenant-b');

  it('resolves each key to its tenant (several keys per tenant allow rotation)', () => {
    expect(ring.resolve('key-a-1')).toBe('tenant-a');
    expect(ring.resolve('key-a-2')).toBe('tenant-a');
    expect(ring.resolve('key-b')).toBe('tenant-b');
    expect(ring.tenants).toEqual(['tenant-a', 'tenant-b']);
  });

  it('resolves nothing for unknown keys, prefixes, suffixes or other cases', () => {
    for (const key of ['', 'key-a', 'key-a-1 ', 'KEY-B', 'key-b2', 'tenant-a']) {
      expect(ring.resolve(key)).toBeNull();
    }
  });

  it('refuses bad configuration with a message that names the entry, never the key', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['no-colon-here', /#1 is not `key:tenant-id`/],
      ['k1:tenant-a,:tenant-b', /#2/],
      ['k1:tenant a', /tenant id "tenant a"/],
      ['k1:tenant-a,k1:tenant-b', /#2 .*repeats a key/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseApiKeys(text)).toThrow(ApiKeyConfigError);
      expect(() => parseApiKeys(text)).toThrow(message);
    }
    try {
      parseApiKeys('super-secret-but-short:tenant-a', { minKeyLength: 24 });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/shorter than 24/);
      expect((error as Error).message).not.toContain('super-secret');
    }
  });
});

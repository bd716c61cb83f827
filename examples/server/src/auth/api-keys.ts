import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Bearer API keys → tenant. Every request of the API is scoped to the tenant its key belongs to;
 * nothing in a request body or path can name another tenant.
 *
 * Keys are kept only as SHA-256 digests and compared in constant time against every entry (no
 * early exit), so neither the comparison nor the lookup tells an attacker how close a guess was.
 */
export interface ApiKeyRing {
  /** The tenant the key belongs to, or null. */
  resolve(presentedKey: string): string | null;
  readonly tenants: readonly string[];
}

interface Entry {
  digest: Buffer;
  tenantId: string;
}

const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A typed configuration error that says what to fix (and never echoes a key). */
export class ApiKeyConfigError extends Error {
  readonly code = 'API_KEYS_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ApiKeyConfigError';
  }
}

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest();

/**
 * Who started a manual run, as recorded in its trigger (T1): `api key 1a2b3c4d`, the first 8 hex
 * digits of the key's SHA-256. It tells an operator which of a tenant's keys was used (after a
 * rotation, the old or the new one) and reveals nothing usable about the key.
 */
export function apiKeyFingerprint(presentedKey: string): string {
  return `api key ${digest(presentedKey).toString('hex').slice(0, 8)}`;
}

/**
 * Parses `API_KEYS`, e.g. `key1:tenant-a,key2:tenant-b` (a tenant may have several keys, which
 * is how you rotate one). `minKeyLength` guards against toy keys in production.
 */
export function parseApiKeys(text: string, options: { minKeyLength?: number } = {}): ApiKeyRing {
  const minKeyLength = options.minKeyLength ?? 1;
  const entries: Entry[] = [];
  const seen = new Set<string>();
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) {
    throw new ApiKeyConfigError('API_KEYS is empty: give at least one `key:tenant-id` pair.');
  }
  items.forEach((item, index) => {
    const colon = item.lastIndexOf(':');
    const key = colon > 0 ? item.slice(0, colon) : '';
    const tenantId = colon > 0 ? item.slice(colon + 1) : '';
    if (key === '' || tenantId === '') {
      throw new ApiKeyConfigError(
        `API_KEYS entry #${index + 1} is not \`key:tenant-id\` (entries are separated by commas).`,
      );
    }
    if (!TENANT_ID.test(tenantId)) {
      throw new ApiKeyConfigError(
        `API_KEYS entry #${index + 1}: tenant id "${tenantId}" must be 1–64 letters, digits, "-" or "_".`,
      );
    }
    if (key.length < minKeyLength) {
      throw new ApiKeyConfigError(
        `API_KEYS entry #${index + 1} (tenant "${tenantId}"): the key is shorter than ${minKeyLength} characters.`,
      );
    }
    const keyDigest = digest(key);
    const hex = keyDigest.toString('hex');
    if (seen.has(hex)) {
      throw new ApiKeyConfigError(
        `API_KEYS entry #${index + 1} (tenant "${tenantId}") repeats a key used by another entry.`,
      );
    }
    seen.add(hex);
    entries.push({ digest: keyDigest, tenantId });
  });

  return {
    tenants: [...new Set(entries.map((entry) => entry.tenantId))],
    resolve(presentedKey) {
      const presented = digest(presentedKey);
      let match: string | null = null;
      for (const entry of entries) {
        // Digests have equal length, so timingSafeEqual never throws; keep looping after a match.
        if (timingSafeEqual(presented, entry.digest) && match === null) match = entry.tenantId;
      }
      return match;
    },
  };
}

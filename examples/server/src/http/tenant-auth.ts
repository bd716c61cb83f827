import type { MiddlewareHandler } from 'hono';
import { type ApiKeyRing, apiKeyFingerprint } from '../auth/api-keys.ts';
import { ApiError } from './api-error.ts';

export type TenantEnv = {
  Variables: {
    tenantId: string;
    /** Who is calling, for a manual run's trigger: the key's fingerprint, never the key. */
    actor: string;
  };
};

const unauthenticated = () =>
  new ApiError(
    401,
    'UNAUTHENTICATED',
    'Send a valid API key as `Authorization: Bearer <key>`.',
    'APIキーが正しくありません。画面上部のAPIキーを確認してください。',
  );

/**
 * Every API request is scoped to the tenant of its bearer key. Handlers read the tenant from
 * here only, never from a path, query or body, so one tenant cannot name another's data.
 */
export function tenantAuth(keys: ApiKeyRing): MiddlewareHandler<TenantEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    const tenantId = match?.[1] ? keys.resolve(match[1]) : null;
    if (tenantId === null) {
      c.header('WWW-Authenticate', 'Bearer realm="mikiwame-example"');
      throw unauthenticated();
    }
    c.set('tenantId', tenantId);
    c.set('actor', apiKeyFingerprint(match?.[1] ?? ''));
    await next();
  };
}

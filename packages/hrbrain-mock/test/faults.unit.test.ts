import { describe, expect, it } from 'vitest';
import { createFakeHrbrain, type HrbrainFaults } from '../src/index';
import { authorize, useMsw } from './helpers';

const msw = useMsw();
const credentials = { clientId: 'acme', clientSecret: 's3cret' };
const FIELDS = '/members/v1/fields';
const MEMBERS = '/members/v1/members';

async function setup(faults?: HrbrainFaults) {
  const tenant = createFakeHrbrain({ ...credentials, members: 10 });
  const handlers = msw.serve(tenant, faults ? { faults } : {});
  const auth = await authorize(tenant);
  const get = (path: string) => fetch(`${tenant.baseUrl}${path}`, { headers: auth });
  return { tenant, handlers, auth, get };
}

describe('faults', () => {
  it('serverError: the next N API calls get the configured 5xx, then it recovers; the token call is spared', async () => {
    const { handlers, get } = await setup({ serverError: { count: 2, status: 503 } });
    expect((await get(FIELDS)).status).toBe(503);
    const second = await get(MEMBERS);
    expect(second.status).toBe(503);
    expect(await second.json()).toMatchObject({ code: 'server_error' });
    expect((await get(FIELDS)).status).toBe(200);
    expect(handlers.requests.map((r) => r.fault)).toEqual([
      undefined,
      'serverError',
      'serverError',
      undefined,
    ]);
    expect(handlers.faults.serverError?.count).toBe(0);
  });

  it('serverError defaults to 500 and can be aimed at one path', async () => {
    const { get } = await setup({ serverError: { count: 1, path: MEMBERS } });
    expect((await get(FIELDS)).status).toBe(200);
    expect((await get(`${MEMBERS}?limit=5`)).status).toBe(500);
    expect((await get(`${MEMBERS}?limit=5`)).status).toBe(200);
  });

  it('rateLimit: 429 with Retry-After in seconds', async () => {
    const { get } = await setup({ rateLimit: { count: 1, retryAfter: 7 } });
    const response = await get(FIELDS);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toMatchObject({ code: 'rate_limited' });
  });

  it('rateLimit: 429 with Retry-After as an HTTP date', async () => {
    const { get } = await setup({
      rateLimit: { count: 1, retryAfter: 30, retryAfterFormat: 'http-date' },
    });
    const before = Date.now();
    const response = await get(FIELDS);
    const header = response.headers.get('retry-after') ?? '';
    expect(header).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const delta = Date.parse(header) - before;
    // HTTP dates have whole seconds: 30 s ahead, give or take the truncation.
    expect(delta).toBeGreaterThan(28_000);
    expect(delta).toBeLessThanOrEqual(31_000);
  });

  it('rateLimit: 429 without Retry-After', async () => {
    const { get } = await setup({ rateLimit: { count: 2, retryAfterFormat: 'none' } });
    for (let i = 0; i < 2; i++) {
      const response = await get(FIELDS);
      expect(response.status).toBe(429);
      expect(response.headers.has('retry-after')).toBe(false);
    }
    expect((await get(FIELDS)).status).toBe(200);
  });

  it('rateLimit aimed at /auth/token hits the token call', async () => {
    const { tenant, handlers, get } = await setup();
    handlers.faults.rateLimit = { count: 1, path: '/auth/token' };
    expect((await get(FIELDS)).status).toBe(200);
    await expect(authorize(tenant)).rejects.toThrow('429');
    await expect(authorize(tenant)).resolves.toHaveProperty('authorization');
  });

  it('unauthorized: 401 on the next N calls, whatever the token', async () => {
    const { get } = await setup({ unauthorized: { count: 1 } });
    const response = await get(FIELDS);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'unauthorized' });
    expect((await get(FIELDS)).status).toBe(200);
  });

  it('forbidden: 403 naming the endpoint’s scope, or the one given', async () => {
    const { handlers, get } = await setup({ forbidden: { count: 1 } });
    expect(await (await get('/members/v1.1/organization/org-dept/items')).json()).toMatchObject({
      code: 'insufficient_scope',
      scope: 'organization:read',
    });
    handlers.faults.forbidden = { count: 2, scope: 'member.fields:all' };
    const response = await get(FIELDS);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ scope: 'member.fields:all' });
    delete handlers.faults.forbidden.scope;
    // The field list is reported with the scope the manual asks for (C1), not member.fields:read.
    expect(await (await get(FIELDS)).json()).toMatchObject({ scope: 'member:read' });
  });

  it('tokenExpiresAfterCalls: a token works N times, then 401 token_expired; a new token works again', async () => {
    const { tenant, get } = await setup({ tokenExpiresAfterCalls: 2 });
    expect((await get(FIELDS)).status).toBe(200);
    expect((await get(FIELDS)).status).toBe(200);
    const expired = await get(FIELDS);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ code: 'token_expired' });
    expect((await get(FIELDS)).status).toBe(401);
    const fresh = await authorize(tenant);
    expect((await fetch(`${tenant.baseUrl}${FIELDS}`, { headers: fresh })).status).toBe(200);
  });

  it('expireTokens(): every token issued so far expires at once', async () => {
    const { tenant, handlers, get } = await setup();
    expect((await get(FIELDS)).status).toBe(200);
    handlers.expireTokens();
    expect(await (await get(FIELDS)).json()).toMatchObject({ code: 'token_expired' });
    const fresh = await authorize(tenant);
    expect((await fetch(`${tenant.baseUrl}${FIELDS}`, { headers: fresh })).status).toBe(200);
  });

  it('truncatedJson: a 2xx body cut halfway, which JSON.parse rejects', async () => {
    const { tenant, get } = await setup({ truncatedJson: { count: 1 } });
    const text = await (await get(FIELDS)).text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(JSON.stringify(tenant.payload.fields).startsWith(text)).toBe(true);
    expect(text.length).toBeGreaterThan(0);
    expect(await (await get(FIELDS)).json()).toEqual(tenant.payload.fields);
  });

  it('malformedJson: a 2xx body that is not JSON; error responses are left alone', async () => {
    const { get } = await setup({ malformedJson: { count: 1 } });
    const missing = await get('/members/v1.1/organization/nope/items');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'not_found' });
    const response = await get(FIELDS);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('networkError: fetch rejects, then the next call succeeds', async () => {
    const { handlers, get } = await setup({ networkError: { count: 1 } });
    await expect(get(FIELDS)).rejects.toThrow(TypeError);
    expect((await get(FIELDS)).status).toBe(200);
    expect(handlers.requests.at(-2)).toMatchObject({ status: 0, fault: 'networkError' });
  });

  it('latencyMs delays every response by at least that long', async () => {
    const { handlers, get } = await setup();
    handlers.faults.latencyMs = 120;
    const started = performance.now();
    expect((await get(FIELDS)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('a RegExp `path` with the g flag matches every request, not every other one', async () => {
    const { get } = await setup({ serverError: { count: 3, path: /fields/g } });
    expect((await get(FIELDS)).status).toBe(500);
    expect((await get(FIELDS)).status).toBe(500);
    expect((await get(FIELDS)).status).toBe(500);
    expect((await get(FIELDS)).status).toBe(200);
  });

  it('faults can be replaced at runtime, and the caller’s object is never mutated', async () => {
    const initial: HrbrainFaults = { serverError: { count: 1 } };
    const { handlers, get } = await setup(initial);
    expect((await get(FIELDS)).status).toBe(500);
    expect(initial.serverError?.count).toBe(1);
    handlers.faults = {
      rateLimit: { count: Number.POSITIVE_INFINITY, path: /^\/members\/v1\/members$/ },
    };
    expect((await get(MEMBERS)).status).toBe(429);
    expect((await get(MEMBERS)).status).toBe(429);
    expect((await get(FIELDS)).status).toBe(200);
    handlers.reset();
    expect(handlers.requests).toEqual([]);
    expect(handlers.faults).toEqual({});
    // reset() also forgets tokens.
    expect((await get(FIELDS)).status).toBe(401);
  });

  it('evaluates faults in the documented order: network, 5xx, 429, 401, 403', async () => {
    const { handlers, get } = await setup({
      serverError: { count: 1 },
      rateLimit: { count: 1 },
      unauthorized: { count: 1 },
      forbidden: { count: 1 },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await get(FIELDS)).status);
    expect(statuses).toEqual([500, 429, 401, 403, 200]);
    expect(handlers.requests.slice(1).map((r) => r.fault)).toEqual([
      'serverError',
      'rateLimit',
      'unauthorized',
      'forbidden',
      undefined,
    ]);
  });
});

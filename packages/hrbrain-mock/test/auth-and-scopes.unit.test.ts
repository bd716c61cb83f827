import { describe, expect, it } from 'vitest';
import { createFakeHrbrain, createHrbrainHandlers, FakeHrbrainOptionsError } from '../src/index';
import { authorize, useMsw } from './helpers';

const msw = useMsw();
const credentials = { clientId: 'acme', clientSecret: 'sk-live-DO-NOT-LOG' };

function requestToken(baseUrl: string, body: unknown) {
  return fetch(`${baseUrl}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('POST /auth/token (C1/C2)', () => {
  it('issues a fresh bearer token for the right credentials', async () => {
    const tenant = createFakeHrbrain(credentials);
    msw.serve(tenant);
    const first = await requestToken(tenant.baseUrl, credentials);
    const second = await requestToken(tenant.baseUrl, credentials);
    expect(first.status).toBe(200);
    const a = (await first.json()) as { token: string };
    const b = (await second.json()) as { token: string };
    expect(a.token).toMatch(/\S{20,}/);
    expect(a.token).not.toBe(b.token);
  });

  it('C4: a client ID given in upper case is the lower-case tenant, as the client sends it', async () => {
    const tenant = createFakeHrbrain({ ...credentials, clientId: 'ACME' });
    expect(tenant.clientId).toBe('acme');
    expect(tenant.baseUrl).toBe('https://acme.oapi.hrbrain.jp');
    msw.serve(tenant);
    const response = await requestToken(tenant.baseUrl, { ...credentials, clientId: 'acme' });
    expect(response.status).toBe(200);
  });

  it('C2: tells an unknown client ID from a wrong secret (401), and never echoes the secret', async () => {
    const tenant = createFakeHrbrain(credentials);
    msw.serve(tenant);
    const unknown = await requestToken(tenant.baseUrl, { ...credentials, clientId: 'other' });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ code: 'invalid_client' });
    const wrong = await requestToken(tenant.baseUrl, { ...credentials, clientSecret: 'guess' });
    expect(wrong.status).toBe(401);
    const text = await wrong.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'invalid_client_secret' });
    expect(text).not.toContain('guess');
    expect(text).not.toContain(credentials.clientSecret);
  });

  it('answers 400 to a body that is not {clientId, clientSecret} JSON', async () => {
    const tenant = createFakeHrbrain(credentials);
    msw.serve(tenant);
    for (const body of ['not json', '[]', { clientId: 'acme' }, { clientId: 1, clientSecret: 2 }]) {
      const response = await requestToken(tenant.baseUrl, body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'invalid_parameter', parameter: 'body' });
    }
  });
});

describe('bearer tokens', () => {
  const endpoints = [
    '/members/v1/fields',
    '/members/v1/members?limit=10&offset=0',
    '/members/v1.1/organization/org-dept/items',
  ];

  it('401 missing_token without Authorization, 401 invalid_token for a made-up one', async () => {
    const tenant = createFakeHrbrain(credentials);
    msw.serve(tenant);
    for (const path of endpoints) {
      const none = await fetch(`${tenant.baseUrl}${path}`);
      expect(none.status).toBe(401);
      expect(await none.json()).toMatchObject({ code: 'missing_token' });
      const madeUp = await fetch(`${tenant.baseUrl}${path}`, {
        headers: { authorization: 'Bearer nope' },
      });
      expect(madeUp.status).toBe(401);
      expect(await madeUp.json()).toMatchObject({ code: 'invalid_token' });
    }
  });

  it('a token from one handler set is unknown to another (each fake has its own token store)', async () => {
    const tenant = createFakeHrbrain(credentials);
    const auth = await (async () => {
      msw.serve(tenant);
      return authorize(tenant);
    })();
    const other = createFakeHrbrain({ ...credentials, clientId: 'globex' });
    msw.serve(other);
    const response = await fetch(`${other.baseUrl}/members/v1/fields`, { headers: auth });
    expect(response.status).toBe(401);
  });

  it('sends an x-request-id on every response, errors included, matching the request log', async () => {
    const tenant = createFakeHrbrain(credentials);
    const handlers = msw.serve(tenant);
    const ok = await requestToken(tenant.baseUrl, credentials);
    const denied = await fetch(`${tenant.baseUrl}/members/v1/fields`);
    const missing = await fetch(`${tenant.baseUrl}/no/such/path`);
    expect(missing.status).toBe(404);
    const ids = [ok, denied, missing].map((r) => r.headers.get('x-request-id'));
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(3);
    expect(handlers.requests.map((r) => r.requestId)).toEqual(ids);
    expect(handlers.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/auth/token', 200],
      ['GET', '/members/v1/fields', 401],
      ['GET', '/no/such/path', 404],
    ]);
  });
});

describe('scopes (C1/C2)', () => {
  it('403 insufficient_scope naming member:read on member and field endpoints', async () => {
    const tenant = createFakeHrbrain({ ...credentials, scopes: ['organization:read'] });
    msw.serve(tenant);
    const auth = await authorize(tenant);
    for (const path of ['/members/v1/fields', '/members/v1/members']) {
      const response = await fetch(`${tenant.baseUrl}${path}`, { headers: auth });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({
        code: 'insufficient_scope',
        scope: 'member:read',
      });
    }
    const lookup = await fetch(`${tenant.baseUrl}/members/v1/members/lookup`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'x@example.co.jp' }),
    });
    expect(lookup.status).toBe(403);
    const org = await fetch(`${tenant.baseUrl}/members/v1.1/organization/org-dept/items`, {
      headers: auth,
    });
    expect(org.status).toBe(200);
  });

  it('403 insufficient_scope naming organization:read on organization endpoints', async () => {
    const tenant = createFakeHrbrain({ ...credentials, scopes: ['member:read'] });
    msw.serve(tenant);
    const auth = await authorize(tenant);
    const response = await fetch(`${tenant.baseUrl}/members/v1.1/organization/org-dept/items`, {
      headers: auth,
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      code: 'insufficient_scope',
      scope: 'organization:read',
    });
    expect((await fetch(`${tenant.baseUrl}/members/v1/fields`, { headers: auth })).status).toBe(
      200,
    );
  });

  it('broader scopes grant the narrow ones: all, member:all, organization:all; member.fields:read only the field list', async () => {
    const cases: [string[], Record<string, number>][] = [
      [['all'], { fields: 200, members: 200, org: 200 }],
      [['member:all', 'organization:all'], { fields: 200, members: 200, org: 200 }],
      [['member.fields:read'], { fields: 200, members: 403, org: 403 }],
      [[], { fields: 403, members: 403, org: 403 }],
    ];
    for (const [scopes, expected] of cases) {
      const tenant = createFakeHrbrain({ ...credentials, scopes });
      msw.serve(tenant);
      const auth = await authorize(tenant);
      const status = async (path: string) =>
        (await fetch(`${tenant.baseUrl}${path}`, { headers: auth })).status;
      expect(
        {
          fields: await status('/members/v1/fields'),
          members: await status('/members/v1/members'),
          org: await status('/members/v1.1/organization/org-dept/items'),
        },
        scopes.join(','),
      ).toEqual(expected);
    }
  });
});

describe('organizations', () => {
  it('serves each organization’s items and 404s an unknown id', async () => {
    const tenant = createFakeHrbrain(credentials);
    msw.serve(tenant);
    const auth = await authorize(tenant);
    for (const [id, items] of Object.entries(tenant.payload.organizations)) {
      const response = await fetch(`${tenant.baseUrl}/members/v1.1/organization/${id}/items`, {
        headers: auth,
      });
      expect(await response.json()).toEqual(items);
    }
    const missing = await fetch(`${tenant.baseUrl}/members/v1.1/organization/nope/items`, {
      headers: auth,
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'not_found' });
  });
});

describe('createHrbrainHandlers options', () => {
  it('listens on a custom baseUrl instead of the tenant host', async () => {
    const tenant = createFakeHrbrain(credentials);
    msw.serve(tenant, { baseUrl: 'https://hrbrain.test/api/' });
    const auth = await authorize(tenant, 'https://hrbrain.test/api');
    const response = await fetch('https://hrbrain.test/api/members/v1/fields', { headers: auth });
    expect(await response.json()).toEqual(tenant.payload.fields);
    // A port is part of the origin, not a path parameter.
    msw.serve(tenant, { baseUrl: 'http://localhost:8080' });
    const local = await authorize(tenant, 'http://localhost:8080');
    const items = await fetch('http://localhost:8080/members/v1.1/organization/org-pos/items', {
      headers: local,
    });
    expect(await items.json()).toEqual(tenant.payload.organizations['org-pos']);
  });

  it('refuses a relative baseUrl or a bad maxPageSize', () => {
    const tenant = createFakeHrbrain(credentials);
    expect(() => createHrbrainHandlers(tenant, { baseUrl: '/api' })).toThrow(
      FakeHrbrainOptionsError,
    );
    expect(() => createHrbrainHandlers(tenant, { maxPageSize: 0 })).toThrow(
      FakeHrbrainOptionsError,
    );
  });
});

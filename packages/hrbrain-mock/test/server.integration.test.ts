import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFakeHrbrain,
  FakeHrbrainOptionsError,
  type FakeHrbrainServer,
  type HrbrainPayloadInput,
  startFakeHrbrainServer,
} from '../src/index';
import example from './fixtures/example-snapshot.json' with { type: 'json' };
import { authorize } from './helpers';

const credentials = { clientId: 'acme', clientSecret: 's3cret' };
const running: FakeHrbrainServer[] = [];

async function start(...args: Parameters<typeof startFakeHrbrainServer>) {
  const server = await startFakeHrbrainServer(...args);
  running.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe('startFakeHrbrainServer', () => {
  it('listens on 127.0.0.1 and serves the tenant over real HTTP', async () => {
    const tenant = createFakeHrbrain({ ...credentials, members: 230 });
    const server = await start({ tenant });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
    const auth = await authorize(tenant, server.url);
    const members: unknown[] = [];
    for (let offset = 0; offset < 230; offset += 100) {
      const response = await fetch(`${server.url}/members/v1/members?limit=100&offset=${offset}`, {
        headers: auth,
      });
      expect(response.headers.get('x-request-id')).toMatch(/\S/);
      expect(Number(response.headers.get('content-length'))).toBeGreaterThan(0);
      members.push(...((await response.json()) as { data: unknown[] }).data);
    }
    expect(members).toEqual(tenant.payload.members);
    expect(server.requests.map((r) => r.path)).toEqual([
      '/auth/token',
      '/members/v1/members',
      '/members/v1/members',
      '/members/v1/members',
    ]);
  });

  it('round-trips an explicit payload unchanged (fields, every page, organizations)', async () => {
    const tenant = createFakeHrbrain({
      clientId: 'sample',
      clientSecret: 'x',
      payload: structuredClone(example) as HrbrainPayloadInput,
    });
    const server = await start({ tenant, precomputePageSize: 2 });
    const auth = await authorize(tenant, server.url);
    const get = async (path: string) =>
      (await fetch(`${server.url}${path}`, { headers: auth })).json();
    const members: unknown[] = [];
    for (let offset = 0; offset < example.members.length; offset += 2) {
      members.push(
        ...((await get(`/members/v1/members?limit=2&offset=${offset}`)) as { data: unknown[] })
          .data,
      );
    }
    const organizations: Record<string, unknown> = {};
    for (const id of Object.keys(example.organizations)) {
      organizations[id] = await get(`/members/v1.1/organization/${id}/items`);
    }
    expect({ fields: await get('/members/v1/fields'), members, organizations }).toEqual(example);
  });

  it('passes faults through: 429 with Retry-After, and a network error drops the connection', async () => {
    const tenant = createFakeHrbrain(credentials);
    const server = await start({ tenant, faults: { rateLimit: { count: 1, retryAfter: 3 } } });
    const auth = await authorize(tenant, server.url);
    const limited = await fetch(`${server.url}/members/v1/fields`, { headers: auth });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    server.faults.networkError = { count: 1 };
    await expect(fetch(`${server.url}/members/v1/fields`, { headers: auth })).rejects.toThrow(
      TypeError,
    );
    expect((await fetch(`${server.url}/members/v1/fields`, { headers: auth })).status).toBe(200);
  });

  it('serves cached pages until handlers.refresh() after the payload changed', async () => {
    const tenant = createFakeHrbrain({ ...credentials, members: 5 });
    const server = await start({ tenant });
    const auth = await authorize(tenant, server.url);
    const total = async () =>
      (
        (await (await fetch(`${server.url}/members/v1/members`, { headers: auth })).json()) as {
          paging: { totalCount: number };
        }
      ).paging.totalCount;
    expect(await total()).toBe(5);
    tenant.payload.members.pop();
    expect(await total()).toBe(5);
    server.handlers.refresh();
    expect(await total()).toBe(4);
  });

  it('POST bodies reach the handlers (lookup) and unknown paths are 404', async () => {
    const tenant = createFakeHrbrain(credentials);
    const server = await start({ tenant });
    const auth = await authorize(tenant, server.url);
    const member = tenant.payload.members[3];
    const email = member?.fields.find((f) => f.alias === 'Email')?.value;
    const found = await fetch(`${server.url}/members/v1/members/lookup`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    expect(await found.json()).toEqual(member);
    expect((await fetch(`${server.url}/nothing-here`)).status).toBe(404);
  });

  it('close() stops listening (connections are refused afterwards) and can be called twice', async () => {
    const tenant = createFakeHrbrain(credentials);
    const server = await startFakeHrbrainServer({ tenant });
    await authorize(tenant, server.url);
    await server.close();
    await server.close();
    await expect(fetch(`${server.url}/members/v1/fields`)).rejects.toThrow(TypeError);
  });

  it('rejects when the port is taken, and refuses an impossible port', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const tenant = createFakeHrbrain(credentials);
    await expect(startFakeHrbrainServer({ tenant, port })).rejects.toThrow(/EADDRINUSE/);
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    await expect(startFakeHrbrainServer({ tenant, port: 70000 })).rejects.toThrow(
      FakeHrbrainOptionsError,
    );
  });
});

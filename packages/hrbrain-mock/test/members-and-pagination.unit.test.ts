import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFakeHrbrain, type RawMember } from '../src/index';
import { authorize, useMsw } from './helpers';

const msw = useMsw();
const credentials = { clientId: 'acme', clientSecret: 's3cret' };

interface Page {
  data: RawMember[];
  paging: { totalCount: number };
}

async function page(baseUrl: string, auth: { authorization: string }, search: string) {
  const response = await fetch(`${baseUrl}/members/v1/members${search}`, { headers: auth });
  return {
    status: response.status,
    body: (await response.json()) as Page & { code?: string; parameter?: string },
  };
}

describe('GET /members/v1/members', () => {
  it('pages with limit/offset and reports paging.totalCount', async () => {
    const tenant = createFakeHrbrain({ ...credentials, members: 250 });
    msw.serve(tenant);
    const auth = await authorize(tenant);
    const all = tenant.payload.members;
    const cases: [string, RawMember[]][] = [
      ['?limit=100&offset=0', all.slice(0, 100)],
      ['?limit=100&offset=200', all.slice(200, 250)],
      ['?limit=7&offset=249', all.slice(249)],
      ['?limit=10&offset=250', []],
      ['?limit=10&offset=9999', []],
      ['', all.slice(0, 100)], // default limit = the maximum, default offset 0
    ];
    for (const [search, expected] of cases) {
      const { status, body } = await page(tenant.baseUrl, auth, search);
      expect(status, search).toBe(200);
      expect(body.paging.totalCount).toBe(250);
      expect(body.data, search).toEqual(expected);
    }
  });

  it('400 invalid_parameter for limit above the maximum, below 1, or not a whole number; bad offsets too', async () => {
    const tenant = createFakeHrbrain({ ...credentials, members: 5 });
    msw.serve(tenant);
    const auth = await authorize(tenant);
    for (const [search, parameter] of [
      ['?limit=101', 'limit'],
      ['?limit=0', 'limit'],
      ['?limit=2.5', 'limit'],
      ['?limit=abc', 'limit'],
      ['?offset=-1', 'offset'],
      ['?offset=x', 'offset'],
    ]) {
      const { status, body } = await page(tenant.baseUrl, auth, search as string);
      expect(status, search).toBe(400);
      expect(body).toMatchObject({ code: 'invalid_parameter', parameter });
    }
  });

  it('honours a custom maxPageSize', async () => {
    const tenant = createFakeHrbrain({ ...credentials, members: 30 });
    msw.serve(tenant, { maxPageSize: 20 });
    const auth = await authorize(tenant);
    expect((await page(tenant.baseUrl, auth, '?limit=21')).status).toBe(400);
    expect((await page(tenant.baseUrl, auth, '')).body.data).toHaveLength(20);
  });

  it('columns keeps only the listed field ids on each member; unknown ids are a 400', async () => {
    const tenant = createFakeHrbrain({ ...credentials, members: 20 });
    msw.serve(tenant);
    const auth = await authorize(tenant);
    const { fields: F } = tenant.ids;
    const { body } = await page(tenant.baseUrl, auth, `?columns=${F.email},${F.mainTeam}&limit=20`);
    expect(body.data).toHaveLength(20);
    body.data.forEach((member, i) => {
      const original = tenant.payload.members[i] as RawMember;
      expect(member.id).toBe(original.id);
      expect(member.fields).toEqual(
        original.fields.filter((f) => f.id === F.email || f.id === F.mainTeam),
      );
    });
    const bad = await page(tenant.baseUrl, auth, `?columns=${F.email},fld-nope`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalid_parameter', parameter: 'columns' });
  });

  it('faults.ignoreColumns serves every field whatever columns asks (a server without the parameter)', async () => {
    const tenant = createFakeHrbrain({ ...credentials, members: 5 });
    const handlers = msw.serve(tenant, { faults: { ignoreColumns: true } });
    const auth = await authorize(tenant);
    const { fields: F } = tenant.ids;
    const { body } = await page(tenant.baseUrl, auth, `?columns=${F.email}&limit=5`);
    expect(body.data).toEqual(tenant.payload.members);
    delete handlers.faults.ignoreColumns;
    const honoured = await page(tenant.baseUrl, auth, `?columns=${F.email}&limit=5`);
    expect(honoured.body.data.every((m) => m.fields.every((f) => f.id === F.email))).toBe(true);
  });

  it('requestCounts() counts requests per METHOD /path, query ignored, cleared by reset()', async () => {
    const tenant = createFakeHrbrain({ ...credentials, members: 5 });
    const handlers = msw.serve(tenant);
    const auth = await authorize(tenant);
    await page(tenant.baseUrl, auth, '?limit=2&offset=0');
    await page(tenant.baseUrl, auth, '?limit=2&offset=2');
    await fetch(`${tenant.baseUrl}/members/v1/fields`, { headers: auth });
    expect(handlers.requestCounts()).toEqual({
      'POST /auth/token': 1,
      'GET /members/v1/members': 2,
      'GET /members/v1/fields': 1,
    });
    handlers.reset();
    expect(handlers.requestCounts()).toEqual({});
  });

  it('reflects changes to tenant.payload between calls (no caching by default)', async () => {
    const tenant = createFakeHrbrain({ ...credentials, members: 3 });
    msw.serve(tenant);
    const auth = await authorize(tenant);
    tenant.payload.members.pop();
    const { body } = await page(tenant.baseUrl, auth, '');
    expect(body.paging.totalCount).toBe(2);
  });

  it('property: any member count and page size yields every member exactly once, in order', async () => {
    const tenant = createFakeHrbrain({ ...credentials, members: 0 });
    const full = createFakeHrbrain({ ...credentials, members: 120 }).payload.members;
    msw.serve(tenant);
    const auth = await authorize(tenant);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 3, max: 100 }),
        async (count, size) => {
          tenant.payload.members = full.slice(0, count);
          const seen: RawMember[] = [];
          let total = Number.POSITIVE_INFINITY;
          for (let offset = 0; offset < total; offset += size) {
            const { body } = await page(tenant.baseUrl, auth, `?limit=${size}&offset=${offset}`);
            total = body.paging.totalCount;
            expect(body.data.length).toBe(Math.min(size, total - offset));
            seen.push(...body.data);
          }
          expect(seen).toEqual(full.slice(0, count));
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});

describe('POST /members/v1/members/lookup', () => {
  const lookup = async (baseUrl: string, auth: { authorization: string }, body: unknown) => {
    const response = await fetch(`${baseUrl}/members/v1/members/lookup`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('finds a member by e-mail (case-insensitive, E1) or employee number; 404 when none; 400 without either', async () => {
    const tenant = createFakeHrbrain({ ...credentials, members: 30 });
    msw.serve(tenant);
    const auth = await authorize(tenant);
    const target = tenant.payload.members[17] as RawMember;
    const email = String(target.fields.find((f) => f.alias === 'Email')?.value);
    const number = String(target.fields.find((f) => f.alias === 'EmployeeNumber')?.value);
    expect(
      (await lookup(tenant.baseUrl, auth, { email: ` ${email.toUpperCase()} ` })).body,
    ).toEqual(target);
    expect((await lookup(tenant.baseUrl, auth, { employeeNumber: number })).body).toEqual(target);
    expect((await lookup(tenant.baseUrl, auth, { email, employeeNumber: number })).body).toEqual(
      target,
    );
    expect((await lookup(tenant.baseUrl, auth, { email, employeeNumber: 'E999999' })).status).toBe(
      404,
    );
    expect((await lookup(tenant.baseUrl, auth, { email: 'nobody@example.co.jp' })).status).toBe(
      404,
    );
    expect((await lookup(tenant.baseUrl, auth, {})).status).toBe(400);
    expect((await lookup(tenant.baseUrl, auth, { email: 42 })).status).toBe(400);
  });
});

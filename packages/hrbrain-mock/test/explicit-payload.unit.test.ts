import { describe, expect, it } from 'vitest';
import { createFakeHrbrain, FakeHrbrainOptionsError, type HrbrainPayloadInput } from '../src/index';
import example from './fixtures/example-snapshot.json' with { type: 'json' };
import { authorize, useMsw } from './helpers';

const msw = useMsw();

/** Reads a whole tenant back the way a client's snapshot() does, with plain fetch. */
async function readBack(baseUrl: string, auth: { authorization: string }, pageSize: number) {
  const get = async (path: string) => (await fetch(`${baseUrl}${path}`, { headers: auth })).json();
  const fields = (await get('/members/v1/fields')) as { organizationId?: string }[];
  const members: unknown[] = [];
  for (let offset = 0; ; offset += pageSize) {
    const page = (await get(`/members/v1/members?limit=${pageSize}&offset=${offset}`)) as {
      data: unknown[];
      paging: { totalCount: number };
    };
    members.push(...page.data);
    if (offset + pageSize >= page.paging.totalCount) break;
  }
  const organizations: Record<string, unknown> = {};
  for (const id of new Set(fields.map((f) => f.organizationId).filter((id) => id !== undefined))) {
    organizations[id as string] = await get(`/members/v1.1/organization/${id}/items`);
  }
  return { fields, members, organizations };
}

describe('createFakeHrbrain({ payload }): explicit raw payloads', () => {
  it('serves the worked example unchanged (round trip through msw)', async () => {
    const payload = structuredClone(example) as HrbrainPayloadInput;
    const tenant = createFakeHrbrain({ clientId: 'sample', clientSecret: 'x', payload });
    msw.serve(tenant);
    const auth = await authorize(tenant);
    expect(await readBack(tenant.baseUrl, auth, 3)).toEqual(example);
    expect(tenant.seed).toBeUndefined();
    expect(tenant.defects.duplicateEmails).toEqual([]);
  });

  it('serves malformed data verbatim, so a client’s validation can be tested', async () => {
    const payload = {
      fields: [{ id: 1, label: null }],
      members: [{ id: 'm1', fields: 'oops' }, null, 42],
      organizations: { weird: { type: 'graph' } },
    };
    const tenant = createFakeHrbrain({ clientId: 'weird', clientSecret: 'x', payload });
    msw.serve(tenant);
    const auth = await authorize(tenant);
    const fields = await fetch(`${tenant.baseUrl}/members/v1/fields`, { headers: auth });
    expect(await fields.json()).toEqual(payload.fields);
    const page = await fetch(`${tenant.baseUrl}/members/v1/members?limit=10`, { headers: auth });
    expect(await page.json()).toEqual({ data: payload.members, paging: { totalCount: 3 } });
    const org = await fetch(`${tenant.baseUrl}/members/v1.1/organization/weird/items`, {
      headers: auth,
    });
    expect(await org.json()).toEqual({ type: 'graph' });
  });

  it('refuses a payload whose containers are not the raw API shapes', () => {
    const attempt = (payload: unknown) => () =>
      createFakeHrbrain({
        clientId: 'x',
        clientSecret: 'y',
        payload: payload as HrbrainPayloadInput,
      });
    expect(attempt({ fields: {}, members: [], organizations: {} })).toThrow(
      FakeHrbrainOptionsError,
    );
    expect(attempt({ fields: [], members: [], organizations: [] })).toThrow(
      /payload\.organizations/,
    );
  });
});

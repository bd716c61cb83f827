import { describe, expect, it } from 'vitest';
import { createFakeHrbrain } from '../src/index';
import { authorize, useMsw } from './helpers';

const msw = useMsw();

describe('smoke', () => {
  it('serves every member over all pages', async () => {
    const tenant = createFakeHrbrain({ clientId: 'acme', clientSecret: 's3cret', members: 250 });
    const handlers = msw.serve(tenant);
    const auth = await authorize(tenant);
    const seen: unknown[] = [];
    for (let offset = 0; offset < 250; offset += 100) {
      const r = await fetch(`${tenant.baseUrl}/members/v1/members?limit=100&offset=${offset}`, {
        headers: auth,
      });
      expect(r.status).toBe(200);
      const body = (await r.json()) as { data: unknown[]; paging: { totalCount: number } };
      expect(body.paging.totalCount).toBe(250);
      seen.push(...body.data);
    }
    expect(seen).toEqual(tenant.payload.members);
    expect(handlers.requests.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });
});

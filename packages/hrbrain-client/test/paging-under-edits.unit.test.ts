import { createFakeHrbrain, createHrbrainHandlers } from '@mikiwame/hrbrain-mock';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  createHrbrainClient,
  type HrbrainMember,
  HrbrainResponseValidationError,
} from '../src/index';
import { SECRET, useMswServer } from './support/harness';

const msw = useMswServer();

function installTenant(count: number) {
  const tenant = createFakeHrbrain({
    clientId: 'acme',
    clientSecret: SECRET,
    seed: 3,
    members: count,
  });
  const handlers = createHrbrainHandlers(tenant);
  msw.server.use(...handlers);
  return { tenant, handlers };
}

const ids = (members: readonly HrbrainMember[]) => members.map((member) => member.id);

async function readPages(
  list: AsyncIterable<{ offset: number; members: HrbrainMember[] }>,
  onPage: (offset: number) => void = () => undefined,
): Promise<string[]> {
  const seen: string[] = [];
  for await (const page of list) {
    onPage(page.offset);
    seen.push(...ids(page.members));
  }
  return seen;
}

describe('members.list when HRBrain changes or caps pages (no member silently dropped)', () => {
  it('a server that answers fewer members than `limit` asks for: the rest of each page is read, none skipped', async () => {
    const { tenant } = installTenant(250);
    let inFlight = 0;
    let maxInFlight = 0;
    // A front handler that serves at most 40 per page, as a server with a lower cap would.
    msw.server.use(
      http.get('https://acme.oapi.hrbrain.jp/members/v1/members', async ({ request }) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        const url = new URL(request.url);
        const offset = Number(url.searchParams.get('offset'));
        const limit = Math.min(Number(url.searchParams.get('limit')), 40);
        const all = tenant.payload.members;
        return HttpResponse.json({
          data: all.slice(offset, offset + limit),
          paging: { totalCount: all.length },
        });
      }),
    );
    const client = createHrbrainClient({ clientId: 'acme', clientSecret: SECRET, concurrency: 2 });
    expect(ids(await client.members.listAll())).toEqual(ids(tenant.payload.members));
    // The extra reads stay within the concurrency bound.
    expect(maxInFlight).toBeLessThanOrEqual(2);
  });

  it('members removed mid-listing: the ones that slid back a page are read again, none twice (E4 would skip duplicates)', async () => {
    const { tenant } = installTenant(250);
    const before = ids(tenant.payload.members);
    const client = createHrbrainClient({ clientId: 'acme', clientSecret: SECRET, concurrency: 1 });
    let removed: string[] = [];
    const seen = await readPages(client.members.list({ pageSize: 50 }).pages(), (offset) => {
      if (offset === 0) removed = ids(tenant.payload.members.splice(10, 3));
    });
    expect(new Set(seen).size).toBe(seen.length);
    // Each member is seen once: the removed ones were on the first page, already read.
    expect([...seen].sort()).toEqual([...before].sort());
    expect(removed).toHaveLength(3);
  });

  it('members added at the end mid-listing: reading goes on past the first page’s totalCount', async () => {
    const { tenant } = installTenant(250);
    const added = tenant.payload.members.splice(200);
    const client = createHrbrainClient({ clientId: 'acme', clientSecret: SECRET, concurrency: 1 });
    const pages: number[] = [];
    const seen = await readPages(client.members.list({ pageSize: 50 }).pages(), (offset) => {
      pages.push(offset);
      if (offset === 0) tenant.payload.members.push(...added);
    });
    expect(seen).toEqual(ids(tenant.payload.members));
    expect(pages).toEqual([0, 50, 100, 150, 200]);
  });

  it('a member inserted at the front mid-listing shifts the rest: no member is yielded twice', async () => {
    const { tenant } = installTenant(120);
    const before = ids(tenant.payload.members);
    const newcomer = tenant.payload.members.pop();
    if (!newcomer) throw new Error('the tenant has members');
    const client = createHrbrainClient({ clientId: 'acme', clientSecret: SECRET, concurrency: 1 });
    const seen = await readPages(client.members.list({ pageSize: 20 }).pages(), (offset) => {
      if (offset === 0) tenant.payload.members.unshift(newcomer);
    });
    expect(new Set(seen).size).toBe(seen.length);
    // Everyone who was there from the start is read; the newcomer waits for the next read.
    expect(seen).toEqual(before.filter((id) => id !== newcomer.id));
  });

  it('two entries sharing an id within one answer are both passed on (only re-reads are deduplicated)', async () => {
    const member = (id: string, value: string) => ({
      id,
      fields: [{ id: 'f-name', alias: 'LastName', type: 'text', value }],
    });
    const tenant = createFakeHrbrain({
      clientId: 'acme',
      clientSecret: SECRET,
      payload: {
        fields: [{ id: 'f-name', label: '氏' }],
        members: [member('m-1', 'A'), member('m-1', 'B'), member('m-2', 'C')],
        organizations: {},
      },
    });
    msw.server.use(...createHrbrainHandlers(tenant));
    const client = createHrbrainClient({ clientId: 'acme', clientSecret: SECRET });
    expect(await client.members.listAll()).toEqual(tenant.payload.members);
  });

  it('an answer repeating a member of an earlier page and one of its own: the repeat is dropped, both own copies are passed on', async () => {
    const member = (id: string, value: string) => ({
      id,
      fields: [{ id: 'f-name', alias: 'LastName', type: 'text', value }],
    });
    const pages: Record<string, ReturnType<typeof member>[]> = {
      // m-3 moved back from the first page; m-4 is listed twice by the second page itself
      '0': [member('m-1', 'A'), member('m-2', 'B'), member('m-3', 'C')],
      '3': [member('m-4', 'D'), member('m-3', 'C'), member('m-4', 'E')],
    };
    const tenant = createFakeHrbrain({
      clientId: 'acme',
      clientSecret: SECRET,
      payload: { fields: [{ id: 'f-name', label: '氏' }], members: [], organizations: {} },
    });
    msw.server.use(
      http.get('https://acme.oapi.hrbrain.jp/members/v1/members', ({ request }) => {
        const offset = new URL(request.url).searchParams.get('offset') ?? '0';
        return HttpResponse.json({ data: pages[offset] ?? [], paging: { totalCount: 6 } });
      }),
      ...createHrbrainHandlers(tenant),
    );
    const client = createHrbrainClient({ clientId: 'acme', clientSecret: SECRET });
    const listed = await client.members.listAll({ pageSize: 3 });
    expect(listed.map((m) => `${m.id}:${m.fields[0]!.value}`)).toEqual([
      'm-1:A',
      'm-2:B',
      'm-3:C',
      'm-4:D',
      'm-4:E',
    ]);
  });

  it('a server that ignores `offset` is an HrbrainResponseValidationError, not a listing cut short', async () => {
    const { tenant } = installTenant(50);
    msw.server.use(
      http.get('https://acme.oapi.hrbrain.jp/members/v1/members', ({ request }) => {
        const limit = Number(new URL(request.url).searchParams.get('limit'));
        const all = tenant.payload.members;
        return HttpResponse.json({ data: all.slice(0, limit), paging: { totalCount: all.length } });
      }),
    );
    const client = createHrbrainClient({ clientId: 'acme', clientSecret: SECRET });
    const error = await client.members.listAll({ pageSize: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HrbrainResponseValidationError);
    expect((error as Error).message).toContain('offset 10');
  });
});

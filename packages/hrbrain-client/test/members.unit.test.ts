import { createFakeHrbrain, createHrbrainHandlers } from '@mikiwame/hrbrain-mock';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildHrbrainClient } from '../src/client';
import { AbortError, HrbrainConfigError, type MembersPage } from '../src/index';
import { fastTiming, SECRET, useFakeHrbrain, useMswServer } from './support/harness';

const msw = useMswServer();

/** A tenant whose members are exactly `m-0 … m-{count-1}`, installed as the only handlers. */
function installTenant(count: number) {
  const members = Array.from({ length: count }, (_, i) => ({
    id: `m-${i}`,
    fields: [{ id: 'f-name', alias: 'LastName', type: 'text', value: `氏名${i}` }],
  }));
  const tenant = createFakeHrbrain({
    clientId: 'acme',
    clientSecret: SECRET,
    payload: { fields: [{ id: 'f-name', label: '氏' }], members, organizations: {} },
  });
  const handlers = createHrbrainHandlers(tenant);
  msw.server.resetHandlers(...handlers);
  return handlers;
}

const memberPageCalls = (requests: readonly { path: string }[]) =>
  requests.filter((entry) => entry.path === '/members/v1/members').length;

describe('members.list pagination', () => {
  it('always yields every member exactly once, in order, for any count, page size and concurrency (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 6 }),
        async (count, pageSize, concurrency) => {
          const handlers = installTenant(count);
          const client = buildHrbrainClient(
            { clientId: 'acme', clientSecret: SECRET, concurrency },
            fastTiming,
          );
          const ids: string[] = [];
          for await (const member of client.members.list({ pageSize })) ids.push(member.id);
          expect(ids).toEqual(Array.from({ length: count }, (_, i) => `m-${i}`));
          // One request per page, the first one even when the tenant is empty.
          expect(memberPageCalls(handlers.requests)).toBe(Math.max(1, Math.ceil(count / pageSize)));
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);

  it('pages() reports offset, limit and totalCount', async () => {
    installTenant(25);
    const client = buildHrbrainClient({ clientId: 'acme', clientSecret: SECRET }, fastTiming);
    const pages: Omit<MembersPage, 'members'>[] = [];
    for await (const { members, ...page } of client.members.list({ pageSize: 10 }).pages()) {
      pages.push(page);
      expect(members.length).toBe(page.offset === 20 ? 5 : 10);
    }
    expect(pages).toEqual([
      { offset: 0, limit: 10, totalCount: 25 },
      { offset: 10, limit: 10, totalCount: 25 },
      { offset: 20, limit: 10, totalCount: 25 },
    ]);
  });

  it('keeps at most `concurrency` pages in flight after the first', async () => {
    const handlers = installTenant(200);
    handlers.faults.latencyMs = 15;
    let inFlight = 0;
    let maxInFlight = 0;
    const onStart = ({ request }: { request: Request }) => {
      if (!request.url.includes('/members/v1/members')) return;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
    };
    const onEnd = ({ request }: { request: Request }) => {
      if (request.url.includes('/members/v1/members')) inFlight--;
    };
    msw.server.events.on('request:start', onStart);
    msw.server.events.on('response:mocked', onEnd);
    try {
      const client = buildHrbrainClient(
        { clientId: 'acme', clientSecret: SECRET, concurrency: 3 },
        fastTiming,
      );
      await expect(client.members.listAll({ pageSize: 10 })).resolves.toHaveLength(200);
    } finally {
      msw.server.events.removeListener('request:start', onStart);
      msw.server.events.removeListener('response:mocked', onEnd);
    }
    expect(maxInFlight).toBe(3);
  });

  it('leaving the loop early stops fetching further pages', async () => {
    const handlers = installTenant(1_000);
    handlers.faults.latencyMs = 5;
    const client = buildHrbrainClient(
      { clientId: 'acme', clientSecret: SECRET, concurrency: 2 },
      fastTiming,
    );
    const seen: string[] = [];
    for await (const member of client.members.list({ pageSize: 10 })) {
      seen.push(member.id);
      if (seen.length === 15) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toHaveLength(15);
    // First page, second page, and at most `concurrency` prefetched ones.
    expect(memberPageCalls(handlers.requests)).toBeLessThanOrEqual(4);
  });

  it("the caller's signal aborts a listing mid-way with AbortError", async () => {
    const handlers = installTenant(1_000);
    handlers.faults.latencyMs = 5;
    const client = buildHrbrainClient({ clientId: 'acme', clientSecret: SECRET }, fastTiming);
    const controller = new AbortController();
    const seen: string[] = [];
    const reading = (async () => {
      for await (const member of client.members.list(
        { pageSize: 10 },
        { signal: controller.signal },
      )) {
        seen.push(member.id);
        if (seen.length === 25) controller.abort('enough');
      }
    })();
    const error = await reading.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toBe('enough');
    expect(seen.length).toBeLessThan(1_000);
  });

  it('sends columns and the page size as HRBrain expects them', async () => {
    const fake = useFakeHrbrain(msw, { members: 5 });
    const { fields } = fake.handlers.tenant.payload;
    const columns = [fields[0]?.id as string, fields[1]?.id as string];
    const members = await fake.client().members.listAll({ columns, pageSize: 2 });
    expect(members).toHaveLength(5);
    for (const member of members) {
      expect(member.fields.every((field) => columns.includes(field.id))).toBe(true);
    }
    const search = fake.handlers.requests
      .filter((entry) => entry.path === '/members/v1/members')
      .map((entry) => new URLSearchParams(entry.search));
    expect(
      search.map((query) => [query.get('columns'), query.get('limit'), query.get('offset')]),
    ).toEqual([
      [columns.join(','), '2', '0'],
      [columns.join(','), '2', '2'],
      [columns.join(','), '2', '4'],
    ]);
  });

  it.each([
    [{ pageSize: 0 }, 'pageSize'],
    [{ pageSize: 101 }, 'pageSize'],
    [{ pageSize: 2.5 }, 'pageSize'],
    [{ columns: [] }, 'columns'],
    [{ columns: ['a,b'] }, 'columns'],
    [{ columns: [''] }, 'columns'],
  ])('refuses %j synchronously with HrbrainConfigError, before any request', (params, option) => {
    const fake = useFakeHrbrain(msw);
    const client = fake.client();
    let thrown: unknown;
    try {
      client.members.list(params);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HrbrainConfigError);
    expect((thrown as HrbrainConfigError).option).toBe(option);
    expect(fake.handlers.requests).toHaveLength(0);
  });

  it('listAll(), organizations.items() and snapshot() reject bad params with HrbrainConfigError, before any request', async () => {
    const fake = useFakeHrbrain(msw);
    const client = fake.client();
    await expect(client.members.listAll({ pageSize: 0 })).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      option: 'pageSize',
    });
    await expect(client.organizations.items('')).rejects.toBeInstanceOf(HrbrainConfigError);
    await expect(client.snapshot({ members: { pageSize: 500 } })).rejects.toMatchObject({
      option: 'pageSize',
    });
    expect(fake.handlers.requests).toHaveLength(0);
  });
});

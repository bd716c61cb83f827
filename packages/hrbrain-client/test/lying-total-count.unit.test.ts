import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { HrbrainPagingError } from '../src/index';
import { rejectionOf, useFakeHrbrain, useMswServer } from './support/harness';

const msw = useMswServer();
const MEMBERS = 'https://acme.oapi.hrbrain.jp/members/v1/members';

const member = (index: number) => ({
  id: `m-${index}`,
  fields: [{ id: 'fld-ln', alias: 'LastName', type: 'text', value: `L${index}` }],
});

/**
 * A server holding `real` members that reports `claimed` as `paging.totalCount`; counts
 * the member requests it gets.
 */
function lyingServer(real: number, claimed: (offset: number) => number) {
  const seen = { requests: 0 };
  msw.server.use(
    http.get(MEMBERS, ({ request }) => {
      seen.requests++;
      const url = new URL(request.url);
      const limit = Number(url.searchParams.get('limit'));
      const offset = Number(url.searchParams.get('offset'));
      const data = [];
      for (let i = offset; i < Math.min(real, offset + limit); i++) data.push(member(i));
      return HttpResponse.json({ data, paging: { totalCount: claimed(offset) } });
    }),
  );
  return seen;
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number; heapMb: number }> {
  const heapBefore = process.memoryUsage().heapUsed;
  const startedAt = performance.now();
  const result = await run();
  return {
    result,
    ms: performance.now() - startedAt,
    heapMb: (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20,
  };
}

describe('members.list against a server lying about paging.totalCount', () => {
  it('totalCount 1e12 for one member: a typed error fast, in bounded memory, without 1e10 requests', async () => {
    const fake = useFakeHrbrain(msw);
    const seen = lyingServer(1, () => 1e12);
    const {
      result: error,
      ms,
      heapMb,
    } = await timed(() => rejectionOf(fake.client().members.listAll()));
    expect(HrbrainPagingError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INCONSISTENT_PAGING', totalCount: 1e12 });
    expect(seen.requests).toBeLessThanOrEqual(2);
    expect(ms).toBeLessThan(2_000);
    expect(heapMb).toBeLessThan(64);
  }, 20_000);

  it('totalCount 2e6 for one member: a typed error after a few requests, not 20,004 requests and "ok"', async () => {
    const fake = useFakeHrbrain(msw);
    const seen = lyingServer(1, () => 2e6);
    const { result: error, ms } = await timed(() => rejectionOf(fake.client().members.listAll()));
    expect(HrbrainPagingError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INCONSISTENT_PAGING', reason: 'empty-page' });
    expect(seen.requests).toBeLessThanOrEqual(2 + 4);
    expect(ms).toBeLessThan(2_000);
  }, 20_000);

  it('2e6 claimed for 250 real members: stops at the first empty page with a typed error', async () => {
    const fake = useFakeHrbrain(msw);
    const seen = lyingServer(250, () => 2e6);
    const error = await rejectionOf(fake.client().members.listAll());
    expect(error).toMatchObject({ code: 'INCONSISTENT_PAGING', reason: 'empty-page' });
    expect(seen.requests).toBeLessThanOrEqual(3 + 1 + 4);
  });

  it('a totalCount lower than the members a page holds is a typed error, not a listing cut short', async () => {
    const fake = useFakeHrbrain(msw);
    lyingServer(250, () => 50);
    const error = await rejectionOf(fake.client().members.listAll());
    expect(HrbrainPagingError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'count-below-data', totalCount: 50, offset: 0 });
  });

  it('a totalCount beyond maxPages × pageSize fails after the first page', async () => {
    const fake = useFakeHrbrain(msw);
    const seen = lyingServer(1_000, () => 1_000);
    const error = await rejectionOf(fake.client().members.listAll({ pageSize: 10, maxPages: 5 }));
    expect(error).toMatchObject({ code: 'INCONSISTENT_PAGING', reason: 'max-pages' });
    expect(seen.requests).toBe(1);
  });

  it('a server whose totalCount keeps growing is stopped by maxPages', async () => {
    const fake = useFakeHrbrain(msw);
    // Serves full pages forever, always claiming one page more than asked so far.
    const seen = lyingServer(1e9, (offset) => offset + 20);
    const error = await rejectionOf(fake.client().members.listAll({ pageSize: 10, maxPages: 7 }));
    expect(error).toMatchObject({ code: 'INCONSISTENT_PAGING', reason: 'max-pages' });
    expect(seen.requests).toBeLessThanOrEqual(7);
  });

  it('an honest tenant of exactly maxPages pages is read in full', async () => {
    const fake = useFakeHrbrain(msw, { members: 50 });
    const members = await fake.client().members.listAll({ pageSize: 10, maxPages: 5 });
    expect(members).toHaveLength(50);
  });
});

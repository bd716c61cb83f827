import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ConnectionError,
  HrbrainInternalError,
  HrbrainResponseValidationError,
  maxOrganizationDepth,
} from '../src/index';
import { rejectionOf, useFakeHrbrain, useMswServer } from './support/harness';

const msw = useMswServer();
const ORG = 'https://acme.oapi.hrbrain.jp/members/v1.1/organization/:organizationId/items';

/** `{ type: 'tree', items: [chain] }` as JSON text, built without recursion. */
function chainJson(depth: number): string {
  let open = '';
  let close = '';
  for (let level = 0; level < depth; level++) {
    open += `{"id":"d-${level}","value":"部署${level}","code":"C${level}"${level + 1 < depth ? ',"items":[' : ''}`;
    close = (level + 1 < depth ? ']}' : '}') + close;
  }
  return `{"type":"tree","items":[${open}${close}]}`;
}

/** A chain of `depth` nested items, built without recursion. */
function chain(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = { id: 'd-0', value: '部署0', code: 'C0' };
  let node = root;
  for (let level = 1; level < depth; level++) {
    const child: Record<string, unknown> = {
      id: `d-${level}`,
      value: `部署${level}`,
      code: `C${level}`,
    };
    node.items = [child];
    node = child;
  }
  return root;
}

function serveOrganization(body: unknown) {
  const seen = { requests: 0 };
  msw.server.use(
    http.get(ORG, () => {
      seen.requests++;
      return typeof body === 'string'
        ? new HttpResponse(body, { headers: { 'content-type': 'application/json' } })
        : HttpResponse.json(body as Record<string, unknown>);
    }),
  );
  return seen;
}

describe('organization trees (deep, and tolerant shapes)', () => {
  it('a 10,000-level tree is an INVALID_RESPONSE, not a ConnectionError, and is not retried', async () => {
    const fake = useFakeHrbrain(msw);
    const seen = serveOrganization(chainJson(10_000));
    const error = await rejectionOf(fake.client({ maxRetries: 3 }).organizations.items('org-dept'));
    expect(ConnectionError.isInstance(error)).toBe(false);
    expect(HrbrainResponseValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', reason: 'schema' });
    expect((error as Error).message).toContain(`${maxOrganizationDepth} levels`);
    expect(seen.requests).toBe(1);
  });

  it('a 10,000-level tree fails snapshot() the same way', async () => {
    const fake = useFakeHrbrain(msw);
    const seen = serveOrganization(chainJson(10_000));
    const error = await rejectionOf(fake.client().snapshot());
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE' });
    expect(seen.requests).toBeGreaterThan(0);
    expect(seen.requests).toBeLessThanOrEqual(4);
  });

  it(`a tree exactly ${'maxOrganizationDepth'} levels deep is accepted`, async () => {
    const fake = useFakeHrbrain(msw);
    serveOrganization({ type: 'tree', items: [chain(maxOrganizationDepth)] });
    const answer = await fake.client().organizations.items('org-dept');
    let depth = 0;
    let level: unknown[] | null | undefined = answer.items;
    while (level && level.length > 0) {
      depth++;
      level = (level[0] as { items?: unknown[] | null }).items;
    }
    expect(depth).toBe(maxOrganizationDepth);
  });

  it('a bad item deep in a tree is named by its path, without recursion', async () => {
    const fake = useFakeHrbrain(msw);
    const root = chain(3);
    ((root.items as Record<string, unknown>[])[0] as Record<string, unknown>).id = 42;
    serveOrganization({ type: 'tree', items: [root] });
    const error = await rejectionOf(fake.client().organizations.items('org-dept'));
    expect(error).toMatchObject({
      code: 'INVALID_RESPONSE',
      path: ['items', 0, 'items', 0, 'id'],
    });
  });

  it('tolerance: a node whose `items` is a single object has that one child', async () => {
    const fake = useFakeHrbrain(msw);
    serveOrganization({
      type: 'tree',
      items: [
        {
          id: 'root',
          value: '本社',
          items: { id: 'child', value: '営業部', items: { id: 'grandchild', value: '営業1課' } },
        },
      ],
    });
    const answer = await fake.client().organizations.items('org-dept');
    expect(answer.items).toEqual([
      {
        id: 'root',
        value: '本社',
        items: [{ id: 'child', value: '営業部', items: [{ id: 'grandchild', value: '営業1課' }] }],
      },
    ]);
  });

  it('tolerance: a top-level `items` that is a single object is a list of one', async () => {
    const fake = useFakeHrbrain(msw);
    serveOrganization({ type: 'list', items: { id: 'only', value: '正社員' } });
    const answer = await fake.client().organizations.items('org-emp');
    expect(answer.items).toEqual([{ id: 'only', value: '正社員' }]);
  });
});

describe('a local failure is not a network failure', () => {
  it('a RangeError thrown by a custom fetch is an HrbrainInternalError, tried once, not a ConnectionError', async () => {
    const fake = useFakeHrbrain(msw);
    let calls = 0;
    const brokenFetch: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes('/members/v1/fields')) {
        calls++;
        throw new RangeError('Maximum call stack size exceeded');
      }
      return fetch(input, init);
    };
    const error = await rejectionOf(
      fake.client({ fetch: brokenFetch, maxRetries: 3 }).fields.list(),
    );
    expect(ConnectionError.isInstance(error)).toBe(false);
    expect(HrbrainInternalError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INTERNAL_ERROR' });
    expect(calls).toBe(1);
  });

  it('a TypeError from fetch (how fetch reports a network failure) stays a ConnectionError', async () => {
    const fake = useFakeHrbrain(msw);
    const failingFetch: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const error = await rejectionOf(
      fake.client({ fetch: failingFetch, maxRetries: 0 }).fields.list(),
    );
    expect(ConnectionError.isInstance(error)).toBe(true);
  });
});

import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { HrbrainError, HrbrainRedirectError } from '../src/index';
import { rejectionOf, SECRET, useFakeHrbrain, useMswServer } from './support/harness';

const msw = useMswServer();
const API = 'https://acme.oapi.hrbrain.jp';
const OTHER = 'https://collector.example';
const OTHER_BODY = 'OTHER-HOST-BODY-7c1f';

/** Every HRBrain call the client makes, and a client call that reaches it. */
const endpoints = [
  {
    method: 'post' as const,
    path: '/auth/token',
    call: (client: ReturnType<ReturnType<typeof useFakeHrbrain>['client']>) => client.fields.list(),
  },
  {
    method: 'get' as const,
    path: '/members/v1/fields',
    call: (client: ReturnType<ReturnType<typeof useFakeHrbrain>['client']>) => client.fields.list(),
  },
  {
    method: 'get' as const,
    path: '/members/v1/members',
    call: (client: ReturnType<ReturnType<typeof useFakeHrbrain>['client']>) =>
      client.members.listAll(),
  },
  {
    method: 'get' as const,
    path: '/members/v1.1/organization/:organizationId/items',
    call: (client: ReturnType<ReturnType<typeof useFakeHrbrain>['client']>) => client.snapshot(),
  },
];

const cases = endpoints.flatMap((endpoint) =>
  [301, 302, 303, 307, 308].map((status) => ({ ...endpoint, status })),
);

describe('C4/C5: the client never follows a redirect off the HRBrain origin', () => {
  it.each(cases)(
    'C4/C5: $status on $method $path → HrbrainRedirectError, zero requests at the other origin',
    async ({ method, path, status, call }) => {
      const fake = useFakeHrbrain(msw);
      const atOther: string[] = [];
      msw.server.use(
        http[method](
          `${API}${path}`,
          () =>
            new HttpResponse(`moved, see ${OTHER}`, {
              status,
              headers: { location: `${OTHER}/steal${path}`, 'content-type': 'text/plain' },
            }),
        ),
        http.all(`${OTHER}/*`, async ({ request }) => {
          atOther.push(
            `${request.method} ${new URL(request.url).pathname} ${await request.text()}`,
          );
          return new HttpResponse(OTHER_BODY, { status: 500 });
        }),
      );
      const error = await rejectionOf(call(fake.client({ maxRetries: 2 })));
      expect(atOther).toEqual([]);
      expect(HrbrainRedirectError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: 'REDIRECT_REFUSED', status });
      // Not retried: one attempt at the redirecting endpoint.
      const redirected = fake.handlers.requests.length;
      expect(redirected).toBeLessThanOrEqual(5);
      for (const text of [
        JSON.stringify(error),
        inspect(error, { depth: Infinity, showHidden: true }),
        (error as Error).message,
      ]) {
        expect(text).not.toContain(OTHER_BODY);
        expect(text).not.toContain(SECRET);
      }
      expect(HrbrainError.isInstance(error)).toBe(true);
    },
  );

  it('C4/C5: a custom fetch that follows redirects anyway is caught by `response.redirected`', async () => {
    const fake = useFakeHrbrain(msw);
    msw.server.use(
      http.get(`${API}/members/v1/fields`, () =>
        HttpResponse.json([{ id: 'x', label: OTHER_BODY }]),
      ),
    );
    const followingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      // What a fetch that ignored `redirect: 'manual'` hands back: the other host's answer.
      if (String(input instanceof Request ? input.url : input).includes('/members/v1/fields')) {
        const other = new Response(JSON.stringify([{ id: 'x', label: OTHER_BODY }]), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
        Object.defineProperty(other, 'url', { value: `${OTHER}/fields` });
        // What fetch reports after following a redirect.
        Object.defineProperty(other, 'redirected', { value: true });
        return other;
      }
      return response;
    };
    const error = await rejectionOf(fake.client({ fetch: followingFetch }).fields.list());
    expect(HrbrainRedirectError.isInstance(error)).toBe(true);
    expect(JSON.stringify(error)).not.toContain(OTHER_BODY);
  });
});

import { inspect } from 'node:util';
import type { HrbrainFaults } from '@mikiwame/hrbrain-mock';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { buildHrbrainClient, type HrbrainClientOptions } from '../src/client';
import { type HrbrainClient, HrbrainError } from '../src/index';
import { fastTiming, rejectionOf, SECRET, useFakeHrbrain, useMswServer } from './support/harness';

const msw = useMswServer();
const WRONG_SECRET = 'sk-live-WRONG-0e1d2c3b4a596877-secret';

/** Every way an error or a log line can be turned into text. */
function renderings(value: unknown): string[] {
  const texts = [
    inspect(value, { depth: Infinity, showHidden: true }),
    inspect(value, { depth: Infinity, customInspect: false }),
    JSON.stringify(value) ?? '',
    String(value),
  ];
  if (value instanceof Error) {
    texts.push(value.message, value.stack ?? '');
    let cause: unknown = value.cause;
    for (let depth = 0; depth < 5 && cause !== undefined; depth++) {
      texts.push(inspect(cause, { depth: Infinity, showHidden: true }));
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  }
  return texts;
}

function expectNoSecrets(texts: string[], secrets: string[]) {
  for (const secret of secrets) {
    for (const text of texts) {
      if (text.includes(secret)) {
        throw new Error(`C5 leak: found a secret in:\n${text.slice(0, 2_000)}`);
      }
    }
  }
}

type Scenario = {
  faults?: HrbrainFaults;
  options?: Partial<HrbrainClientOptions>;
  /** Extra msw handlers (prepended) for servers that misbehave in ways the fake does not. */
  handlers?: Parameters<typeof msw.server.use>;
  call: (client: HrbrainClient) => Promise<unknown>;
  /** Whether the scenario gets as far as issuing a token (so the token check is not vacuous). */
  issuesToken: boolean;
};

const echoAuthorization = http.get(
  'https://acme.oapi.hrbrain.jp/members/v1/fields',
  ({ request }) => {
    const authorization = request.headers.get('authorization') ?? '';
    return HttpResponse.json(
      {
        message: `cannot serve ${authorization}`,
        echo: { authorization, nested: [authorization] },
      },
      { status: 500, headers: { 'x-echo': authorization } },
    );
  },
);
const echoCredentials = http.post(
  'https://acme.oapi.hrbrain.jp/auth/token',
  async ({ request }) => {
    const body = await request.text();
    return new HttpResponse(`invalid credentials: ${body}`, {
      status: 401,
      headers: { 'content-type': 'text/plain', 'x-echo': body },
    });
  },
);

/** Rethrows a failed fetch with the request's headers in the message and in its cause. */
const quotingFetch: typeof fetch = async (input, init) => {
  const headers = JSON.stringify(
    Object.fromEntries(input instanceof Request ? input.headers : new Headers(init?.headers)),
  );
  try {
    return await fetch(input, init);
  } catch (error) {
    throw new TypeError(`request with ${headers} failed`, {
      cause: new Error(`upstream said no to ${headers}`, { cause: error }),
    });
  }
};

const scenarios: Record<string, Scenario> = {
  'wrong secret (401 from /auth/token)': {
    options: { clientSecret: WRONG_SECRET },
    call: (client) => client.fields.list(),
    issuesToken: false,
  },
  'server echoing the credentials in a 401 body and header': {
    handlers: [echoCredentials],
    call: (client) => client.fields.list(),
    issuesToken: false,
  },
  'server echoing the bearer token in a 500 body and header': {
    handlers: [echoAuthorization],
    options: { maxRetries: 1 },
    call: (client) => client.fields.list(),
    issuesToken: true,
  },
  'token refused even after a refresh (401)': {
    faults: { unauthorized: { count: Infinity } },
    call: (client) => client.fields.list(),
    issuesToken: true,
  },
  'missing scope (403)': {
    faults: { forbidden: { count: Infinity } },
    call: (client) => client.verifyConnection(),
    issuesToken: true,
  },
  'unknown organization (404)': {
    call: (client) => client.organizations.items('nope'),
    issuesToken: true,
  },
  'bad parameter (400)': {
    call: (client) => client.members.listAll({ columns: ['nope'] }),
    issuesToken: true,
  },
  'rate limited (429)': {
    faults: { rateLimit: { count: Infinity, retryAfter: 0 } },
    call: (client) => client.snapshot(),
    issuesToken: true,
  },
  'server error (5xx)': {
    faults: { serverError: { count: Infinity, status: 502 } },
    call: (client) => client.members.listAll(),
    issuesToken: true,
  },
  'connection error': {
    faults: { networkError: { count: Infinity } },
    call: (client) => client.fields.list(),
    issuesToken: true,
  },
  'connection error reported by a fetch wrapper that quotes the request headers': {
    faults: { networkError: { count: Infinity } },
    // A user's logging/proxy wrapper around the real (msw-intercepted) fetch.
    options: { fetch: quotingFetch },
    call: (client) => client.fields.list(),
    issuesToken: true,
  },
  'connection error on /auth/token': {
    faults: { networkError: { count: Infinity, path: '/auth/token' } },
    call: (client) => client.fields.list(),
    issuesToken: false,
  },
  timeout: {
    faults: { latencyMs: 100 },
    options: { timeoutMs: 60_000 },
    call: async (client) => {
      await client.fields.list();
      return client.fields.list({}, { timeoutMs: 5, maxRetries: 0 });
    },
    issuesToken: true,
  },
  abort: {
    faults: { latencyMs: 50 },
    call: async (client) => {
      await client.fields.list();
      return client.members.listAll({}, { signal: AbortSignal.timeout(10) });
    },
    issuesToken: true,
  },
  'truncated JSON': {
    faults: { truncatedJson: { count: Infinity } },
    call: (client) => client.fields.list(),
    issuesToken: true,
  },
  'malformed JSON from /auth/token': {
    faults: { malformedJson: { count: Infinity, path: '/auth/token' } },
    call: (client) => client.fields.list(),
    issuesToken: false,
  },
};

describe('C5: the secret and access tokens never leak', () => {
  it.each(Object.entries(scenarios))(
    'C5: %s — not in the error, its serializations, the logs or the client',
    async (_name, scenario) => {
      const fake = useFakeHrbrain(msw, {}, scenario.faults ?? {});
      if (scenario.handlers) msw.server.use(...scenario.handlers);
      const logged: unknown[][] = [];
      const logger = {
        debug: (...args: unknown[]) => logged.push(args),
        warn: (...args: unknown[]) => logged.push(args),
      };
      const client = fake.client({ logger, ...scenario.options });
      const error = await rejectionOf(scenario.call(client));
      expect(HrbrainError.isInstance(error)).toBe(true);

      const secrets = [SECRET, WRONG_SECRET, ...msw.issuedTokens];
      if (scenario.issuesToken) expect(msw.issuedTokens.length).toBeGreaterThan(0);
      expect(logged.length).toBeGreaterThan(0);
      expectNoSecrets(
        [
          ...renderings(error),
          ...renderings(client),
          ...logged.flatMap((args) => renderings(args)),
        ],
        secrets,
      );
    },
  );

  it('C5: a body that echoed the token is kept, with the token redacted', async () => {
    useFakeHrbrain(msw);
    msw.server.use(echoAuthorization);
    const error = (await rejectionOf(
      buildHrbrainClient(
        { clientId: 'acme', clientSecret: SECRET, maxRetries: 0 },
        fastTiming,
      ).fields.list(),
    )) as { body: unknown; headers: Headers };
    expect(error.body).toEqual({
      message: 'cannot serve Bearer [redacted]',
      echo: { authorization: 'Bearer [redacted]', nested: ['Bearer [redacted]'] },
    });
    expect(error.headers.get('x-echo')).toBe('Bearer [redacted]');
  });

  it('C5: a configuration error never quotes the secret', () => {
    for (const options of [
      { clientId: 'acme', clientSecret: SECRET, baseUrl: `ftp://${SECRET}` },
      { clientId: 'acme', clientSecret: SECRET, timeoutMs: -1 },
      { clientId: `${SECRET}.evil`, clientSecret: '   ' },
      { clientId: 'acme', clientSecret: SECRET, baseUrl: `https://user:${SECRET}@x.example` },
    ]) {
      let thrown: unknown;
      try {
        buildHrbrainClient(options, fastTiming);
      } catch (error) {
        thrown = error;
      }
      expect(HrbrainError.isInstance(thrown)).toBe(true);
      // A baseUrl or clientId the caller typed is quoted back; the secret option never is.
      expectNoSecrets(
        renderings(thrown).filter((text) => !text.includes('ftp://') && !text.includes('.evil')),
        [SECRET],
      );
    }
  });

  it('C5: String, JSON and inspect of a client show only its tenant', () => {
    const client = buildHrbrainClient({ clientId: 'acme', clientSecret: SECRET }, fastTiming);
    expect(String(client)).toBe(
      "HrbrainClient { clientId: 'acme', baseUrl: 'https://acme.oapi.hrbrain.jp' }",
    );
    expect(inspect(client)).toBe(String(client));
    expect(JSON.parse(JSON.stringify(client))).toEqual({
      clientId: 'acme',
      baseUrl: 'https://acme.oapi.hrbrain.jp',
    });
    expectNoSecrets(renderings(client), [SECRET]);
  });
});

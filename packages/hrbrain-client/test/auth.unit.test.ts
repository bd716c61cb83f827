import { createFakeHrbrain, createHrbrainHandlers } from '@mikiwame/hrbrain-mock';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { AbortError, AuthenticationError, createHrbrainClient } from '../src/index';
import { rejectionOf, SECRET, useFakeHrbrain, useMswServer } from './support/harness';

const msw = useMswServer();
const tokenCalls = (lines: string[]) => lines.filter((line) => line === 'POST /auth/token').length;

describe('access token', () => {
  it('is fetched once and reused across calls', async () => {
    const fake = useFakeHrbrain(msw);
    const client = fake.client();
    await client.fields.list();
    await client.members.listAll({ pageSize: 10 });
    await client.fields.list();
    expect(tokenCalls(fake.requestLines())).toBe(1);
    expect(fake.requestLines()[0]).toBe('POST /auth/token');
  });

  it('parallel first calls share one token request (single-flight)', async () => {
    const fake = useFakeHrbrain(msw);
    const client = fake.client();
    await Promise.all([client.fields.list(), client.fields.list(), client.members.listAll()]);
    expect(tokenCalls(fake.requestLines())).toBe(1);
  });

  it('a 401 on an API call (expired token) fetches a new token once and resends', async () => {
    const fake = useFakeHrbrain(msw, {}, { tokenExpiresAfterCalls: 2 });
    const client = fake.client({ maxRetries: 0 });
    await client.fields.list();
    await client.fields.list();
    // The third use of the token is refused; the client recovers without spending a retry.
    await expect(client.fields.list()).resolves.toBeInstanceOf(Array);
    expect(fake.requestLines()).toEqual([
      'POST /auth/token',
      'GET /members/v1/fields',
      'GET /members/v1/fields',
      'GET /members/v1/fields',
      'POST /auth/token',
      'GET /members/v1/fields',
    ]);
    expect(fake.handlers.requests.map((entry) => entry.status)).toEqual([
      200, 200, 200, 401, 200, 200,
    ]);
  });

  it('pages running in parallel that all hit 401 cause one token refresh, not one each', async () => {
    const fake = useFakeHrbrain(msw, { members: 90 });
    const client = fake.client({ concurrency: 4 });
    await client.fields.list(); // a token is cached
    fake.handlers.expireTokens();
    const members = await client.members.listAll({ pageSize: 10 });
    expect(members).toHaveLength(90);
    expect(tokenCalls(fake.requestLines())).toBe(2);
  });

  it('parallel calls refused with the same token refresh it once (single-flight refresh)', async () => {
    const fake = useFakeHrbrain(msw);
    const client = fake.client();
    await client.fields.list();
    fake.handlers.faults.unauthorized = { count: 4 };
    await Promise.all([1, 2, 3, 4].map(() => client.fields.list()));
    expect(tokenCalls(fake.requestLines())).toBe(2);
  });

  it('a 401 again with the fresh token is an AuthenticationError', async () => {
    const fake = useFakeHrbrain(msw, {}, { unauthorized: { count: Infinity } });
    const error = await rejectionOf(fake.client().fields.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).endpoint).toBe('GET /members/v1/fields');
    expect((error as Error).message).toMatch(/refused even after fetching a new one/);
    expect(tokenCalls(fake.requestLines())).toBe(2);
  });

  it('a failed token request is not cached: the next call asks again', async () => {
    const fake = useFakeHrbrain(msw, {}, { serverError: { count: 1, path: '/auth/token' } });
    const client = fake.client({ maxRetries: 0 });
    await rejectionOf(client.fields.list());
    await expect(client.fields.list()).resolves.toBeInstanceOf(Array);
    expect(tokenCalls(fake.requestLines())).toBe(2);
  });
});

describe('C4: an upper-case client ID end to end', () => {
  it('C4: createFakeHrbrain and createHrbrainClient given `ACME` talk to each other', async () => {
    const tenant = createFakeHrbrain({ clientId: 'ACME', clientSecret: SECRET, members: 3 });
    msw.server.use(...createHrbrainHandlers(tenant));
    const client = createHrbrainClient({ clientId: 'ACME', clientSecret: SECRET });
    expect(client.clientId).toBe('acme');
    await expect(client.members.listAll()).resolves.toHaveLength(3);
  });
});

describe('access token: edges', () => {
  it('a 401 that survives the refresh ends after exactly one refresh (no loop)', async () => {
    const fake = useFakeHrbrain(msw, {}, { unauthorized: { count: Infinity } });
    const error = await rejectionOf(fake.client().fields.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(fake.requestLines()).toEqual([
      'POST /auth/token',
      'GET /members/v1/fields',
      'POST /auth/token',
      'GET /members/v1/fields',
    ]);
  });

  it('an abort while the token is being fetched stops the call at once', async () => {
    const fake = useFakeHrbrain(msw);
    const controller = new AbortController();
    // A token endpoint that never answers, aborted as the request arrives: only the abort can
    // end the call (no clock: a client that waited for the token would hang until the timeout).
    msw.server.use(
      http.post('https://acme.oapi.hrbrain.jp/auth/token', () => {
        controller.abort();
        return new Promise<never>(() => {});
      }),
    );
    const error = await rejectionOf(fake.client().fields.list({}, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
  });

  it('a baseUrl with a path prefix keeps it for every call, token included', async () => {
    const tenant = createFakeHrbrain({ clientId: 'acme', clientSecret: SECRET, members: 3 });
    msw.server.use(...createHrbrainHandlers(tenant, { baseUrl: 'http://fake.test/hrbrain/' }));
    const client = createHrbrainClient({
      clientId: 'acme',
      clientSecret: SECRET,
      baseUrl: 'http://fake.test/hrbrain/',
    });
    await expect(client.members.listAll()).resolves.toHaveLength(3);
  });
});

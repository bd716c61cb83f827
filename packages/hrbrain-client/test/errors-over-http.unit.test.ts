import { createFakeHrbrain, createHrbrainHandlers } from '@mikiwame/hrbrain-mock';
import { describe, expect, it } from 'vitest';
import { buildHrbrainClient } from '../src/client';
import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  HrbrainApiError,
  HrbrainError,
  HrbrainResponseValidationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../src/index';
import { fastTiming, rejectionOf, SECRET, useFakeHrbrain, useMswServer } from './support/harness';

const msw = useMswServer();

describe('every error class, produced by the fake HRBrain over msw', () => {
  it('C2: a wrong secret is an AuthenticationError that says the client ID or secret is wrong', async () => {
    const fake = useFakeHrbrain(msw);
    const error = await rejectionOf(fake.client({ clientSecret: 'not-the-secret' }).fields.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    const auth = error as AuthenticationError;
    expect(auth.code).toBe('AUTHENTICATION_FAILED');
    expect(auth.status).toBe(401);
    expect(auth.endpoint).toBe('POST /auth/token');
    // C2: the specific reason, since the error body tells a bad secret from an unknown tenant.
    expect(auth.message).toMatch(/refused the client secret for "acme"/);
    expect(auth.requestId).toMatch(/^req-/);
    expect(auth.body).toMatchObject({ code: 'invalid_client_secret' });
    // Not retried, and no API call was attempted without a token.
    expect(fake.requestLines()).toEqual(['POST /auth/token']);
  });

  it('C2: a client ID the tenant does not know is an AuthenticationError too', async () => {
    const fake = useFakeHrbrain(msw);
    const error = await rejectionOf(
      fake.client({ clientId: 'other', baseUrl: fake.handlers.baseUrl }).fields.list(),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toContain('does not know the client ID "other"');
  });

  it('C2: a missing scope is a PermissionDeniedError naming the scope', async () => {
    const fake = useFakeHrbrain(msw, { scopes: ['member:read'] });
    const client = fake.client();
    await expect(client.fields.list()).resolves.toHaveLength(
      fake.handlers.tenant.payload.fields.length,
    );
    const organizationId = Object.keys(fake.handlers.tenant.payload.organizations)[0] as string;
    const error = await rejectionOf(client.organizations.items(organizationId));
    expect(error).toBeInstanceOf(PermissionDeniedError);
    const denied = error as PermissionDeniedError;
    expect(denied.code).toBe('PERMISSION_DENIED');
    expect(denied.status).toBe(403);
    expect(denied.requiredScope).toBe('organization:read');
    expect(denied.message).toContain('`organization:read`');
    // The server's sentence is quoted without doubling its full stop.
    expect(denied.message).not.toContain('..');
    expect(denied.endpoint).toBe('GET /members/v1.1/organization/{organizationId}/items');
  });

  it('an unknown organization id is a NotFoundError, not retried', async () => {
    const fake = useFakeHrbrain(msw);
    const error = await rejectionOf(fake.client().organizations.items('no-such-org'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('NOT_FOUND');
    expect((error as NotFoundError).status).toBe(404);
    expect(fake.requestLines()).toEqual([
      'POST /auth/token',
      'GET /members/v1.1/organization/no-such-org/items',
    ]);
  });

  it('a 400 is a plain HrbrainApiError and is not retried', async () => {
    const fake = useFakeHrbrain(msw);
    const error = await rejectionOf(fake.client().members.listAll({ columns: ['no-such-field'] }));
    expect(error).toBeInstanceOf(HrbrainApiError);
    expect((error as HrbrainApiError).constructor).toBe(HrbrainApiError);
    expect((error as HrbrainApiError).code).toBe('API_ERROR');
    expect((error as HrbrainApiError).status).toBe(400);
    expect((error as Error).message).toContain('Unknown field ids in columns');
    expect(fake.requestLines()).toHaveLength(2);
  });

  it('a 429 left after the retries is a RateLimitError with retryAfterMs', async () => {
    const fake = useFakeHrbrain(msw, {}, { rateLimit: { count: Infinity, retryAfter: 7 } });
    const error = await rejectionOf(fake.client({ maxRetries: 2 }).fields.list());
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe('RATE_LIMITED');
    expect((error as RateLimitError).retryAfterMs).toBe(7000);
    expect(fake.requestLines().filter((line) => line === 'GET /members/v1/fields')).toHaveLength(3);
  });

  it('a 5xx left after the retries is a ServerError', async () => {
    const fake = useFakeHrbrain(msw, {}, { serverError: { count: Infinity, status: 503 } });
    const error = await rejectionOf(fake.client({ maxRetries: 1 }).fields.list());
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).code).toBe('SERVER_ERROR');
    expect((error as ServerError).status).toBe(503);
    expect(fake.requestLines().filter((line) => line === 'GET /members/v1/fields')).toHaveLength(2);
  });

  it('a failure without a response is a ConnectionError', async () => {
    const fake = useFakeHrbrain(msw, {}, { networkError: { count: Infinity } });
    const error = await rejectionOf(fake.client({ maxRetries: 2 }).fields.list());
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('CONNECTION_FAILED');
    expect((error as Error).message).toContain('https://acme.oapi.hrbrain.jp');
    expect(fake.requestLines().filter((line) => line === 'GET /members/v1/fields')).toHaveLength(3);
  });

  it('C2: HRBrain unreachable while fetching the token is a ConnectionError naming the host', async () => {
    const fake = useFakeHrbrain(
      msw,
      {},
      { networkError: { count: Infinity, path: '/auth/token' } },
    );
    const error = await rejectionOf(fake.client({ maxRetries: 0 }).verifyConnection());
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(
      /Could not reach HRBrain at https:\/\/acme\.oapi\.hrbrain\.jp/,
    );
  });

  it('an attempt slower than timeoutMs is a TimeoutError, retried, then final', async () => {
    const fake = useFakeHrbrain(msw, {}, { latencyMs: 200 });
    const error = await rejectionOf(
      fake.client({ maxRetries: 1 }).fields.list({}, { timeoutMs: 20 }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).code).toBe('TIMEOUT');
    expect((error as TimeoutError).timeoutMs).toBe(20);
  });

  it('an aborted signal is an AbortError carrying the reason', async () => {
    const fake = useFakeHrbrain(msw, {}, { latencyMs: 2_000 });
    const controller = new AbortController();
    const pending = fake.client().fields.list({}, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user left')), 10);
    const error = await rejectionOf(pending);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).code).toBe('ABORTED');
    expect(((error as AbortError).cause as Error).message).toBe('user left');
  });

  it('a signal aborted before the call fails at once, with no request', async () => {
    const fake = useFakeHrbrain(msw);
    const error = await rejectionOf(fake.client().fields.list({}, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
    expect(fake.requestLines()).toEqual([]);
  });

  it('a response that misfits the schema is an HrbrainResponseValidationError naming endpoint and path', async () => {
    const tenant = createFakeHrbrain({
      clientId: 'acme',
      clientSecret: SECRET,
      payload: {
        fields: [{ id: 'f1', label: '氏' }],
        members: [
          { id: 'm1', fields: [{ id: 'f1', value: '山田' }] },
          {
            id: 'm2',
            fields: [
              { id: 'f1', value: '田中' },
              { id: 7, value: 'x' },
            ],
          },
        ],
        organizations: {},
      },
    });
    msw.server.use(...createHrbrainHandlers(tenant));
    const client = buildHrbrainClient({ clientId: 'acme', clientSecret: SECRET }, fastTiming);
    const error = await rejectionOf(client.members.listAll());
    expect(error).toBeInstanceOf(HrbrainResponseValidationError);
    const invalid = error as HrbrainResponseValidationError;
    expect(invalid.code).toBe('INVALID_RESPONSE');
    expect(invalid.reason).toBe('schema');
    expect(invalid.endpoint).toBe('GET /members/v1/members');
    expect(invalid.path).toEqual(['data', 1, 'fields', 1, 'id']);
    expect(invalid.message).toContain('data[1].fields[1].id');
    expect(invalid.message).toContain('GET /members/v1/members');
    expect(HrbrainError.isInstance(invalid)).toBe(true);
  });
});

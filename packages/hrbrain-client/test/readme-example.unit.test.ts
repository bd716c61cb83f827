// The README's "Testing your own code" example, verbatim apart from the describe block, so
// the documentation cannot rot. It uses the real (public) client and real backoff.
import { createFakeHrbrain, createHrbrainHandlers } from '@mikiwame/hrbrain-mock';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHrbrainClient, PermissionDeniedError } from '../src/index';

describe('README: testing your own code with @mikiwame/hrbrain-mock', () => {
  const tenant = createFakeHrbrain({
    clientId: 'acme',
    clientSecret: 'test-secret',
    seed: 1,
    members: 250,
  });
  const handlers = createHrbrainHandlers(tenant);
  const server = setupServer(...handlers);
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => handlers.reset());
  afterAll(() => server.close());

  const hrbrain = createHrbrainClient({ clientId: 'acme', clientSecret: 'test-secret' });

  it('reads the whole tenant', async () => {
    expect(await hrbrain.snapshot()).toEqual(tenant.payload);
  });

  it('survives a 503 burst and an expired token', async () => {
    handlers.faults.serverError = { count: 2, status: 503 };
    handlers.expireTokens();
    await expect(hrbrain.members.listAll()).resolves.toHaveLength(250);
  });

  it('tells the admin which scope is missing', async () => {
    const limited = createFakeHrbrain({
      clientId: 'acme',
      clientSecret: 'test-secret',
      scopes: ['member:read'],
    });
    server.use(...createHrbrainHandlers(limited));
    await expect(hrbrain.verifyConnection()).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});

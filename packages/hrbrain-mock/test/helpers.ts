import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  createHrbrainHandlers,
  type FakeHrbrainTenant,
  type HrbrainHandlers,
  type HrbrainHandlersOptions,
} from '../src/index';

/**
 * Starts one msw server for the test file; `serve(tenant)` installs a fresh set of handlers
 * for the current test (they are removed after it).
 */
export function useMsw(): {
  serve(tenant: FakeHrbrainTenant, options?: HrbrainHandlersOptions): HrbrainHandlers;
} {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return {
    serve(tenant, options) {
      const handlers = createHrbrainHandlers(tenant, options);
      server.use(...handlers);
      return handlers;
    },
  };
}

/** `POST /auth/token` with the tenant's credentials; returns the Authorization header. */
export async function authorize(
  tenant: FakeHrbrainTenant,
  baseUrl = tenant.baseUrl,
): Promise<{ authorization: string }> {
  const response = await fetch(`${baseUrl}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ clientId: tenant.clientId, clientSecret: tenant.clientSecret }),
  });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}

import {
  createFakeHrbrain,
  createHrbrainHandlers,
  type FakeHrbrainOptions,
  type HrbrainFaults,
  type HrbrainHandlers,
} from '@mikiwame/hrbrain-mock';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { buildHrbrainClient, type HrbrainClientOptions } from '../../src/client';
import type { RetryTiming } from '../../src/retry-policy';

/** A secret distinctive enough that finding it anywhere is a real leak (C5 tests). */
export const SECRET = 'sk-live-ACME-7f3a9c1e5b2d4f60-secret';

/**
 * Backoff shrunk to milliseconds so retry tests stay fast; `Retry-After` capped at 5 ms.
 * The real curve is unit-tested on `retryDelayMs` itself.
 */
export const fastTiming: RetryTiming = {
  baseDelayMs: 1,
  maxDelayMs: 4,
  maxRetryAfterMs: 5,
  random: () => 0.5,
};

export interface MswHarness {
  server: ReturnType<typeof setupServer>;
  /** Every access token a fake issued during the current test (read from its responses). */
  issuedTokens: string[];
}

/** One msw server per test file; unhandled requests are errors (never the real network). */
export function useMswServer(): MswHarness {
  const server = setupServer();
  const harness: MswHarness = { server, issuedTokens: [] };
  server.events.on('response:mocked', async ({ request, response }) => {
    if (new URL(request.url).pathname !== '/auth/token' || response.status !== 200) return;
    const text = await response.clone().text();
    const token = /"token"\s*:\s*"([^"]+)"/.exec(text)?.[1];
    if (token !== undefined) harness.issuedTokens.push(token);
  });
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    harness.issuedTokens.length = 0;
  });
  afterAll(() => server.close());
  return harness;
}

export interface FakeHrbrainSetup {
  handlers: HrbrainHandlers;
  /** A client for the fake tenant with the fast backoff; `overrides` replace options. */
  client(overrides?: Partial<HrbrainClientOptions>): ReturnType<typeof buildHrbrainClient>;
  /** `METHOD path` of every request the fake received, in order. */
  requestLines(): string[];
}

/** Installs a fake tenant's handlers on the msw server and returns a client factory for it. */
export function useFakeHrbrain(
  msw: MswHarness,
  options: Partial<FakeHrbrainOptions> = {},
  faults: HrbrainFaults = {},
): FakeHrbrainSetup {
  const tenant = createFakeHrbrain({
    clientId: 'acme',
    clientSecret: SECRET,
    seed: 1,
    members: 30,
    ...options,
  });
  const handlers = createHrbrainHandlers(tenant, { faults });
  msw.server.use(...handlers);
  return {
    handlers,
    client: (overrides = {}) =>
      buildHrbrainClient(
        { clientId: tenant.clientId, clientSecret: tenant.clientSecret, ...overrides },
        fastTiming,
      ),
    requestLines: () => handlers.requests.map((entry) => `${entry.method} ${entry.path}`),
  };
}

/** The rejection of `promise` (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

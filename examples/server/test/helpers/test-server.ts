import { randomBytes } from 'node:crypto';
import { loadConfig, type ServerRole } from '../../src/config.ts';
import { createLogger } from '../../src/log/logger.ts';
import { startServer } from '../../src/server.ts';

/** Everything any test server wrote to its log, and every response body any test read. */
export const capturedLogs: string[] = [];
export const capturedResponses: string[] = [];

export const API_KEYS = { a: 'test-key-tenant-a-0123456789', b: 'test-key-tenant-b-0123456789' };
export const TEST_SECRET_KEY = randomBytes(32).toString('base64');

/** A parsed JSON body; tests assert on its fields one by one. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field in each test
export type Json = any;

export interface TestServer {
  url: string;
  /** `fetch` against the server as tenant `a` or `b` (or with no key); records the body text. */
  request(
    as: 'a' | 'b' | null,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; headers: Headers; text: string; json: () => Json }>;
  close(): Promise<void>;
}

/**
 * Starts the real server (the same `startServer` as `main.ts`) on a random port, against a
 * test database, with its log captured. `role: 'web'` starts no worker, so jobs stay queued.
 */
export async function startTestServer(options: {
  databaseUrl: string;
  hrbrainBaseUrl: string | null;
  role?: ServerRole;
  /** `HRBRAIN_SECRET_KEY` (base64); default the one key all test servers share. */
  secretKey?: string;
  /** More environment (e.g. `WEBHOOK_DEBOUNCE_SECONDS`). */
  env?: Record<string, string>;
}): Promise<TestServer> {
  const config = loadConfig({
    NODE_ENV: 'production', // the strict path: real key and API keys, no development defaults
    DATABASE_URL: options.databaseUrl,
    API_KEYS: `${API_KEYS.a}:tenant-a,${API_KEYS.b}:tenant-b`,
    HRBRAIN_SECRET_KEY: options.secretKey ?? TEST_SECRET_KEY,
    PORT: '0',
    SERVER_ROLE: options.role ?? 'all',
    LOG_LEVEL: 'debug',
    ...(options.hrbrainBaseUrl ? { HRBRAIN_BASE_URL: options.hrbrainBaseUrl } : {}),
    ...options.env,
  });
  const logger = createLogger({ level: 'debug', sink: (line) => capturedLogs.push(line) });
  const server = await startServer(config, logger);
  const url = server.url ?? '';

  return {
    url,
    async request(as, method, path, body) {
      const headers: Record<string, string> = {};
      if (as !== null) headers.authorization = `Bearer ${API_KEYS[as]}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      capturedResponses.push(text);
      return {
        status: response.status,
        headers: response.headers,
        text,
        json: () => JSON.parse(text),
      };
    },
    close: () => server.close(),
  };
}

/** Polls a run until it leaves `queued`/`running`. */
export async function waitForRun(
  server: TestServer,
  as: 'a' | 'b',
  runId: string,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await server.request(as, 'GET', `/sync-runs/${runId}`);
    const run = response.json().run;
    if (run.status !== 'queued' && run.status !== 'running') return run;
    if (Date.now() > deadline)
      throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

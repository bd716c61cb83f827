import { describe, expect, it } from 'vitest';
import { buildHrbrainClient } from '../src/client';
import {
  AbortError,
  HrbrainApiError,
  type HrbrainLogEntry,
  HrbrainResponseValidationError,
  RateLimitError,
} from '../src/index';
import { defaultRetryTiming } from '../src/retry-policy';
import { rejectionOf, SECRET, useFakeHrbrain, useMswServer } from './support/harness';

const msw = useMswServer();

function recordingLogger() {
  const entries: HrbrainLogEntry[] = [];
  return {
    entries,
    retries: () => entries.filter((entry) => entry.event === 'retry'),
    logger: {
      debug: (_message: string, entry: HrbrainLogEntry) => entries.push(entry),
      warn: (_message: string, entry: HrbrainLogEntry) => entries.push(entry),
    },
  };
}

const fieldCalls = (lines: string[]) => lines.filter((line) => line === 'GET /members/v1/fields');

describe('retries of reads', () => {
  it('429 with Retry-After: 0 is retried after 0 ms and then succeeds', async () => {
    const fake = useFakeHrbrain(msw, {}, { rateLimit: { count: 2, retryAfter: 0 } });
    const log = recordingLogger();
    const fields = await fake.client({ logger: log.logger }).fields.list();
    expect(fields.length).toBeGreaterThan(0);
    expect(fieldCalls(fake.requestLines())).toHaveLength(3);
    expect(log.retries().map((entry) => [entry.status, entry.delayMs])).toEqual([
      [429, 0],
      [429, 0],
    ]);
  });

  it('429 with Retry-After as an HTTP date is honoured up to the cap', async () => {
    const fake = useFakeHrbrain(
      msw,
      {},
      { rateLimit: { count: 1, retryAfter: 30, retryAfterFormat: 'http-date' } },
    );
    const log = recordingLogger();
    await fake.client({ logger: log.logger }).fields.list();
    // 30 s asked, the test timing caps Retry-After at 5 ms.
    expect(log.retries().map((entry) => entry.delayMs)).toEqual([5]);
  });

  it('429 without Retry-After backs off exponentially instead', async () => {
    const fake = useFakeHrbrain(msw, {}, { rateLimit: { count: 3, retryAfterFormat: 'none' } });
    const log = recordingLogger();
    await fake.client({ logger: log.logger }).fields.list();
    // fastTiming: 1 ms × 2ⁿ capped at 4 ms, jitter 0.5 → ×0.875, rounded.
    expect(log.retries().map((entry) => entry.delayMs)).toEqual([1, 2, 4]);
  });

  it('a burst of 5xx within maxRetries is absorbed', async () => {
    const fake = useFakeHrbrain(msw, {}, { serverError: { count: 3, status: 502 } });
    await expect(fake.client().fields.list()).resolves.toBeInstanceOf(Array);
    expect(fieldCalls(fake.requestLines())).toHaveLength(4);
  });

  it('a burst longer than maxRetries (default 3) fails after 4 attempts', async () => {
    const fake = useFakeHrbrain(msw, {}, { serverError: { count: 4 } });
    const error = await rejectionOf(fake.client().fields.list());
    expect(HrbrainApiError.isInstance(error) && error.status).toBe(500);
    expect(fieldCalls(fake.requestLines())).toHaveLength(4);
  });

  it('per-call maxRetries overrides the client option', async () => {
    const fake = useFakeHrbrain(msw, {}, { serverError: { count: 2 } });
    const client = fake.client({ maxRetries: 5 });
    await expect(rejectionOf(client.fields.list({}, { maxRetries: 0 }))).resolves.toBeInstanceOf(
      HrbrainApiError,
    );
    await expect(client.fields.list({}, { maxRetries: 1 })).resolves.toBeInstanceOf(Array);
    expect(fieldCalls(fake.requestLines())).toHaveLength(3);
  });

  it('408 is retried', async () => {
    const fake = useFakeHrbrain(msw, {}, { serverError: { count: 1, status: 408 } });
    await expect(fake.client().fields.list()).resolves.toBeInstanceOf(Array);
    expect(fieldCalls(fake.requestLines())).toHaveLength(2);
  });

  it('connection errors are retried', async () => {
    const fake = useFakeHrbrain(msw, {}, { networkError: { count: 2 } });
    await expect(fake.client().fields.list()).resolves.toBeInstanceOf(Array);
    expect(fieldCalls(fake.requestLines())).toHaveLength(3);
  });

  it('timeouts are retried', async () => {
    const fake = useFakeHrbrain(msw, {}, { latencyMs: 100 });
    const client = fake.client();
    await client.fields.list(); // token first, so only the fields call races the timeout
    const log = recordingLogger();
    const logged = fake.client({ logger: log.logger });
    await rejectionOf(logged.fields.list({}, { timeoutMs: 10, maxRetries: 2 }));
    expect(
      log.entries.filter(
        (entry) => entry.event === 'failure' && entry.path === '/members/v1/fields',
      ),
    ).toHaveLength(3);
  });

  it('a truncated JSON body is retried, then succeeds', async () => {
    const fake = useFakeHrbrain(msw, {}, { truncatedJson: { count: 1 } });
    await expect(fake.client().members.listAll()).resolves.toHaveLength(30);
  });

  it('a body that stays malformed ends as HrbrainResponseValidationError (malformed-json)', async () => {
    const fake = useFakeHrbrain(msw, {}, { malformedJson: { count: Infinity } });
    const error = await rejectionOf(fake.client({ maxRetries: 1 }).fields.list());
    expect(error).toBeInstanceOf(HrbrainResponseValidationError);
    expect((error as HrbrainResponseValidationError).reason).toBe('malformed-json');
    expect((error as HrbrainResponseValidationError).path).toEqual([]);
    expect(fieldCalls(fake.requestLines())).toHaveLength(2);
  });

  it.each([
    ['403', { forbidden: { count: 1 } }],
    ['401 after a token refresh', { unauthorized: { count: 2 } }],
  ])('%s is not retried', async (_name, faults) => {
    const fake = useFakeHrbrain(msw, {}, faults);
    await rejectionOf(fake.client().fields.list());
    expect(fieldCalls(fake.requestLines()).length).toBeLessThanOrEqual(2);
  });

  it('an abort during a backoff sleep stops waiting at once', async () => {
    // Real timing: the server asks for 30 s; only the abort can end this within the test timeout.
    const fake = useFakeHrbrain(msw, {}, { rateLimit: { count: Infinity, retryAfter: 30 } });
    const client = buildHrbrainClient(
      { clientId: 'acme', clientSecret: SECRET, logger: { warn: () => controller.abort('stop') } },
      defaultRetryTiming,
    );
    const controller = new AbortController();
    const error = await rejectionOf(client.fields.list({}, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toBe('stop');
    expect(fieldCalls(fake.requestLines())).toHaveLength(1);
  });

  it('without retries left, RateLimitError tells when to come back', async () => {
    const fake = useFakeHrbrain(msw, {}, { rateLimit: { count: 1, retryAfter: 12 } });
    const error = await rejectionOf(fake.client({ maxRetries: 0 }).fields.list());
    expect(RateLimitError.isInstance(error) && error.retryAfterMs).toBe(12_000);
  });
});

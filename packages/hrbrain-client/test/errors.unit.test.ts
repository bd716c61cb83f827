import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  HrbrainApiError,
  HrbrainConfigError,
  HrbrainError,
  HrbrainResponseValidationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../src/index';
import { parseRetryAfter } from '../src/retry-after';
import { defaultRetryTiming, isRetryable, retryDelayMs } from '../src/retry-policy';

const endpoint = 'GET /members/v1/members';

function fromStatus(
  status: number,
  headers: Record<string, string> = {},
  body: unknown = undefined,
) {
  return HrbrainApiError.fromResponse({ status, body, headers: new Headers(headers), endpoint });
}

describe('HrbrainApiError.fromResponse', () => {
  it.each([
    [400, HrbrainApiError, 'API_ERROR'],
    [401, AuthenticationError, 'AUTHENTICATION_FAILED'],
    [403, PermissionDeniedError, 'PERMISSION_DENIED'],
    [404, NotFoundError, 'NOT_FOUND'],
    [408, HrbrainApiError, 'API_ERROR'],
    [409, HrbrainApiError, 'API_ERROR'],
    [422, HrbrainApiError, 'API_ERROR'],
    [429, RateLimitError, 'RATE_LIMITED'],
    [500, ServerError, 'SERVER_ERROR'],
    [502, ServerError, 'SERVER_ERROR'],
    [503, ServerError, 'SERVER_ERROR'],
    [599, ServerError, 'SERVER_ERROR'],
  ] as const)('maps %i to %o with code %s', (status, ErrorClass, code) => {
    const error = fromStatus(status, { 'x-request-id': 'req-1' }, { message: 'nope' });
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(HrbrainApiError);
    expect(error).toBeInstanceOf(HrbrainError);
    expect(error.constructor).toBe(ErrorClass);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.requestId).toBe('req-1');
    expect(error.body).toEqual({ message: 'nope' });
    expect(error.endpoint).toBe(endpoint);
    expect(error.message).toContain(`${status}`);
    expect(error.message).toContain(endpoint);
    expect(error.message).toContain('nope');
    expect(error.name).toBe(ErrorClass.name);
  });

  it('treats a text body as text (hrbrain-api.md: the error body is unknown)', () => {
    const error = fromStatus(502, {}, '<html>Bad Gateway</html>');
    expect(error.body).toBe('<html>Bad Gateway</html>');
    expect(error.message).toContain('Bad Gateway');
  });

  it('C2: a 403 names the missing scope, from the body or the endpoint', () => {
    const named = HrbrainApiError.fromResponse({
      status: 403,
      body: { code: 'insufficient_scope', scope: 'organization:read' },
      headers: new Headers(),
      endpoint,
    });
    expect(named.message).toContain('`organization:read`');
    const inferred = HrbrainApiError.fromResponse({
      status: 403,
      body: undefined,
      headers: new Headers(),
      endpoint,
      requiredScope: 'member:read',
    }) as PermissionDeniedError;
    expect(inferred.requiredScope).toBe('member:read');
    expect(inferred.message).toContain('`member:read`');
  });

  it('RateLimitError reads Retry-After as seconds or an HTTP date', () => {
    expect((fromStatus(429, { 'retry-after': '7' }) as RateLimitError).retryAfterMs).toBe(7000);
    const date = new Date(Date.now() + 60_000).toUTCString();
    const fromDate = (fromStatus(429, { 'retry-after': date }) as RateLimitError).retryAfterMs;
    expect(fromDate).toBeGreaterThan(50_000);
    expect(fromDate).toBeLessThanOrEqual(60_000);
    expect((fromStatus(429) as RateLimitError).retryAfterMs).toBeUndefined();
  });
});

describe('every error class', () => {
  const headers = new Headers();
  const init = { status: 500, body: undefined, headers, endpoint };
  type ErrorClass = (abstract new (
    ...args: never
  ) => HrbrainError) & {
    isInstance(value: unknown): boolean;
  };
  const cases: [HrbrainError, string, ErrorClass][] = [
    [new HrbrainApiError('x', { ...init, status: 400 }), 'API_ERROR', HrbrainApiError],
    [
      new AuthenticationError('x', { ...init, status: 401 }),
      'AUTHENTICATION_FAILED',
      AuthenticationError,
    ],
    [
      new PermissionDeniedError('x', { ...init, status: 403 }),
      'PERMISSION_DENIED',
      PermissionDeniedError,
    ],
    [new NotFoundError('x', { ...init, status: 404 }), 'NOT_FOUND', NotFoundError],
    [new RateLimitError('x', { ...init, status: 429 }), 'RATE_LIMITED', RateLimitError],
    [new ServerError('x', init), 'SERVER_ERROR', ServerError],
    [new ConnectionError('x'), 'CONNECTION_FAILED', ConnectionError],
    [new TimeoutError('x', { timeoutMs: 5 }), 'TIMEOUT', TimeoutError],
    [new AbortError(), 'ABORTED', AbortError],
    [new HrbrainConfigError('x', { option: 'clientId' }), 'INVALID_CONFIG', HrbrainConfigError],
    [
      new HrbrainResponseValidationError('x', { endpoint, path: [], reason: 'schema' }),
      'INVALID_RESPONSE',
      HrbrainResponseValidationError,
    ],
  ];

  it.each(
    cases.map(([error, code, ErrorClass]) => [ErrorClass.name, error, code, ErrorClass] as const),
  )(
    '%s is an HrbrainError with a stable code and its own isInstance',
    (_name, error, code, ErrorClass) => {
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(HrbrainError);
      expect(HrbrainError.isInstance(error)).toBe(true);
      expect(ErrorClass.isInstance(error)).toBe(true);
      expect(error.code).toBe(code);
      expect(JSON.parse(JSON.stringify(error))).toMatchObject({
        name: ErrorClass.name,
        code,
        message: error.message,
      });
      // isInstance does not confuse siblings.
      for (const [other, , OtherClass] of cases) {
        if (OtherClass === ErrorClass) continue;
        const related = other instanceof ErrorClass;
        expect(ErrorClass.isInstance(other)).toBe(related);
      }
      expect(ErrorClass.isInstance(new Error('x'))).toBe(false);
      expect(ErrorClass.isInstance(null)).toBe(false);
      expect(ErrorClass.isInstance('AuthenticationError')).toBe(false);
    },
  );

  it('isInstance works across two loaded copies of the package (ESM source vs CJS build)', () => {
    const require = createRequire(import.meta.url);
    const cjs = require('../dist/index.cjs') as typeof import('../src/index');
    const foreign = new cjs.RateLimitError('x', {
      status: 429,
      body: undefined,
      headers,
      endpoint,
    });
    expect(foreign instanceof RateLimitError).toBe(false);
    expect(RateLimitError.isInstance(foreign)).toBe(true);
    expect(HrbrainApiError.isInstance(foreign)).toBe(true);
    expect(HrbrainError.isInstance(foreign)).toBe(true);
    expect(ServerError.isInstance(foreign)).toBe(false);
    expect(cjs.HrbrainError.isInstance(new AbortError())).toBe(true);
  });
});

describe('retry policy', () => {
  const headers = new Headers();
  it.each([
    [fromStatus(408), true],
    [fromStatus(429), true],
    [fromStatus(500), true],
    [fromStatus(503), true],
    [fromStatus(400), false],
    [fromStatus(401), false],
    [fromStatus(403), false],
    [fromStatus(404), false],
    [new ConnectionError('x'), true],
    [new TimeoutError('x', { timeoutMs: 1 }), true],
    [
      new HrbrainResponseValidationError('x', { endpoint, path: [], reason: 'malformed-json' }),
      true,
    ],
    [
      new HrbrainResponseValidationError('x', { endpoint, path: ['data'], reason: 'schema' }),
      false,
    ],
    [new AbortError(), false],
    [new HrbrainConfigError('x', { option: 'x' }), false],
  ] as const)('retries %s: %s', (error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });

  it('backs off 0.5 s × 2ⁿ, capped at 8 s, with at most 25 % jitter', () => {
    const error = new ConnectionError('x');
    const noJitter = { ...defaultRetryTiming, random: () => 0 };
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => retryDelayMs(error, n, noJitter))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    const fullJitter = { ...defaultRetryTiming, random: () => 0.999999 };
    expect(retryDelayMs(error, 0, fullJitter)).toBe(375);
    expect(retryDelayMs(error, 4, fullJitter)).toBe(6000);
  });

  it('honours Retry-After (seconds or HTTP date) up to the cap, without jitter', () => {
    const timing = { ...defaultRetryTiming, random: () => 0.5 };
    expect(retryDelayMs(fromStatus(429, { 'retry-after': '3' }), 0, timing)).toBe(3000);
    expect(retryDelayMs(fromStatus(503, { 'retry-after': '2' }), 5, timing)).toBe(2000);
    expect(retryDelayMs(fromStatus(429, { 'retry-after': '0' }), 2, timing)).toBe(0);
    expect(retryDelayMs(fromStatus(429, { 'retry-after': '3600' }), 0, timing)).toBe(60_000);
    const date = new Date(Date.now() + 30_000).toUTCString();
    const fromDate = retryDelayMs(fromStatus(429, { 'retry-after': date }), 0, timing);
    expect(fromDate).toBeGreaterThan(20_000);
    expect(fromDate).toBeLessThanOrEqual(30_000);
    // No or unreadable Retry-After → ordinary backoff.
    expect(retryDelayMs(fromStatus(429, { 'retry-after': 'soon' }), 0, timing)).toBe(438);
    expect(
      retryDelayMs(
        new ServerError('x', { status: 500, body: undefined, headers, endpoint }),
        1,
        timing,
      ),
    ).toBe(875);
  });

  it.each([
    [null, undefined],
    ['0', 0],
    ['5', 5000],
    [' 1.5 ', 1500],
    ['-1', undefined],
    ['soon', undefined],
    ['Wed, 25 Nov 2026 14:00:10 GMT', 10_000],
    ['Wed, 25 Nov 2026 13:00:00 GMT', 0],
  ] as const)('parseRetryAfter(%j) = %j', (value, expected) => {
    expect(parseRetryAfter(value, Date.parse('Wed, 25 Nov 2026 14:00:00 GMT'))).toBe(expected);
  });
});

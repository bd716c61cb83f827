import { inspect } from 'node:util';
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { buildHrbrainClient } from '../src/client';
import { AuthenticationError, HrbrainError } from '../src/index';
import { SecretRedactor } from '../src/redact';
import { fastTiming, rejectionOf, SECRET, useFakeHrbrain, useMswServer } from './support/harness';

const msw = useMswServer();

/** {@link nest} as JSON text, built without recursion (`JSON.stringify` overflows at this depth). */
function nestedJson(depth: number, leaf: unknown): string {
  let open = '';
  let close = '';
  for (let level = depth - 1; level >= 0; level--) {
    if (level % 2 === 0) {
      open += `{${JSON.stringify(`k-${SECRET}`)}:${JSON.stringify(SECRET)},"detail":`;
      close = `}${close}`;
    } else {
      open += '[';
      close = `]${close}`;
    }
  }
  return open + JSON.stringify(leaf) + close;
}

/** `leaf` wrapped `depth` times, alternating objects and arrays. */
function nest(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level++) {
    value = level % 2 === 0 ? { detail: value, [`k-${SECRET}`]: SECRET } : [value];
  }
  return value;
}

function everyRendering(error: unknown): string[] {
  const texts = [
    JSON.stringify(error) ?? '',
    inspect(error, { depth: Infinity, showHidden: true }),
    inspect(error, { depth: Infinity, customInspect: false }),
  ];
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current instanceof Error; depth++) {
    texts.push(current.message, current.stack ?? '');
    current = current.cause;
  }
  return texts;
}

describe('C5: secrets are redacted at any nesting depth', () => {
  it.each([33, 40, 500, 10_000])(
    'C5: a secret echoed %i levels deep in a 401 body never appears in any rendering',
    async (depth) => {
      const fake = useFakeHrbrain(msw);
      const body = nestedJson(depth, { echo: `clientSecret=${SECRET}` });
      expect(() => JSON.parse(body)).not.toThrow();
      msw.server.use(
        http.post(
          'https://acme.oapi.hrbrain.jp/auth/token',
          () =>
            new HttpResponse(body, {
              status: 401,
              headers: { 'content-type': 'application/json' },
            }),
        ),
      );
      const error = await rejectionOf(fake.client().fields.list());
      expect(AuthenticationError.isInstance(error)).toBe(true);
      for (const text of everyRendering(error)) expect(text).not.toContain(SECRET);
    },
  );

  it('C5: SecretRedactor.redact never returns a value holding the secret, whatever the depth (property)', () => {
    const redactor = new SecretRedactor();
    redactor.add(SECRET);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_000 }), (depth) => {
        const redacted = redactor.redact(nest(depth, SECRET));
        expect(JSON.stringify(redacted)).not.toContain(SECRET);
      }),
      { numRuns: 40 },
    );
  });

  it('C5: past the depth limit a value is replaced, and shallow bodies are kept intact', () => {
    const redactor = new SecretRedactor();
    redactor.add(SECRET);
    expect(redactor.redact({ a: [1, { b: `x ${SECRET} y` }], n: null })).toEqual({
      a: [1, { b: 'x [redacted] y' }],
      n: null,
    });
    const deep = JSON.stringify(redactor.redact(nest(100_000, 'harmless')));
    expect(deep).toContain(SecretRedactor.truncated);
    expect(deep).not.toContain(SECRET);
  });
});

/** `leaf` as the innermost of `depth` errors chained by `cause`. */
function causeChain(depth: number, leaf: unknown): Error {
  let error = new Error('innermost', { cause: leaf });
  for (let level = 0; level < depth; level++) error = new Error(`wrap ${level}`, { cause: error });
  return error;
}

describe('C5: a failing fetch keeps no cause that holds the secret, wherever it sits', () => {
  const failures: [string, () => unknown][] = [
    [
      'a cause chain 12 errors deep',
      () => new TypeError('fetch failed', { cause: causeChain(12, new Error(`echo ${SECRET}`)) }),
    ],
    [
      'an AggregateError (how undici reports failed connects)',
      () =>
        new TypeError('fetch failed', {
          cause: new AggregateError(
            [new Error('a'), new Error(`echo ${SECRET}`)],
            'connect failed',
          ),
        }),
    ],
    [
      'a property of the cause',
      () =>
        new TypeError('fetch failed', {
          cause: Object.assign(new Error('boom'), { config: { body: [{ clientSecret: SECRET }] } }),
        }),
    ],
    [
      'a cause that is a plain object',
      () => new TypeError('fetch failed', { cause: { nested: { secret: SECRET } } }),
    ],
    ['a cause that is a string', () => new TypeError('fetch failed', { cause: `echo ${SECRET}` })],
    [
      'a Map key in the cause',
      () =>
        new TypeError('fetch failed', {
          cause: Object.assign(new Error('boom'), { seen: new Map([[SECRET, 1]]) }),
        }),
    ],
    [
      'a Set in the cause',
      () =>
        new TypeError('fetch failed', {
          cause: Object.assign(new Error('boom'), { seen: new Set([`x ${SECRET}`]) }),
        }),
    ],
    [
      'a local RangeError with a deep chain',
      () => new RangeError('bad', { cause: causeChain(12, new Error(`echo ${SECRET}`)) }),
    ],
  ];
  it.each(failures)('C5: %s', async (_name, make) => {
    const client = buildHrbrainClient(
      {
        clientId: 'acme',
        clientSecret: SECRET,
        maxRetries: 0,
        fetch: (async () => {
          throw make();
        }) as typeof fetch,
      },
      fastTiming,
    );
    const error = await rejectionOf(client.fields.list());
    expect(HrbrainError.isInstance(error)).toBe(true);
    for (const text of everyRendering(error)) expect(text).not.toContain(SECRET);
  });

  it('C5: a harmless cause is kept for debugging', async () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const client = buildHrbrainClient(
      {
        clientId: 'acme',
        clientSecret: SECRET,
        maxRetries: 0,
        fetch: (async () => {
          throw new TypeError('fetch failed', { cause });
        }) as typeof fetch,
      },
      fastTiming,
    );
    const error = await rejectionOf(client.fields.list());
    expect(inspect(error, { depth: Infinity })).toContain('connect ECONNREFUSED');
  });
});

import { inspect } from 'node:util';
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../src/index';
import { SecretRedactor } from '../src/redact';
import { rejectionOf, SECRET, useFakeHrbrain, useMswServer } from './support/harness';

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

import { describe, expect, it } from 'vitest';
import { createHrbrainClient, type HrbrainClientOptions, HrbrainConfigError } from '../src/index';

const base: HrbrainClientOptions = { clientId: 'acme', clientSecret: 'secret' };

describe('createHrbrainClient options', () => {
  it('defaults baseUrl to https://{clientId}.oapi.hrbrain.jp', () => {
    expect(createHrbrainClient(base).baseUrl).toBe('https://acme.oapi.hrbrain.jp');
  });

  it('accepts an explicit baseUrl (e.g. a fake on loopback) and trims its trailing slash', () => {
    const client = createHrbrainClient({ ...base, baseUrl: 'http://127.0.0.1:4010/' });
    expect(client.baseUrl).toBe('http://127.0.0.1:4010');
  });

  it.each([
    [{ clientSecret: '' }, 'clientSecret'],
    [{ clientSecret: '  \n' }, 'clientSecret'],
    [{ clientSecret: undefined as unknown as string }, 'clientSecret'],
    [{ baseUrl: 'not a url' }, 'baseUrl'],
    [{ baseUrl: 'ftp://acme.example' }, 'baseUrl'],
    [{ baseUrl: 'https://user:pass@acme.example' }, 'baseUrl'],
    // A query or fragment would swallow every request path appended to the base URL.
    [{ baseUrl: 'http://127.0.0.1:4010/?tenant=acme' }, 'baseUrl'],
    [{ baseUrl: 'http://127.0.0.1:4010/api#x' }, 'baseUrl'],
    [{ baseUrl: 'http://127.0.0.1:4010/?' }, 'baseUrl'],
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ timeoutMs: 1.5 }, 'timeoutMs'],
    [{ timeoutMs: 2 ** 31 }, 'timeoutMs'],
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ maxRetries: 11 }, 'maxRetries'],
    [{ concurrency: 0 }, 'concurrency'],
    [{ concurrency: 33 }, 'concurrency'],
    [{ concurrency: Number.NaN }, 'concurrency'],
    [{ fetch: 'fetch' as unknown as typeof fetch }, 'fetch'],
  ])('refuses %j with HrbrainConfigError naming the option', (overrides, option) => {
    let thrown: unknown;
    try {
      createHrbrainClient({ ...base, ...overrides });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HrbrainConfigError);
    expect((thrown as HrbrainConfigError).option).toBe(option);
    expect((thrown as Error).message).toContain(
      option === 'clientSecret' ? 'client secret' : option,
    );
  });

  it('refuses a missing options object', () => {
    expect(() => createHrbrainClient(undefined as unknown as HrbrainClientOptions)).toThrow(
      HrbrainConfigError,
    );
  });

  it.each([
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ timeoutMs: Number.POSITIVE_INFINITY }, 'timeoutMs'],
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ maxRetries: 1.5 }, 'maxRetries'],
  ])(
    'refuses per-call options %j with HrbrainConfigError, before any request',
    async (options, option) => {
      const client = createHrbrainClient(base);
      const error = await client.fields.list({}, options).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(HrbrainConfigError);
      expect((error as HrbrainConfigError).option).toBe(option);
    },
  );
});

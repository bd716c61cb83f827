import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHrbrainClient, HrbrainConfigError, parseClientId } from '../src/index';

// No handlers at all: any request that slipped through would also fail the test loudly.
const server = setupServer();
const seen: string[] = [];
server.events.on('request:start', ({ request }) => {
  seen.push(`${request.method} ${request.url}`);
});
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  seen.length = 0;
});
afterAll(() => server.close());

describe('parseClientId (C4)', () => {
  it.each([
    ['test-leadingmark', 'test-leadingmark'],
    ['https://test-leadingmark.members.hrbrain.jp/home', 'test-leadingmark'],
    ['https://test-leadingmark.members.hrbrain.jp', 'test-leadingmark'],
    ['https://test-leadingmark.members.hrbrain.jp/', 'test-leadingmark'],
    ['https://test-leadingmark.members.hrbrain.jp/members/123?tab=profile#x', 'test-leadingmark'],
    ['test-leadingmark.members.hrbrain.jp', 'test-leadingmark'],
    ['https://test-leadingmark.oapi.hrbrain.jp', 'test-leadingmark'],
    ['HTTPS://Test-LeadingMark.MEMBERS.HRBRAIN.JP/HOME', 'test-leadingmark'],
    ['TEST-LEADINGMARK', 'test-leadingmark'],
    ['  test-leadingmark\n', 'test-leadingmark'],
    ['a', 'a'],
    ['0', '0'],
    ['a-b-c-1', 'a-b-c-1'],
    ['x'.repeat(63), 'x'.repeat(63)],
    ['https://acme.members.hrbrain.jp./home', 'acme'], // fully qualified host (trailing dot)
    ['https://acme.members.hrbrain.jp:443/', 'acme'],
    ['xn--80ak6aa92e', 'xn--80ak6aa92e'], // an IDN label in its ASCII (punycode) form
    ['localhost', 'localhost'], // one label: it becomes localhost.oapi.hrbrain.jp, not loopback
  ])('C4: accepts %j as %j', (input, expected) => {
    expect(parseClientId(input)).toBe(expected);
  });

  const hostile: unknown[] = [
    '',
    '   ',
    'evil.com/',
    'evil.com',
    'a@b',
    'a.b',
    '..',
    '.',
    '%2e',
    '%2e%2e',
    'a%2fb',
    'test leadingmark',
    'test\tleadingmark',
    'test\nleadingmark',
    '-leading',
    'trailing-',
    '-',
    'x'.repeat(64),
    'テスト',
    'tést',
    'ｔｅｓｔ', // full-width letters
    '\u212Aelvin', // KELVIN SIGN lower-cases to ASCII "k"
    'a\u0000b',
    'a_b',
    'a/b',
    'a\\b',
    'a:b',
    'a?b',
    'a#b',
    'http://evil.com/',
    'https://evil.com/.members.hrbrain.jp',
    'https://a@test.members.hrbrain.jp/',
    'https://test.members.hrbrain.jp.evil.com/',
    'https://test.evil.com/?.members.hrbrain.jp',
    'https://a.b.members.hrbrain.jp/',
    'https://-x.members.hrbrain.jp/',
    'https://.members.hrbrain.jp/',
    'javascript:alert(1)',
    'localhost:8080',
    '127.0.0.1',
    '[::1]',
    'https://evil.com/x.members.hrbrain.jp',
    'https://x@evil.com',
    'https://x.members.hrbrain.jp@evil.com',
    'https://acme.members.hrbrain.jp\\@evil.com',
    'https://acme.members.hrbrain.jp%2F@evil.com',
    'https://acme.members.hrbrain.jp:80/',
    'https://acme.members.hrbrain.jp\r\n/home',
    'acme\r\nHost: evil.com',
    'a:80',
    'acme.',
    '.acme',
    'xn--acme-.members.hrbrain.jp',
    '//acme.members.hrbrain.jp/',
    undefined,
    null,
    42,
    {},
    ['test'],
  ];

  it.each(hostile.map((input) => [input]))(
    'C4: refuses %j with HrbrainConfigError, before any request',
    (input) => {
      expect(() => parseClientId(input)).toThrow(HrbrainConfigError);
      let thrown: unknown;
      try {
        createHrbrainClient({ clientId: input as string, clientSecret: 'secret' });
      } catch (error) {
        thrown = error;
      }
      expect(HrbrainConfigError.isInstance(thrown)).toBe(true);
      expect((thrown as HrbrainConfigError).code).toBe('INVALID_CONFIG');
      expect((thrown as HrbrainConfigError).option).toBe('clientId');
      expect(seen).toEqual([]);
    },
  );

  it('C4: the refusal says what a client ID looks like', () => {
    expect(() => parseClientId('evil.com/')).toThrow(/tenant subdomain.*xxx\.members\.hrbrain\.jp/);
  });

  it('C4: the API host is built from the parsed label only', () => {
    const client = createHrbrainClient({
      clientId: 'https://Test-LeadingMark.members.hrbrain.jp/home',
      clientSecret: 'secret',
    });
    expect(client.clientId).toBe('test-leadingmark');
    expect(client.baseUrl).toBe('https://test-leadingmark.oapi.hrbrain.jp');
    expect(seen).toEqual([]);
  });
});

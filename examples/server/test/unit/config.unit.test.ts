import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const key = Buffer.alloc(32, 7).toString('base64');
const longKeys = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa:tenant-a';

describe('server configuration', () => {
  it('refuses to start in production without HRBRAIN_SECRET_KEY or API_KEYS', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', API_KEYS: longKeys })).toThrow(
      /HRBRAIN_SECRET_KEY is not set/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', HRBRAIN_SECRET_KEY: key })).toThrow(
      /API_KEYS is not set/,
    );
    expect(() =>
      loadConfig({ NODE_ENV: 'production', HRBRAIN_SECRET_KEY: key, API_KEYS: 'short:tenant-a' }),
    ).toThrow(/shorter than 24/);
    const config = loadConfig({
      NODE_ENV: 'production',
      HRBRAIN_SECRET_KEY: key,
      API_KEYS: longKeys,
    });
    expect(config.secretKeyEphemeral).toBe(false);
    expect(config.secretKey.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it('C5: split web/worker processes must share HRBRAIN_SECRET_KEY, even in development', () => {
    // Each process would otherwise generate its own key: the worker could not open what the
    // web process sealed, and every sync would fail with SECRET_UNREADABLE.
    for (const role of ['web', 'worker']) {
      expect(() => loadConfig({ SERVER_ROLE: role })).toThrow(ConfigError);
      expect(() => loadConfig({ SERVER_ROLE: role })).toThrow(
        new RegExp(`SERVER_ROLE=${role} needs HRBRAIN_SECRET_KEY`),
      );
      expect(loadConfig({ SERVER_ROLE: role, HRBRAIN_SECRET_KEY: key }).secretKeyEphemeral).toBe(
        false,
      );
    }
  });

  it('a DATABASE_URL that is not a postgres:// URL is refused at start, without echoing it', () => {
    expect(() => loadConfig({ DATABASE_URL: 'notaurl' })).toThrow(
      /^DATABASE_URL is not a URL; expected postgres:\/\//,
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/app' })).toThrow(
      /^DATABASE_URL must start with postgres:\/\/ or postgresql:\/\/, not mysql:\/\/\.$/,
    );
    expect(loadConfig({ DATABASE_URL: ' postgresql://u:p@h:5432/db ' }).databaseUrl).toBe(
      'postgresql://u:p@h:5432/db',
    );
  });

  it('in development generates an ephemeral key and uses the built-in API keys', () => {
    const config = loadConfig({});
    expect(config.secretKeyEphemeral).toBe(true);
    expect(config.secretKey).toHaveLength(32);
    expect(config.devApiKeys).not.toBeNull();
    expect(config.apiKeys.resolve('dev-key-tenant-a')).toBe('tenant-a');
    expect(config.databaseUrl).toBeNull();
    expect(config.port).toBe(3000);
  });

  it('reads the HRBrain base URL template, fake HRBrain switch, role and numbers', () => {
    const config = loadConfig(
      {
        HRBRAIN_BASE_URL: 'https://{clientId}.oapi.example.test',
        SERVER_ROLE: 'worker',
        HRBRAIN_SECRET_KEY: key, // a split worker needs the web process's key
        PORT: '0',
        WORKER_CONCURRENCY: '4',
        DATABASE_URL: 'postgres://u@h/db',
      },
      ['--fake-hrbrain'],
    );
    expect(config).toMatchObject({
      hrbrainBaseUrl: 'https://{clientId}.oapi.example.test',
      fakeHrbrain: true,
      role: 'worker',
      port: 0,
      workerConcurrency: 4,
      databaseUrl: 'postgres://u@h/db',
    });
  });

  it('says what to fix for each bad value', () => {
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ HRBRAIN_SECRET_KEY: 'c2hvcnQ=' }, /32 bytes/],
      [{ PORT: 'eighty' }, /PORT must be an integer/],
      [{ SERVER_ROLE: 'both' }, /SERVER_ROLE must be/],
      [{ HRBRAIN_BASE_URL: 'not a url' }, /HRBRAIN_BASE_URL is not a URL/],
      [
        { NODE_ENV: 'production', HRBRAIN_SECRET_KEY: key, API_KEYS: longKeys, FAKE_HRBRAIN: '1' },
        /fake HRBrain/,
      ],
    ];
    for (const [env, message] of cases) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    }
  });
});

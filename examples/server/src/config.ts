import { fileURLToPath } from 'node:url';
import { type ApiKeyRing, parseApiKeys } from './auth/api-keys.ts';
import { generateSecretKey, parseSecretKey } from './crypto/secret-box.ts';
import type { LogLevel } from './log/logger.ts';

/** What the process runs: the HTTP API + admin page, the sync worker, or both. */
export type ServerRole = 'all' | 'web' | 'worker';

/** Everything the server reads from its environment, parsed and checked once at start. */
export interface ServerConfig {
  production: boolean;
  role: ServerRole;
  host: string;
  port: number;
  /** A real PostgreSQL server; null starts an embedded one under `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  apiKeys: ApiKeyRing;
  /** Set when the keys are the built-in development ones (printed at start). */
  devApiKeys: string | null;
  secretKey: Buffer;
  /** True when the key was generated for this process (development only). */
  secretKeyEphemeral: boolean;
  /** HRBrain API base URL; `{clientId}` is replaced by the tenant's subdomain. Null: the client's default. */
  hrbrainBaseUrl: string | null;
  /** Start a fake HRBrain (`@mikiwame/hrbrain-mock`) on loopback and point the server at it. */
  fakeHrbrain: boolean;
  fakeHrbrainMembers: number;
  /** Demo: the fake HRBrain changes one member this often and sends a webhook (0: never). */
  fakeHrbrainChangeSeconds: number;
  workerConcurrency: number;
  /**
   * J7: a run that would create or update more than this share of the tenant's existing
   * records is not applied (`CHANGE_GUARD_TRIPPED`) until an admin applies it explicitly.
   * `CHANGE_GUARD_MAX_RATIO`, default 0.2; `off` disables the guard (null).
   */
  maxChangeRatio: number | null;
  logLevel: LogLevel;
  /** Opt-in triggers (webhooks, schedules): how they coalesce and what they refuse. */
  triggers: TriggerConfig;
  /** OTLP/HTTP endpoint for traces and metrics (`OTEL_EXPORTER_OTLP_ENDPOINT`); null: none. */
  otlpEndpoint: string | null;
}

export interface TriggerConfig {
  /** A reconcile waits this long for more deliveries before it starts (`WEBHOOK_DEBOUNCE_SECONDS`). */
  debounceSeconds: number;
  /** Largest delivery body (`WEBHOOK_MAX_BODY_BYTES`). */
  maxBodyBytes: number;
  /** Deliveries per minute and tenant after the burst (`WEBHOOK_RATE_PER_MINUTE`). */
  ratePerMinute: number;
  /** Deliveries accepted at once (`WEBHOOK_BURST`). */
  burst: number;
  /** Schedules must leave this many minutes between slots (`SCHEDULE_MIN_INTERVAL_MINUTES`). */
  scheduleMinIntervalMinutes: number;
  /** How often pg-boss checks schedules (`SCHEDULE_CHECK_SECONDS`, 1–45). */
  scheduleCheckSeconds: number;
}

/** Bad configuration: one line that says what to fix (main prints it and exits 1). */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const DEV_API_KEYS = 'dev-key-tenant-a:tenant-a,dev-key-tenant-b:tenant-b';
const DEFAULT_DATA_DIR = fileURLToPath(new URL('../.data', import.meta.url));

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}; got "${raw}".`);
  }
  return value;
}

// pg reads a string that is not a URL as a bare connection string, so `notaurl` would fail
// later as "getaddrinfo ENOTFOUND base". Say what is wrong instead; never echo the value (it
// may hold a password).
function checkDatabaseUrl(databaseUrl: string): void {
  let protocol: string;
  try {
    protocol = new URL(databaseUrl).protocol;
  } catch {
    throw new ConfigError(
      'DATABASE_URL is not a URL; expected postgres://user:password@host:5432/database.',
    );
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new ConfigError(
      `DATABASE_URL must start with postgres:// or postgresql://, not ${protocol}//.`,
    );
  }
}

function otlpEndpoint(env: NodeJS.ProcessEnv): string | null {
  const value = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || null;
  if (value === null) return null;
  try {
    const { protocol } = new URL(value);
    if (protocol === 'http:' || protocol === 'https:') return value;
  } catch {}
  throw new ConfigError(
    'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL, e.g. http://127.0.0.1:4318 (OTLP over HTTP).',
  );
}

/**
 * Reads the configuration. Outside development (`NODE_ENV=production`) it refuses to start
 * without `HRBRAIN_SECRET_KEY` and `API_KEYS`; in development it generates an ephemeral key and
 * uses built-in API keys, and `main` prints a warning.
 */
export function loadConfig(env: NodeJS.ProcessEnv, argv: readonly string[] = []): ServerConfig {
  const production = env.NODE_ENV === 'production';

  const role = (env.SERVER_ROLE ?? 'all') as ServerRole;
  if (!['all', 'web', 'worker'].includes(role)) {
    throw new ConfigError(`SERVER_ROLE must be all, web or worker; got "${env.SERVER_ROLE}".`);
  }

  let secretKey: Buffer;
  let secretKeyEphemeral = false;
  if (env.HRBRAIN_SECRET_KEY) {
    try {
      secretKey = parseSecretKey(env.HRBRAIN_SECRET_KEY);
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
  } else if (production) {
    throw new ConfigError(
      'HRBRAIN_SECRET_KEY is not set: give 32 random bytes, base64 (`openssl rand -base64 32`). It encrypts stored HRBrain secrets.',
    );
  } else if (role !== 'all') {
    // A web process seals the secret and a worker process opens it: a key generated per
    // process would make every job fail with SECRET_UNREADABLE.
    throw new ConfigError(
      `SERVER_ROLE=${role} needs HRBRAIN_SECRET_KEY: give every web and worker process the same key (\`openssl rand -base64 32\`), or use SERVER_ROLE=all for a single process.`,
    );
  } else {
    secretKey = generateSecretKey();
    secretKeyEphemeral = true;
  }

  let apiKeys: ApiKeyRing;
  let devApiKeys: string | null = null;
  try {
    if (env.API_KEYS) {
      apiKeys = parseApiKeys(env.API_KEYS, { minKeyLength: production ? 24 : 1 });
    } else if (production) {
      throw new ConfigError(
        'API_KEYS is not set: give `key:tenant-id` pairs separated by commas (keys of 24+ random characters).',
      );
    } else {
      apiKeys = parseApiKeys(DEV_API_KEYS);
      devApiKeys = DEV_API_KEYS;
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError((error as Error).message);
  }

  const hrbrainBaseUrl = env.HRBRAIN_BASE_URL?.trim() || null;
  if (hrbrainBaseUrl !== null) {
    try {
      new URL(hrbrainBaseUrl.replaceAll('{clientId}', 'example'));
    } catch {
      throw new ConfigError(
        `HRBRAIN_BASE_URL is not a URL: "${hrbrainBaseUrl}" (e.g. https://{clientId}.oapi.hrbrain.jp).`,
      );
    }
  }

  const fakeHrbrain =
    argv.includes('--fake-hrbrain') || env.FAKE_HRBRAIN === '1' || env.FAKE_HRBRAIN === 'true';
  if (fakeHrbrain && production) {
    throw new ConfigError('The fake HRBrain is for demos; unset FAKE_HRBRAIN in production.');
  }

  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null) checkDatabaseUrl(databaseUrl);

  const guardText = env.CHANGE_GUARD_MAX_RATIO?.trim() ?? '';
  let maxChangeRatio: number | null = 0.2;
  if (guardText === 'off') maxChangeRatio = null;
  else if (guardText !== '') {
    maxChangeRatio = Number(guardText);
    if (!(maxChangeRatio >= 0)) {
      throw new ConfigError(
        `CHANGE_GUARD_MAX_RATIO must be a share ≥ 0 (e.g. 0.2 for 20 %) or off; got "${guardText}".`,
      );
    }
  }

  const logLevel = (env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be debug, info, warn or error; got "${env.LOG_LEVEL}".`);
  }

  return {
    production,
    role,
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir: env.DATA_DIR?.trim() || DEFAULT_DATA_DIR,
    apiKeys,
    devApiKeys,
    secretKey,
    secretKeyEphemeral,
    hrbrainBaseUrl,
    fakeHrbrain,
    fakeHrbrainMembers: integer(env, 'FAKE_HRBRAIN_MEMBERS', 200, 1, 100_000),
    fakeHrbrainChangeSeconds: integer(env, 'FAKE_HRBRAIN_CHANGE_SECONDS', 30, 0, 86_400),
    workerConcurrency: integer(env, 'WORKER_CONCURRENCY', 2, 1, 32),
    maxChangeRatio,
    logLevel,
    triggers: {
      debounceSeconds: integer(env, 'WEBHOOK_DEBOUNCE_SECONDS', 60, 0, 3600),
      maxBodyBytes: integer(env, 'WEBHOOK_MAX_BODY_BYTES', 64 * 1024, 1024, 1024 * 1024),
      ratePerMinute: integer(env, 'WEBHOOK_RATE_PER_MINUTE', 60, 1, 100_000),
      burst: integer(env, 'WEBHOOK_BURST', 60, 1, 100_000),
      scheduleMinIntervalMinutes: integer(env, 'SCHEDULE_MIN_INTERVAL_MINUTES', 60, 1, 24 * 60),
      scheduleCheckSeconds: integer(env, 'SCHEDULE_CHECK_SECONDS', 30, 1, 45),
    },
    otlpEndpoint: otlpEndpoint(env),
  };
}

import { checkInteger, maxRetriesLimit, maxTimeoutMs } from './check-option';
import { parseClientId } from './client-id';
import { HrbrainConfigError } from './errors';
import type { HrbrainLogger } from './logger';
import { createFieldsResource, type FieldsResource } from './resources/fields';
import { createMembersResource, type MembersResource } from './resources/members';
import { createOrganizationsResource, type OrganizationsResource } from './resources/organizations';
import { defaultRetryTiming, type RetryTiming } from './retry-policy';
import { type HrbrainSnapshotParams, snapshot } from './snapshot';
import { type HrbrainRequestOptions, HrbrainTransport } from './transport';
import type { HrbrainSnapshot } from './types';
import { type HrbrainConnectionCheck, verifyConnection } from './verify-connection';

/** Options of {@link createHrbrainClient}. */
export interface HrbrainClientOptions {
  /**
   * The tenant's HRBrain subdomain (rule C1), or the app URL an admin pastes
   * (`https://xxx.members.hrbrain.jp/home`); reduced by `parseClientId` (rule C4).
   */
  clientId: string;
  /** A public-API token with `member:read` and `organization:read` (rule C1). Never logged (C5). */
  clientSecret: string;
  /** API origin. Default `https://{clientId}.oapi.hrbrain.jp`; point it at a fake in tests. */
  baseUrl?: string | undefined;
  /** A fetch implementation (default: the global `fetch`, looked up per request). */
  fetch?: typeof globalThis.fetch | undefined;
  /** Per-attempt timeout in ms (connect, headers and body). Default 30 000. */
  timeoutMs?: number | undefined;
  /** Retries of a failed read after the first attempt. Default 3. */
  maxRetries?: number | undefined;
  /** Member pages / organizations fetched at once. Default 4. */
  concurrency?: number | undefined;
  /** Receives one redacted line per attempt and per retry. */
  logger?: HrbrainLogger | undefined;
}

/** A typed HRBrain public-API client; see {@link createHrbrainClient}. */
export interface HrbrainClient {
  /** The tenant subdomain, after `parseClientId`. */
  readonly clientId: string;
  /** The API origin requests go to. */
  readonly baseUrl: string;
  readonly fields: FieldsResource;
  readonly members: MembersResource;
  readonly organizations: OrganizationsResource;
  /**
   * Rule C2: prove the secret works and that `member:read` and `organization:read` reads
   * succeed. Resolves `{ ok: true, … }` or throws a typed error whose message tells the
   * admin what to fix (wrong ID or secret, which scope is missing, HRBrain unreachable).
   */
  verifyConnection(
    params?: Record<string, never>,
    options?: HrbrainRequestOptions,
  ): Promise<HrbrainConnectionCheck>;
  /**
   * Everything the sync core plans from — `{ fields, members, organizations }` — with
   * every organization a field references read once.
   */
  snapshot(
    params?: HrbrainSnapshotParams,
    options?: HrbrainRequestOptions,
  ): Promise<HrbrainSnapshot>;
}

export const defaultTimeoutMs = 30_000;
export const defaultMaxRetries = 3;
export const defaultConcurrency = 4;

/**
 * Create a client for one HRBrain tenant. Validates every option synchronously and throws
 * `HrbrainConfigError` before any request is made; nothing is fetched until a method is
 * called (the access token on first use).
 *
 * @example
 * <!-- docs:prelude declare const clientSecret: string; -->
 * ```ts
 * import { createHrbrainClient } from '@mikiwame/hrbrain-client';
 *
 * const hrbrain = createHrbrainClient({ clientId: 'test-leadingmark', clientSecret });
 * for await (const member of hrbrain.members.list()) console.log(member.id);
 * ```
 */
export function createHrbrainClient(options: HrbrainClientOptions): HrbrainClient {
  return buildHrbrainClient(options, defaultRetryTiming);
}

/** @internal `createHrbrainClient` with its backoff timing replaceable (tests). */
export function buildHrbrainClient(
  options: HrbrainClientOptions,
  timing: RetryTiming,
): HrbrainClient {
  if (typeof options !== 'object' || options === null) {
    throw new HrbrainConfigError('createHrbrainClient() needs an options object.', {
      option: 'options',
    });
  }
  const clientId = parseClientId(options.clientId);
  const clientSecret = checkSecret(options.clientSecret);
  const baseUrl = checkBaseUrl(options.baseUrl ?? `https://${clientId}.oapi.hrbrain.jp`);
  const timeoutMs = checkInteger(
    'timeoutMs',
    options.timeoutMs ?? defaultTimeoutMs,
    1,
    maxTimeoutMs,
  );
  const maxRetries = checkInteger(
    'maxRetries',
    options.maxRetries ?? defaultMaxRetries,
    0,
    maxRetriesLimit,
  );
  const concurrency = checkInteger('concurrency', options.concurrency ?? defaultConcurrency, 1, 32);
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new HrbrainConfigError('`fetch` must be a fetch function.', { option: 'fetch' });
  }

  const transport = new HrbrainTransport({
    clientId,
    clientSecret,
    baseUrl,
    fetch: options.fetch,
    timeoutMs,
    maxRetries,
    logger: options.logger,
    timing,
  });
  const context = { transport, concurrency };
  const fields = createFieldsResource(context);
  const members = createMembersResource(context);
  const organizations = createOrganizationsResource(context);
  const description = `HrbrainClient { clientId: '${clientId}', baseUrl: '${baseUrl}' }`;

  return {
    clientId,
    baseUrl,
    fields,
    members,
    organizations,
    verifyConnection: (_params, callOptions) =>
      verifyConnection({ clientId, fields, members, organizations }, callOptions),
    snapshot: (params, callOptions) =>
      snapshot({ concurrency, fields, members, organizations }, params, callOptions),
    // C5: what `String(client)`, `JSON.stringify(client)` and `util.inspect(client)` show.
    // The secret lives only inside the transport's private fields.
    toString: () => description,
    toJSON: () => ({ clientId, baseUrl }),
    [Symbol.for('nodejs.util.inspect.custom')]: () => description,
  } as HrbrainClient;
}

function checkSecret(secret: unknown): string {
  // The message never quotes the value (C5).
  if (typeof secret !== 'string' || secret.trim() === '') {
    throw new HrbrainConfigError(
      'The HRBrain client secret is missing: paste the public-API token created in HRBrain (開発者向けサイト → 公開API/Token設定).',
      { option: 'clientSecret' },
    );
  }
  // A pasted token often carries a trailing newline; HRBrain tokens have no spaces.
  return secret.trim();
}

function checkBaseUrl(value: unknown): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new HrbrainConfigError(`\`baseUrl\` ${JSON.stringify(value)} is not a URL.`, {
      option: 'baseUrl',
    });
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    throw new HrbrainConfigError(
      `\`baseUrl\` must be an http(s) URL without credentials; got ${JSON.stringify(url.protocol)}.`,
      { option: 'baseUrl' },
    );
  }
  // Request paths are appended to the base URL, so a query or fragment would swallow them.
  if (
    url.search !== '' ||
    url.hash !== '' ||
    String(value).includes('?') ||
    String(value).includes('#')
  ) {
    throw new HrbrainConfigError(
      `\`baseUrl\` must be an origin with an optional path prefix, without \`?query\` or \`#fragment\`; got ${JSON.stringify(url.origin + url.pathname)}….`,
      { option: 'baseUrl' },
    );
  }
  return url.href.replace(/\/+$/, '');
}

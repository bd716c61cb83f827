import type { StandardSchemaV1 } from 'ky';
import ky, {
  HTTPError,
  type KyInstance,
  type Options as KyOptions,
  TimeoutError as KyTimeoutError,
  NetworkError,
  SchemaValidationError,
} from 'ky';
import type * as z from 'zod';
import { abortErrorFor, raceAbort, sleep, throwIfAborted } from './abort';
import { AccessTokenCache } from './access-token';
import { checkInteger, maxRetriesLimit, maxTimeoutMs } from './check-option';
import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  HrbrainApiError,
  HrbrainError,
  HrbrainInternalError,
  HrbrainRedirectError,
  HrbrainResponseValidationError,
  type HrbrainScope,
  TimeoutError,
} from './errors';
import type { HrbrainLogEntry, HrbrainLogger } from './logger';
import { SecretRedactor } from './redact';
import { isRetryable, type RetryTiming, retryDelayMs } from './retry-policy';
import { tokenResponseSchema, validatorOf } from './schemas';

/** Per-call options every resource method accepts as its last argument. */
export interface HrbrainRequestOptions {
  /** Abort the call: in-flight requests and backoff sleeps stop at once with `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Limit for one attempt (connect + headers + body), overriding the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt, overriding the client's `maxRetries`. */
  maxRetries?: number | undefined;
}

/** @internal One HRBrain call: what to send and the schema its answer must fit. */
export interface Endpoint<T> {
  method: 'GET' | 'POST';
  /** Path with values filled in, e.g. `/members/v1.1/organization/org-1/items`. */
  path: string;
  /** `METHOD /path-template` named in errors, e.g. `GET /members/v1.1/organization/{organizationId}/items`. */
  label: string;
  searchParams?: Record<string, string>;
  json?: unknown;
  schema: z.ZodType<T>;
  /** A faster check that accepts exactly what `schema` accepts (hot paths only). */
  accepts?: (value: unknown) => boolean;
  /**
   * Replaces `schema` as the validator (it is then only the contract type): for answers
   * zod's recursion cannot be trusted with, such as organization trees.
   */
  validator?: StandardSchemaV1<unknown, T>;
  /** Sends the bearer token (everything but `POST /auth/token`). */
  authenticated: boolean;
  /** Named in a 403's message (rule C2). */
  requiredScope?: HrbrainScope;
  /** A message for statuses where the client knows better what the admin must fix. */
  describeStatus?: (status: number, body: unknown) => string | undefined;
}

/** @internal */
export interface TransportConfig {
  clientId: string;
  clientSecret: string;
  baseUrl: string;
  fetch: typeof globalThis.fetch | undefined;
  timeoutMs: number;
  maxRetries: number;
  logger: HrbrainLogger | undefined;
  timing: RetryTiming;
}

const tokenEndpointLabel = 'POST /auth/token';

/**
 * @internal The HTTP layer: ky for requests, per-attempt timeouts and `.json(schema)`;
 * the attempt loop is ours.
 *
 * Why not ky's own `retry`: the rules need a 401 to fetch a new token once (single-flight)
 * and resend *without* spending a retry, a `Retry-After` cap with our backoff curve, a
 * retry on truncated JSON bodies (ky only retries before the body is read), and a log line
 * per attempt with its number. ky's retry cannot express the first and third, and mixing
 * two retry loops would make `maxRetries` mean two things. So ky runs with `retry: 0`.
 */
export class HrbrainTransport {
  readonly #ky: KyInstance;
  readonly #config: TransportConfig;
  readonly #redactor = new SecretRedactor();
  readonly #tokens: AccessTokenCache;

  constructor(config: TransportConfig) {
    this.#config = config;
    this.#redactor.add(config.clientSecret);
    const kyOptions: KyOptions = {
      prefix: config.baseUrl,
      retry: 0,
      timeout: config.timeoutMs,
      headers: { accept: 'application/json' },
      // C4/C5: a redirect is never followed (it would re-send the secret or the bearer
      // token to the `Location` host); `refuseRedirects` turns it into a typed error.
      redirect: 'manual',
      fetch: refuseRedirects(config.fetch),
    };
    this.#ky = ky.create(kyOptions);
    this.#tokens = new AccessTokenCache(() => this.#issueToken());
  }

  /** Send `endpoint`, retrying per the rules, and return its validated answer. */
  async request<T>(endpoint: Endpoint<T>, options: HrbrainRequestOptions = {}): Promise<T> {
    const { signal } = options;
    const maxRetries =
      options.maxRetries === undefined
        ? this.#config.maxRetries
        : checkInteger('maxRetries', options.maxRetries, 0, maxRetriesLimit);
    const timeoutMs =
      options.timeoutMs === undefined
        ? this.#config.timeoutMs
        : checkInteger('timeoutMs', options.timeoutMs, 1, maxTimeoutMs);
    const path = withQuery(endpoint);
    let retries = 0;
    let refreshedToken = false;
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal);
      const token = endpoint.authenticated
        ? await raceAbort(this.#tokens.get(), signal)
        : undefined;
      try {
        return await this.#send(endpoint, token, { timeoutMs, signal, attempt });
      } catch (thrown) {
        const error = this.#toHrbrainError(thrown, endpoint, timeoutMs, signal);
        if (AbortError.isInstance(error)) throw error;
        // A 401 on an API call means the cached token expired: fetch a new one and resend,
        // once, without spending a retry (hrbrain-api.md).
        if (token !== undefined && !refreshedToken && AuthenticationError.isInstance(error)) {
          refreshedToken = true;
          this.#tokens.invalidate(token);
          this.#log('warn', 'access token refused; fetching a new one', {
            event: 'retry',
            method: endpoint.method,
            path,
            attempt,
            status: 401,
            errorCode: error.code,
            delayMs: 0,
          });
          continue;
        }
        if (retries >= maxRetries || !isRetryable(error)) throw error;
        const delayMs = retryDelayMs(error, retries, this.#config.timing);
        retries++;
        this.#log('warn', `retry ${retries}/${maxRetries} in ${delayMs} ms after ${error.code}`, {
          event: 'retry',
          method: endpoint.method,
          path,
          attempt,
          ...(HrbrainApiError.isInstance(error) ? { status: error.status } : {}),
          errorCode: error.code,
          delayMs,
        });
        await sleep(delayMs, signal);
      }
    }
  }

  async #send<T>(
    endpoint: Endpoint<T>,
    token: string | undefined,
    attempt: { timeoutMs: number; signal: AbortSignal | undefined; attempt: number },
  ): Promise<T> {
    // Only what differs from the instance defaults: ky deep-merges every option per request.
    const options: KyOptions = {};
    if (endpoint.method !== 'GET') options.method = endpoint.method;
    if (attempt.timeoutMs !== this.#config.timeoutMs) options.timeout = attempt.timeoutMs;
    if (endpoint.json !== undefined) options.json = endpoint.json;
    if (token !== undefined) options.headers = { authorization: `Bearer ${token}` };
    if (attempt.signal) options.signal = attempt.signal;
    const startedAt = performance.now();
    const pathWithQuery = withQuery(endpoint);
    // The query goes in the input, not ky's `searchParams`: that option makes ky build the
    // Request twice, which shows up when reading 1,000 pages.
    const pending = this.#ky(pathWithQuery.slice(1), options);
    // Log the status as soon as headers arrive (the body is parsed by `.json(schema)`).
    if (this.#config.logger) {
      this.#logAttempt(pending, endpoint, pathWithQuery, attempt.attempt, startedAt);
    }
    return await pending.json(endpoint.validator ?? validatorOf(endpoint.schema, endpoint.accepts));
  }

  #logAttempt(
    pending: Promise<Response>,
    endpoint: Endpoint<unknown>,
    pathWithQuery: string,
    attempt: number,
    startedAt: number,
  ): void {
    pending.then(
      (response) => {
        this.#log('debug', `${endpoint.method} ${pathWithQuery} → ${response.status}`, {
          event: 'response',
          method: endpoint.method,
          path: pathWithQuery,
          attempt,
          status: response.status,
          durationMs: Math.round(performance.now() - startedAt),
        });
      },
      (thrown: unknown) => {
        const status = thrown instanceof HTTPError ? thrown.response.status : undefined;
        this.#log(
          status === undefined ? 'warn' : 'debug',
          describeFailure(endpoint, pathWithQuery, status, thrown),
          {
            event: status === undefined ? 'failure' : 'response',
            method: endpoint.method,
            path: pathWithQuery,
            attempt,
            ...(status === undefined ? {} : { status }),
            durationMs: Math.round(performance.now() - startedAt),
          },
        );
      },
    );
  }

  async #issueToken(): Promise<string> {
    const { clientId, clientSecret } = this.#config;
    const answer = await this.request({
      method: 'POST',
      path: '/auth/token',
      label: tokenEndpointLabel,
      json: { clientId, clientSecret },
      schema: tokenResponseSchema,
      authenticated: false,
      describeStatus: (status, body) => describeTokenStatus(status, body, clientId),
    });
    this.#redactor.add(answer.token);
    return answer.token;
  }

  /** Every failure, whatever threw it, as one of our typed errors (C5: redacted). */
  #toHrbrainError(
    thrown: unknown,
    endpoint: Endpoint<unknown>,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): HrbrainError {
    if (signal?.aborted) return abortErrorFor(signal);
    if (HrbrainError.isInstance(thrown)) return thrown;
    if (thrown instanceof RedirectRefused) {
      const location =
        thrown.location === undefined ? undefined : this.#redactor.redactText(thrown.location);
      return new HrbrainRedirectError(
        `HRBrain answered ${endpoint.label} with a redirect (${thrown.status === 0 ? 'status not visible' : thrown.status}${location === undefined ? '' : ` to ${location}`}). The client never follows redirects, so nothing was sent there. Check \`baseUrl\` (the API host is https://{clientId}.oapi.hrbrain.jp) and any proxy between this machine and HRBrain.`,
        { endpoint: endpoint.label, status: thrown.status, location },
      );
    }
    if (thrown instanceof HTTPError) {
      const { status } = thrown.response;
      const body = this.#redactor.redact(thrown.data);
      const message = endpoint.describeStatus?.(status, body);
      return HrbrainApiError.fromResponse({
        status,
        body,
        headers: this.#redactor.redactHeaders(thrown.response.headers),
        endpoint: endpoint.label,
        ...(message === undefined ? {} : { message }),
        ...(endpoint.requiredScope === undefined ? {} : { requiredScope: endpoint.requiredScope }),
      });
    }
    if (thrown instanceof KyTimeoutError) {
      return new TimeoutError(
        `HRBrain did not answer ${endpoint.label} within ${timeoutMs} ms (the per-attempt \`timeoutMs\`); raise it or try again later.`,
        { timeoutMs },
      );
    }
    if (thrown instanceof SchemaValidationError) {
      const issue = thrown.issues[0];
      const path = (issue?.path ?? []).map((segment) =>
        typeof segment === 'object' ? pathKey(segment.key) : pathKey(segment),
      );
      return new HrbrainResponseValidationError(
        `HRBrain's response to ${endpoint.label} does not have the expected shape at ${formatPath(path)}: ${issue?.message ?? 'invalid value'}. The API may have changed; see "Assumed API details" in the @mikiwame/hrbrain-client README.`,
        { endpoint: endpoint.label, path, reason: 'schema' },
      );
    }
    if (thrown instanceof SyntaxError) {
      return new HrbrainResponseValidationError(
        `HRBrain's response to ${endpoint.label} is not valid JSON (truncated or malformed body).`,
        { endpoint: endpoint.label, path: [], reason: 'malformed-json' },
      );
    }
    // ky wraps recognised network failures; a body stream cut mid-read surfaces as a bare
    // TypeError. The ky error itself is not kept as `cause`: it holds the Request, whose
    // headers carry the bearer token (C5).
    const cause = thrown instanceof NetworkError ? thrown.cause : thrown;
    if (!(thrown instanceof NetworkError) && !isNetworkFailure(thrown)) {
      // A local failure (a RangeError, a bug in a custom fetch …) is not HRBrain being
      // unreachable, and another attempt would fail the same way.
      const name = thrown instanceof Error ? thrown.name : typeof thrown;
      return new HrbrainInternalError(
        this.#redactor.redactText(
          `The HRBrain client failed locally while handling ${endpoint.label} (${name}${thrown instanceof Error && thrown.message ? `: ${thrown.message.slice(0, 200)}` : ''}). This is not a network problem and was not retried.`,
        ),
        { cause: this.#causeWithoutSecrets(sanitizeCause(cause)) },
      );
    }
    // A custom `fetch` or a proxy may quote the request, bearer token included (C5): the
    // message is redacted, and a cause chain that holds a secret is not kept at all.
    return new ConnectionError(
      this.#redactor.redactText(
        `Could not reach HRBrain at ${origin(this.#config.baseUrl)} for ${endpoint.label}${networkReason(cause)}. Check the client ID (the tenant subdomain) and this machine's network access.`,
      ),
      { cause: this.#causeWithoutSecrets(sanitizeCause(cause)) },
    );
  }

  /** `cause`, unless something anywhere in it mentions a secret or an access token. */
  #causeWithoutSecrets(cause: unknown): unknown {
    return this.#redactor.containsSecret(cause) ? undefined : cause;
  }

  #log(level: 'debug' | 'warn', message: string, entry: HrbrainLogEntry): void {
    const logger = this.#config.logger;
    if (!logger) return;
    const text = this.#redactor.redactText(message);
    // The path too: it holds ids HRBrain sent (an organization id), which could echo a secret.
    entry.path = this.#redactor.redactText(entry.path);
    // A logger that throws must not fail the request, nor (from the status callback, which
    // nothing awaits) crash the process with an unhandled rejection.
    try {
      if (level === 'debug') logger.debug?.(text, entry);
      else logger.warn?.(text, entry);
    } catch {
      // Logging is best effort.
    }
  }
}

function withQuery(endpoint: Endpoint<unknown>): string {
  if (!endpoint.searchParams) return endpoint.path;
  return `${endpoint.path}?${new URLSearchParams(endpoint.searchParams).toString()}`;
}

function describeFailure(
  endpoint: Endpoint<unknown>,
  pathWithQuery: string,
  status: number | undefined,
  thrown: unknown,
): string {
  if (status !== undefined) return `${endpoint.method} ${pathWithQuery} → ${status}`;
  const kind = thrown instanceof KyTimeoutError ? 'timed out' : 'failed without a response';
  return `${endpoint.method} ${pathWithQuery} ${kind}`;
}

function describeTokenStatus(status: number, body: unknown, clientId: string): string | undefined {
  // Rule C2 wants the reason: when the error body tells an unknown tenant from a bad secret
  // (the fake's `invalid_client` / `invalid_client_secret`; HRBrain's own codes are not
  // public), say which one.
  const code =
    typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
  if (status === 401 && code === 'invalid_client') {
    return `HRBrain does not know the client ID "${clientId}" (401 invalid_client from ${tokenEndpointLabel}). Check the client ID: it is the xxx of https://xxx.members.hrbrain.jp.`;
  }
  if (status === 401 && code === 'invalid_client_secret') {
    return `HRBrain refused the client secret for "${clientId}" (401 invalid_client_secret from ${tokenEndpointLabel}). Paste a valid public-API token (HRBrain → 開発者向けサイト → 公開API/Token設定); it is shown only once when created.`;
  }
  if (status === 400 || status === 401 || status === 403) {
    return `HRBrain rejected the client ID or client secret (${status} from ${tokenEndpointLabel}). Check that the client ID is your tenant subdomain ("${clientId}", the xxx of https://xxx.members.hrbrain.jp) and that the client secret is a valid public-API token (HRBrain → 開発者向けサイト → 公開API/Token設定).`;
  }
  if (status === 404) {
    return `HRBrain does not know the tenant "${clientId}" (404 from ${tokenEndpointLabel}). Check the client ID: it is the xxx of https://xxx.members.hrbrain.jp.`;
  }
  return undefined;
}

function pathKey(key: PropertyKey): string | number {
  return typeof key === 'number' ? key : String(key);
}

function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'the top level';
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

function origin(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}

/** ` (ECONNREFUSED)`-style detail from a fetch failure's cause chain. */
function networkReason(cause: unknown): string {
  let current: unknown = cause;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return ` (${code})`;
    current = current.cause;
  }
  return cause instanceof Error && cause.message ? ` (${cause.message})` : '';
}

/**
 * Whether a non-ky failure looks like the network's: fetch reports those as `TypeError`
 * (`fetch failed`, a body stream `terminated`), a `DOMException` (`NetworkError`), or an
 * error carrying a system `code` (`ECONNRESET`, `UND_ERR_SOCKET` …) from a custom fetch.
 */
function isNetworkFailure(thrown: unknown): boolean {
  if (thrown instanceof TypeError) return true;
  if (typeof DOMException !== 'undefined' && thrown instanceof DOMException) return true;
  if (!(thrown instanceof Error) || thrown instanceof RangeError) return false;
  if (thrown instanceof ReferenceError || thrown instanceof SyntaxError) return false;
  const code = (thrown as { code?: unknown }).code;
  return typeof code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code);
}

/** @internal Thrown by {@link refuseRedirects}; turned into `HrbrainRedirectError` with the endpoint. */
class RedirectRefused extends Error {
  readonly status: number;
  readonly location: string | undefined;
  constructor(status: number, location: string | undefined) {
    super('redirect refused');
    this.status = status;
    this.location = location;
  }
}

/**
 * C4/C5: `fetch` (the given one, else the global looked up per request, so msw and other
 * interceptors installed later still apply) with every redirect refused: a 3xx answer
 * (with `redirect: 'manual'`), a browser's opaque redirect, or a response a custom fetch
 * got by following one anyway (`redirected`). The body of such a response is never read.
 * (The final URL is not compared with `baseUrl`: a custom fetch may legitimately route
 * through a gateway whose URL it reports.)
 */
function refuseRedirects(given: typeof globalThis.fetch | undefined): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await (given ?? globalThis.fetch)(input, init);
    const { status } = response;
    const redirect =
      (status >= 300 && status < 400 && status !== 304) || response.type === 'opaqueredirect';
    if (redirect || response.redirected) {
      response.body?.cancel().catch(() => undefined);
      const base = input instanceof Request ? input.url : String(input);
      const location = redirect ? response.headers.get('location') : response.url;
      throw new RedirectRefused(redirect ? status : 0, originOf(location, base));
    }
    return response;
  };
}

function originOf(location: string | null, base: string): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, base).origin;
  } catch {
    return undefined;
  }
}

/** Keep an error as `cause` only when it cannot carry a Request (and so the token). */
function sanitizeCause(cause: unknown): unknown {
  if (cause instanceof Error && !('request' in cause)) return cause;
  return undefined;
}

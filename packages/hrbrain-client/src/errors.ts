// biome-ignore-all lint/complexity/noThisInStatic: isInstance and defineErrorClass answer for the class they are called on (`this`), which is the point.
import { errorClassRegistry } from '../../../internal/error-classes';
import { parseRetryAfter } from './retry-after';

/**
 * The one error tree of the client. Every error it throws is an `HrbrainError` with a stable
 * `code`; HTTP failures are `HrbrainApiError`s whose subclass is chosen in one place,
 * {@link HrbrainApiError.fromResponse}.
 *
 * `instanceof` fails when two copies of this package are loaded (ESM + CJS, or two
 * versions), so `isInstance()` checks a `Symbol.for` marker that each class puts on its
 * prototype (never on the instance: `util.inspect` does not show it). `isInstance` is
 * inherited and answers for the class it is called on, so a new class is one declaration
 * with a `static { Name.defineErrorClass('Name', 'CODE'); }` block. Every constructor takes
 * `(message, options?)`.
 *
 * Rule C5: no message or property built here ever holds the client secret or an access
 * token; the transport redacts response bodies before they reach these constructors.
 */

/** Every `code` an `HrbrainError` can carry. Stable across releases: match on these. */
export type HrbrainErrorCode =
  | 'API_ERROR'
  | 'AUTHENTICATION_FAILED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'SERVER_ERROR'
  | 'CONNECTION_FAILED'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'INVALID_CONFIG'
  | 'INVALID_RESPONSE'
  | 'REDIRECT_REFUSED'
  | 'INCONSISTENT_PAGING'
  | 'INTERNAL_ERROR';

/** The scopes a public-API token can carry that this client relies on (rule C1). */
export type HrbrainScope = 'member:read' | 'organization:read';

/** The options every error constructor of this package takes (subclasses add their own). */
export interface HrbrainErrorOptions<Code extends HrbrainErrorCode = HrbrainErrorCode> {
  /** Only needed for `HrbrainError` and `HrbrainApiError`; other classes have a fixed code. */
  code?: Code | undefined;
  /** The error that caused this one (kept as the standard `cause`). */
  cause?: unknown;
}

const registry = errorClassRegistry();

/** Base class of every error this package throws. */
export class HrbrainError<Code extends HrbrainErrorCode = HrbrainErrorCode> extends Error {
  static {
    HrbrainError.defineErrorClass('HrbrainError');
  }

  /** Stable machine-readable code; see {@link HrbrainErrorCode}. */
  readonly code: Code;

  constructor(message: string, options: HrbrainErrorOptions<Code> = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = (options.code ?? registry.codeOf(new.target)) as Code;
  }

  /**
   * True when `value` is an instance of the class this is called on (or of a subclass),
   * even one created by another copy of this package: `RateLimitError.isInstance(e)` only
   * for rate limits, `HrbrainError.isInstance(e)` for every error of this client.
   */
  static isInstance<T extends abstract new (...args: never) => HrbrainError>(
    this: T,
    value: unknown,
  ): value is InstanceType<T> {
    return registry.isInstance(this, value);
  }

  /**
   * Gives the class it is called on (in a `static {}` block) its `name`, its default `code`
   * and the `Symbol.for` marker `isInstance` checks.
   */
  protected static defineErrorClass(name: string, code?: HrbrainErrorCode): void {
    registry.define(this, `@mikiwame/hrbrain-client/${name}`, name, code);
  }

  /** A plain, secret-free object for structured logs (`JSON.stringify(error)`). */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      name: this.name,
      code: this.code,
      message: this.message,
    };
    for (const [key, value] of Object.entries(this)) {
      if (key in json) continue;
      json[key] = value instanceof Headers ? Object.fromEntries(value) : value;
    }
    return json;
  }
}

/** Everything {@link HrbrainApiError.fromResponse} needs to build an error. */
export interface HrbrainApiErrorInit {
  status: number;
  /** The response body: parsed JSON when it was JSON, else the text, else `undefined`. */
  body: unknown;
  headers: Headers;
  /** `METHOD /path` of the call that failed, e.g. `GET /members/v1/members`. */
  endpoint: string;
  /** Overrides the generated message (used where the client knows what to fix). */
  message?: string;
  /** The token scope the endpoint needs, named in a 403's message (rule C2). */
  requiredScope?: HrbrainScope;
}

/** The codes of {@link HrbrainApiError} and its subclasses. */
type ApiErrorCode =
  | 'API_ERROR'
  | 'AUTHENTICATION_FAILED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'SERVER_ERROR';

/** HRBrain answered with an HTTP error status. */
export class HrbrainApiError<Code extends ApiErrorCode = ApiErrorCode> extends HrbrainError<Code> {
  static {
    HrbrainApiError.defineErrorClass('HrbrainApiError', 'API_ERROR');
  }
  /** HTTP status code. */
  readonly status: number;
  /** Response body: parsed JSON, or text when it was not JSON (secrets redacted). */
  readonly body: unknown;
  /** Response headers. */
  readonly headers: Headers;
  /** The request id HRBrain (or a proxy) sent back, for support tickets. */
  readonly requestId: string | undefined;
  /** `METHOD /path` of the call that failed. */
  readonly endpoint: string;

  constructor(message: string, options: HrbrainApiErrorInit & HrbrainErrorOptions<Code>) {
    super(message, options);
    this.status = options.status;
    this.body = options.body;
    this.headers = options.headers;
    this.requestId = readRequestId(options.headers);
    this.endpoint = options.endpoint;
  }

  /** The one place that maps an HTTP status to an error class. */
  static fromResponse(init: HrbrainApiErrorInit): HrbrainApiError {
    const { status } = init;
    if (status === 401) return new AuthenticationError(init.message ?? describe(init), init);
    if (status === 403) return new PermissionDeniedError(init.message ?? describe(init), init);
    if (status === 404) return new NotFoundError(init.message ?? describe(init), init);
    if (status === 429) return new RateLimitError(init.message ?? describe(init), init);
    if (status >= 500) return new ServerError(init.message ?? describe(init), init);
    return new HrbrainApiError(init.message ?? describe(init), init);
  }
}

/** 401: the client secret or an access token was refused. */
export class AuthenticationError extends HrbrainApiError<'AUTHENTICATION_FAILED'> {
  static {
    AuthenticationError.defineErrorClass('AuthenticationError', 'AUTHENTICATION_FAILED');
  }
}

/** 403: the token lacks a scope (rule C2 names it in {@link requiredScope}). */
export class PermissionDeniedError extends HrbrainApiError<'PERMISSION_DENIED'> {
  static {
    PermissionDeniedError.defineErrorClass('PermissionDeniedError', 'PERMISSION_DENIED');
  }
  /** The scope the refused endpoint needs, when the client knows it. */
  readonly requiredScope: HrbrainScope | undefined;
  constructor(
    message: string,
    options: HrbrainApiErrorInit & HrbrainErrorOptions<'PERMISSION_DENIED'>,
  ) {
    super(message, options);
    this.requiredScope = options.requiredScope;
  }
}

/** 404: the resource (e.g. an organization id) does not exist. */
export class NotFoundError extends HrbrainApiError<'NOT_FOUND'> {
  static {
    NotFoundError.defineErrorClass('NotFoundError', 'NOT_FOUND');
  }
}

/** 429: rate limited, after the client's own retries were used up. */
export class RateLimitError extends HrbrainApiError<'RATE_LIMITED'> {
  static {
    RateLimitError.defineErrorClass('RateLimitError', 'RATE_LIMITED');
  }
  /** What the server's `Retry-After` asked for, in ms; `undefined` when it sent none. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: HrbrainApiErrorInit & HrbrainErrorOptions<'RATE_LIMITED'>) {
    super(message, options);
    this.retryAfterMs = parseRetryAfter(options.headers.get('retry-after'));
  }
}

/** ≥ 500: HRBrain failed, after the client's own retries were used up. */
export class ServerError extends HrbrainApiError<'SERVER_ERROR'> {
  static {
    ServerError.defineErrorClass('ServerError', 'SERVER_ERROR');
  }
}

/** HRBrain could not be reached (DNS, refused connection, reset, TLS …). */
export class ConnectionError extends HrbrainError<'CONNECTION_FAILED'> {
  static {
    ConnectionError.defineErrorClass('ConnectionError', 'CONNECTION_FAILED');
  }
}

/** One attempt took longer than `timeoutMs`, on every attempt allowed. */
export class TimeoutError extends HrbrainError<'TIMEOUT'> {
  static {
    TimeoutError.defineErrorClass('TimeoutError', 'TIMEOUT');
  }
  /** The per-attempt limit that was exceeded. */
  readonly timeoutMs: number;
  constructor(message: string, options: HrbrainErrorOptions<'TIMEOUT'> & { timeoutMs: number }) {
    super(message, options);
    this.timeoutMs = options.timeoutMs;
  }
}

/** The caller's `AbortSignal` fired; `cause` is the signal's reason. */
export class AbortError extends HrbrainError<'ABORTED'> {
  static {
    AbortError.defineErrorClass('AbortError', 'ABORTED');
  }
  constructor(
    message = 'The request was aborted by its AbortSignal.',
    options: HrbrainErrorOptions<'ABORTED'> = {},
  ) {
    super(message, options);
  }
}

/** A client option or a call parameter is invalid; thrown before any request is made. */
export class HrbrainConfigError extends HrbrainError<'INVALID_CONFIG'> {
  static {
    HrbrainConfigError.defineErrorClass('HrbrainConfigError', 'INVALID_CONFIG');
  }
  /** The option or parameter at fault, e.g. `clientId`. */
  readonly option: string;
  constructor(
    message: string,
    options: HrbrainErrorOptions<'INVALID_CONFIG'> & { option: string },
  ) {
    super(message, options);
    this.option = options.option;
  }
}

/**
 * A 2xx response HRBrain sent does not have the documented shape: either it is not JSON at
 * all (`reason: 'malformed-json'`, e.g. a truncated body; retried like a connection error)
 * or a value does not fit the schema (`reason: 'schema'`; never retried).
 */
export class HrbrainResponseValidationError extends HrbrainError<'INVALID_RESPONSE'> {
  static {
    HrbrainResponseValidationError.defineErrorClass(
      'HrbrainResponseValidationError',
      'INVALID_RESPONSE',
    );
  }
  /** `METHOD /path` of the call whose response did not fit. */
  readonly endpoint: string;
  /** Path of the first bad value, e.g. `['data', 3, 'fields', 0, 'id']`; `[]` for the whole body. */
  readonly path: readonly (string | number)[];
  readonly reason: 'schema' | 'malformed-json';
  constructor(
    message: string,
    options: HrbrainErrorOptions<'INVALID_RESPONSE'> & {
      endpoint: string;
      path: readonly (string | number)[];
      reason: 'schema' | 'malformed-json';
    },
  ) {
    super(message, options);
    this.endpoint = options.endpoint;
    this.path = options.path;
    this.reason = options.reason;
  }
}

/**
 * Rules C4/C5: HRBrain answered with a redirect (3xx), or a custom `fetch` followed one.
 * The client never follows a redirect: `POST /auth/token` would re-send the client secret,
 * and any call its bearer token, to whatever host `Location` names. The other host's answer
 * is never read into this error; only the origin `Location` pointed at is named. Not retried.
 */
export class HrbrainRedirectError extends HrbrainError<'REDIRECT_REFUSED'> {
  static {
    HrbrainRedirectError.defineErrorClass('HrbrainRedirectError', 'REDIRECT_REFUSED');
  }
  /** `METHOD /path` of the call that was redirected. */
  readonly endpoint: string;
  /** The redirect's status (301, 302, 303, 307, 308 …); 0 when the runtime hid it (browsers). */
  readonly status: number;
  /** Origin of the `Location` (or of the final URL a custom fetch reached), when known. */
  readonly location: string | undefined;
  constructor(
    message: string,
    options: HrbrainErrorOptions<'REDIRECT_REFUSED'> & {
      endpoint: string;
      status: number;
      location: string | undefined;
    },
  ) {
    super(message, options);
    this.endpoint = options.endpoint;
    this.status = options.status;
    this.location = options.location;
  }
}

/**
 * `GET /members/v1/members` contradicted itself, so the listing stopped instead of trusting
 * `paging.totalCount` (never retried: the same server gives the same answer).
 *
 * - `empty-page`: a page came back empty (or a short page's rest was empty) while the
 *   same answer's `totalCount` says members exist at that offset;
 * - `count-below-data`: a page holds more members than its own `totalCount` leaves room
 *   for (a listing that trusted the count would end early and drop members);
 * - `max-pages`: reading would need more than `maxPages` requests (a `totalCount` beyond
 *   `maxPages × pageSize`, or one that keeps growing).
 */
export class HrbrainPagingError extends HrbrainError<'INCONSISTENT_PAGING'> {
  static {
    HrbrainPagingError.defineErrorClass('HrbrainPagingError', 'INCONSISTENT_PAGING');
  }
  readonly endpoint: string;
  readonly reason: 'empty-page' | 'count-below-data' | 'max-pages';
  /** `offset` of the page that showed it. */
  readonly offset: number;
  /** The `paging.totalCount` that page reported. */
  readonly totalCount: number;
  /** Members that page held. */
  readonly received: number;
  constructor(
    message: string,
    options: HrbrainErrorOptions<'INCONSISTENT_PAGING'> & {
      reason: 'empty-page' | 'count-below-data' | 'max-pages';
      offset: number;
      totalCount: number;
      received: number;
    },
  ) {
    super(message, options);
    this.endpoint = 'GET /members/v1/members';
    this.reason = options.reason;
    this.offset = options.offset;
    this.totalCount = options.totalCount;
    this.received = options.received;
  }
}

/**
 * The client failed locally while handling a call — not the network and not HRBrain's
 * answer (e.g. a custom `fetch` that threw a `RangeError`). Never classified as a
 * `ConnectionError`, never retried; `cause` keeps the original error unless it mentions a
 * secret.
 */
export class HrbrainInternalError extends HrbrainError<'INTERNAL_ERROR'> {
  static {
    HrbrainInternalError.defineErrorClass('HrbrainInternalError', 'INTERNAL_ERROR');
  }
}

const requestIdHeaders = ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-amz-cf-id'];

function readRequestId(headers: Headers): string | undefined {
  for (const name of requestIdHeaders) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/** A short, human reason from an unknown error body (`hrbrain-api.md`: treat it as text). */
function bodySummary(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim().slice(0, 200) || undefined;
  if (typeof body === 'object' && body !== null) {
    const record = body as Record<string, unknown>;
    for (const key of ['message', 'error_description', 'error', 'detail', 'title']) {
      const value = record[key];
      if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 200);
    }
  }
  return undefined;
}

/** A scope named by the error body (`{ scope: 'organization:read' }`), if it names one. */
function scopeNamedIn(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const scope = (body as Record<string, unknown>).scope;
  return typeof scope === 'string' && /^[a-z.]+:[a-z]+$/.test(scope) ? scope : undefined;
}

function describe(init: HrbrainApiErrorInit): string {
  // The server's own full stop is dropped so the sentence does not end in `..`.
  const summary = bodySummary(init.body)?.replace(/[.。]+$/, '');
  const base = `HRBrain answered ${init.status} to ${init.endpoint}${summary ? `: ${summary}` : ''}.`;
  if (init.status === 401) {
    return `${base} The access token was refused even after fetching a new one; check that the client secret is still valid in HRBrain (開発者向けサイト → 公開API/Token設定).`;
  }
  if (init.status === 403) {
    const scope = scopeNamedIn(init.body) ?? init.requiredScope;
    return scope
      ? `${base} The client secret is missing the \`${scope}\` scope: create a token with \`member:read\` and \`organization:read\` in HRBrain (開発者向けサイト → 公開API/Token設定).`
      : `${base} The client secret is not allowed to make this call; check its scopes in HRBrain.`;
  }
  if (init.status === 404) return `${base} The resource does not exist.`;
  if (init.status === 429) return `${base} Rate limited; retries were used up, try again later.`;
  if (init.status >= 500) return `${base} HRBrain failed; retries were used up, try again later.`;
  return base;
}

/**
 * Where a fault applies: a pathname prefix (`'/members/v1/members'`) or a RegExp tested
 * against the pathname. Without one, a fault applies to every API call except
 * `POST /auth/token` (so a test's token fetch does not use it up); name `'/auth/token'`
 * to aim a fault at the token call.
 */
export type FaultPath = string | RegExp;

/** A fault that hits the next `count` matching requests (use `Infinity` for all of them). */
export interface CountedFault {
  /** How many more requests it hits; decremented as it fires, inert at 0. */
  count: number;
  path?: FaultPath;
}

/**
 * Misbehaviour to inject. Every entry can be set, changed or deleted at runtime through
 * `handlers.faults` (counted faults decrement as they fire). Evaluated per request in the
 * order: `latencyMs`, `networkError`, `serverError`, `rateLimit`, `unauthorized`,
 * `forbidden`, then authentication (`tokenExpiresAfterCalls`), the endpoint itself, and
 * finally `truncatedJson` / `malformedJson` on successful JSON bodies.
 */
export interface HrbrainFaults {
  /** Delay every response by this many milliseconds. */
  latencyMs?: number;
  /** Each access token works for this many authenticated calls, then gets 401 `token_expired`; a new `/auth/token` call gives a fresh one. */
  tokenExpiresAfterCalls?: number;
  /** The request fails at the network level (`fetch` rejects; the server resets the socket). */
  networkError?: CountedFault;
  /** 5xx responses (`status`, default 500). */
  serverError?: CountedFault & { status?: number };
  /**
   * 429 responses. `retryAfter` seconds (default 1) are sent as `Retry-After: <seconds>`,
   * as an HTTP date (`retryAfterFormat: 'http-date'`), or not at all (`'none'`).
   */
  rateLimit?: CountedFault & {
    retryAfter?: number;
    retryAfterFormat?: 'seconds' | 'http-date' | 'none';
  };
  /** 401 `unauthorized`, whatever the token (as if HRBrain revoked it). */
  unauthorized?: CountedFault;
  /** 403 `insufficient_scope` naming `scope` (default: the scope the endpoint needs). */
  forbidden?: CountedFault & { scope?: string };
  /** A 2xx JSON body cut off halfway. */
  truncatedJson?: CountedFault;
  /** A 2xx body that is not valid JSON (a trailing comma before the closing brace). */
  malformedJson?: CountedFault;
  /**
   * `GET /members/v1/members` ignores `columns=` and serves every field, as a server that
   * does not support the parameter would (to test a client's fallback).
   */
  ignoreColumns?: boolean;
}

/** Names of the faults that can show up in the request log. */
export type FaultName =
  | 'networkError'
  | 'serverError'
  | 'rateLimit'
  | 'unauthorized'
  | 'forbidden'
  | 'truncatedJson'
  | 'malformedJson';

function matches(path: FaultPath | undefined, pathname: string): boolean {
  if (path === undefined) return pathname !== '/auth/token';
  if (typeof path === 'string') return pathname === path || pathname.startsWith(path);
  // A `g` or `y` RegExp keeps `lastIndex` between calls, so every other request would miss.
  path.lastIndex = 0;
  return path.test(pathname);
}

/** Uses up one hit of `fault` if it applies to `pathname`. */
export function takeFault(fault: CountedFault | undefined, pathname: string): boolean {
  if (!fault || !(fault.count > 0) || !matches(fault.path, pathname)) return false;
  fault.count -= 1;
  return true;
}

/** A copy the handlers own, so counting down never mutates the caller's object. */
export function copyFaults(faults: HrbrainFaults | undefined): HrbrainFaults {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(faults ?? {})) {
    copy[key] = value !== null && typeof value === 'object' ? { ...value } : value;
  }
  return copy as HrbrainFaults;
}

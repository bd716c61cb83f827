import type { HrbrainErrorCode } from './errors';

/**
 * One redacted line about an HTTP attempt (rule C5): method, path with query, status,
 * duration and attempt number — never headers, bodies, the secret or a token.
 */
export interface HrbrainLogEntry {
  /** `response`: an answer arrived; `failure`: no answer (network, timeout, abort); `retry`: waiting before another attempt. */
  event: 'response' | 'failure' | 'retry';
  method: string;
  /** Path and query, e.g. `/members/v1/members?limit=100&offset=200`. */
  path: string;
  /** 1 for the first attempt of a call. */
  attempt: number;
  status?: number;
  durationMs?: number;
  /** The error code that ended this attempt, for `failure` and `retry`. */
  errorCode?: HrbrainErrorCode;
  /** How long the client waits before the next attempt (`retry` only). */
  delayMs?: number;
}

/**
 * Where the client sends its request lines. `console` works as is; so does any logger
 * with `debug`/`warn` methods taking `(message, object)`. Every method is optional.
 * Responses go to `debug`, retries and failed attempts to `warn`.
 */
export interface HrbrainLogger {
  debug?(message: string, entry: HrbrainLogEntry): void;
  warn?(message: string, entry: HrbrainLogEntry): void;
}

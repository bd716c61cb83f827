import {
  ConnectionError,
  HrbrainApiError,
  type HrbrainError,
  HrbrainResponseValidationError,
  RateLimitError,
  TimeoutError,
} from './errors';
import { parseRetryAfter } from './retry-after';

/** @internal Backoff parameters; tests shrink them, users cannot (no public option). */
export interface RetryTiming {
  /** First backoff delay; doubled per retry. */
  baseDelayMs: number;
  /** Cap of the exponential backoff. */
  maxDelayMs: number;
  /** Cap on a server's `Retry-After`; longer asks are shortened to this. */
  maxRetryAfterMs: number;
  /** Source of jitter in [0, 1). */
  random: () => number;
}

/** @internal 0.5 s × 2ⁿ capped at 8 s; `Retry-After` honoured up to 60 s. */
export const defaultRetryTiming: RetryTiming = {
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  random: Math.random,
};

/**
 * @internal Whether a failed read is worth another attempt: 408, 429 and ≥ 500, no answer
 * at all (connection, timeout), and a body that was not JSON (usually truncated in
 * transit). A schema misfit or any other 4xx would come back the same, so it is final.
 */
export function isRetryable(error: HrbrainError): boolean {
  if (HrbrainApiError.isInstance(error)) {
    return error.status === 408 || error.status === 429 || error.status >= 500;
  }
  if (ConnectionError.isInstance(error) || TimeoutError.isInstance(error)) return true;
  return HrbrainResponseValidationError.isInstance(error) && error.reason === 'malformed-json';
}

/**
 * @internal How long to wait before retry number `retryIndex + 1`: the server's
 * `Retry-After` when it sent one (capped), else exponential backoff with jitter
 * (between 75 % and 100 % of the step, so parallel pages do not retry in lockstep).
 */
export function retryDelayMs(error: HrbrainError, retryIndex: number, timing: RetryTiming): number {
  if (HrbrainApiError.isInstance(error)) {
    const retryAfter = RateLimitError.isInstance(error)
      ? error.retryAfterMs
      : parseRetryAfter(error.headers.get('retry-after'));
    if (retryAfter !== undefined) return Math.min(retryAfter, timing.maxRetryAfterMs);
  }
  const step = Math.min(timing.baseDelayMs * 2 ** retryIndex, timing.maxDelayMs);
  return Math.round(step * (1 - timing.random() * 0.25));
}

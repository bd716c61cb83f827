import { AbortError } from './errors';

/** @internal The typed error for an aborted signal, keeping the signal's reason as `cause`. */
export function abortErrorFor(signal: AbortSignal): AbortError {
  return new AbortError(undefined, { cause: signal.reason });
}

/** @internal Throw {@link AbortError} now if `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortErrorFor(signal);
}

/**
 * @internal Wait `ms`, but reject with {@link AbortError} the moment `signal` fires (a
 * backoff sleep must never outlive the caller's interest).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortErrorFor(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortErrorFor(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Settle with `promise`, or reject as soon as `signal` fires, without waiting for the work
 * behind `promise` (which keeps running): for waiting on work that ignores the signal or is
 * shared with other callers (the client's single-flight token fetch; `runSync` waiting on a
 * snapshot source), which one caller's abort must not cancel. Rejects with `abortError(signal)`,
 * by default the client's {@link AbortError} with the signal's reason as `cause`.
 *
 * @example
 * <!-- docs:prelude import type { SnapshotSource } from '@mikiwame/hrbrain-sync-core';
 *   declare const source: SnapshotSource; declare const signal: AbortSignal; -->
 * ```ts
 * import { raceAbort } from '@mikiwame/hrbrain-client';
 *
 * const snapshot = await raceAbort(source.snapshot(), signal);
 * ```
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  abortError: (signal: AbortSignal) => unknown = abortErrorFor,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

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
 * @internal Settle with `promise`, or reject with {@link AbortError} as soon as `signal`
 * fires — for waiting on work shared with other callers (the single-flight token fetch),
 * which one caller's abort must not cancel.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortErrorFor(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortErrorFor(signal));
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

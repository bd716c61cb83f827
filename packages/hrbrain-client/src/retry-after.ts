/**
 * `Retry-After` as milliseconds from `now`: delay-seconds (`"3"`, `"1.5"`) or an HTTP date
 * (`"Wed, 25 Nov 2026 14:00:00 GMT"`). `undefined` when absent or unparseable, so the
 * caller falls back to its own backoff.
 *
 * @internal
 */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Only accept something that looks like an HTTP date: `Date.parse('7 days')` and friends
  // return surprising values on some engines.
  if (!/^[A-Za-z]{3},? /.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

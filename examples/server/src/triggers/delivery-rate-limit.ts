/**
 * Too-frequent deliveries: a token bucket per tenant, in this process. A burst up to
 * `burst` deliveries passes at once; after that `perMinute` refill. Deliveries beyond it are
 * answered 429 with `Retry-After`, and coalescing means nothing is lost by refusing them: the
 * reconcile already queued reads the whole truth. With several web processes each keeps its
 * own bucket (the limit is per process), which is enough to stop a runaway sender.
 */
export function createDeliveryRateLimit(options: {
  perMinute: number;
  burst: number;
  now?: () => number;
}) {
  const now = options.now ?? (() => performance.now());
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = options.perMinute / 60_000;
  return {
    /** `{ allowed: true }`, or the seconds after which one more delivery would pass. */
    take(tenantId: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
      const t = now();
      const bucket = buckets.get(tenantId) ?? { tokens: options.burst, at: t };
      bucket.tokens = Math.min(options.burst, bucket.tokens + (t - bucket.at) * refillPerMs);
      bucket.at = t;
      buckets.set(tenantId, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000)),
      };
    },
  };
}

import type pg from 'pg';

/** The answer for one delivery: pass, or refuse with the seconds after which one more passes. */
export type RateLimitAnswer = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Too-frequent deliveries, counted per tenant across every web process. */
export interface DeliveryRateLimit {
  take(tenantId: string): Promise<RateLimitAnswer>;
}

/**
 * Too-frequent deliveries: a token bucket per tenant, kept in PostgreSQL
 * (`hrbrain_webhook_rate`), so the limit holds for the tenant however many web processes
 * receive its deliveries (a bucket per process would let N processes pass N times the rate).
 * A burst up to `burst` deliveries passes at once; after that `perMinute` refill. Deliveries
 * beyond it are answered 429 with `Retry-After`, and coalescing means nothing is lost by
 * refusing them: the reconcile already queued reads the whole truth.
 *
 * One statement per delivery: the upsert refills by the time since the bucket's last use (the
 * database's clock, so the processes' clocks do not matter), takes a token when one is there,
 * and the row lock makes concurrent deliveries of one tenant take turns.
 */
export function createDeliveryRateLimit(options: {
  pool: Pick<pg.Pool, 'query'>;
  perMinute: number;
  burst: number;
}): DeliveryRateLimit {
  const refillPerSecond = options.perMinute / 60;
  return {
    async take(tenantId) {
      const { rows } = await options.pool.query<{ tokens: number; allowed: boolean }>(
        `with now as (select clock_timestamp() as t)
         insert into hrbrain_webhook_rate as r (tenant_id, tokens, at, allowed)
         select $1, $2::float8 - 1, now.t, true from now
         on conflict (tenant_id) do update set
           tokens = least($2::float8, r.tokens + extract(epoch from excluded.at - r.at) * $3::float8)
                    - case when least($2::float8, r.tokens + extract(epoch from excluded.at - r.at) * $3::float8) >= 1
                           then 1 else 0 end,
           allowed = least($2::float8, r.tokens + extract(epoch from excluded.at - r.at) * $3::float8) >= 1,
           at = excluded.at
         returning tokens, allowed`,
        [tenantId, options.burst, refillPerSecond],
      );
      const row = rows[0];
      if (row === undefined || row.allowed) return { allowed: true };
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - row.tokens) / refillPerSecond)),
      };
    },
  };
}

import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { PgBoss } from 'pg-boss';
import { SecretUnreadableError } from '../crypto/secret-box.ts';
import type { ConnectionService } from '../hrbrain/connection-service.ts';
import { ApiError } from '../http/api-error.ts';
import type { TenantEnv } from '../http/tenant-auth.ts';
import type { Logger } from '../log/logger.ts';
import type { DeliveryRateLimit } from './delivery-rate-limit.ts';
import { requestReconcile } from './reconcile-queue.ts';
import type { WebhookEndpoints } from './webhook-endpoints.ts';
import { SIGNATURE_FAILURE_MESSAGES, verifyDelivery } from './webhook-signature.ts';

export interface WebhookReceiverOptions {
  boss: PgBoss;
  endpoints: WebhookEndpoints;
  connections: Pick<ConnectionService, 'status'>;
  rateLimit: DeliveryRateLimit;
  logger: Logger;
  /** Seconds a reconcile waits for more deliveries before it starts. */
  debounceSeconds: number;
  /** Largest body accepted, bytes. */
  maxBodyBytes: number;
}

/** The receiver's path; the token is never logged (see the request log in app.ts). */
export const WEBHOOK_ROUTE = '/hooks/hrbrain/:token';

/**
 * `POST /hooks/hrbrain/<token>`: HRBrain's change notification. The payload is not trusted
 * and not even parsed: a verified delivery only asks for a reconcile (a full sync that reads
 * everything from HRBrain), answered 202 at once. Refusals say what was wrong and are logged
 * with the reason and size, never the body:
 *
 * - 404 `WEBHOOK_NOT_FOUND`: no endpoint has that token (also after rotation, or when off);
 * - 413 `BODY_TOO_LARGE`: over `maxBodyBytes`;
 * - 429 `DELIVERY_RATE_LIMITED` with `Retry-After`: too frequent for this tenant;
 * - 401 `SIGNATURE_*`: the endpoint has a signing secret and the delivery does not verify.
 */
export function mountWebhookReceiver(app: Hono<TenantEnv>, options: WebhookReceiverOptions): void {
  const { boss, endpoints, logger } = options;
  const refuse = (
    c: Context,
    error: ApiError,
    fields: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) => {
    logger.warn('webhook delivery refused', {
      status: error.status,
      reason: error.code,
      bytes: Number(c.req.header('content-length') ?? 0) || undefined,
      ...fields,
    });
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    return c.json(error.toJSON(), error.status);
  };

  app.post(
    WEBHOOK_ROUTE,
    bodyLimit({
      maxSize: options.maxBodyBytes,
      onError: (c) =>
        refuse(
          c,
          new ApiError(
            413,
            'BODY_TOO_LARGE',
            `A delivery body may be at most ${options.maxBodyBytes} bytes.`,
            'リクエストが大きすぎます。',
          ),
          {},
        ),
    }),
    async (c) => {
      let endpoint: Awaited<ReturnType<WebhookEndpoints['resolve']>>;
      try {
        endpoint = await endpoints.resolve(c.req.param('token'));
      } catch (error) {
        if (!(error instanceof SecretUnreadableError)) throw error;
        // The secret was sealed under another HRBRAIN_SECRET_KEY: nothing verifies until rotated.
        endpoint = null;
      }
      if (endpoint === null) {
        return refuse(
          c,
          new ApiError(
            404,
            'WEBHOOK_NOT_FOUND',
            'No webhook endpoint has this URL (it may have been rotated or turned off).',
            'Webhook URLが見つかりません。',
          ),
          {},
        );
      }
      const { tenantId } = endpoint;
      const limited = await options.rateLimit.take(tenantId);
      if (!limited.allowed) {
        return refuse(
          c,
          new ApiError(
            429,
            'DELIVERY_RATE_LIMITED',
            'Too many deliveries for this tenant; a reconcile is already on its way.',
            'Webhookの受信回数が多すぎます。',
          ),
          { tenantId },
          { 'retry-after': String(limited.retryAfterSeconds) },
        );
      }
      const body = new Uint8Array(await c.req.arrayBuffer());
      let deliveryId: string | null = null;
      if (endpoint.signingSecret !== null) {
        const verified = verifyDelivery({
          secret: endpoint.signingSecret,
          headers: { get: (name) => c.req.header(name) },
          body,
        });
        if (!verified.ok) {
          return refuse(
            c,
            new ApiError(
              401,
              verified.reason,
              SIGNATURE_FAILURE_MESSAGES[verified.reason],
              'Webhookの署名を検証できませんでした。',
            ),
            { tenantId },
          );
        }
        deliveryId = verified.id.slice(0, 200);
      } else {
        // Unsigned: the id is only a label for the run list; nothing depends on it.
        deliveryId = c.req.header('webhook-id')?.slice(0, 200) ?? null;
      }

      if (!(await options.connections.status(tenantId)).connected) {
        logger.info('webhook delivery ignored: HRBrain is not connected', { tenantId, deliveryId });
        return c.json({ received: true, reconcile: 'not_connected' }, 202);
      }
      const jobId = await requestReconcile(boss, {
        tenantId,
        trigger: { type: 'webhook', by: null, deliveryId },
        delaySeconds: options.debounceSeconds,
      });
      logger.info('webhook delivery accepted', {
        tenantId,
        deliveryId,
        reconcile: jobId === null ? 'coalesced' : 'queued',
      });
      return c.json({ received: true, reconcile: jobId === null ? 'coalesced' : 'queued' }, 202);
    },
  );
}

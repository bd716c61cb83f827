import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { SecretBox } from '../crypto/secret-box.ts';
import { generateSigningSecret } from './webhook-signature.ts';

/** The path a tenant's webhook URL has: `/hooks/hrbrain/<token>`. */
export const WEBHOOK_PATH_PREFIX = '/hooks/hrbrain/';

/** A URL token: 32 random bytes, base64url (43 characters). Unguessable; rotated from the admin page. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const isWebhookToken = (token: string) => TOKEN.test(token);

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** What the API shows about a tenant's endpoint: never the token or the secret. */
export interface WebhookEndpointStatus {
  enabled: boolean;
  signed: boolean;
  rotatedAt: string | null;
}

/** A token resolved to its tenant (and the secret deliveries must be signed with, if any). */
export interface WebhookEndpoint {
  tenantId: string;
  signingSecret: string | null;
}

/**
 * The per-tenant webhook endpoints (`hrbrain_webhook_endpoints`). The token is shown once,
 * when it is created or rotated (like an API key); only its SHA-256 is stored. Rotating
 * replaces the token at once: the old URL answers 404 from then on.
 */
export function createWebhookEndpoints(options: { pool: pg.Pool; secretBox: SecretBox }) {
  const { pool, secretBox } = options;
  // The sealed secret is bound to its tenant and to this purpose.
  const context = (tenantId: string) => `webhook:${tenantId}`;

  return {
    async status(tenantId: string): Promise<WebhookEndpointStatus> {
      const { rows } = await pool.query<{ signed: boolean; rotated_at: Date }>(
        `select signing_secret is not null as signed, rotated_at
           from hrbrain_webhook_endpoints where tenant_id = $1`,
        [tenantId],
      );
      const row = rows[0];
      return row === undefined
        ? { enabled: false, signed: false, rotatedAt: null }
        : { enabled: true, signed: row.signed, rotatedAt: row.rotated_at.toISOString() };
    },

    /** Creates or replaces the tenant's endpoint; returns the new token (and secret) once. */
    async rotate(
      tenantId: string,
      input: { signed: boolean },
    ): Promise<{ token: string; signingSecret: string | null; status: WebhookEndpointStatus }> {
      const token = randomBytes(32).toString('base64url');
      const signingSecret = input.signed ? generateSigningSecret() : null;
      const { rows } = await pool.query<{ rotated_at: Date }>(
        `insert into hrbrain_webhook_endpoints (tenant_id, token_hash, signing_secret, rotated_at)
         values ($1, $2, $3, now())
         on conflict (tenant_id) do update
           set token_hash = excluded.token_hash,
               signing_secret = excluded.signing_secret,
               rotated_at = excluded.rotated_at
         returning rotated_at`,
        [
          tenantId,
          hashToken(token),
          signingSecret === null ? null : secretBox.seal(signingSecret, context(tenantId)),
        ],
      );
      return {
        token,
        signingSecret,
        status: {
          enabled: true,
          signed: signingSecret !== null,
          rotatedAt: (rows[0] as { rotated_at: Date }).rotated_at.toISOString(),
        },
      };
    },

    /** Turns webhooks off for the tenant (the default state); true if they were on. */
    async disable(tenantId: string): Promise<boolean> {
      const result = await pool.query(
        'delete from hrbrain_webhook_endpoints where tenant_id = $1',
        [tenantId],
      );
      return (result.rowCount ?? 0) > 0;
    },

    /** The endpoint a URL token names, or null. Throws `SecretUnreadableError` for a secret sealed under another key. */
    async resolve(token: string): Promise<WebhookEndpoint | null> {
      if (!isWebhookToken(token)) return null;
      const { rows } = await pool.query<{ tenant_id: string; signing_secret: string | null }>(
        'select tenant_id, signing_secret from hrbrain_webhook_endpoints where token_hash = $1',
        [hashToken(token)],
      );
      const row = rows[0];
      if (row === undefined) return null;
      return {
        tenantId: row.tenant_id,
        signingSecret:
          row.signing_secret === null
            ? null
            : secretBox.open(row.signing_secret, context(row.tenant_id)),
      };
    },
  };
}

export type WebhookEndpoints = ReturnType<typeof createWebhookEndpoints>;

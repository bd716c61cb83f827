import { FakeHrbrainOptionsError } from '../errors';

/*
 * HRBrain's 公開API/Webhook設定 exists, but its events, payloads and signing scheme are not
 * public. What this fake sends is ASSUMED (documented in docs/hrbrain-api.md): a small JSON
 * notice that something changed, naming ids only, never personal data; signed in the
 * Standard Webhooks way when a secret is given. A receiver built on it must not depend on the
 * body: it should only take a delivery as "something changed, read again".
 */

/** What changed, in the assumed event body. */
export type FakeHrbrainWebhookEventType =
  | 'member.created'
  | 'member.updated'
  | 'member.deleted'
  | 'organization.updated';

/** The assumed body of one delivery. */
export interface FakeHrbrainWebhookEvent {
  /** Unique per event; the same on every retry of it (also sent as `webhook-id`). */
  id: string;
  type: FakeHrbrainWebhookEventType;
  /** ISO 8601, when the change happened. */
  occurredAt: string;
  /** The tenant's subdomain. */
  clientId: string;
  /** Ids of what changed (member ids or organization item ids); no names, no e-mails. */
  data: { ids: string[] };
}

/** Where and how the fake sends deliveries. */
export interface FakeHrbrainWebhookOptions {
  /** The receiver's URL (e.g. the example server's `/hooks/hrbrain/<token>`). */
  url: string;
  /**
   * A signing secret (`whsec_<base64>` or plain base64): each delivery then carries
   * `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of
   * "<id>.<timestamp>.<body>">`. Without it, only `webhook-id`.
   */
  secret?: string | undefined;
  /** Replaces the global `fetch` (tests). */
  fetch?: typeof fetch | undefined;
}

/** One delivery attempt, as the fake saw it. */
export interface FakeHrbrainWebhookDelivery {
  id: string;
  type: FakeHrbrainWebhookEventType;
  /** The receiver's status, or `null` when the request failed (connection refused …). */
  status: number | null;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The `v1,<base64>` signature the fake sends (Web Crypto: works in browsers and Node). */
export async function signFakeHrbrainWebhook(
  secret: string,
  delivery: { id: string; timestamp: number; body: string },
): Promise<string> {
  const raw = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  let keyBytes: Uint8Array;
  try {
    keyBytes = fromBase64(raw);
  } catch {
    throw new FakeHrbrainOptionsError('must be base64 (optionally whsec_…).', {
      option: 'webhook.secret',
    });
  }
  const key = await crypto.subtle.importKey(
    'raw',
    keyBytes as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const content = new TextEncoder().encode(`${delivery.id}.${delivery.timestamp}.${delivery.body}`);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, content));
  return `v1,${base64(mac)}`;
}

let sequence = 0;
function eventId(): string {
  sequence += 1;
  const random = new Uint8Array(8);
  crypto.getRandomValues(random);
  return `evt_${Date.now().toString(36)}${sequence.toString(36)}${[...random].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Sends one assumed HRBrain webhook delivery (a POST with the JSON body above) and resolves
 * with the receiver's status; a failed request resolves with `status: null` (the fake does not
 * retry: a lost delivery is part of what a receiver must survive).
 */
export async function sendFakeHrbrainWebhook(
  options: FakeHrbrainWebhookOptions,
  event: Omit<FakeHrbrainWebhookEvent, 'id' | 'occurredAt'> &
    Partial<Pick<FakeHrbrainWebhookEvent, 'id' | 'occurredAt'>>,
): Promise<FakeHrbrainWebhookDelivery> {
  const full: FakeHrbrainWebhookEvent = {
    id: event.id ?? eventId(),
    type: event.type,
    occurredAt: event.occurredAt ?? new Date().toISOString(),
    clientId: event.clientId,
    data: { ids: [...event.data.ids] },
  };
  const body = JSON.stringify(full);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'fake-hrbrain-webhooks',
    'webhook-id': full.id,
  };
  if (options.secret !== undefined) {
    const timestamp = Math.floor(Date.now() / 1000);
    headers['webhook-timestamp'] = String(timestamp);
    headers['webhook-signature'] = await signFakeHrbrainWebhook(options.secret, {
      id: full.id,
      timestamp,
      body,
    });
  }
  const doFetch = options.fetch ?? fetch;
  try {
    const response = await doFetch(options.url, { method: 'POST', headers, body });
    await response.arrayBuffer().catch(() => undefined);
    return { id: full.id, type: full.type, status: response.status };
  } catch {
    return { id: full.id, type: full.type, status: null };
  }
}

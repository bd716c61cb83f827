import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signed deliveries, in the shape of the Standard Webhooks scheme (HRBrain's own scheme is not
 * public; this is what the receiver asks a sender to do when a signing secret is set):
 *
 * - `webhook-id`: the delivery's id (the same on every retry of one delivery);
 * - `webhook-timestamp`: Unix seconds when it was signed;
 * - `webhook-signature`: space-separated `v1,<base64 HMAC-SHA256>` values, so that a sender
 *   rotating its key may send two; one match is enough.
 *
 * The HMAC is over `<id>.<timestamp>.<raw body bytes>` with the secret's decoded bytes as key.
 */
export const SIGNATURE_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/** A timestamp further than this from the receiver's clock is refused (replays, stale retries). */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

const SECRET_PREFIX = 'whsec_';

/** A new signing secret: `whsec_` + 32 random bytes, base64. */
export function generateSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

function secretKey(secret: string): Buffer {
  return Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    'base64',
  );
}

/** The `v1,<base64>` signature of one delivery (what a sender puts in `webhook-signature`). */
export function signDelivery(
  secret: string,
  delivery: { id: string; timestamp: number; body: Uint8Array | string },
): string {
  const mac = createHmac('sha256', secretKey(secret))
    .update(`${delivery.id}.${delivery.timestamp}.`)
    .update(delivery.body)
    .digest('base64');
  return `v1,${mac}`;
}

/** Why a delivery was not verified; each names what the sender must fix (no secret in it). */
export type SignatureFailure =
  | 'MISSING_SIGNATURE_HEADERS'
  | 'INVALID_TIMESTAMP'
  | 'TIMESTAMP_OUT_OF_TOLERANCE'
  | 'SIGNATURE_MISMATCH';

export const SIGNATURE_FAILURE_MESSAGES: Record<SignatureFailure, string> = {
  MISSING_SIGNATURE_HEADERS:
    'This endpoint has a signing secret: send webhook-id, webhook-timestamp and webhook-signature.',
  INVALID_TIMESTAMP: 'webhook-timestamp must be Unix seconds (an integer).',
  TIMESTAMP_OUT_OF_TOLERANCE:
    "webhook-timestamp is too far from the receiver's clock (more than 5 minutes): sign each attempt afresh.",
  SIGNATURE_MISMATCH:
    'No webhook-signature matches: sign "<webhook-id>.<webhook-timestamp>.<raw body>" with HMAC-SHA256 and the current secret, over the exact bytes sent (not a re-serialised body).',
};

/**
 * Verifies one delivery against `secret`: the headers are present, the timestamp is within
 * `toleranceSeconds` of `now`, and one of the signatures matches, compared in constant time.
 */
export function verifyDelivery(input: {
  secret: string;
  headers: { get(name: string): string | null | undefined };
  body: Uint8Array;
  now?: Date;
  toleranceSeconds?: number;
}): { ok: true; id: string } | { ok: false; reason: SignatureFailure } {
  const id = input.headers.get(SIGNATURE_HEADERS.id);
  const timestampText = input.headers.get(SIGNATURE_HEADERS.timestamp);
  const signatures = input.headers.get(SIGNATURE_HEADERS.signature);
  if (!id || !timestampText || !signatures)
    return { ok: false, reason: 'MISSING_SIGNATURE_HEADERS' };
  if (!/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: 'INVALID_TIMESTAMP' };
  const timestamp = Number(timestampText);
  const nowSeconds = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds - timestamp) > tolerance) {
    return { ok: false, reason: 'TIMESTAMP_OUT_OF_TOLERANCE' };
  }
  const expected = Buffer.from(
    signDelivery(input.secret, { id, timestamp, body: input.body }).slice(3),
    'base64',
  );
  let matched = false;
  for (const candidate of signatures.split(' ')) {
    const [version, value] = candidate.split(',', 2);
    if (version !== 'v1' || value === undefined) continue;
    const given = Buffer.from(value, 'base64');
    // timingSafeEqual needs equal lengths; a wrong length is a mismatch, not an exception.
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched ? { ok: true, id } : { ok: false, reason: 'SIGNATURE_MISMATCH' };
}

// Defence in depth for messages from third-party sources (C5): no bearer tokens or secrets,
// bounded length. A token ends where a token character ends (RFC 6750 b64token), so the
// punctuation after it (`;`, `)`, `,`, `&` …) stays in the message.

const BEARER = /(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi;
const SECRET = /((?:client_?secret|token|password)["']?\s*[:=]\s*["']?)[^\s"',;&)\]}>]+/gi;
const MAX_LENGTH = 1000;

/** A message an admin may see: bearer tokens and `secret=`/`token:` values replaced. */
export function redact(message: string): string {
  const safe = String(message).replace(BEARER, '$1[redacted]').replace(SECRET, '$1[redacted]');
  return safe.length > MAX_LENGTH ? `${safe.slice(0, MAX_LENGTH)}…` : safe;
}

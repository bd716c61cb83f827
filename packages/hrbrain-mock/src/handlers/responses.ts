/** The JSON error body the fake sends (its shape is assumed: HRBrain's is not public). */
export interface HrbrainErrorBody {
  /** Machine-readable reason, e.g. `token_expired`, `insufficient_scope`, `rate_limited`. */
  code: string;
  /** A sentence for humans. Never contains a secret or a token. */
  message: string;
  /** For `insufficient_scope`: the scope the secret lacks. */
  scope?: string;
  /** For `invalid_parameter`: the query or body parameter at fault. */
  parameter?: string;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

// Cached bodies travel beside their Response, so the loopback server can write the bytes
// straight to the socket instead of copying them into and out of a body stream.
const RAW_BODIES = new WeakMap<Response, Uint8Array>();

/** The cached bytes behind a response built from a `Uint8Array`, if any. */
export function rawBodyOf(response: Response): Uint8Array | undefined {
  return RAW_BODIES.get(response);
}

export function jsonBody(
  status: number,
  body: string | Uint8Array,
  headers?: Record<string, string>,
): Response {
  const init = { status, headers: { ...JSON_HEADERS, ...headers } };
  if (typeof body === 'string') return new Response(body, init);
  // The stream hands out the bytes only if someone reads the body (msw in tests does,
  // the server takes the raw bytes), so a cached page is never copied in vain.
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        controller.enqueue(body.slice());
        controller.close();
      },
    },
    // No read-ahead: `pull` runs only when the body is actually read.
    { highWaterMark: 0 },
  );
  const response = new Response(stream, init);
  RAW_BODIES.set(response, body);
  return response;
}

export function errorResponse(
  status: number,
  error: HrbrainErrorBody,
  headers?: Record<string, string>,
): Response {
  return jsonBody(status, JSON.stringify(error), headers);
}

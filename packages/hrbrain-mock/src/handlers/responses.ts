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

export function jsonBody(status: number, body: string, headers?: Record<string, string>): Response {
  return new Response(body, { status, headers: { ...JSON_HEADERS, ...headers } });
}

export function errorResponse(
  status: number,
  error: HrbrainErrorBody,
  headers?: Record<string, string>,
): Response {
  return jsonBody(status, JSON.stringify(error), headers);
}

import { type FaultName, type HrbrainFaults, takeFault } from './faults';
import { errorResponse, jsonBody } from './responses';
import { reportedScope } from './scopes';

function httpDate(secondsFromNow: number): string {
  return new Date(Date.now() + secondsFromNow * 1000).toUTCString();
}

/**
 * The fault that answers instead of the endpoint, if one applies to `path` (network,
 * 5xx, 429, 401, 403, in that order). Uses up one hit of it.
 */
export function injectFault(
  faults: HrbrainFaults,
  path: string,
  endpointScope: string | undefined,
): [Response, FaultName] | undefined {
  if (takeFault(faults.networkError, path)) return [Response.error(), 'networkError'];
  if (takeFault(faults.serverError, path)) {
    const status = faults.serverError?.status ?? 500;
    return [
      errorResponse(status, { code: 'server_error', message: 'Injected server error.' }),
      'serverError',
    ];
  }
  if (takeFault(faults.rateLimit, path)) {
    const retryAfter = faults.rateLimit?.retryAfter ?? 1;
    const format = faults.rateLimit?.retryAfterFormat ?? 'seconds';
    const headers: Record<string, string> =
      format === 'none'
        ? {}
        : { 'retry-after': format === 'http-date' ? httpDate(retryAfter) : String(retryAfter) };
    return [
      errorResponse(429, { code: 'rate_limited', message: 'Too many requests.' }, headers),
      'rateLimit',
    ];
  }
  if (takeFault(faults.unauthorized, path)) {
    return [
      errorResponse(401, { code: 'unauthorized', message: 'The access token was rejected.' }),
      'unauthorized',
    ];
  }
  if (takeFault(faults.forbidden, path)) {
    const scope = faults.forbidden?.scope ?? (endpointScope ? reportedScope(endpointScope) : 'all');
    return [
      errorResponse(403, {
        code: 'insufficient_scope',
        message: `The client secret lacks the scope '${scope}'.`,
        scope,
      }),
      'forbidden',
    ];
  }
  return undefined;
}

/** Spoils a successful JSON body (truncated, then malformed), if such a fault applies. */
export async function spoilBody(
  faults: HrbrainFaults,
  path: string,
  response: Response,
): Promise<[Response, FaultName?]> {
  if (response.status < 200 || response.status >= 300) return [response];
  if (takeFault(faults.truncatedJson, path)) {
    const text = await response.text();
    return [jsonBody(response.status, text.slice(0, Math.floor(text.length / 2))), 'truncatedJson'];
  }
  if (takeFault(faults.malformedJson, path)) {
    const text = await response.text();
    // A trailing comma before the closing brace: what a buggy serializer really emits.
    return [jsonBody(response.status, `${text.slice(0, -1)},}`), 'malformedJson'];
  }
  return [response];
}

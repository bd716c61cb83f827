import { type HttpHandler, http } from 'msw';
import { FakeHrbrainOptionsError } from '../errors';
import type { FakeHrbrainTenant } from '../tenant/create-fake-hrbrain';
import { copyFaults, type FaultName, type HrbrainFaults } from './faults';
import { injectFault, spoilBody } from './inject-fault';
import { PayloadSerializer } from './payload-serializer';
import { errorResponse } from './responses';
import { createRoutes, type Route, type RouteContext } from './routes';
import { hasScope, reportedScope } from './scopes';
import { TokenStore } from './token-store';

/** Options of {@link createHrbrainHandlers}. */
export interface HrbrainHandlersOptions {
  /** Faults to start with; change them later through `handlers.faults`. */
  faults?: HrbrainFaults;
  /** Where to listen (default `tenant.baseUrl`, `https://{clientId}.oapi.hrbrain.jp`). */
  baseUrl?: string;
  /** The largest `limit` the members endpoint accepts (default 100; above it → 400). */
  maxPageSize?: number;
  /**
   * Serialise each body once and reuse its bytes (default false: every response reflects
   * the live `tenant.payload`). The loopback server turns it on; call `refresh()` after
   * changing the payload.
   */
  cacheResponses?: boolean;
}

/** One request the fake received, in arrival order. */
export interface HrbrainRequestLogEntry {
  method: string;
  /** Pathname, e.g. `/members/v1/members`. */
  path: string;
  /** Query string including `?`, or `''`. */
  search: string;
  /** Status sent (0 for an injected network error; until the response is ready, 0). */
  status: number;
  /** The `x-request-id` sent with the response. */
  requestId: string;
  /** The injected fault that answered, if any. */
  fault?: FaultName;
}

/** Runtime control over a set of handlers. */
export interface HrbrainHandlersControl {
  /** The tenant served. */
  readonly tenant: FakeHrbrainTenant;
  /** Where the handlers listen. */
  readonly baseUrl: string;
  /** Live faults: set, change or delete entries at any time (or assign a new object). */
  faults: HrbrainFaults;
  /** Every request received, oldest first. */
  readonly requests: readonly HrbrainRequestLogEntry[];
  /**
   * How many requests each `METHOD /path` received (query ignored), e.g.
   * `{ 'POST /auth/token': 1, 'GET /members/v1/fields': 1 }`; paths never asked are absent.
   * Cleared with the request log by `reset()`.
   */
  requestCounts(): Record<string, number>;
  /** Makes every access token issued so far expire (their next use gets 401 `token_expired`). */
  expireTokens(): void;
  /** Drops cached bodies after `tenant.payload` was changed (only needed with `cacheResponses`). */
  refresh(): void;
  /** Clears faults, the request log and all issued tokens. */
  reset(): void;
}

/**
 * msw request handlers for the whole HRBrain surface (`setupServer(...handlers)`), plus the
 * controls of {@link HrbrainHandlersControl} (`handlers.faults`, `handlers.requests` …).
 */
export type HrbrainHandlers = HttpHandler[] & HrbrainHandlersControl;

// Internal: lets the server warm the cache of the handlers it created.
const SERIALIZERS = new WeakMap<HttpHandler[], PayloadSerializer>();

/** The body serializer behind handlers made by {@link createHrbrainHandlers} (internal). */
export function serializerOf(handlers: HrbrainHandlers): PayloadSerializer | undefined {
  return SERIALIZERS.get(handlers);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Creates msw handlers that serve `tenant` exactly as `hrbrain-api.md` describes HRBrain:
 * `POST /auth/token`, `GET /members/v1/fields`, `GET /members/v1/members`,
 * `GET /members/v1.1/organization/{id}/items` and `POST /members/v1/members/lookup`, with
 * bearer tokens, scopes, an `x-request-id` on every response, and injectable faults.
 *
 * @example
 * ```ts
 * import { createFakeHrbrain, createHrbrainHandlers } from '@mikiwame/hrbrain-mock';
 * import { setupServer } from 'msw/node';
 *
 * const tenant = createFakeHrbrain({ clientId: 'acme', clientSecret: 's3cret', members: 250 });
 * const handlers = createHrbrainHandlers(tenant, { faults: { rateLimit: { count: 1 } } });
 * const server = setupServer(...handlers);
 * server.listen();
 * // later: the next two requests answer 503, and every request so far is logged
 * handlers.faults.serverError = { count: 2, status: 503 };
 * console.log(handlers.requests.length);
 * ```
 *
 * @throws {FakeHrbrainOptionsError} for a relative `baseUrl` or a bad `maxPageSize`.
 */
export function createHrbrainHandlers(
  tenant: FakeHrbrainTenant,
  options: HrbrainHandlersOptions = {},
): HrbrainHandlers {
  const baseUrl = (options.baseUrl ?? tenant.baseUrl).replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch {
    throw new FakeHrbrainOptionsError(`'${baseUrl}' is not an absolute URL.`, {
      option: 'baseUrl',
    });
  }
  const maxPageSize = options.maxPageSize ?? 100;
  if (!Number.isInteger(maxPageSize) || maxPageSize < 1) {
    throw new FakeHrbrainOptionsError('must be a whole number ≥ 1.', { option: 'maxPageSize' });
  }
  const serializer = new PayloadSerializer(tenant, options.cacheResponses ?? false);
  const tokens = new TokenStore();
  const requests: HrbrainRequestLogEntry[] = [];
  let requestCounter = 0;
  const control: HrbrainHandlersControl = {
    tenant,
    baseUrl,
    faults: copyFaults(options.faults),
    requests,
    requestCounts() {
      const counts: Record<string, number> = {};
      for (const entry of requests) {
        const key = `${entry.method} ${entry.path}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      return counts;
    },
    expireTokens: () => tokens.expireAll(),
    refresh: () => serializer.clear(),
    reset() {
      control.faults = {};
      requests.length = 0;
      tokens.clear();
    },
  };
  const routes = createRoutes(tenant, serializer, tokens, maxPageSize, () => control.faults);

  /** 401 or 403 when the bearer token or its scopes do not allow `route`; else undefined. */
  const authenticate = (route: Route, request: Request): Response | undefined => {
    if (route.scope === undefined) return undefined;
    const token = BEARER.exec(request.headers.get('authorization') ?? '')?.[1];
    if (token === undefined) {
      return errorResponse(401, {
        code: 'missing_token',
        message: 'Send Authorization: Bearer <token> from POST /auth/token.',
      });
    }
    const rejection = tokens.use(token, control.faults.tokenExpiresAfterCalls);
    if (rejection === 'invalid_token') {
      return errorResponse(401, { code: rejection, message: 'Unknown access token.' });
    }
    if (rejection === 'token_expired') {
      return errorResponse(401, {
        code: rejection,
        message: 'The access token has expired; request a new one.',
      });
    }
    if (!hasScope(tenant.scopes, route.scope)) {
      const scope = reportedScope(route.scope);
      return errorResponse(403, {
        code: 'insufficient_scope',
        message: `The client secret lacks the scope '${scope}'.`,
        scope,
      });
    }
    return undefined;
  };

  /** Faults, authentication and the endpoint; returns the response and the fault that fired. */
  const respond = async (route: Route, ctx: RouteContext): Promise<[Response, FaultName?]> => {
    const path = ctx.url.pathname;
    const injected = injectFault(control.faults, path, route.scope);
    if (injected) return injected;
    const refused = authenticate(route, ctx.request);
    if (refused) return [refused];
    return spoilBody(control.faults, path, await route.handle(ctx));
  };

  const serve = async (route: Route | undefined, ctx: RouteContext): Promise<Response> => {
    requestCounter += 1;
    const requestId = `req-${requestCounter.toString(16).padStart(8, '0')}`;
    const entry: HrbrainRequestLogEntry = {
      method: ctx.request.method,
      path: ctx.url.pathname,
      search: ctx.url.search,
      status: 0,
      requestId,
    };
    requests.push(entry);
    const latency = control.faults.latencyMs;
    if (latency !== undefined && latency > 0) await sleep(latency);
    const [response, fault] = route
      ? await respond(route, ctx)
      : [
          errorResponse(404, {
            code: 'not_found',
            message: `No route for ${ctx.request.method} ${ctx.url.pathname}.`,
          }),
        ];
    if (fault) entry.fault = fault;
    entry.status = response.status;
    if (response.type !== 'error') response.headers.set('x-request-id', requestId);
    return response;
  };

  const handlers: HttpHandler[] = routes.map((route) =>
    http[route.method](`${baseUrl}${route.path}`, ({ request, params }) =>
      serve(route, { request, params, url: new URL(request.url) }),
    ),
  );
  // Anything else on the tenant's host is a 404, as a real API would answer.
  handlers.push(
    http.all(`${baseUrl}/*`, ({ request, params }) =>
      serve(undefined, { request, params, url: new URL(request.url) }),
    ),
  );
  SERIALIZERS.set(handlers, serializer);
  // The array is what msw needs; the controls ride on it, with `faults` kept live both ways.
  return Object.defineProperties(handlers, {
    tenant: { value: tenant, enumerable: false },
    baseUrl: { value: baseUrl, enumerable: false },
    requests: { value: requests, enumerable: false },
    faults: {
      get: () => control.faults,
      set: (faults: HrbrainFaults) => {
        control.faults = faults;
      },
      enumerable: false,
    },
    requestCounts: { value: control.requestCounts, enumerable: false },
    expireTokens: { value: control.expireTokens, enumerable: false },
    refresh: { value: control.refresh, enumerable: false },
    reset: { value: control.reset, enumerable: false },
  }) as HrbrainHandlers;
}

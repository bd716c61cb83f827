import { type HttpHandler, http } from 'msw';
import { FakeHrbrainOptionsError } from '../errors';
import type { FakeHrbrainTenant } from '../tenant/create-fake-hrbrain';
import { copyFaults, type FaultName, type HrbrainFaults, takeFault } from './faults';
import { lookupMember } from './lookup-member';
import { PayloadSerializer } from './payload-serializer';
import { errorResponse, jsonBody } from './responses';
import { hasScope } from './scopes';

/** Options of {@link createHrbrainHandlers}. */
export interface HrbrainHandlersOptions {
  /** Faults to start with; change them later through `handlers.faults`. */
  faults?: HrbrainFaults;
  /** Where to listen (default `tenant.baseUrl`, `https://{clientId}.oapi.hrbrain.jp`). */
  baseUrl?: string;
  /** The largest `limit` the members endpoint accepts (default 100; above it → 400). */
  maxPageSize?: number;
  /**
   * Serialise each member and body once and reuse it (default false: every response reflects
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

interface TokenState {
  uses: number;
  expired: boolean;
}

interface RouteContext {
  request: Request;
  url: URL;
  params: Record<string, string | readonly string[] | undefined>;
}

interface Route {
  method: 'get' | 'post';
  path: string;
  /** Scope the endpoint needs; `undefined` for `/auth/token` (no bearer token). */
  scope: string | undefined;
  handle(ctx: RouteContext): Response | Promise<Response>;
}

// Internal: lets the server warm the cache of the handlers it created.
const SERIALIZERS = new WeakMap<HttpHandler[], PayloadSerializer>();

/** The body serializer behind handlers made by {@link createHrbrainHandlers} (internal). */
export function serializerOf(handlers: HrbrainHandlers): PayloadSerializer | undefined {
  return SERIALIZERS.get(handlers);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function httpDate(secondsFromNow: number): string {
  return new Date(Date.now() + secondsFromNow * 1000).toUTCString();
}

async function readJsonBody(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const body: unknown = JSON.parse(await request.text());
    return body !== null && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function invalidParameter(parameter: string, message: string): Response {
  return errorResponse(400, { code: 'invalid_parameter', message, parameter });
}

/**
 * Creates msw handlers that serve `tenant` exactly as `hrbrain-api.md` describes HRBrain:
 * `POST /auth/token`, `GET /members/v1/fields`, `GET /members/v1/members`,
 * `GET /members/v1.1/organization/{id}/items` and `POST /members/v1/members/lookup`, with
 * bearer tokens, scopes, an `x-request-id` on every response, and injectable faults.
 *
 * @example
 * const tenant = createFakeHrbrain({ clientId: 'acme', clientSecret: 's3cret', members: 250 });
 * const handlers = createHrbrainHandlers(tenant, { faults: { rateLimit: { count: 1 } } });
 * const server = setupServer(...handlers);
 * // later: handlers.faults.serverError = { count: 2, status: 503 }; handlers.requests …
 */
export function createHrbrainHandlers(
  tenant: FakeHrbrainTenant,
  options: HrbrainHandlersOptions = {},
): HrbrainHandlers {
  const baseUrl = (options.baseUrl ?? tenant.baseUrl).replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch {
    throw new FakeHrbrainOptionsError('baseUrl', `'${baseUrl}' is not an absolute URL.`);
  }
  const maxPageSize = options.maxPageSize ?? 100;
  if (!Number.isInteger(maxPageSize) || maxPageSize < 1) {
    throw new FakeHrbrainOptionsError('maxPageSize', 'must be a whole number ≥ 1.');
  }
  const serializer = new PayloadSerializer(tenant, options.cacheResponses ?? false);
  const tokens = new Map<string, TokenState>();
  const requests: HrbrainRequestLogEntry[] = [];
  let requestCounter = 0;

  const issueToken = (): Response => {
    const token = `fake-hrbrain-${globalThis.crypto.randomUUID()}`;
    tokens.set(token, { uses: 0, expired: false });
    return jsonBody(200, JSON.stringify({ token }));
  };

  const routes: Route[] = [
    {
      method: 'post',
      path: '/auth/token',
      scope: undefined,
      async handle({ request }) {
        const body = await readJsonBody(request);
        if (!body || typeof body.clientId !== 'string' || typeof body.clientSecret !== 'string') {
          return invalidParameter(
            'body',
            'Send a JSON body {"clientId": "<subdomain>", "clientSecret": "<token>"}.',
          );
        }
        if (body.clientId !== tenant.clientId) {
          return errorResponse(401, {
            code: 'invalid_client',
            message: `Unknown client ID '${body.clientId.slice(0, 63)}'.`,
          });
        }
        if (body.clientSecret !== tenant.clientSecret) {
          return errorResponse(401, {
            code: 'invalid_client_secret',
            message: 'The client secret is not valid for this client ID.',
          });
        }
        return issueToken();
      },
    },
    {
      method: 'get',
      path: '/members/v1/fields',
      scope: 'member.fields:read',
      handle: () => jsonBody(200, serializer.fieldsBody()),
    },
    {
      method: 'get',
      path: '/members/v1/members',
      scope: 'member:read',
      handle({ url }) {
        const q = url.searchParams;
        const limitText = q.get('limit');
        const offsetText = q.get('offset');
        const limit = limitText === null ? maxPageSize : Number(limitText);
        const offset = offsetText === null ? 0 : Number(offsetText);
        if (!Number.isInteger(limit) || limit < 1 || limit > maxPageSize) {
          return invalidParameter(
            'limit',
            `limit must be a whole number from 1 to ${maxPageSize}.`,
          );
        }
        if (!Number.isInteger(offset) || offset < 0) {
          return invalidParameter('offset', 'offset must be a whole number ≥ 0.');
        }
        let columns: string[] | undefined;
        const columnsText = q.get('columns');
        if (columnsText !== null && columnsText.trim() !== '') {
          columns = columnsText
            .split(',')
            .map((c) => c.trim())
            .filter((c) => c !== '');
          const known = serializer.fieldIds();
          const unknown = columns.filter((c) => !known.has(c));
          if (unknown.length > 0) {
            return invalidParameter(
              'columns',
              `Unknown field ids in columns: ${unknown.join(', ')}.`,
            );
          }
        }
        return jsonBody(200, serializer.membersPageBody(offset, limit, columns));
      },
    },
    {
      method: 'get',
      path: '/members/v1.1/organization/:organizationId/items',
      scope: 'organization:read',
      handle({ params }) {
        const id = String(params.organizationId ?? '');
        const body = serializer.organizationBody(id);
        if (body === undefined) {
          return errorResponse(404, {
            code: 'not_found',
            message: `No organization with id '${id}'.`,
          });
        }
        return jsonBody(200, body);
      },
    },
    {
      method: 'post',
      path: '/members/v1/members/lookup',
      scope: 'member:read',
      async handle({ request }) {
        const body = await readJsonBody(request);
        const email = body?.email;
        const employeeNumber = body?.employeeNumber;
        if (
          !body ||
          (typeof email !== 'string' && typeof employeeNumber !== 'string') ||
          (email !== undefined && typeof email !== 'string') ||
          (employeeNumber !== undefined && typeof employeeNumber !== 'string')
        ) {
          return invalidParameter(
            'body',
            'Send a JSON body with "email" and/or "employeeNumber" strings.',
          );
        }
        const member = lookupMember(
          tenant,
          email as string | undefined,
          employeeNumber as string | undefined,
        );
        if (!member)
          return errorResponse(404, { code: 'not_found', message: 'No member matches.' });
        return jsonBody(200, JSON.stringify(member));
      },
    },
  ];

  const control: HrbrainHandlersControl = {
    tenant,
    baseUrl,
    faults: copyFaults(options.faults),
    requests,
    expireTokens() {
      for (const state of tokens.values()) state.expired = true;
    },
    refresh() {
      serializer.clear();
    },
    reset() {
      control.faults = {};
      requests.length = 0;
      tokens.clear();
    },
  };

  /** Faults, authentication and scopes around one route; returns the response and the fault that fired. */
  const respond = async (route: Route, ctx: RouteContext): Promise<[Response, FaultName?]> => {
    const { faults } = control;
    const path = ctx.url.pathname;
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
      const scope = faults.forbidden?.scope ?? route.scope ?? 'all';
      return [
        errorResponse(403, {
          code: 'insufficient_scope',
          message: `The client secret lacks the scope '${scope}'.`,
          scope,
        }),
        'forbidden',
      ];
    }

    if (route.scope !== undefined) {
      const authorization = ctx.request.headers.get('authorization') ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) {
        return [
          errorResponse(401, {
            code: 'missing_token',
            message: 'Send Authorization: Bearer <token> from POST /auth/token.',
          }),
        ];
      }
      const state = tokens.get(match[1] as string);
      if (!state) {
        return [errorResponse(401, { code: 'invalid_token', message: 'Unknown access token.' })];
      }
      const limit = faults.tokenExpiresAfterCalls;
      if (state.expired || (limit !== undefined && state.uses >= limit)) {
        state.expired = true;
        return [
          errorResponse(401, {
            code: 'token_expired',
            message: 'The access token has expired; request a new one.',
          }),
        ];
      }
      state.uses += 1;
      // Reported with the narrow scope the manual asks for, whatever broader one would do.
      const needed = route.scope === 'member.fields:read' ? 'member:read' : route.scope;
      if (!hasScope(tenant.scopes, route.scope)) {
        return [
          errorResponse(403, {
            code: 'insufficient_scope',
            message: `The client secret lacks the scope '${needed}'.`,
            scope: needed,
          }),
        ];
      }
    }

    const response = await route.handle(ctx);
    if (response.status >= 200 && response.status < 300) {
      if (takeFault(faults.truncatedJson, path)) {
        const text = await response.text();
        return [
          jsonBody(response.status, text.slice(0, Math.floor(text.length / 2))),
          'truncatedJson',
        ];
      }
      if (takeFault(faults.malformedJson, path)) {
        const text = await response.text();
        return [jsonBody(response.status, `${text.slice(0, -1)},}`), 'malformedJson'];
      }
    }
    return [response];
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
    expireTokens: { value: control.expireTokens, enumerable: false },
    refresh: { value: control.refresh, enumerable: false },
    reset: { value: control.reset, enumerable: false },
  }) as HrbrainHandlers;
}

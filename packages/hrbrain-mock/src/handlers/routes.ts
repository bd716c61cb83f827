import type { FakeHrbrainTenant } from '../tenant/create-fake-hrbrain';
import type { HrbrainFaults } from './faults';
import { lookupMember } from './lookup-member';
import type { PayloadSerializer } from './payload-serializer';
import { errorResponse, jsonBody } from './responses';
import type { TokenStore } from './token-store';

export interface RouteContext {
  request: Request;
  url: URL;
  params: Record<string, string | readonly string[] | undefined>;
}

/** One endpoint of the HRBrain surface in `hrbrain-api.md`. */
export interface Route {
  method: 'get' | 'post';
  path: string;
  /** Scope the endpoint needs; `undefined` for `/auth/token` (no bearer token). */
  scope: string | undefined;
  handle(ctx: RouteContext): Response | Promise<Response>;
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

/** The endpoints, past faults and authentication (see `create-handlers.ts`). */
export function createRoutes(
  tenant: FakeHrbrainTenant,
  serializer: PayloadSerializer,
  tokens: TokenStore,
  maxPageSize: number,
  faults: () => HrbrainFaults = () => ({}),
): Route[] {
  return [
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
        // C2: an unknown tenant and a bad secret are told apart; neither echoes the secret.
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
        return jsonBody(200, JSON.stringify({ token: tokens.issue() }));
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
        if (columnsText !== null && columnsText.trim() !== '' && faults().ignoreColumns !== true) {
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
        const valid =
          body !== undefined &&
          (typeof email === 'string' || typeof employeeNumber === 'string') &&
          (email === undefined || typeof email === 'string') &&
          (employeeNumber === undefined || typeof employeeNumber === 'string');
        if (!valid) {
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
}

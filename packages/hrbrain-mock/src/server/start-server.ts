import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { getResponse } from 'msw';
import { FakeHrbrainOptionsError } from '../errors';
import {
  createHrbrainHandlers,
  type HrbrainHandlers,
  type HrbrainRequestLogEntry,
  serializerOf,
} from '../handlers/create-handlers';
import type { HrbrainFaults } from '../handlers/faults';
import { rawBodyOf } from '../handlers/responses';
import type { FakeHrbrainTenant } from '../tenant/create-fake-hrbrain';
import type { HrbrainPayload } from '../tenant/payload';
import {
  type FakeHrbrainWebhookDelivery,
  type FakeHrbrainWebhookEventType,
  type FakeHrbrainWebhookOptions,
  sendFakeHrbrainWebhook,
} from '../webhooks/webhook-sender';

/** Options of {@link startFakeHrbrainServer}. */
export interface FakeHrbrainServerOptions {
  /** The tenant to serve (from {@link createFakeHrbrain}). */
  tenant: FakeHrbrainTenant;
  /** Port to listen on (default 0: a free port, see `url`). */
  port?: number;
  /** Interface to bind (default `127.0.0.1`: the fake is never reachable from outside). */
  host?: string;
  /** Faults to start with; change them later through `server.faults`. */
  faults?: HrbrainFaults;
  /** The largest `limit` the members endpoint accepts (default 100). */
  maxPageSize?: number;
  /**
   * Serialise every members page of this size (without `columns`) before listening, so even
   * the first read of a large tenant is served from memory (default `maxPageSize`; `false`
   * to skip). Other page sizes are serialised on first use and then cached as well.
   */
  precomputePageSize?: number | false;
  /**
   * Send a webhook delivery (an ASSUMED body: see docs/hrbrain-api.md) to this URL whenever
   * the data changes through `changeData`. Set or replace it later through `server.webhook`.
   */
  webhook?: FakeHrbrainWebhookOptions | null;
}

/** What `changeData` reports in its delivery (default: `member.updated`, no ids). */
export interface FakeHrbrainChange {
  type?: FakeHrbrainWebhookEventType;
  /** Ids of the changed members or organization items (ids only: no personal data). */
  ids?: readonly string[];
}

/** A running fake HRBrain. */
export interface FakeHrbrainServer {
  /** `http://127.0.0.1:<port>`: pass it as the client's `baseUrl`. */
  readonly url: string;
  readonly port: number;
  readonly tenant: FakeHrbrainTenant;
  /** The msw handlers behind the server, with their controls (`refresh()` after changing the payload). */
  readonly handlers: HrbrainHandlers;
  /** Live faults, as `handlers.faults`. */
  faults: HrbrainFaults;
  /** Every request received, as `handlers.requests`. */
  readonly requests: readonly HrbrainRequestLogEntry[];
  /** Requests per `METHOD /path`, as `handlers.requestCounts()`. */
  requestCounts(): Record<string, number>;
  /** Where deliveries go (`null`: the fake sends none). */
  webhook: FakeHrbrainWebhookOptions | null;
  /** Every delivery sent so far, in order, with the receiver's status. */
  readonly webhookDeliveries: readonly FakeHrbrainWebhookDelivery[];
  /**
   * Changes the tenant's data in place (`mutate` edits `tenant.payload`), serves the change from
   * then on, and, when `webhook` is set, sends one delivery about it. Resolves with the
   * delivery (`null` without a webhook).
   */
  changeData(
    mutate: (payload: HrbrainPayload) => void,
    change?: FakeHrbrainChange,
  ): Promise<FakeHrbrainWebhookDelivery | null>;
  /** Sends one delivery without changing anything (duplicates, bursts); throws without `webhook`. */
  sendWebhook(change?: FakeHrbrainChange & { id?: string }): Promise<FakeHrbrainWebhookDelivery>;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const SOCKET_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'upgrade',
]);

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    // These describe this socket and its framing, not the request the handlers see (the
    // body is handed over whole).
    if (SOCKET_HEADERS.has(name)) continue;
    headers.append(name, raw[i + 1] as string);
  }
  return headers;
}

/**
 * Serves `tenant` over real HTTP on 127.0.0.1 with the same msw handlers as
 * {@link createHrbrainHandlers} (through msw's `getResponse`), for examples, benchmarks and
 * integration tests that need a socket. Bodies are serialised once and cached, so the
 * server keeps up with a client reading 100,000 members; after changing
 * `tenant.payload`, call `server.handlers.refresh()`.
 *
 * @example
 * ```ts
 * import { createHrbrainClient } from '@mikiwame/hrbrain-client';
 * import { createFakeHrbrain, startFakeHrbrainServer } from '@mikiwame/hrbrain-mock';
 *
 * const tenant = createFakeHrbrain({ clientId: 'acme', clientSecret: 's3cret', members: 50 });
 * const server = await startFakeHrbrainServer({ tenant });
 * const client = createHrbrainClient({
 *   clientId: tenant.clientId,
 *   clientSecret: tenant.clientSecret,
 *   baseUrl: server.url,
 * });
 * console.log((await client.snapshot()).members.length); // 50
 * await server.close();
 * ```
 */
export async function startFakeHrbrainServer(
  options: FakeHrbrainServerOptions,
): Promise<FakeHrbrainServer> {
  const { tenant, port = 0, host = '127.0.0.1' } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new FakeHrbrainOptionsError('must be a whole number from 0 to 65535.', {
      option: 'port',
    });
  }
  const handlers = createHrbrainHandlers(tenant, {
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.maxPageSize !== undefined ? { maxPageSize: options.maxPageSize } : {}),
    cacheResponses: true,
  });
  const precompute = options.precomputePageSize ?? options.maxPageSize ?? 100;
  if (precompute !== false) serializerOf(handlers)?.warmMembers(precompute);
  // Loaded lazily so that the package root has no static `node:` import (browsers bundle it).
  const { createServer } = await import('node:http');

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const body = await readBody(req);
      // The handlers listen on the tenant's HRBrain host; the socket is only the transport.
      const request = new Request(`${handlers.baseUrl}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers: toHeaders(req),
        ...(body && body.length > 0 ? { body: new Uint8Array(body) } : {}),
      });
      const response = await getResponse(handlers, request);
      if (!response) {
        res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
        res.end(
          JSON.stringify({ code: 'not_found', message: `No route for ${req.method} ${req.url}.` }),
        );
        return;
      }
      if (response.type === 'error') {
        // An injected network error: drop the connection without a response.
        req.socket.destroy();
        return;
      }
      const raw = rawBodyOf(response);
      const payload = raw ?? new Uint8Array(await response.arrayBuffer());
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      headers['content-length'] = String(payload.length);
      res.writeHead(response.status, headers);
      res.end(payload);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(
        JSON.stringify({
          code: 'fake_server_error',
          message: `The fake HRBrain failed: ${error instanceof Error ? error.message : String(error)}`,
        }),
      );
    }
  };

  const server: Server = createServer({ keepAlive: true }, (req, res) => {
    void onRequest(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;

  let webhook: FakeHrbrainWebhookOptions | null = options.webhook ?? null;
  const webhookDeliveries: FakeHrbrainWebhookDelivery[] = [];
  const sendWebhook = async (
    change: FakeHrbrainChange & { id?: string } = {},
  ): Promise<FakeHrbrainWebhookDelivery> => {
    if (webhook === null) {
      throw new FakeHrbrainOptionsError('set server.webhook = { url } before sending.', {
        option: 'webhook',
      });
    }
    const delivery = await sendFakeHrbrainWebhook(webhook, {
      ...(change.id === undefined ? {} : { id: change.id }),
      type: change.type ?? 'member.updated',
      clientId: tenant.clientId,
      data: { ids: [...(change.ids ?? [])] },
    });
    webhookDeliveries.push(delivery);
    return delivery;
  };

  let closed: Promise<void> | undefined;
  return {
    url,
    port: boundPort,
    tenant,
    handlers,
    get faults() {
      return handlers.faults;
    },
    set faults(faults: HrbrainFaults) {
      handlers.faults = faults;
    },
    requests: handlers.requests,
    requestCounts: () => handlers.requestCounts(),
    get webhook() {
      return webhook;
    },
    set webhook(next: FakeHrbrainWebhookOptions | null) {
      webhook = next;
    },
    webhookDeliveries,
    async changeData(mutate, change) {
      mutate(tenant.payload);
      handlers.refresh();
      return webhook === null ? null : await sendWebhook(change);
    },
    sendWebhook,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

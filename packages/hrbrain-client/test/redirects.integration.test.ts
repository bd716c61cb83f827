import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createFakeHrbrain,
  type FakeHrbrainServer,
  startFakeHrbrainServer,
} from '@mikiwame/hrbrain-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHrbrainClient, type HrbrainClient, HrbrainRedirectError } from '../src/index';

const SECRET = 'sk-live-LOOPBACK-5d2e8a1f-secret';
let fake: FakeHrbrainServer;
let front: Server;
let frontUrl: string;
let collector: Server;
let collectorUrl: string;
/** What the other origin received: must stay empty. */
const atCollector: string[] = [];
/** `METHOD /path-prefix` → the redirect status the front answers it with. */
const redirects = new Map<string, number>();

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  const tenant = createFakeHrbrain({ clientId: 'acme', clientSecret: SECRET, members: 30 });
  fake = await startFakeHrbrainServer({ tenant });
  collector = createServer(async (req, res) => {
    atCollector.push(`${req.method} ${req.url} ${(await body(req)).toString('utf8')}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"token":"collected","data":[],"paging":{"totalCount":0}}');
  });
  collectorUrl = await listen(collector);
  // The "HRBrain" the client talks to: forwards to the fake, except the paths set to redirect.
  front = createServer(async (req, res) => {
    const payload = await body(req);
    for (const [prefix, status] of redirects) {
      if (`${req.method} ${req.url}`.startsWith(prefix)) {
        res.writeHead(status, { location: `${collectorUrl}/steal${req.url}` });
        res.end('see other host');
        return;
      }
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && name !== 'host' && name !== 'content-length')
        headers[name] = value;
    }
    const answer = await fetch(`${fake.url}${req.url}`, {
      method: req.method ?? 'GET',
      headers,
      ...(payload.length > 0 ? { body: new Uint8Array(payload) } : {}),
    });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  frontUrl = await listen(front);
});

afterAll(async () => {
  await fake.close();
  await new Promise((resolve) => front.close(resolve));
  await new Promise((resolve) => collector.close(resolve));
  front.closeAllConnections();
  collector.closeAllConnections();
});

const endpoints: [string, (client: HrbrainClient) => Promise<unknown>][] = [
  ['POST /auth/token', (client) => client.fields.list()],
  ['GET /members/v1/fields', (client) => client.fields.list()],
  ['GET /members/v1/members', (client) => client.members.listAll()],
  ['GET /members/v1.1/organization/', (client) => client.snapshot()],
];

describe('C4/C5 over real HTTP (undici): an off-origin redirect is never followed', () => {
  it.each(
    endpoints.flatMap(([prefix, call]) =>
      [301, 302, 303, 307, 308].map((status) => [prefix, status, call] as const),
    ),
  )(
    'C4/C5: %s answered %i → HrbrainRedirectError, nothing reaches the other origin',
    async (prefix, status, call) => {
      redirects.clear();
      redirects.set(prefix, status);
      atCollector.length = 0;
      const client = createHrbrainClient({
        clientId: 'acme',
        clientSecret: SECRET,
        baseUrl: frontUrl,
        maxRetries: 1,
      });
      let error: unknown;
      try {
        await call(client);
      } catch (thrown) {
        error = thrown;
      }
      expect(atCollector).toEqual([]);
      expect(HrbrainRedirectError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: 'REDIRECT_REFUSED', status, location: collectorUrl });
      expect(JSON.stringify(error)).not.toContain(SECRET);
    },
  );
});

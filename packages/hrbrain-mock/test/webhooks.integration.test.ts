import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeHrbrain, type FakeHrbrainServer, startFakeHrbrainServer } from '../src/index';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

const running: (FakeHrbrainServer | Server)[] = [];

/** A real loopback receiver that records every delivery and answers `status`. */
async function startReceiver(status = 202) {
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  running.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/hook`, received };
}

afterEach(async () => {
  for (const server of running.splice(0)) {
    if ('tenant' in server) await server.close();
    else await new Promise((resolve) => server.close(resolve));
  }
});

const SECRET = `whsec_${Buffer.from('a-32-byte-test-signing-key-12345').toString('base64')}`;

describe('the fake HRBrain sends webhooks (assumed body, docs/hrbrain-api.md)', () => {
  it('changeData edits the served data and POSTs one signed delivery that a receiver verifies with its own HMAC', async () => {
    const receiver = await startReceiver();
    const tenant = createFakeHrbrain({ clientId: 'acme', clientSecret: 's3cret', members: 5 });
    const fake = await startFakeHrbrainServer({
      tenant,
      webhook: { url: receiver.url, secret: SECRET },
    });
    running.push(fake);
    const member = tenant.payload.members[0]!;

    const delivery = await fake.changeData(
      (payload) => {
        payload.members.splice(0, 1);
      },
      { type: 'member.deleted', ids: [member.id] },
    );

    expect(delivery).toMatchObject({ type: 'member.deleted', status: 202 });
    expect(receiver.received).toHaveLength(1);
    const [{ headers, body }] = receiver.received as [Received];
    expect(headers['content-type']).toBe('application/json');
    expect(headers['webhook-id']).toBe(delivery?.id);
    const event = JSON.parse(body);
    expect(event).toEqual({
      id: delivery?.id,
      type: 'member.deleted',
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      clientId: 'acme',
      data: { ids: [member.id] },
    });
    // Verified independently with node:crypto over "<id>.<timestamp>.<body>".
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key)
      .update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`)
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    // The served data changed too.
    expect(tenant.payload.members.some((m) => m.id === member.id)).toBe(false);
  });

  it('a delivery names ids only: no member name or e-mail ever appears in a body', async () => {
    const receiver = await startReceiver();
    const tenant = createFakeHrbrain({ clientId: 'acme', clientSecret: 's3cret', members: 20 });
    const fake = await startFakeHrbrainServer({ tenant, webhook: { url: receiver.url } });
    running.push(fake);
    await fake.changeData(() => {}, { ids: tenant.payload.members.map((m) => m.id) });
    const body = receiver.received[0]?.body ?? '';
    for (const m of tenant.payload.members) {
      for (const field of m.fields) {
        if (
          typeof field.value === 'string' &&
          field.value.length > 3 &&
          !field.value.startsWith(m.id)
        ) {
          if (/@|[\u3040-\u30ff\u4e00-\u9fff]/.test(field.value))
            expect(body).not.toContain(field.value);
        }
      }
    }
    // Unsigned: only the id header.
    expect(receiver.received[0]?.headers['webhook-signature']).toBeUndefined();
  });

  it('sendWebhook repeats a delivery id on demand (duplicates) and reports a receiver that is down as status null', async () => {
    const receiver = await startReceiver(500);
    const tenant = createFakeHrbrain({ clientId: 'acme', clientSecret: 's3cret', members: 2 });
    const fake = await startFakeHrbrainServer({ tenant });
    running.push(fake);
    expect(await fake.changeData(() => {})).toBeNull();
    await expect(fake.sendWebhook()).rejects.toThrow(/server\.webhook/);

    fake.webhook = { url: receiver.url };
    const first = await fake.sendWebhook({ id: 'evt_same' });
    const again = await fake.sendWebhook({ id: 'evt_same' });
    expect([first.status, again.status]).toEqual([500, 500]);
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual(['evt_same', 'evt_same']);

    fake.webhook = { url: 'http://127.0.0.1:9/closed' };
    expect((await fake.sendWebhook()).status).toBeNull();
    expect(fake.webhookDeliveries.map((d) => d.status)).toEqual([500, 500, null]);
  });
});

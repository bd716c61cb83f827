import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CLIENT_ID, FAKE_SECRET, startFakeHrbrain } from './helpers/fake-hrbrain.ts';
import { createTestDatabase } from './helpers/test-database.ts';
import { startTestServer, type TestServer, waitForRun } from './helpers/test-server.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let fake: Awaited<ReturnType<typeof startFakeHrbrain>>;
let server: TestServer | undefined;
let collector: Server;
const received: { path: string; body: string }[] = [];
let collectorUrl: string;

beforeAll(async () => {
  // A stand-in OpenTelemetry Collector: records every OTLP/HTTP request.
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const address = collector.address();
  collectorUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  database = await createTestDatabase();
  fake = await startFakeHrbrain({ members: 20 });
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
  await database?.drop();
  await new Promise((resolve) => collector.close(resolve));
});

describe('OTEL_EXPORTER_OTLP_ENDPOINT (T6)', () => {
  it('T6: a sync run is exported as spans and metrics over OTLP/HTTP, without personal data', async () => {
    server = await startTestServer({
      databaseUrl: database.url,
      hrbrainBaseUrl: fake.url,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl },
    });
    await server.request('a', 'POST', '/integrations/hrbrain', {
      clientId: FAKE_CLIENT_ID,
      clientSecret: FAKE_SECRET,
    });
    const { run } = (await server.request('a', 'POST', '/departments/sync')).json();
    await waitForRun(server, 'a', run.id);
    const employees = (await server.request('a', 'POST', '/employees/sync')).json().run;
    await waitForRun(server, 'a', employees.id);
    // Closing flushes both providers (an event, not a sleep).
    await server.close();
    server = undefined;

    const traces = received.filter((r) => r.path === '/v1/traces').map((r) => r.body);
    const metrics = received.filter((r) => r.path === '/v1/metrics').map((r) => r.body);
    const all = [...traces, ...metrics].join('\n');
    expect(all).toContain('hrbrain.sync departments');
    expect(all).toContain('hrbrain.sync.fetch');
    expect(all).toContain('hrbrain.sync.apply');
    expect(all).toContain(run.id);
    expect(all).toContain('hrbrain.sync.run.duration');
    expect(all).toContain('hrbrain.sync.records');
    // No member's name, kana or e-mail reached the collector, nor the HRBrain secret.
    expect(all).not.toContain(FAKE_SECRET);
    for (const member of fake.tenant.payload.members) {
      for (const field of member.fields) {
        if (typeof field.value === 'string' && /[@\u3040-\u30ff\u4e00-\u9fff]/u.test(field.value)) {
          expect(all).not.toContain(field.value);
        }
      }
    }
  });
});

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECONCILE_QUEUE } from '../src/triggers/reconcile-queue.ts';
import { FAKE_CLIENT_ID, FAKE_SECRET, startFakeHrbrain } from './helpers/fake-hrbrain.ts';
import { createTestDatabase } from './helpers/test-database.ts';
import { capturedLogs, startTestServer, type TestServer } from './helpers/test-server.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let fake: Awaited<ReturnType<typeof startFakeHrbrain>>;
let server: TestServer;
let pool: pg.Pool;
let webhookUrl: string;
let signingSecret: string;

const DEBOUNCE_SECONDS = 3;

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeHrbrain({ members: 30 });
  server = await startTestServer({
    databaseUrl: database.url,
    hrbrainBaseUrl: fake.url,
    env: { WEBHOOK_DEBOUNCE_SECONDS: String(DEBOUNCE_SECONDS) },
  });
  pool = new pg.Pool({ connectionString: database.url });
  const connected = await server.request('a', 'POST', '/integrations/hrbrain', {
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_SECRET,
  });
  expect(connected.status).toBe(200);
});

afterAll(async () => {
  await pool?.end();
  await server?.close();
  await fake?.close();
  await database?.drop();
});

/** The reconcile jobs pg-boss holds, oldest first. */
async function reconcileJobs(): Promise<{ state: string; tenant: string }[]> {
  const { rows } = await pool.query<{ state: string; tenant: string }>(
    `select state::text as state, data->>'tenantId' as tenant from pgboss.job
      where name = $1 order by created_on`,
    [RECONCILE_QUEUE],
  );
  return rows;
}

const settled = (jobs: { state: string }[]) =>
  jobs.every((job) => job.state === 'completed' || job.state === 'failed');

async function waitUntilSettled(atLeast: number) {
  await expect
    .poll(
      async () => {
        const jobs = await reconcileJobs();
        return jobs.length >= atLeast && settled(jobs);
      },
      { timeout: 90_000, interval: 250 },
    )
    .toBe(true);
  return await reconcileJobs();
}

async function runsOf(tenant: 'a' | 'b') {
  return (await server.request(tenant, 'GET', '/sync-runs?limit=100')).json().runs as {
    kind: string;
    status: string;
    trigger: { type: string; by: string | null; deliveryId: string | null };
    triggerLabel: string;
  }[];
}

describe('webhook triggers (opt-in, coalesced)', () => {
  it('TRG-1: triggers are off by default (D6/E11: the admin presses the button)', async () => {
    const triggers = (await server.request('a', 'GET', '/triggers')).json();
    expect(triggers.webhook).toEqual({ enabled: false, signed: false, rotatedAt: null });
    expect(triggers.schedule).toMatchObject({ enabled: false, cron: null });
    expect(triggers.debounceSeconds).toBe(DEBOUNCE_SECONDS);
  });

  it('TRG-2: the admin creates an unguessable, signed webhook URL; it is shown once', async () => {
    const response = await server.request('a', 'POST', '/triggers/webhook', { signed: true });
    expect(response.status).toBe(201);
    const body = response.json();
    expect(body.url).toMatch(new RegExp(`^${server.url}/hooks/hrbrain/[A-Za-z0-9_-]{43}$`));
    expect(body.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    webhookUrl = body.url;
    signingSecret = body.signingSecret;
    const status = (await server.request('a', 'GET', '/triggers')).json();
    expect(status.webhook).toMatchObject({ enabled: true, signed: true });
    expect(JSON.stringify(status)).not.toContain(webhookUrl.split('/').at(-1));
  });

  it('TRG-3: 50 signed deliveries in 2 s are answered 202 at once and produce ONE reconcile (departments then employees), plus at most one follow-up', async () => {
    fake.webhook = { url: webhookUrl, secret: signingSecret };
    const started = performance.now();
    const deliveries = await Promise.all(
      Array.from(
        { length: 50 },
        (_, i) =>
          new Promise<Awaited<ReturnType<typeof fake.sendWebhook>>>((resolve, reject) => {
            setTimeout(() => fake.sendWebhook({ ids: [`m-${i}`] }).then(resolve, reject), i * 40);
          }),
      ),
    );
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(deliveries.map((d) => d.status)).toEqual(Array(50).fill(202));

    const jobs = await waitUntilSettled(1);
    expect(jobs.length).toBeGreaterThanOrEqual(1);
    expect(jobs.length).toBeLessThanOrEqual(2);
    expect(jobs.every((job) => job.state === 'completed' && job.tenant === 'tenant-a')).toBe(true);

    const runs = await runsOf('a');
    const departments = runs.filter((r) => r.kind === 'departments');
    const employees = runs.filter((r) => r.kind === 'employees');
    expect(departments.length).toBe(jobs.length);
    expect(employees.length).toBe(jobs.length);
    expect(runs.every((r) => r.status !== 'failed')).toBe(true);
    // T1: each run says it was a webhook, and which delivery started it.
    const ids = new Set(deliveries.map((d) => d.id));
    for (const run of runs) {
      expect(run.trigger.type).toBe('webhook');
      expect(run.triggerLabel).toBe('Webhook');
      expect(ids.has(run.trigger.deliveryId as string)).toBe(true);
    }
    // No other tenant was touched.
    expect(await runsOf('b')).toEqual([]);
  });

  it('TRG-4: deliveries while a reconcile runs queue exactly one follow-up', async () => {
    const before = (await reconcileJobs()).length;
    fake.faults = { latencyMs: 700 }; // a run that takes a few seconds
    try {
      expect((await fake.sendWebhook()).status).toBe(202);
      await expect
        .poll(async () => (await reconcileJobs()).some((job) => job.state === 'active'), {
          timeout: 30_000,
        })
        .toBe(true);
      const during = await Promise.all(Array.from({ length: 10 }, () => fake.sendWebhook()));
      expect(during.map((d) => d.status)).toEqual(Array(10).fill(202));
      const states = (await reconcileJobs()).slice(before).map((job) => job.state);
      expect(states.filter((s) => s === 'active')).toHaveLength(1);
      expect(states.filter((s) => s === 'created')).toHaveLength(1);
    } finally {
      fake.faults = {};
    }
    const jobs = await waitUntilSettled(before + 2);
    expect(jobs.length).toBe(before + 2);
  });

  it('TRG-5: a bad signature, a missing signature or a wrong URL token produces no reconcile', async () => {
    const before = await reconcileJobs();
    const runsBefore = (await runsOf('a')).length;
    const wrongSecret = `whsec_${randomBytes(32).toString('base64')}`;

    fake.webhook = { url: webhookUrl, secret: wrongSecret };
    const badSignature = await fake.sendWebhook();
    expect(badSignature.status).toBe(401);

    fake.webhook = { url: webhookUrl }; // unsigned, to an endpoint that requires a signature
    expect((await fake.sendWebhook()).status).toBe(401);

    const token = webhookUrl.split('/').at(-1) as string;
    const wrongToken = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    fake.webhook = { url: webhookUrl.replace(token, wrongToken), secret: signingSecret };
    expect((await fake.sendWebhook()).status).toBe(404);
    fake.webhook = { url: `${server.url}/hooks/hrbrain/short`, secret: signingSecret };
    expect((await fake.sendWebhook()).status).toBe(404);

    // Refusals are answered only after nothing was queued: no waiting needed to count.
    expect(await reconcileJobs()).toEqual(before);
    expect((await runsOf('a')).length).toBe(runsBefore);

    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'evt_1',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 3600),
        'webhook-signature': 'v1,AAAA',
      },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
  });

  it('TRG-6: an oversized delivery is refused with 413 and logged without its body or the URL token', async () => {
    const marker = `BODY-MARKER-${randomBytes(4).toString('hex')}`;
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: marker.repeat(5000) }),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe('BODY_TOO_LARGE');
    const token = webhookUrl.split('/').at(-1) as string;
    const logs = capturedLogs.join('\n');
    expect(logs).toContain('"reason":"BODY_TOO_LARGE"');
    expect(logs).not.toContain(marker);
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(signingSecret.slice(6));
  });

  it('TRG-7: too-frequent deliveries are refused with 429 and Retry-After', async () => {
    const strict = await startTestServer({
      databaseUrl: database.url,
      hrbrainBaseUrl: fake.url,
      role: 'web',
      env: { WEBHOOK_BURST: '2', WEBHOOK_RATE_PER_MINUTE: '1' },
    });
    try {
      const url = webhookUrl.replace(server.url, strict.url);
      fake.webhook = { url, secret: signingSecret };
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await fake.sendWebhook()).status);
      expect(statuses).toEqual([202, 202, 429, 429]);
      const response = await fetch(url, { method: 'POST', body: '{}' });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await strict.close();
      await pool.query('delete from hrbrain_webhook_rate'); // the bucket is shared by every process
    }
  });

  it('TRG-7: the limit is per tenant across web processes, not per process: two processes pass the burst once', async () => {
    await pool.query('delete from hrbrain_webhook_rate'); // a full bucket, whatever ran before
    const env = { WEBHOOK_BURST: '2', WEBHOOK_RATE_PER_MINUTE: '1' };
    const processes = await Promise.all([
      startTestServer({ databaseUrl: database.url, hrbrainBaseUrl: fake.url, role: 'web', env }),
      startTestServer({ databaseUrl: database.url, hrbrainBaseUrl: fake.url, role: 'web', env }),
    ]);
    try {
      const statuses = [];
      // Alternating between the two processes, as a load balancer would.
      for (let i = 0; i < 6; i++) {
        const web = processes[i % 2] as TestServer;
        fake.webhook = { url: webhookUrl.replace(server.url, web.url), secret: signingSecret };
        statuses.push((await fake.sendWebhook()).status);
      }
      expect(statuses).toEqual([202, 202, 429, 429, 429, 429]);
    } finally {
      await Promise.all(processes.map((web) => web.close()));
      await pool.query('delete from hrbrain_webhook_rate'); // the next tests start with a full bucket
    }
  });

  it('TRG-8: rotating the URL retires the old one at once (404)', async () => {
    const rotated = (await server.request('a', 'POST', '/triggers/webhook', {})).json();
    expect(rotated.url).not.toBe(webhookUrl);
    expect(rotated.signingSecret).toBeNull();
    fake.webhook = { url: webhookUrl, secret: signingSecret };
    expect((await fake.sendWebhook()).status).toBe(404);
    fake.webhook = { url: rotated.url };
    expect((await fake.sendWebhook()).status).toBe(202);
    const off = await server.request('a', 'DELETE', '/triggers/webhook');
    expect(off.json()).toMatchObject({ removed: true, webhook: { enabled: false } });
    expect((await fake.sendWebhook()).status).toBe(404);
  });
});

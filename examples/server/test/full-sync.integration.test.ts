import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CLIENT_ID, FAKE_SECRET, startFakeHrbrain } from './helpers/fake-hrbrain.ts';
import { createTestDatabase } from './helpers/test-database.ts';
import { type Json, startTestServer, type TestServer, waitForRun } from './helpers/test-server.ts';

const MEMBERS = 250; // three members pages of 100

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let fake: Awaited<ReturnType<typeof startFakeHrbrain>>;
let web: TestServer;
let worker: TestServer | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeHrbrain({ members: MEMBERS });
  // The API process runs no worker: jobs wait in pg-boss until the worker below starts.
  web = await startTestServer({
    databaseUrl: database.url,
    hrbrainBaseUrl: fake.url,
    role: 'web',
    env: { WEBHOOK_DEBOUNCE_SECONDS: '0' },
  });
  const connected = await web.request('a', 'POST', '/integrations/hrbrain', {
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_SECRET,
  });
  expect(connected.status).toBe(200);
});

afterAll(async () => {
  await worker?.close();
  await web?.close();
  await fake?.close();
  await database?.drop();
});

/** The requests the fake HRBrain received from `from` on (its request log's index). */
const requestsSince = (from: number) => fake.requests.slice(from);
const count = (requests: typeof fake.requests, path: string) =>
  requests.filter((r) => r.method === 'GET' && r.path === path).length;
const MEMBERS_PATH = '/members/v1/members';
const FIELDS_PATH = '/members/v1/fields';

async function startWorker() {
  worker ??= await startTestServer({
    databaseUrl: database.url,
    hrbrainBaseUrl: fake.url,
    role: 'worker',
  });
}

describe('sync all: departments then employees from one HRBrain read (E11, issue 12)', () => {
  let runs: Json[];

  it('E11/J1: POST /sync records a queued departments run and a queued employees run at once (202)', async () => {
    const response = await web.request('a', 'POST', '/sync');
    expect(response.status).toBe(202);
    runs = response.json().runs;
    expect(runs.map((run: Json) => [run.kind, run.label, run.status, run.trigger.type])).toEqual([
      ['departments', 'HRBrain部署情報取込', 'queued', 'manual'],
      ['employees', 'HRBrain社員情報取込', 'queued', 'manual'],
    ]);
    const listed = (await web.request('a', 'GET', '/sync-runs')).json().runs;
    expect(listed.map((run: Json) => run.id).sort()).toEqual(runs.map((run) => run.id).sort());
  });

  it('J5: while they are queued, a sync of either kind and another sync all are refused (409 naming the run), nothing recorded', async () => {
    const [departments, employees] = runs;
    const again = await web.request('a', 'POST', '/sync');
    expect(again.status).toBe(409);
    expect(again.json().error).toMatchObject({
      code: 'SYNC_IN_PROGRESS',
      runningRunId: departments.id,
    });
    const one = await web.request('a', 'POST', '/employees/sync');
    expect(one.status).toBe(409);
    expect(one.json().error).toMatchObject({
      code: 'SYNC_IN_PROGRESS',
      runningRunId: employees.id,
    });
    expect((await web.request('a', 'GET', '/sync-runs')).json().runs).toHaveLength(2);
  });

  it('POST /sync takes no preview or guard override (those are per kind)', async () => {
    for (const body of [{ dryRun: true }, { ignoreChangeGuard: true }]) {
      const response = await web.request('a', 'POST', '/sync', body);
      expect(response.status).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('E11: one job runs both, departments first, with one read of HRBrain: the fields once, each members page once, columns= only', async () => {
    const from = fake.requests.length;
    await startWorker();
    const [departments, employees] = runs;
    const doneDepartments = await waitForRun(web, 'a', departments.id);
    const doneEmployees = await waitForRun(web, 'a', employees.id);
    expect(doneDepartments.status).toBe('succeeded');
    expect(doneEmployees.status).not.toBe('failed');
    expect(doneDepartments.summary.created).toBeGreaterThan(0);
    expect(doneEmployees.summary.created).toBeGreaterThan(0);
    // E11: the employees run started after the departments run had finished.
    expect(doneEmployees.startedAt >= doneDepartments.finishedAt).toBe(true);

    const requests = requestsSince(from);
    expect(count(requests, FIELDS_PATH)).toBe(1);
    const members = requests.filter((r) => r.path === MEMBERS_PATH);
    expect(members).toHaveLength(Math.ceil(MEMBERS / 100));
    for (const request of members) expect(request.search).toContain('columns=');
  });

  it('a reconcile (webhook delivery) is the same full sync: two runs, one read, columns= only', async () => {
    const issued = (await web.request('a', 'POST', '/triggers/webhook', {})).json();
    fake.webhook = { url: issued.url };
    const from = fake.requests.length;
    expect((await fake.sendWebhook()).status).toBe(202);
    await expect
      .poll(
        async () => {
          const listed = (await web.request('a', 'GET', '/sync-runs')).json().runs as Json[];
          const webhook = listed.filter((run) => run.trigger.type === 'webhook');
          return webhook.length === 2 && webhook.every((run) => run.status !== 'running')
            ? webhook.map((run) => [run.kind, run.status]).sort()
            : null;
        },
        { timeout: 60_000, interval: 250 },
      )
      .toEqual([
        ['departments', 'succeeded'],
        ['employees', 'succeeded'],
      ]);
    const requests = requestsSince(from);
    expect(count(requests, FIELDS_PATH)).toBe(1);
    const members = requests.filter((r) => r.path === MEMBERS_PATH);
    expect(members).toHaveLength(Math.ceil(MEMBERS / 100));
    for (const request of members) expect(request.search).toContain('columns=');
  });

  it('E11: when the departments run fails, the queued employees run is closed failed (DEPARTMENTS_RUN_FAILED), never left queued', async () => {
    fake.faults.forbidden = { count: Number.POSITIVE_INFINITY, path: FIELDS_PATH };
    try {
      const response = await web.request('a', 'POST', '/sync');
      expect(response.status).toBe(202);
      const [departments, employees] = response.json().runs;
      expect((await waitForRun(web, 'a', departments.id)).status).toBe('failed');
      const closed = await waitForRun(web, 'a', employees.id);
      expect(closed).toMatchObject({
        status: 'failed',
        failure: {
          code: 'DEPARTMENTS_RUN_FAILED',
          messageJa: expect.stringContaining('HRBrain部署情報取込が失敗したため'),
        },
      });
      expect(closed.startedAt).toBeNull();
    } finally {
      delete fake.faults.forbidden;
    }
  });
});

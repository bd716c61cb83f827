import { randomBytes } from 'node:crypto';
import { createPostgresStorage } from '@mikiwame/hrbrain-storage-postgres';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyFingerprint } from '../src/auth/api-keys.ts';
import { SYNC_QUEUE } from '../src/jobs/sync-queue.ts';
import { FAKE_CLIENT_ID, FAKE_SECRET, startFakeHrbrain } from './helpers/fake-hrbrain.ts';
import { createTestDatabase } from './helpers/test-database.ts';
import { API_KEYS, startTestServer, type TestServer, waitForRun } from './helpers/test-server.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let fake: Awaited<ReturnType<typeof startFakeHrbrain>>;
let web: TestServer;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase();
  // Defects the rules report, so the runs have an error file (J3).
  fake = await startFakeHrbrain({
    members: 60,
    defects: { missingDepartmentCodes: 1, duplicateEmails: 1, invalidEmployeeNumbers: 1 },
  });
  // The API process runs no worker: jobs wait in pg-boss until a worker process starts.
  web = await startTestServer({ databaseUrl: database.url, hrbrainBaseUrl: fake.url, role: 'web' });
  pool = new pg.Pool({ connectionString: database.url });
  const connected = await web.request('a', 'POST', '/integrations/hrbrain', {
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_SECRET,
  });
  expect(connected.status).toBe(200);
});

afterAll(async () => {
  await pool?.end();
  await web?.close();
  await fake?.close();
  await database?.drop();
});

describe('background syncs through pg-boss', () => {
  let departmentsRunId: string;

  it('J1: POST /departments/sync records a queued run and returns it at once (202)', async () => {
    const response = await web.request('a', 'POST', '/departments/sync');
    expect(response.status).toBe(202);
    const { run } = response.json();
    expect(run).toMatchObject({
      kind: 'departments',
      label: 'HRBrain部署情報取込',
      status: 'queued',
      statusLabel: '待機中',
      dryRun: false,
      // T1: the button, pressed with tenant a's key: its fingerprint, never the key itself.
      trigger: { type: 'manual', by: apiKeyFingerprint(API_KEYS.a), deliveryId: null },
      triggerLabel: '手動',
    });
    expect(run.trigger.by).toMatch(/^api key [0-9a-f]{8}$/);
    expect(JSON.stringify(run)).not.toContain(API_KEYS.a);
    departmentsRunId = run.id;
    const list = (await web.request('a', 'GET', '/sync-runs')).json();
    expect(list.runs.map((r: { id: string }) => r.id)).toContain(run.id);
  });

  it('J5: a second sync of the same tenant and kind is refused while one is queued, pointing at it, and is not recorded as a failed run', async () => {
    const response = await web.request('a', 'POST', '/departments/sync');
    expect(response.status).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'SYNC_IN_PROGRESS',
      messageJa: expect.stringContaining('HRBrain部署情報取込'),
      runningRunId: departmentsRunId,
    });
    // DECISIONS #3: refused before a run is created, so the list holds only the real run.
    const runs = (await web.request('a', 'GET', '/sync-runs?kind=departments')).json().runs;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: departmentsRunId, status: 'queued' });
  });

  it('J5: ten simultaneous starts of one kind give one run and nine 409s naming it', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => web.request('b', 'POST', '/employees/sync')),
    );
    // Tenant b is not connected: every start is refused for that reason, and nothing recorded.
    expect(responses.every((r) => r.status === 409)).toBe(true);
    const connected = await web.request('b', 'POST', '/integrations/hrbrain', {
      clientId: FAKE_CLIENT_ID,
      clientSecret: FAKE_SECRET,
    });
    expect(connected.status).toBe(200);
    const starts = await Promise.all(
      Array.from({ length: 10 }, () => web.request('b', 'POST', '/employees/sync')),
    );
    const accepted = starts.filter((r) => r.status === 202);
    expect(accepted).toHaveLength(1);
    const runId = accepted[0]?.json().run.id;
    for (const refused of starts.filter((r) => r.status !== 202)) {
      expect(refused.status).toBe(409);
      expect(refused.json().error).toMatchObject({ code: 'SYNC_IN_PROGRESS', runningRunId: runId });
    }
    const runs = (await web.request('b', 'GET', '/sync-runs')).json().runs;
    expect(runs.map((r: { id: string }) => r.id)).toEqual([runId]);
  });

  it('J1: a worker in another process picks the job up and runs it to the end', async () => {
    const worker = await startTestServer({
      databaseUrl: database.url,
      hrbrainBaseUrl: fake.url,
      role: 'worker',
    });
    try {
      const run = await waitForRun(web, 'a', departmentsRunId);
      expect(run.status).toBe('completed_with_errors');
      expect(run.statusLabel).toBe('一部エラー');
      expect(run.startedAt).not.toBeNull();
      expect(run.finishedAt).not.toBeNull();
      // J4: every source record lands in exactly one bucket.
      const s = run.summary;
      expect(s.created + s.updated + s.unchanged + s.skipped).toBe(s.source);
      expect(s.created).toBeGreaterThan(0);
      expect(run.errorFileUrl).toBe(`/sync-runs/${run.id}/errors.csv`);

      // Departments first (E11), then employees.
      const employees = (await web.request('a', 'POST', '/employees/sync')).json().run;
      const finished = await waitForRun(web, 'a', employees.id);
      expect(finished).toMatchObject({
        label: 'HRBrain社員情報取込',
        status: 'completed_with_errors',
      });
      expect(finished.summary.created).toBeGreaterThan(0);

      const storage = createPostgresStorage({ client: pool });
      expect((await storage.loadDepartments('tenant-a')).length).toBe(s.created);
      expect((await storage.loadEmployees('tenant-a')).length).toBe(finished.summary.created);
    } finally {
      await worker.close();
    }
  });

  it('J3: GET /sync-runs/:id/errors.csv is the error file: UTF-8 BOM, CRLF, attachment, the codes', async () => {
    const response = await fetch(`${web.url}/sync-runs/${departmentsRunId}/errors.csv`, {
      headers: { authorization: 'Bearer test-key-tenant-a-0123456789' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="hrbrain-departments-errors-\d{12}\.csv"; filename\*=UTF-8''/,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text).toContain('\r\n');
    expect(text.split('\r\n').filter((line) => line !== '').length).toBeGreaterThan(1);
    expect(text).toContain('DEPARTMENT_CODE_MISSING');
  });

  it('J6: a dry run is queued, planned and recorded without applying anything', async () => {
    const worker = await startTestServer({
      databaseUrl: database.url,
      hrbrainBaseUrl: fake.url,
      role: 'worker',
    });
    try {
      const storage = createPostgresStorage({ client: pool });
      const before = (await storage.loadEmployees('tenant-a')).length;
      const response = await web.request('a', 'POST', '/employees/sync', { dryRun: true });
      expect(response.status).toBe(202);
      const run = await waitForRun(web, 'a', response.json().run.id);
      expect(run.dryRun).toBe(true);
      expect(run.summary.unchanged).toBe(before);
      expect((await storage.loadEmployees('tenant-a')).length).toBe(before);
    } finally {
      await worker.close();
    }
  });

  it('J7: `ignoreChangeGuard` must be a boolean; anything else is 400 and starts nothing', async () => {
    const before = (await web.request('a', 'GET', '/sync-runs?limit=100')).json().runs.length;
    for (const value of ['yes', 1, null]) {
      const response = await web.request('a', 'POST', '/employees/sync', {
        ignoreChangeGuard: value,
      });
      expect(response.status, String(value)).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await web.request('a', 'GET', '/sync-runs?limit=100')).json().runs.length).toBe(before);
  });

  it('J6: a preview request that is not a JSON object is refused (400), never run as a real sync', async () => {
    const before = (await web.request('a', 'GET', '/sync-runs?limit=100')).json().runs.length;
    // `curl -d 'dryRun=true'` sends a form body: it is not JSON, so nothing may start.
    const form = await fetch(`${web.url}/employees/sync`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-key-tenant-a-0123456789' },
      body: new URLSearchParams({ dryRun: 'true' }),
    });
    expect(form.status).toBe(400);
    expect((await form.json()).error.code).toBe('VALIDATION_FAILED');
    const after = (await web.request('a', 'GET', '/sync-runs?limit=100')).json().runs.length;
    expect(after).toBe(before);

    // `curl -d '{"dryRun":true}'` without a JSON Content-Type is still the preview asked for.
    const worker = await startTestServer({
      databaseUrl: database.url,
      hrbrainBaseUrl: fake.url,
      role: 'worker',
    });
    try {
      const plain = await fetch(`${web.url}/employees/sync`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer test-key-tenant-a-0123456789',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: '{"dryRun":true}',
      });
      expect(plain.status).toBe(202);
      const run = await waitForRun(web, 'a', (await plain.json()).run.id);
      expect(run).toMatchObject({ dryRun: true, status: expect.not.stringMatching(/failed/) });
    } finally {
      await worker.close();
    }
  });

  it('J5: a run started elsewhere holding the storage lock makes the queued run fail with SYNC_IN_PROGRESS', async () => {
    const storage = createPostgresStorage({ client: pool });
    const lock = await storage.acquireSyncLock('tenant-a', 'departments');
    const worker = await startTestServer({
      databaseUrl: database.url,
      hrbrainBaseUrl: fake.url,
      role: 'worker',
    });
    try {
      const { run } = (await web.request('a', 'POST', '/departments/sync')).json();
      const finished = await waitForRun(web, 'a', run.id);
      expect(finished).toMatchObject({
        status: 'failed',
        statusLabel: '失敗',
        failure: { code: 'SYNC_IN_PROGRESS' },
      });
      await lock.release();
      const next = (await web.request('a', 'POST', '/departments/sync')).json().run;
      expect((await waitForRun(web, 'a', next.id)).status).toBe('completed_with_errors');
    } finally {
      await lock.release();
      await worker.close();
    }
  });

  it('a worker whose HRBRAIN_SECRET_KEY differs cannot decrypt the secret: the run fails SECRET_UNREADABLE', async () => {
    const { run } = (await web.request('a', 'POST', '/employees/sync')).json();
    const worker = await startTestServer({
      databaseUrl: database.url,
      hrbrainBaseUrl: fake.url,
      role: 'worker',
      secretKey: randomBytes(32).toString('base64'),
    });
    try {
      const finished = await waitForRun(web, 'a', run.id);
      expect(finished).toMatchObject({ status: 'failed', failure: { code: 'SECRET_UNREADABLE' } });
      expect(finished.failure.messageJa).toContain('再度連携');
    } finally {
      await worker.close();
    }
  });

  it('J2 a job that dies outside runSync (a lost worker) reaches the dead-letter queue, which closes its run ABANDONED through recoverAbandonedRuns', async () => {
    const { run } = (await web.request('a', 'POST', '/departments/sync')).json();
    // Play a worker that claims the job and then dies: pg-boss fails the job (as it does when
    // heartbeats stop), and with no retries left it goes to the dead-letter queue.
    const crashed = new PgBoss({
      connectionString: database.url,
      supervise: false,
      schedule: false,
    });
    crashed.on('error', () => {});
    await crashed.start();
    try {
      const [job] = await crashed.fetch<{ runId: string }>(SYNC_QUEUE);
      expect(job?.data.runId).toBe(run.id);
      await crashed.fail(SYNC_QUEUE, job?.id ?? '');
    } finally {
      await crashed.stop({ graceful: false });
    }
    const worker = await startTestServer({
      databaseUrl: database.url,
      hrbrainBaseUrl: fake.url,
      role: 'worker',
    });
    try {
      const finished = await waitForRun(web, 'a', run.id, 20_000);
      expect(finished).toMatchObject({ status: 'failed', failure: { code: 'ABANDONED' } });
      // The key is free again: the next sync is accepted.
      expect((await web.request('a', 'POST', '/departments/sync')).status).toBe(202);
    } finally {
      await worker.close();
    }
  });

  it('C3: a job whose tenant disconnected before it ran fails with HRBRAIN_NOT_CONNECTED', async () => {
    const { run } = (await web.request('a', 'POST', '/employees/sync')).json();
    expect((await web.request('a', 'DELETE', '/integrations/hrbrain')).status).toBe(200);
    const worker = await startTestServer({
      databaseUrl: database.url,
      hrbrainBaseUrl: fake.url,
      role: 'worker',
    });
    try {
      const finished = await waitForRun(web, 'a', run.id);
      expect(finished).toMatchObject({
        status: 'failed',
        failure: { code: 'HRBRAIN_NOT_CONNECTED' },
      });
      expect(finished.failure.messageJa).toContain('HRBrain連携');
    } finally {
      await worker.close();
    }
  });

  it('GET /sync-runs pages newest first; unknown runs are 404', async () => {
    const first = (await web.request('a', 'GET', '/sync-runs?limit=2')).json();
    expect(first.runs).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = (
      await web.request('a', 'GET', `/sync-runs?limit=2&cursor=${first.nextCursor}`)
    ).json();
    expect(second.runs[0].createdAt <= first.runs[1].createdAt).toBe(true);
    expect(second.runs.map((r: { id: string }) => r.id)).not.toContain(first.runs[0].id);
    expect(
      (await web.request('a', 'GET', '/sync-runs/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
    expect((await web.request('a', 'GET', '/sync-runs/not-a-run-id')).status).toBe(404);
    expect((await web.request('a', 'GET', '/sync-runs?limit=0')).status).toBe(400);
    // A cursor this API never handed out is the caller's mistake (400), not a server error.
    for (const cursor of ['garbage', '-1', '99999999999999999999', '1.5']) {
      const bad = await web.request('a', 'GET', `/sync-runs?cursor=${cursor}`);
      expect(bad.status, cursor).toBe(400);
      expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    }
    // An empty cursor is the first page.
    const empty = (await web.request('a', 'GET', '/sync-runs?limit=2&cursor=')).json();
    expect(empty.runs.map((r: { id: string }) => r.id)).toEqual(
      first.runs.map((r: { id: string }) => r.id),
    );
  });

  it('J1: /sync-runs refuses an array or unknown query form (kind[]=, repeated kind, unknown keys) with 400, never the unfiltered list', async () => {
    for (const query of [
      'kind[]=x',
      'kind[]=departments',
      'kind[0]=employees',
      'kind=departments&kind=employees',
      'limit=2&limit=3',
      'limit[]=2',
      'cursor[]=1',
      'kinds=departments',
    ]) {
      const response = await web.request('a', 'GET', `/sync-runs?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.json().error.code, query).toBe('VALIDATION_FAILED');
    }
    // The documented forms still answer.
    expect((await web.request('a', 'GET', '/sync-runs?kind=departments&limit=5')).status).toBe(200);
  });

  it('J6: a whitespace-only body on POST …/sync is refused (400), not started as a real sync', async () => {
    const before = (await web.request('a', 'GET', '/sync-runs?limit=100')).json().runs.length;
    for (const body of [' ', '\n', ' \r\n\t ']) {
      const response = await fetch(`${web.url}/employees/sync`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer test-key-tenant-a-0123456789',
          'content-type': 'application/json',
        },
        body,
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((await response.json()).error.code).toBe('VALIDATION_FAILED');
    }
    const after = (await web.request('a', 'GET', '/sync-runs?limit=100')).json().runs.length;
    expect(after).toBe(before);
  });
});

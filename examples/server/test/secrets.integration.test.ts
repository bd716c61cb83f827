import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CLIENT_ID, FAKE_SECRET, startFakeHrbrain } from './helpers/fake-hrbrain.ts';
import { createTestDatabase } from './helpers/test-database.ts';
import {
  API_KEYS,
  capturedLogs,
  capturedResponses,
  startTestServer,
  TEST_SECRET_KEY,
  type TestServer,
  waitForRun,
} from './helpers/test-server.ts';

const WRONG_SECRET = 'wrong-secret-c0ffee-must-not-leak';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let fake: Awaited<ReturnType<typeof startFakeHrbrain>>;
let server: TestServer;

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeHrbrain({ defects: { missingEmails: 1, missingDepartmentCodes: 1 } });
  server = await startTestServer({ databaseUrl: database.url, hrbrainBaseUrl: fake.url });
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
  await database?.drop();
});

describe('C5: the HRBrain secret never reaches a response, a log line or the job queue', () => {
  it('C5: a whole session — bad connect, connect, both syncs, error files, disconnect — leaks nothing', async () => {
    await server.request('a', 'POST', '/integrations/hrbrain', {
      clientId: FAKE_CLIENT_ID,
      clientSecret: WRONG_SECRET,
    });
    expect(
      (
        await server.request('a', 'POST', '/integrations/hrbrain', {
          clientId: FAKE_CLIENT_ID,
          clientSecret: FAKE_SECRET,
        })
      ).status,
    ).toBe(200);
    for (const kind of ['departments', 'employees']) {
      const { run } = (await server.request('a', 'POST', `/${kind}/sync`)).json();
      const finished = await waitForRun(server, 'a', run.id);
      expect(finished.status).toBe('completed_with_errors');
      await server.request('a', 'GET', finished.errorFileUrl);
    }
    await server.request('a', 'GET', '/integrations/hrbrain');
    await server.request('a', 'GET', '/sync-runs');
    await server.request('a', 'DELETE', '/integrations/hrbrain');

    // The log really was captured (the test would be empty otherwise)…
    expect(capturedLogs.some((line) => line.includes('"hrbrain connected"'))).toBe(true);
    expect(capturedLogs.some((line) => line.includes('"sync finished"'))).toBe(true);
    expect(capturedResponses.length).toBeGreaterThan(8);

    // …and holds none of the secrets, nor the API key, nor the encryption key.
    const everything = [...capturedLogs, ...capturedResponses].join('\n');
    for (const secret of [FAKE_SECRET, WRONG_SECRET, API_KEYS.a, TEST_SECRET_KEY]) {
      expect(everything).not.toContain(secret);
    }

    // The queue holds ids only: the worker decrypts the secret from storage when it runs.
    const pool = new pg.Pool({ connectionString: database.url });
    try {
      const jobs = await pool.query<{ data: unknown }>('select data from pgboss.job');
      expect(jobs.rows.length).toBeGreaterThan(0);
      for (const { data } of jobs.rows) {
        expect(Object.keys(data as object).sort()).toEqual(['dryRun', 'kind', 'runId', 'tenantId']);
        expect(JSON.stringify(data)).not.toContain(FAKE_SECRET);
      }
    } finally {
      await pool.end();
    }
  });
});

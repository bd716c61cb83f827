import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CLIENT_ID, FAKE_SECRET, startFakeHrbrain } from './helpers/fake-hrbrain.ts';
import { createTestDatabase } from './helpers/test-database.ts';
import { startTestServer, type TestServer, waitForRun } from './helpers/test-server.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let fake: Awaited<ReturnType<typeof startFakeHrbrain>>;
let server: TestServer;
let runOfA: { id: string; errorFileUrl: string };

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeHrbrain({ defects: { missingDepartmentCodes: 1 } });
  server = await startTestServer({ databaseUrl: database.url, hrbrainBaseUrl: fake.url });
  // Tenant A connects and runs a department sync that has an error file.
  expect(
    (
      await server.request('a', 'POST', '/integrations/hrbrain', {
        clientId: FAKE_CLIENT_ID,
        clientSecret: FAKE_SECRET,
      })
    ).status,
  ).toBe(200);
  const { run } = (await server.request('a', 'POST', '/departments/sync')).json();
  runOfA = await waitForRun(server, 'a', run.id);
  expect(runOfA.errorFileUrl).not.toBeNull();
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
  await database?.drop();
});

describe("tenant isolation: tenant B can never read or start anything of tenant A's", () => {
  it("B does not see A's connection", async () => {
    expect((await server.request('b', 'GET', '/integrations/hrbrain')).json()).toEqual({
      connected: false,
      clientId: null,
      connectedAt: null,
    });
  });

  it("B's run list is empty and A's run is not found for B", async () => {
    expect((await server.request('b', 'GET', '/sync-runs')).json().runs).toEqual([]);
    expect((await server.request('b', 'GET', `/sync-runs/${runOfA.id}`)).status).toBe(404);
  });

  it("B's 部署管理 and 自社社員管理 are empty while A's department tree has rows", async () => {
    const ofA = (await server.request('a', 'GET', '/departments')).json();
    expect(ofA.total).toBeGreaterThan(0);
    expect((await server.request('b', 'GET', '/departments')).json()).toEqual({
      departments: [],
      total: 0,
    });
    expect((await server.request('b', 'GET', '/employees')).json()).toMatchObject({
      employees: [],
      total: 0,
    });
    expect((await server.request(null, 'GET', '/departments')).status).toBe(401);
    expect((await server.request(null, 'GET', '/employees')).status).toBe(401);
  });

  it('GET /employees refuses a bad page, limit or an overlong query (400), never a 500', async () => {
    for (const query of ['page=0', 'page=x', 'limit=0', 'limit=101', `q=${'x'.repeat(201)}`]) {
      const response = await server.request('a', 'GET', `/employees?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.json().error.code).toBe('VALIDATION_FAILED');
    }
  });

  it("J3: A's error file has a Japanese header by default and the English one with ?lang=en", async () => {
    const ja = await server.request('a', 'GET', runOfA.errorFileUrl);
    expect(ja.text.split('\r\n')[0]).toBe(
      'HRBrain組織ID,部署名,部署コード,種別,エラーコード,項目,値,内容,内容（英語）',
    );
    const en = await server.request('a', 'GET', `${runOfA.errorFileUrl}?lang=en`);
    expect(en.text.split('\r\n')[0]).toBe(
      'source_id,department_name,department_code,severity,code,field,value,message_ja,message_en',
    );
  });

  it("B cannot download A's error file", async () => {
    const response = await server.request('b', 'GET', runOfA.errorFileUrl);
    expect(response.status).toBe(404);
    expect(response.text).not.toContain('DEPARTMENT_CODE_MISSING');
    expect((await server.request('a', 'GET', runOfA.errorFileUrl)).status).toBe(200);
  });

  it("C3: B cannot start a sync with A's connection", async () => {
    for (const path of ['/departments/sync', '/employees/sync']) {
      const response = await server.request('b', 'POST', path);
      expect(response.status).toBe(409);
      expect(response.json().error.code).toBe('HRBRAIN_NOT_CONNECTED');
    }
    expect((await server.request('b', 'GET', '/sync-runs')).json().runs).toEqual([]);
  });

  it("B cannot disconnect A, and B's own connection leaves A's alone", async () => {
    expect((await server.request('b', 'DELETE', '/integrations/hrbrain')).status).toBe(404);
    expect((await server.request('a', 'GET', '/integrations/hrbrain')).json().connected).toBe(true);
    expect(
      (
        await server.request('b', 'POST', '/integrations/hrbrain', {
          clientId: FAKE_CLIENT_ID,
          clientSecret: FAKE_SECRET,
        })
      ).status,
    ).toBe(200);
    expect((await server.request('b', 'DELETE', '/integrations/hrbrain')).status).toBe(200);
    expect((await server.request('a', 'GET', '/integrations/hrbrain')).json().connected).toBe(true);
  });

  it("a run id in a path never crosses tenants, even for A's own list page", async () => {
    const list = (await server.request('a', 'GET', '/sync-runs')).json();
    expect(list.runs.map((r: { id: string }) => r.id)).toEqual([runOfA.id]);
  });
});

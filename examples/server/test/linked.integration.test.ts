import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CLIENT_ID, FAKE_SECRET, startFakeHrbrain } from './helpers/fake-hrbrain.ts';
import { createTestDatabase } from './helpers/test-database.ts';
import { startTestServer, type TestServer, waitForRun } from './helpers/test-server.ts';

// J4 / DECISIONS #2 / issue 15: connecting a tenant whose departments and employees already
// match HRBrain but carry no HRBrain id yet reports them as 連携 (linked) through the API,
// not as 更新 (updated).

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let fake: Awaited<ReturnType<typeof startFakeHrbrain>>;
let server: TestServer;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeHrbrain({ members: 40 });
  server = await startTestServer({ databaseUrl: database.url, hrbrainBaseUrl: fake.url });
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

async function sync(kind: 'departments' | 'employees') {
  const response = await server.request('a', 'POST', `/${kind}/sync`);
  expect(response.status).toBe(202);
  return waitForRun(server, 'a', response.json().run.id);
}

describe('first sync of a tenant whose records already match (J4 linked)', () => {
  it('J4 / DECISIONS #2 the run list reports them as linked, not updated', async () => {
    expect((await sync('departments')).summary).toMatchObject({ updated: 0, linked: 0 });
    const first = await sync('employees');
    expect(first.summary.created).toBeGreaterThan(30);
    // The state of an existing backend: the same records, no HRBrain ids recorded yet.
    const departments = await pool.query(
      "update hrbrain.departments set source_id = null where tenant_id = 'tenant-a'",
    );
    const employees = await pool.query(
      "update hrbrain.employees set source_id = null where tenant_id = 'tenant-a'",
    );
    expect(departments.rowCount).toBeGreaterThan(0);
    expect(employees.rowCount).toBe(first.summary.created);

    const linkedDepartments = await sync('departments');
    expect(linkedDepartments.summary).toMatchObject({
      created: 0,
      updated: 0,
      linked: departments.rowCount,
    });
    const linkedEmployees = await sync('employees');
    expect(linkedEmployees.summary).toMatchObject({
      created: 0,
      updated: 0,
      linked: employees.rowCount,
    });
    const listed = (await server.request('a', 'GET', '/sync-runs?kind=employees')).json().runs[0];
    expect(listed.summary).toMatchObject({ updated: 0, linked: employees.rowCount });
    // Linked means recorded: the next run finds them unchanged.
    expect((await sync('employees')).summary).toMatchObject({ linked: 0, updated: 0 });
  });
});

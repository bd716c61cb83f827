import { createPostgresStorage } from '@mikiwame/hrbrain-storage-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox, parseSecretKey } from '../src/crypto/secret-box.ts';
import { FAKE_CLIENT_ID, FAKE_SECRET, startFakeHrbrain } from './helpers/fake-hrbrain.ts';
import { createTestDatabase } from './helpers/test-database.ts';
import { startTestServer, TEST_SECRET_KEY, type TestServer } from './helpers/test-server.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let fake: Awaited<ReturnType<typeof startFakeHrbrain>>;
let server: TestServer;

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeHrbrain();
  server = await startTestServer({
    databaseUrl: database.url,
    hrbrainBaseUrl: fake.url,
    role: 'web',
  });
});

afterAll(async () => {
  await server?.close();
  await fake?.close();
  await database?.drop();
});

describe('POST /integrations/hrbrain (C2: verify, then store)', () => {
  it('C2: connects with good credentials, says 連携が完了しました, and stores the secret encrypted (AES-256-GCM)', async () => {
    const response = await server.request('a', 'POST', '/integrations/hrbrain', {
      clientId: FAKE_CLIENT_ID,
      clientSecret: FAKE_SECRET,
    });
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({
      connected: true,
      clientId: FAKE_CLIENT_ID,
      messageJa: '連携が完了しました',
    });
    expect(response.text).not.toContain(FAKE_SECRET);

    const status = await server.request('a', 'GET', '/integrations/hrbrain');
    expect(status.json()).toEqual({
      connected: true,
      clientId: FAKE_CLIENT_ID,
      connectedAt: expect.any(String),
    });

    // What is really stored: a sealed value that opens only with the key, for this tenant.
    const pool = new pg.Pool({ connectionString: database.url });
    const stored = await createPostgresStorage({ client: pool }).getConnection('tenant-a');
    await pool.end();
    expect(stored?.clientSecret).toMatch(/^v1\./);
    expect(stored?.clientSecret).not.toContain(FAKE_SECRET);
    const box = createSecretBox(parseSecretKey(TEST_SECRET_KEY));
    expect(box.open(stored?.clientSecret ?? '', 'tenant-a')).toBe(FAKE_SECRET);
  });

  it('C4: a pasted HRBrain URL is reduced to the subdomain', async () => {
    const response = await server.request('a', 'POST', '/integrations/hrbrain', {
      clientId: `https://${FAKE_CLIENT_ID}.members.hrbrain.jp/home`,
      clientSecret: FAKE_SECRET,
    });
    expect(response.status).toBe(200);
    expect(response.json().clientId).toBe(FAKE_CLIENT_ID);
  });

  it('C4: a client ID that is not one DNS label is refused before any request', async () => {
    const requestsBefore = fake.requests.length;
    for (const clientId of ['evil.com/', 'a@b', 'a.b', '%2e', 'two words']) {
      const response = await server.request('b', 'POST', '/integrations/hrbrain', {
        clientId,
        clientSecret: FAKE_SECRET,
      });
      expect(response.status).toBe(400);
      expect(response.json().error.code).toBe('HRBRAIN_CLIENT_ID_INVALID');
      expect(response.json().error.messageJa).toContain('クライアントID');
    }
    expect(fake.requests.length).toBe(requestsBefore); // nothing reached HRBrain
    expect((await server.request('b', 'GET', '/integrations/hrbrain')).json().connected).toBe(
      false,
    );
  });

  it('C2: a wrong secret is reported as such and nothing is stored', async () => {
    const response = await server.request('b', 'POST', '/integrations/hrbrain', {
      clientId: FAKE_CLIENT_ID,
      clientSecret: 'wrong-secret-0000',
    });
    expect(response.status).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'HRBRAIN_SECRET_INVALID',
      messageJa: expect.stringContaining('クライアントシークレット'),
    });
    expect(response.text).not.toContain('wrong-secret-0000');
    expect((await server.request('b', 'GET', '/integrations/hrbrain')).json().connected).toBe(
      false,
    );
  });

  it('C2: an unknown tenant is reported as such', async () => {
    const response = await server.request('b', 'POST', '/integrations/hrbrain', {
      clientId: 'no-such-company',
      clientSecret: FAKE_SECRET,
    });
    expect(response.status).toBe(422);
    expect(response.json().error.code).toBe('HRBRAIN_TENANT_NOT_FOUND');
    expect(response.json().error.messageJa).toContain('no-such-company');
  });

  it('validates the body: both fields are required, JSON only', async () => {
    const missing = await server.request('b', 'POST', '/integrations/hrbrain', { clientId: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.json().error.code).toBe('VALIDATION_FAILED');
    const response = await fetch(`${server.url}/integrations/hrbrain`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer test-key-tenant-b-0123456789',
        'content-type': 'application/json',
      },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    const huge = await server.request('b', 'POST', '/integrations/hrbrain', {
      clientId: FAKE_CLIENT_ID,
      clientSecret: 'x'.repeat(20_000),
    });
    expect(huge.status).toBe(413);
    expect(huge.json().error.code).toBe('BODY_TOO_LARGE');
  });

  it('every API route needs a valid bearer key', async () => {
    const none = await server.request(null, 'GET', '/integrations/hrbrain');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(none.json().error.code).toBe('UNAUTHENTICATED');
    const wrong = await fetch(`${server.url}/sync-runs`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
  });
});

describe('C2: missing scope and unreachable HRBrain', () => {
  it('C2: a secret without organization:read is refused, naming the scope', async () => {
    const narrow = await startFakeHrbrain({ scopes: ['member:read'] });
    const other = await startTestServer({
      databaseUrl: database.url,
      hrbrainBaseUrl: narrow.url,
      role: 'web',
    });
    try {
      const response = await other.request('b', 'POST', '/integrations/hrbrain', {
        clientId: FAKE_CLIENT_ID,
        clientSecret: FAKE_SECRET,
      });
      expect(response.status).toBe(422);
      expect(response.json().error).toMatchObject({
        code: 'HRBRAIN_SCOPE_MISSING',
        scope: 'organization:read',
        messageJa: expect.stringContaining('organization:read'),
      });
      expect((await other.request('b', 'GET', '/integrations/hrbrain')).json().connected).toBe(
        false,
      );
    } finally {
      await other.close();
      await narrow.close();
    }
  });

  it('C2: an unreachable HRBrain is reported and nothing is stored', async () => {
    // A port that was just free: nothing listens there.
    const gone = await startFakeHrbrain();
    const url = gone.url;
    await gone.close();
    const other = await startTestServer({
      databaseUrl: database.url,
      hrbrainBaseUrl: url,
      role: 'web',
    });
    try {
      const response = await other.request('b', 'POST', '/integrations/hrbrain', {
        clientId: FAKE_CLIENT_ID,
        clientSecret: FAKE_SECRET,
      });
      expect(response.status).toBe(502);
      expect(response.json().error.code).toBe('HRBRAIN_UNREACHABLE');
      expect(response.json().error.messageJa).toContain('HRBrainに接続できませんでした');
      expect((await other.request('b', 'GET', '/integrations/hrbrain')).json().connected).toBe(
        false,
      );
    } finally {
      await other.close();
    }
  });
});

describe('DELETE /integrations/hrbrain (C3)', () => {
  it('C3: disconnecting removes the connection for the tenant; syncs are then refused', async () => {
    const response = await server.request('a', 'DELETE', '/integrations/hrbrain');
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ connected: false, messageJa: '連携を解除しました' });
    expect((await server.request('a', 'GET', '/integrations/hrbrain')).json()).toEqual({
      connected: false,
      clientId: null,
      connectedAt: null,
    });
    const again = await server.request('a', 'DELETE', '/integrations/hrbrain');
    expect(again.status).toBe(404);
    const sync = await server.request('a', 'POST', '/departments/sync');
    expect(sync.status).toBe(409);
    expect(sync.json().error.code).toBe('HRBRAIN_NOT_CONNECTED');
  });
});

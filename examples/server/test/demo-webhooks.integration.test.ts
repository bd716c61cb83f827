import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-database.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let child: ReturnType<typeof spawn>;
let stdout = '';

beforeAll(async () => {
  database = await createTestDatabase();
  // `pnpm start:demo`, with a database given and a fast change interval.
  child = spawn(process.execPath, [MAIN, '--fake-hrbrain'], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: database.url,
      PORT: '0',
      FAKE_HRBRAIN_MEMBERS: '20',
      FAKE_HRBRAIN_CHANGE_SECONDS: '1',
      WEBHOOK_DEBOUNCE_SECONDS: '1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => {
    stdout += String(chunk);
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', () => {
      if (stdout.includes('クライアントシークレット')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`demo exited ${code}`)));
  });
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  await database?.drop();
});

describe('start:demo shows the whole webhook loop', () => {
  it('TRG-11: the fake HRBrain changes a member, notifies the signed webhook URL, and a reconcile runs', async () => {
    const adminUrl = /admin page:\s+(\S+)\//.exec(stdout)?.[1] as string;
    const secret = /クライアントシークレット:\s+(\S+)/.exec(stdout)?.[1] as string;
    expect(stdout).toMatch(/webhooks:\s+the fake HRBrain changes a member every 1 s/);
    const auth = { authorization: 'Bearer dev-key-tenant-a', 'content-type': 'application/json' };
    const triggers = await (await fetch(`${adminUrl}/triggers`, { headers: auth })).json();
    expect(triggers.webhook).toMatchObject({ enabled: true, signed: true });

    const connected = await fetch(`${adminUrl}/integrations/hrbrain`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ clientId: 'demo-company', clientSecret: secret }),
    });
    expect(connected.status).toBe(200);

    await expect
      .poll(
        async () => {
          const { runs } = await (await fetch(`${adminUrl}/sync-runs`, { headers: auth })).json();
          return runs.some(
            (run: { kind: string; status: string; trigger: { type: string } }) =>
              run.kind === 'employees' &&
              run.trigger.type === 'webhook' &&
              run.status !== 'queued' &&
              run.status !== 'running',
          );
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);
  });
});

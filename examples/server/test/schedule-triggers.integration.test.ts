import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECONCILE_QUEUE, RECONCILE_SCHEDULE_QUEUE } from '../src/triggers/reconcile-queue.ts';
import { FAKE_CLIENT_ID, FAKE_SECRET, startFakeHrbrain } from './helpers/fake-hrbrain.ts';
import { createTestDatabase } from './helpers/test-database.ts';
import {
  API_KEYS,
  startTestServer,
  TEST_SECRET_KEY,
  type TestServer,
} from './helpers/test-server.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let fake: Awaited<ReturnType<typeof startFakeHrbrain>>;
let web: TestServer;
let pool: pg.Pool;
const workers: { child: ChildProcess; output: string[] }[] = [];

/** A worker process exactly as production runs one: `node src/main.ts` with SERVER_ROLE=worker. */
async function startWorkerProcess() {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      SERVER_ROLE: 'worker',
      DATABASE_URL: database.url,
      API_KEYS: `${API_KEYS.a}:tenant-a,${API_KEYS.b}:tenant-b`,
      HRBRAIN_SECRET_KEY: TEST_SECRET_KEY,
      HRBRAIN_BASE_URL: fake.url,
      SCHEDULE_CHECK_SECONDS: '1',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const worker = { child, output: [] as string[] };
  workers.push(worker);
  child.stdout?.on('data', (chunk) => worker.output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => worker.output.push(String(chunk)));
  // Started once it logs that its workers are registered (an event, not a sleep).
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`worker did not start: ${worker.output.join('')}`)),
      60_000,
    );
    const check = () => {
      if (worker.output.join('').includes('"sync worker started"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) =>
      reject(new Error(`worker exited ${code}: ${worker.output.join('')}`)),
    );
  });
  return worker;
}

beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startFakeHrbrain({ members: 20 });
  // The web process runs pg-boss's scheduler too: three instances compete for every pass.
  web = await startTestServer({
    databaseUrl: database.url,
    hrbrainBaseUrl: fake.url,
    role: 'web',
    env: { SCHEDULE_MIN_INTERVAL_MINUTES: '1', SCHEDULE_CHECK_SECONDS: '1' },
  });
  pool = new pg.Pool({ connectionString: database.url });
  const connected = await web.request('a', 'POST', '/integrations/hrbrain', {
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_SECRET,
  });
  expect(connected.status).toBe(200);
  await Promise.all([startWorkerProcess(), startWorkerProcess()]);
}, 120_000);

afterAll(async () => {
  for (const { child } of workers) {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
  await pool?.end();
  await web?.close();
  await fake?.close();
  await database?.drop();
});

async function scheduleSlots() {
  const { rows } = await pool.query<{ slot: string; jobs: number }>(
    // The minute a job belongs to: pg-boss files a slot's job under `singleton_on`; a job sent
    // any other way (e.g. by a cron of each process's own) counts in the minute it was created.
    `select date_trunc('minute', coalesce(singleton_on, created_on at time zone 'UTC'))::text as slot,
            count(*)::int as jobs
       from pgboss.job where name = $1 group by 1 order by 1`,
    [RECONCILE_SCHEDULE_QUEUE],
  );
  return rows;
}

async function reconciles() {
  const { rows } = await pool.query<{ state: string; trigger: string }>(
    `select state::text as state, data->'trigger'->>'type' as trigger
       from pgboss.job where name = $1 order by created_on`,
    [RECONCILE_QUEUE],
  );
  return rows;
}

describe('schedules (opt-in, pg-boss scheduler, any number of workers)', () => {
  it('TRG-9: a schedule is refused when its slots are closer than the minimum, or not cron', async () => {
    const bad = await web.request('a', 'PUT', '/triggers/schedule', { cron: 'every night' });
    expect(bad.status).toBe(400);
    expect(bad.json().error.code).toBe('INVALID_SCHEDULE');
    const zone = await web.request('a', 'PUT', '/triggers/schedule', {
      cron: '0 2 * * *',
      timezone: 'Mars/Olympus',
    });
    expect(zone.status).toBe(400);
    const nightly = await web.request('a', 'PUT', '/triggers/schedule', {
      cron: '0 2 * * *',
      timezone: 'Asia/Tokyo',
    });
    expect(nightly.status).toBe(200);
    const schedule = nightly.json().schedule;
    expect(schedule).toMatchObject({ enabled: true, cron: '0 2 * * *', timezone: 'Asia/Tokyo' });
    // 02:00 in Tokyo is 17:00 UTC.
    expect(schedule.next[0]).toMatch(/T17:00:00\.000Z$/);
  });

  it('TRG-10: with two worker processes (and a web process) a per-minute schedule makes exactly one reconcile per slot', async () => {
    const set = await web.request('a', 'PUT', '/triggers/schedule', {
      cron: '* * * * *',
      timezone: 'Asia/Tokyo',
    });
    expect(set.status).toBe(200);

    // Two slots, each run to the end: up to two minutes of real time (pg-boss's resolution is
    // one job per minute).
    await expect
      .poll(
        async () => {
          const jobs = await reconciles();
          return (
            jobs.filter((j) => j.trigger === 'schedule' && j.state === 'completed').length >= 2
          );
        },
        { timeout: 200_000, interval: 500 },
      )
      .toBe(true);
    await web.request('a', 'DELETE', '/triggers/schedule');

    const slots = await scheduleSlots();
    // One job per slot, never two, although three schedulers and two workers competed.
    expect(
      slots.filter((slot) => slot.jobs !== 1),
      JSON.stringify(slots),
    ).toEqual([]);
    expect(slots.length).toBeGreaterThanOrEqual(2);

    const jobs = (await reconciles()).filter((j) => j.trigger === 'schedule');
    const finished = jobs.filter((j) => j.state === 'completed');
    const runs = (await web.request('a', 'GET', '/sync-runs?limit=100')).json().runs as {
      kind: string;
      createdAt: string;
    }[];
    const departments = runs.filter((r) => r.kind === 'departments');
    // Each finished reconcile made exactly one departments run (and one employees run).
    expect(departments.length).toBeGreaterThanOrEqual(finished.length);
    expect(departments.length).toBeLessThanOrEqual(jobs.length);
    const minutes = departments.map((r) => r.createdAt.slice(0, 16));
    expect(new Set(minutes).size).toBe(minutes.length);
    // Both worker processes were alive throughout.
    expect(workers.every(({ child }) => child.exitCode === null)).toBe(true);
  }, 240_000);
});

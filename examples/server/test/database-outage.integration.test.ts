import { randomUUID } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../src/db/database.ts';
import { capturedLogs, startTestServer, type TestServer } from './helpers/test-server.ts';

const dataDir = join(import.meta.dirname, '../.data', `test-outage-${randomUUID()}`);
let postgres: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null = null;
let server: TestServer | null = null;

afterAll(async () => {
  await server?.close();
  await postgres?.stop().catch(() => {});
  await rm(dataDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const parsed = (lines: string[]) =>
  lines.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the database goes away while the server runs', () => {
  it('J1 logs one line when PostgreSQL becomes unreachable and one when it is back, not a stack every half second', async () => {
    postgres = await startEmbeddedPostgres({ dataDir, persistent: true });
    // C5: nobody else lists or reads the data directory (as root: traverse only, for the
    // `postgres` OS user), nor any file or directory directly in it.
    expect((await stat(dataDir)).mode & 0o066).toBe(0);
    for (const entry of await readdir(dataDir)) {
      expect((await stat(join(dataDir, entry))).mode & 0o066, entry).toBe(0);
    }
    const port = Number(new URL(postgres.connectionString).port);
    server = await startTestServer({
      databaseUrl: postgres.connectionString,
      hrbrainBaseUrl: null,
    });
    await sleep(1500); // the worker and pg-boss's maintenance are polling by now

    const downFrom = capturedLogs.length;
    await postgres.stop();
    await sleep(6000);
    const whileDown = parsed(capturedLogs.slice(downFrom));
    const problems = whileDown.filter((line) => line.level === 'error' || line.level === 'warn');
    // One state change: one line (any level), and no stack traces anywhere.
    expect(
      problems.map((line) => line.message),
      JSON.stringify(whileDown.slice(0, 5)),
    ).toEqual(['database unreachable']);
    expect(whileDown.length, JSON.stringify(whileDown.slice(0, 5))).toBeLessThanOrEqual(3);
    expect(JSON.stringify(whileDown)).not.toMatch(/\n\s+at |"stack"/);

    const upFrom = capturedLogs.length;
    postgres = await startEmbeddedPostgres({ dataDir, persistent: true, port });
    await expect
      .poll(() => parsed(capturedLogs.slice(upFrom)).map((line) => line.message))
      .toContain('database reachable again');
    const afterUp = parsed(capturedLogs.slice(upFrom));
    expect(afterUp.filter((line) => line.level === 'error')).toEqual([]);
    // Back to work: the API answers from the database again.
    expect((await server.request('a', 'GET', '/sync-runs')).status).toBe(200);
  });
});

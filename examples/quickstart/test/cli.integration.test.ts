import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeHrbrain, startFakeHrbrainServer } from '@mikiwame/hrbrain-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureLines, runCli, summaryRow } from './run-cli.ts';
import { EMPLOYEES, storedRuns } from './stored-state.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'quickstart-cli-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('--dry-run on a fresh data directory', () => {
  it('J6 shows what the first sync would create, with samples, and creates no files at all', async () => {
    const dataDir = join(root, 'dry-fresh');
    const result = await runCli([
      '--data-dir',
      dataDir,
      '--dry-run',
      '--members',
      '120',
      '--seed',
      '3',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const employees = summaryRow(result.stdout, EMPLOYEES);
    expect(employees).toMatchObject({ source: 120, updated: 0, status: 'planned' });
    expect(employees.created).toBeGreaterThan(100);
    expect(result.stdout).toMatch(/\+ create {2}\S+@/);
    expect(result.stdout).toMatch(/- skip .*EMPLOYEE_/);
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('--hrbrain-url: an HRBrain-compatible server you run yourself', () => {
  it('F2, J2 a renamed required field fails the employee run in one line, with nothing applied', async () => {
    // A company renamed 氏（カナ） in HRBrain: it has no alias, so the employee sync cannot run.
    const tenant = createFakeHrbrain({
      clientId: 'acme',
      clientSecret: 'acme-secret',
      members: 40,
      seed: 9,
      defects: { renamedFields: ['氏（カナ）'] },
    });
    const server = await startFakeHrbrainServer({ tenant });
    const dataDir = join(root, 'renamed-field');
    try {
      const result = await runCli(
        ['--data-dir', dataDir, '--hrbrain-url', server.url, '--client-id', 'acme'],
        { HRBRAIN_CLIENT_SECRET: 'acme-secret' },
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`HRBrain:  ${server.url}, client ID "acme"`);
      expect(result.stdout).toContain('手順3');
      const lines = failureLines(result.stderr);
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^quickstart: The employees sync failed, nothing was applied \(FIELD_NOT_FOUND\): .*氏（カナ）/,
      );
      expect(result.stderr + result.stdout).not.toContain('acme-secret'); // C5
    } finally {
      await server.close();
    }
    // The department run before it succeeded and is kept; the employee run is recorded as failed.
    expect(await storedRuns(dataDir)).toEqual({ departments: 1, employees: 1 });
  });
});

describe('bad configuration ends with one line and a non-zero exit, never a stack trace', () => {
  // [title, args, env, the expected line]
  const cases: [string, string[], Record<string, string>, RegExp][] = [
    [
      'C2 a wrong client secret (flag)',
      ['--client-secret', 'wrong'],
      {},
      /refused the credentials for client ID "demo-tenant".*--client-secret/,
    ],
    [
      'C2 a wrong client secret (environment)',
      [],
      { HRBRAIN_CLIENT_SECRET: 'wrong-from-env' },
      /refused the credentials.*HRBRAIN_CLIENT_SECRET/,
    ],
    [
      'C2 HRBrain unreachable',
      ['--hrbrain-url', 'http://127.0.0.1:9'],
      {},
      /unreachable at http:\/\/127\.0\.0\.1:9.*--hrbrain-url/,
    ],
    [
      'C4 a client ID that is not a subdomain is refused before anything starts',
      ['--client-id', 'evil.com/'],
      {},
      /"evil\.com\/" is not a tenant subdomain.*--client-id/,
    ],
    [
      'C1 an empty client secret names --client-secret, not --client-id',
      ['--client-secret='],
      {},
      /client secret is missing.*Fix --client-secret \(or HRBRAIN_CLIENT_SECRET\)\.$/,
    ],
    [
      'an --hrbrain-url that is not a URL names --hrbrain-url',
      ['--hrbrain-url', 'not a url'],
      {},
      /Fix --hrbrain-url\.$/,
    ],
    [
      'a DATABASE_URL nobody listens on',
      [],
      { DATABASE_URL: 'postgres://app:hunter2@127.0.0.1:9/app' },
      /Nothing is listening at 127\.0\.0\.1:9\/app.*Fix DATABASE_URL/,
    ],
    [
      'a DATABASE_URL that is not a postgres URL',
      [],
      { DATABASE_URL: 'mysql://root:hunter2@db/app' },
      /DATABASE_URL must start with postgres:\/\//,
    ],
    ['a bad --members value', ['--members', 'lots'], {}, /--members must be a whole number/],
    ['an unknown flag', ['--colour'], {}, /Unknown option '--colour'.*--help/],
  ];

  it.each(cases)('%s', async (title, args, env, message) => {
    const dataDir = join(root, `bad-config-${title.replace(/\W+/g, '-')}`);
    const result = await runCli(['--data-dir', dataDir, '--members', '30', ...args], env);
    expect(result.code).toBe(1);
    const lines = failureLines(result.stderr);
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^quickstart: /);
    expect(lines[0], result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack frames
    // C5: secrets are never echoed back.
    for (const secret of ['wrong-from-env', 'hunter2']) {
      expect(result.stderr + result.stdout).not.toContain(secret);
    }
    // C2: credentials are verified before anything is stored; nothing else starts either.
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('J5 two runs on one PGlite data directory', () => {
  it("J5 a second run while one is using the directory is refused in one line; a killed run's lock is taken over", async () => {
    const dataDir = join(root, 'locked');
    const lock = join(dataDir, 'pglite.lock');
    await mkdir(dataDir, { recursive: true });
    // This test process stands in for a `pnpm demo` that is still running.
    await writeFile(lock, `${process.pid}\n`);
    const refused = await runCli(['--data-dir', dataDir, '--members', '30']);
    expect(refused.code).toBe(1);
    const lines = failureLines(refused.stderr);
    expect(lines, refused.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^quickstart: Another demo \\(pid ${process.pid}\\) is using .*--data-dir`),
    );
    expect(existsSync(lock)).toBe(true); // not ours to remove

    // A run that was killed left its lock behind: its pid is gone, so the next run proceeds.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(lock, `${dead}\n`);
    const ran = await runCli(['--data-dir', dataDir, '--members', '30']);
    expect(ran.code, ran.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false); // released when the run ends
  });
});

describe('a --data-dir that cannot be written', () => {
  it('ends with one line naming the directory and --data-dir, not "Unexpected error"', async () => {
    // A file where the directory should be: mkdir fails with ENOTDIR.
    const file = join(root, 'not-a-directory');
    await writeFile(file, 'x');
    const result = await runCli(['--data-dir', file, '--members', '30']);
    expect(result.code).toBe(1);
    const lines = failureLines(result.stderr);
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^quickstart: Cannot use the data directory .*not-a-directory/);
    expect(lines[0]).toMatch(/ENOTDIR.*Fix --data-dir/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('--help', () => {
  it('prints the options and exits 0 without starting anything', async () => {
    const result = await runCli(['--help', '--data-dir', join(root, 'help')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('--dry-run');
    expect(result.stdout).toContain('DATABASE_URL');
    expect(existsSync(join(root, 'help'))).toBe(false);
  });
});

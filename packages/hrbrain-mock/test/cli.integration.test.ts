import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeHrbrain } from '../src/index';
import { authorize } from './helpers';

// The built bin, exactly as `hrbrain-mock` runs after install (turbo builds before tests).
const CLI = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Spawns `hrbrain-mock serve …` and resolves with its stdout once the banner is complete. */
function serve(args: string[]): Promise<{ child: ChildProcess; stdout: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes('Ctrl-C') || stdout.trimStart().startsWith('{"url"'))
        resolve({ child, stdout });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('exit', (code) => reject(new Error(`hrbrain-mock exited with ${code}: ${stderr}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });

describe('hrbrain-mock bin', () => {
  it('serve prints its URL and credentials, serves that tenant, and stops on Ctrl-C (SIGINT)', async () => {
    const { child, stdout } = await serve([
      '--members',
      '120',
      '--seed',
      '1',
      '--client-id',
      'clitest',
      '--client-secret',
      'cli-secret',
    ]);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    expect(url).toBeDefined();
    expect(stdout).toContain('clitest');
    expect(stdout).toContain('cli-secret');
    expect(stdout).toContain('120 members');
    // The same options in-process give the same tenant (seeded).
    const tenant = createFakeHrbrain({
      clientId: 'clitest',
      clientSecret: 'cli-secret',
      seed: 1,
      members: 120,
      departments: { count: 40, maxDepth: 5 },
    });
    const auth = await authorize(tenant, url);
    const page = await fetch(`${url}/members/v1/members?limit=100&offset=100`, { headers: auth });
    expect(await page.json()).toEqual({
      data: tenant.payload.members.slice(100),
      paging: { totalCount: 120 },
    });
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
  });

  it('serve --ignore-columns serves every field; on exit it prints the requests per path to stderr', async () => {
    const { child, stdout } = await serve(['--members', '3', '--json', '--ignore-columns']);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const { url } = JSON.parse(stdout.trim()) as { url: string };
    const tenant = createFakeHrbrain({
      clientId: 'demo',
      clientSecret: 'demo-secret',
      seed: 1,
      members: 3,
      departments: { count: 40, maxDepth: 5 },
    });
    const auth = await authorize(tenant, url);
    const page = await fetch(`${url}/members/v1/members?columns=${tenant.ids.fields.email}`, {
      headers: auth,
    });
    expect(((await page.json()) as { data: unknown[] }).data).toEqual(tenant.payload.members);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(stderr).toContain('requests {"POST /auth/token":1,"GET /members/v1/members":1}');
  });

  it('serve --json prints one machine-readable line', async () => {
    const { child, stdout } = await serve(['--members', '5', '--json', '--port', '0']);
    const line = JSON.parse(stdout.trim()) as {
      url: string;
      clientId: string;
      clientSecret: string;
    };
    expect(line).toMatchObject({ clientId: 'demo', clientSecret: 'demo-secret' });
    expect((await fetch(`${line.url}/members/v1/fields`)).status).toBe(401);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('generate prints the payload; bad flags exit 2 with a message that says what to fix', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      [CLI, 'generate', '--members', '3', '--seed', '9', '--defect', 'missingKana=1'],
      {
        maxBuffer: 1 << 24,
      },
    );
    const expected = createFakeHrbrain({
      clientId: 'demo',
      clientSecret: 'demo-secret',
      seed: 9,
      members: 3,
      departments: { count: 40, maxDepth: 5 },
      defects: { missingKana: 1 },
    }).payload;
    expect(JSON.parse(stdout)).toEqual(expected);
    const failure = await run(process.execPath, [CLI, 'serve', '--defect', 'typo=1']).catch(
      (e: unknown) => e,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain("unknown defect 'typo'");
    const unknownFlag = await run(process.execPath, [CLI, 'serve', '--bogus']).catch(
      (e: unknown) => e,
    );
    expect(unknownFlag).toMatchObject({ code: 2 });
    expect((unknownFlag as { stderr: string }).stderr).toContain('--bogus');
    const badOption = await run(process.execPath, [CLI, 'generate', '--max-depth', '12']).catch(
      (e: unknown) => e,
    );
    expect(badOption).toMatchObject({ code: 2 });
    expect((badOption as { stderr: string }).stderr).toContain('departments.maxDepth');
  });

  it.each([
    ['--members', ''],
    ['--members', '1e3'],
    ['--seed', '0x10'],
    ['--defect', 'duplicateEmails='],
  ])('a number flag takes digits only: %s %j exits 2 naming the flag', async (flag, value) => {
    const run = promisify(execFile);
    const failure = await run(process.execPath, [CLI, 'generate', flag, value]).catch(
      (e: unknown) => e,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('expects a whole number');
  });
});

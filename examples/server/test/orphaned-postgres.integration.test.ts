import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRunning, startMain as startMainProcess } from './helpers/main-process.ts';

const dataDir = join(import.meta.dirname, '../.data', `test-orphan-${randomUUID()}`);
const postmasterPidFile = join(dataDir, 'postgres', 'postmaster.pid');
const started: ChildProcess[] = [];
const postmasters = new Set<number>();

/** The server on this file's data directory; every one started is killed after the file. */
function startMain() {
  const main = startMainProcess(dataDir);
  started.push(main.child);
  return main;
}

async function postmasterPid(): Promise<number> {
  const pid = Number((await readFile(postmasterPidFile, 'utf8')).split('\n')[0]);
  postmasters.add(pid);
  return pid;
}

afterAll(async () => {
  // Only what this file started, by pid: the servers, and any postmaster they left behind.
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  for (const pid of postmasters) if (isRunning(pid)) process.kill(pid, 'SIGINT');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await rm(dataDir, { recursive: true, force: true });
});

describe('an example server killed with kill -9 leaves its embedded PostgreSQL running', () => {
  it('J1 the next start finds the orphaned postmaster of its data directory, stops it safely and starts', async () => {
    const first = startMain();
    await first.ready;
    const orphan = await postmasterPid();
    expect(isRunning(orphan)).toBe(true);

    first.child.kill('SIGKILL'); // no shutdown hook runs
    await first.exited;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(isRunning(orphan), 'the postmaster outlives its parent').toBe(true);

    const second = startMain();
    await second.ready;
    expect(second.output.stdout + second.output.stderr).toMatch(
      new RegExp(`orphaned embedded PostgreSQL.*${orphan}`),
    );
    expect(isRunning(orphan)).toBe(false);
    const fresh = await postmasterPid();
    expect(fresh).not.toBe(orphan);

    second.child.kill('SIGTERM');
    const [code] = await second.exited;
    expect(code).toBe(0);
    await expect.poll(() => isRunning(fresh)).toBe(false);
  });

  it('J1 a server still running on the data directory is not touched: the second start is refused in one line', async () => {
    const first = startMain();
    await first.ready;
    const pid = await postmasterPid();
    try {
      const second = startMain();
      await expect(second.ready).rejects.toThrow();
      const lines = second.output.stderr.trim().split('\n');
      expect(lines.at(-1)).toMatch(
        new RegExp(
          `^example-server: .*in use by another example server \\(pid ${first.child.pid}\\)`,
        ),
      );
      expect(isRunning(pid)).toBe(true);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });

  it('J1 a postmaster.pid whose pid now belongs to another program of the same user is stale: removed, and the server starts', async () => {
    // A cleanly stopped data directory, then what a crash plus pid reuse leaves in it.
    const warm = startMain();
    await warm.ready;
    warm.child.kill('SIGTERM');
    await warm.exited;
    // PostgreSQL itself ignores a pid that is gone or belongs to another user; a live process
    // of its own user (as root, every embedded cluster runs as `postgres`) makes it refuse.
    const uid =
      process.getuid?.() === 0
        ? Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim())
        : process.getuid?.();
    const other = spawn('sleep', ['60'], {
      stdio: 'ignore',
      ...(uid === undefined ? {} : { uid }),
    });
    try {
      await writeFile(postmasterPidFile, `${other.pid}\n${join(dataDir, 'postgres')}\n`);
      const server = startMain();
      await server.ready;
      expect(other.exitCode).toBeNull(); // the other program was left alone
      server.child.kill('SIGTERM');
      await server.exited;
    } finally {
      other.kill('SIGKILL');
    }
  });
});

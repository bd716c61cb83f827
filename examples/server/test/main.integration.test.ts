import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/test-database.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const KEY = Buffer.alloc(32, 1).toString('base64');

/** Runs `node src/main.ts` as `pnpm start` does, and collects its output. */
function runMain(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env.PATH, ...env },
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
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the server process: bad configuration ends with one line that says what to fix', () => {
  it('refuses to start in production without HRBRAIN_SECRET_KEY', async () => {
    const result = await runMain([], {
      NODE_ENV: 'production',
      API_KEYS: `${'k'.repeat(24)}:tenant-a`,
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^example-server: HRBRAIN_SECRET_KEY is not set: .*openssl rand -base64 32/,
      ),
    ]);
  });

  it('names a bad key without echoing it', async () => {
    const result = await runMain([], { HRBRAIN_SECRET_KEY: 'dG9vLXNob3J0LXNlY3JldA==' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^example-server: HRBRAIN_SECRET_KEY must decode to 32 bytes/);
    expect(result.stderr).not.toContain('dG9vLXNob3J0LXNlY3JldA==');
  });

  it('reports an unreachable DATABASE_URL in one line, without its password', async () => {
    const result = await runMain([], {
      HRBRAIN_SECRET_KEY: KEY,
      DATABASE_URL: 'postgres://app:hunter2-db-password@127.0.0.1:1/app',
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^example-server: Cannot connect to PostgreSQL at DATABASE_URL/);
    expect(result.stderr + result.stdout).not.toContain('hunter2-db-password');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a PORT another process listens on is one line that says to change PORT', async () => {
    const database = await createTestDatabase();
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as AddressInfo;
    try {
      const result = await runMain([], {
        HRBRAIN_SECRET_KEY: KEY,
        DATABASE_URL: database.url,
        PORT: String(port),
      });
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          new RegExp(`^example-server: listen EADDRINUSE.*:${port}: .*set PORT to a free port`),
        ),
      ]);
    } finally {
      blocker.close();
      await database.drop();
    }
  });

  it('--help prints the usage and exits 0', async () => {
    const result = await runMain(['--help'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--fake-hrbrain');
    expect(result.stdout).toContain('HRBRAIN_SECRET_KEY');
  });
});

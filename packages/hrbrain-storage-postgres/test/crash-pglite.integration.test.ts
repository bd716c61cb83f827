import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { planEmployeeSync, runSync } from '@mikiwame/hrbrain-sync-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStorage } from '../src/index';
// @ts-expect-error: a plain .mjs helper shared with the child process.
import { largeTenantSnapshot } from './crash/large-tenant.mjs';

// J2/J3/J4 (issue 10) on a file-backed PGlite: the process that owns the database is SIGKILLed
// while it applies a large employee sync, or right after the sync returned. Reopened, the
// database holds either nothing of the run (the run still `running`, closed as ABANDONED by
// the next runSync) or all of it with its summary and every error row. Needs the built dist.

const expected = planEmployeeSync({
  snapshot: largeTenantSnapshot(),
  existing: [],
  departments: [],
});
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function startChild(dataDir: string): {
  child: ChildProcess;
  out: string[];
  exited: Promise<unknown>;
} {
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, 'crash', 'crash-child-pglite.mjs')],
    {
      env: { ...process.env, DATA_DIR: dataDir, TENANT: 't' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const out: string[] = [];
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => out.push(...chunk.split('\n').filter(Boolean)));
  return { child, out, exited: new Promise((resolve) => child.on('exit', resolve)) };
}

async function until(condition: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('crash consistency on a file-backed PGlite (issue 10)', () => {
  for (const [label, line, delay] of [
    ['as it starts applying', 'applying', 0],
    ['300 ms into applying', 'applying', 300],
    ['right after runSync returned', 'finished', 0],
  ] as const) {
    it(`J2/J4 SIGKILL ${label}: all or nothing after reopening; the next runSync completes`, async () => {
      const root = await mkdtemp(join(tmpdir(), 'crash-pglite-'));
      dirs.push(root);
      const dataDir = join(root, 'db');
      const { child, out, exited } = startChild(dataDir);
      await until(() => out.some((l) => l.startsWith(line)), 120_000);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await exited;

      const db = await PGlite.create(dataDir);
      try {
        const storage = createPostgresStorage({ client: db });
        const runs = (await storage.listRuns('t')).runs;
        expect(runs).toHaveLength(1);
        const dead = runs[0]!;
        const stored = (await storage.loadEmployees('t')).length;
        const errors = await storage.listRunErrors('t', dead.id);
        if (stored === 0) {
          expect(dead).toMatchObject({ status: 'running', summary: null });
          expect(errors).toEqual([]);
        } else {
          expect(stored).toBe(expected.creates.length);
          expect(dead).toMatchObject({
            status: 'completed_with_errors',
            summary: expected.summary,
          });
          expect(errors).toEqual(expected.errors);
        }
        if (line === 'finished') expect(stored).toBe(expected.creates.length);
        const source = { snapshot: async () => largeTenantSnapshot() };
        const next = await runSync({ tenantId: 't', kind: 'employees', storage, source });
        expect(next.status).toBe('completed_with_errors');
        expect(next.summary).toMatchObject({ created: stored === 0 ? 500 : 0 });
        if (stored === 0) {
          expect(await storage.getRun('t', dead.id)).toMatchObject({
            status: 'failed',
            failure: { code: 'ABANDONED' },
          });
        }
      } finally {
        await db.close();
      }
    }, 180_000);
  }
});

import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  HrbrainSyncError,
  planDepartmentSync,
  planEmployeeSync,
  runSync,
  type SyncRun,
} from '@mikiwame/hrbrain-sync-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPostgresStorage } from '../src/index';
// @ts-expect-error: a plain .mjs helper shared with the child process.
import { largeDepartmentSnapshot, largeTenantSnapshot } from './crash/large-tenant.mjs';
import { serverPool, uniqueSchema } from './setup/databases';

// J2/J3/J4 (issue 10): a process running a large employee sync is SIGKILLed — at the moment
// its rows first become visible, and at other instants. Afterwards exactly one holds: none of
// the run's employees is stored and the run is not finished as applied; or all of them are
// and the run has its summary and every error row. The next runSync closes a dead run as
// failed (ABANDONED) and completes. Needs the built dist (`pnpm build`), like dist.integration.

const admin = serverPool(4);
const schema = uniqueSchema('crash');
const storage = createPostgresStorage({ client: admin, schema });
const expected = planEmployeeSync({
  snapshot: largeTenantSnapshot(),
  existing: [],
  departments: [],
});

beforeAll(async () => {
  await storage.migrate();
});
afterAll(() => admin.end());

let tenantCounter = 0;

function startChild(
  tenantId: string,
  kind: 'employees' | 'departments' = 'employees',
): {
  child: ChildProcess;
  phases: string[];
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'crash', 'crash-child.mjs')], {
    env: {
      ...process.env,
      DATABASE_URL: inject('databaseUrl'),
      SCHEMA: schema,
      TENANT: tenantId,
      KIND: kind,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const phases: string[] = [];
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => phases.push(...chunk.split('\n').filter(Boolean)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, phases, exited };
}

async function countEmployees(tenantId: string): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    `select count(*)::int as n from "${schema}".employees where tenant_id = $1`,
    [tenantId],
  );
  return rows[0]!.n;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, pollMs = 1) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error('timed out');
}

/** Either nothing of the run, or all of it with its outcome. */
async function expectAllOrNothing(tenantId: string): Promise<{ applied: boolean; run: SyncRun }> {
  const runs = (await storage.listRuns(tenantId)).runs;
  expect(runs).toHaveLength(1);
  const run = runs[0]!;
  const stored = await countEmployees(tenantId);
  const errors = await storage.listRunErrors(tenantId, run.id);
  if (stored === 0) {
    expect(['running', 'failed']).toContain(run.status);
    expect(run.summary).toBeNull();
    expect(errors).toEqual([]);
    return { applied: false, run };
  }
  expect(stored).toBe(expected.creates.length);
  expect(run).toMatchObject({ status: 'completed_with_errors', summary: expected.summary });
  expect(run.finishedAt).toBeInstanceOf(Date);
  expect(errors).toHaveLength(expected.errors.length);
  expect(errors).toEqual(expected.errors);
  return { applied: true, run };
}

/** The next runSync of the tenant and kind (the dead session's lock may take a moment to go). */
async function nextRun(tenantId: string) {
  const source = { snapshot: async () => largeTenantSnapshot() };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      return await runSync({ tenantId, kind: 'employees', storage, source });
    } catch (error) {
      const busy = HrbrainSyncError.isInstance(error) && error.code === 'SYNC_IN_PROGRESS';
      if (!busy || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('crash consistency on a real Postgres (issue 10)', () => {
  it('the plan is large: hundreds of creates, thousands of error rows', () => {
    expect(expected.creates.length).toBe(500);
    expect(expected.errors.length).toBeGreaterThanOrEqual(19_500);
  });

  it("J2/J3 SIGKILL at the moment the run's rows first become visible: all of them are stored and the run has its summary and every error row", async () => {
    const tenantId = `crash-visible-${++tenantCounter}`;
    const { child, exited } = startChild(tenantId);
    await until(async () => (await countEmployees(tenantId)) > 0, 60_000);
    child.kill('SIGKILL');
    await exited;
    const { applied } = await expectAllOrNothing(tenantId);
    expect(applied).toBe(true);
    const next = await nextRun(tenantId);
    expect(next.status).toBe('completed_with_errors');
    expect(next.summary).toMatchObject({ created: 0 });
  });

  for (const [label, when] of [
    ['while it fetches', 'fetching'],
    ['as it starts applying', 'applying'],
    ['5 ms into applying', 'applying+5'],
    ['40 ms into applying', 'applying+40'],
    ['150 ms into applying', 'applying+150'],
  ] as const) {
    it(`J2/J4 SIGKILL ${label}: all or nothing; the next runSync closes a dead run as ABANDONED and completes`, async () => {
      const tenantId = `crash-${when}-${++tenantCounter}`;
      const { child, phases, exited } = startChild(tenantId);
      const [phase, delay] = when.split('+') as [string, string | undefined];
      await until(() => phases.includes(phase), 60_000);
      if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, Number(delay)));
      child.kill('SIGKILL');
      await exited;
      const { applied, run } = await expectAllOrNothing(tenantId);
      const next = await nextRun(tenantId);
      expect(next.status).toBe('completed_with_errors');
      const dead = await storage.getRun(tenantId, run.id);
      if (applied) {
        expect(dead?.status).toBe('completed_with_errors');
        expect(next.summary).toMatchObject({ created: 0 });
      } else {
        expect(dead).toMatchObject({ status: 'failed', failure: { code: 'ABANDONED' } });
        expect(dead?.finishedAt).toBeInstanceOf(Date);
        expect(next.summary).toMatchObject({ created: 500 });
      }
      expect(await countEmployees(tenantId)).toBe(500);
    });
  }
});

const expectedDepartments = planDepartmentSync({
  snapshot: largeDepartmentSnapshot(),
  existing: [],
});

async function countDepartments(tenantId: string): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    `select count(*)::int as n from "${schema}".departments where tenant_id = $1`,
    [tenantId],
  );
  return rows[0]!.n;
}

describe('crash consistency of a departments run on a real Postgres (issue 10)', () => {
  it('the plan is large: thousands of creates and of error rows', () => {
    expect(expectedDepartments.creates.length).toBe(3_000);
    expect(expectedDepartments.errors.length).toBe(8_000);
  });

  for (const when of [
    'visible',
    'applying',
    'applying+5',
    'applying+40',
    'applying+150',
  ] as const) {
    it(`J2/J4 SIGKILL of a departments run (${when}): all or nothing; the next runSync closes a dead run as ABANDONED and completes`, async () => {
      const tenantId = `crash-dept-${when}-${++tenantCounter}`;
      const { child, phases, exited } = startChild(tenantId, 'departments');
      if (when === 'visible') {
        await until(async () => (await countDepartments(tenantId)) > 0, 60_000);
      } else {
        const [phase, delay] = when.split('+') as [string, string | undefined];
        await until(() => phases.includes(phase), 60_000);
        if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, Number(delay)));
      }
      child.kill('SIGKILL');
      await exited;
      const runs = (await storage.listRuns(tenantId)).runs;
      expect(runs).toHaveLength(1);
      const dead = runs[0]!;
      const stored = await countDepartments(tenantId);
      const errors = await storage.listRunErrors(tenantId, dead.id);
      if (stored === 0) {
        expect(['running', 'failed']).toContain(dead.status);
        expect(dead.summary).toBeNull();
        expect(errors).toEqual([]);
      } else {
        expect(stored).toBe(3_000);
        expect(dead).toMatchObject({
          status: 'completed_with_errors',
          summary: expectedDepartments.summary,
        });
        expect(errors).toEqual(expectedDepartments.errors);
      }
      if (when === 'visible') expect(stored).toBe(3_000);
      const source = { snapshot: async () => largeDepartmentSnapshot() };
      let next: SyncRun | undefined;
      const deadline = Date.now() + 30_000;
      while (next === undefined) {
        try {
          next = await runSync({ tenantId, kind: 'departments', storage, source });
        } catch (error) {
          const busy = HrbrainSyncError.isInstance(error) && error.code === 'SYNC_IN_PROGRESS';
          if (!busy || Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      expect(next.status).toBe('completed_with_errors');
      expect(next.summary).toMatchObject({ created: stored === 0 ? 3_000 : 0 });
      const after = await storage.getRun(tenantId, dead.id);
      if (stored === 0) {
        expect(after).toMatchObject({ status: 'failed', failure: { code: 'ABANDONED' } });
      }
      expect(await countDepartments(tenantId)).toBe(3_000);
    });
  }
});

import type { SyncKind, SyncRun, SyncStorage } from '@mikiwame/hrbrain-sync-core';
import { expect } from 'vitest';
import { expectRejection } from '../expect-error';
import { buildErrorRows, buildPlanSummary } from '../fixtures/error-rows';
import type { ConformanceSuite } from '../suite';

const CLOCK_SKEW_MS = 60_000;

async function createRuns(
  storage: SyncStorage,
  tenantId: string,
  kinds: SyncKind[],
): Promise<SyncRun[]> {
  const runs: SyncRun[] = [];
  // One after another: "newest first" is creation order, even within one millisecond.
  for (const kind of kinds) {
    runs.push(await storage.createRun({ tenantId, kind, dryRun: false, status: 'queued' }));
  }
  return runs;
}

async function listAll(
  storage: SyncStorage,
  tenantId: string,
  options: { kind?: SyncKind; limit: number },
): Promise<{ ids: string[]; pageSizes: number[] }> {
  const ids: string[] = [];
  const pageSizes: number[] = [];
  let cursor: string | null = null;
  do {
    const page = await storage.listRuns(tenantId, { ...options, cursor });
    ids.push(...page.runs.map((run) => run.id));
    pageSizes.push(page.runs.length);
    cursor = page.nextCursor;
    if (pageSizes.length > 100) throw new Error('listRuns never returned nextCursor: null');
  } while (cursor !== null);
  return { ids, pageSizes };
}

export const runSuite: ConformanceSuite = {
  id: 'runs',
  title: 'sync runs and their error rows (J1, J2, J3)',
  cases: [
    {
      title: 'J1 createRun records a queued run; getRun and the store agree',
      async run({ storage, inspect, tenantId }) {
        const before = Date.now();
        const run = await storage.createRun({
          tenantId,
          kind: 'departments',
          dryRun: false,
          status: 'queued',
        });
        const after = Date.now();
        expect(run).toMatchObject({
          tenantId,
          kind: 'departments',
          status: 'queued',
          dryRun: false,
          startedAt: null,
          finishedAt: null,
          summary: null,
          errorCount: 0,
          warningCount: 0,
          failure: null,
        });
        expect(typeof run.id === 'string' && run.id.length > 0).toBe(true);
        expect(run.createdAt).toBeInstanceOf(Date);
        // The store's clock may be another machine's (a database server): allow some skew.
        expect(run.createdAt.getTime()).toBeGreaterThanOrEqual(before - CLOCK_SKEW_MS);
        expect(run.createdAt.getTime()).toBeLessThanOrEqual(after + CLOCK_SKEW_MS);
        expect(await storage.getRun(tenantId, run.id)).toEqual(run);
        expect(await inspect.runs(tenantId)).toEqual([
          { id: run.id, kind: 'departments', status: 'queued' },
        ]);
        expect(await storage.listRunErrors(tenantId, run.id)).toEqual([]);
      },
    },
    {
      title: 'J1/J6 createRun records a running dry run',
      async run({ storage, inspect, tenantId }) {
        const run = await storage.createRun({
          tenantId,
          kind: 'employees',
          dryRun: true,
          status: 'running',
        });
        expect(run).toMatchObject({ tenantId, kind: 'employees', status: 'running', dryRun: true });
        if (run.startedAt !== null) {
          expect(run.startedAt.getTime()).toBeGreaterThanOrEqual(run.createdAt.getTime());
        }
        expect(await storage.getRun(tenantId, run.id)).toEqual(run);
        expect(await inspect.runs(tenantId)).toEqual([
          { id: run.id, kind: 'employees', status: 'running' },
        ]);
      },
    },
    {
      title: 'J2 updateRun patches status, timestamps, summary and failure; other fields keep',
      async run({ storage, inspect, tenantId }) {
        const run = await storage.createRun({
          tenantId,
          kind: 'employees',
          dryRun: false,
          status: 'queued',
        });
        const startedAt = new Date('2026-04-01T09:00:00.123Z');
        const running = await storage.updateRun(tenantId, run.id, {
          status: 'running',
          startedAt,
        });
        expect(running).toEqual({ ...run, status: 'running', startedAt });

        const summary = buildPlanSummary({ created: 5, skipped: 2, warnings: 0 });
        const finishedAt = new Date('2026-04-01T09:01:02.999Z');
        const done = await storage.updateRun(tenantId, run.id, {
          status: 'succeeded',
          finishedAt,
          summary,
        });
        expect(done).toEqual({ ...run, status: 'succeeded', startedAt, finishedAt, summary });
        expect(await storage.getRun(tenantId, run.id)).toEqual(done);

        const failure = {
          code: 'FIELD_NOT_FOUND',
          message: '項目「メールアドレス」が見つかりません。名前が変更された可能性があります。',
        };
        const failed = await storage.updateRun(tenantId, run.id, { status: 'failed', failure });
        expect(failed).toEqual({ ...done, status: 'failed', failure });
        expect(await storage.getRun(tenantId, run.id)).toEqual(failed);
        expect(await inspect.runs(tenantId)).toEqual([
          { id: run.id, kind: 'employees', status: 'failed' },
        ]);

        const cleared = await storage.updateRun(tenantId, run.id, { failure: null, summary: null });
        expect(cleared).toEqual({ ...failed, failure: null, summary: null });
      },
    },
    {
      title:
        'J3 error rows are stored in order with Japanese text and emoji intact, counted, and replaced',
      async run({ storage, tenantId }) {
        const run = await storage.createRun({
          tenantId,
          kind: 'employees',
          dryRun: false,
          status: 'running',
        });
        const rows = buildErrorRows(30);
        const errors = rows.filter((row) => row.severity === 'error').length;
        const updated = await storage.updateRun(tenantId, run.id, {
          status: 'completed_with_errors',
          errors: rows,
        });
        expect(updated.errorCount).toBe(errors);
        expect(updated.warningCount).toBe(rows.length - errors);
        expect(await storage.listRunErrors(tenantId, run.id)).toEqual(rows);

        // A patch without `errors` keeps them.
        await storage.updateRun(tenantId, run.id, { finishedAt: new Date() });
        expect(await storage.listRunErrors(tenantId, run.id)).toEqual(rows);

        // A patch with `errors` replaces them.
        const replacement = buildErrorRows(4).reverse();
        const replaced = await storage.updateRun(tenantId, run.id, { errors: replacement });
        expect(await storage.listRunErrors(tenantId, run.id)).toEqual(replacement);
        expect(replaced.errorCount + replaced.warningCount).toBe(4);
        expect((await storage.getRun(tenantId, run.id))?.errorCount).toBe(replaced.errorCount);
      },
    },
    {
      title: 'J3 10,000 error rows (a large tenant) are stored and read back in order',
      async run({ storage, tenantId }) {
        const run = await storage.createRun({
          tenantId,
          kind: 'employees',
          dryRun: false,
          status: 'running',
        });
        const rows = buildErrorRows(10_000);
        const updated = await storage.updateRun(tenantId, run.id, { errors: rows });
        expect(updated.errorCount + updated.warningCount).toBe(10_000);
        const stored = await storage.listRunErrors(tenantId, run.id);
        expect(stored).toHaveLength(10_000);
        expect(stored).toEqual(rows);
      },
    },
    {
      title: 'J3 the store really holds the error rows, in order',
      requires: ['runErrors'],
      async run({ storage, inspect, tenantId }) {
        const run = await storage.createRun({
          tenantId,
          kind: 'departments',
          dryRun: false,
          status: 'running',
        });
        const rows = buildErrorRows(12);
        await storage.updateRun(tenantId, run.id, { errors: rows });
        expect(await inspect.runErrors!(tenantId, run.id)).toEqual(rows);
      },
    },
    {
      title: 'J1 listRuns returns newest first, paged by cursor without gaps or repeats',
      async run({ storage, tenantId }) {
        const runs = await createRuns(
          storage,
          tenantId,
          Array.from({ length: 25 }, (_, i) => (i % 2 === 0 ? 'departments' : 'employees')),
        );
        const newestFirst = runs.map((run) => run.id).reverse();
        const { ids, pageSizes } = await listAll(storage, tenantId, { limit: 10 });
        expect(pageSizes).toEqual([10, 10, 5]);
        expect(ids).toEqual(newestFirst);
        const firstPage = await storage.listRuns(tenantId, { limit: 3 });
        expect(firstPage.runs).toEqual([...runs].reverse().slice(0, 3));
      },
    },
    {
      title: 'J1 listRuns pages 20 runs by default',
      async run({ storage, tenantId }) {
        await createRuns(
          storage,
          tenantId,
          Array.from({ length: 21 }, () => 'employees'),
        );
        const page = await storage.listRuns(tenantId);
        expect(page.runs).toHaveLength(20);
        expect(page.nextCursor).not.toBeNull();
        const rest = await storage.listRuns(tenantId, { cursor: page.nextCursor });
        expect(rest.runs).toHaveLength(1);
        expect(rest.nextCursor).toBeNull();
      },
    },
    {
      title: 'J1 listRuns filters by kind, still newest first and paged',
      async run({ storage, tenantId }) {
        const kinds: SyncKind[] = Array.from({ length: 14 }, (_, i) =>
          i % 3 === 0 ? 'departments' : 'employees',
        );
        const runs = await createRuns(storage, tenantId, kinds);
        for (const kind of ['departments', 'employees'] as const) {
          const expected = runs
            .filter((run) => run.kind === kind)
            .map((run) => run.id)
            .reverse();
          const { ids } = await listAll(storage, tenantId, { kind, limit: 4 });
          expect(ids).toEqual(expected);
        }
      },
    },
    {
      title: 'J1 a run created while paging does not shift the pages after the cursor',
      async run({ storage, tenantId }) {
        const runs = await createRuns(
          storage,
          tenantId,
          Array.from({ length: 6 }, () => 'employees'),
        );
        const first = await storage.listRuns(tenantId, { limit: 3 });
        await createRuns(storage, tenantId, ['employees', 'employees']);
        const second = await storage.listRuns(tenantId, { limit: 3, cursor: first.nextCursor });
        expect([...first.runs, ...second.runs].map((run) => run.id)).toEqual(
          runs.map((run) => run.id).reverse(),
        );
      },
    },
    {
      title: 'getRun of an unknown id is null; updateRun of an unknown id is refused',
      async run({ storage, tenantId }) {
        expect(await storage.getRun(tenantId, crypto.randomUUID())).toBeNull();
        await expectRejection(
          storage.updateRun(tenantId, crypto.randomUUID(), { status: 'failed' }),
        );
      },
    },
    {
      title: 'runs of other tenants are invisible and cannot be changed through another tenant',
      async run({ storage, inspect, tenantId: a, otherTenantId: b }) {
        const run = await storage.createRun({
          tenantId: a,
          kind: 'departments',
          dryRun: false,
          status: 'running',
        });
        const rows = buildErrorRows(3);
        const stored = await storage.updateRun(a, run.id, { errors: rows });
        await createRuns(storage, b, ['departments']);

        expect(await storage.getRun(b, run.id)).toBeNull();
        expect((await storage.listRuns(b)).runs.map((r) => r.id)).not.toContain(run.id);
        const leaked = await storage.listRunErrors(b, run.id).catch(() => []);
        expect(leaked).toEqual([]);
        await expectRejection(storage.updateRun(b, run.id, { status: 'failed', errors: [] }));

        expect(await storage.getRun(a, run.id)).toEqual(stored);
        expect(await storage.listRunErrors(a, run.id)).toEqual(rows);
        expect((await inspect.runs(a)).map((r) => r.status)).toEqual(['running']);
        expect((await storage.listRuns(a)).runs.map((r) => r.id)).toEqual([run.id]);
      },
    },
  ],
};

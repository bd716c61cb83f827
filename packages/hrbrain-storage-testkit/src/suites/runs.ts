import type { RunLog, RunOutcome, SyncKind, SyncRun } from '@mikiwame/hrbrain-sync-core';
import { expect } from 'vitest';
import { expectSyncError } from '../expect-error';
import { buildErrorRows, buildPlanSummary } from '../fixtures/error-rows';
import type { ConformanceSuite } from '../suite';

const CLOCK_SKEW_MS = 60_000;

async function createRuns(runs: RunLog, tenantId: string, kinds: SyncKind[]): Promise<SyncRun[]> {
  const created: SyncRun[] = [];
  // One after another: "newest first" is creation order, even within one millisecond.
  for (const kind of kinds) {
    created.push(await runs.createRun({ tenantId, kind, dryRun: false, status: 'queued' }));
  }
  return created;
}

async function listAll(
  runs: RunLog,
  tenantId: string,
  options: { kind?: SyncKind; limit: number },
): Promise<{ ids: string[]; pageSizes: number[] }> {
  const ids: string[] = [];
  const pageSizes: number[] = [];
  let cursor: string | null = null;
  do {
    const page = await runs.listRuns(tenantId, { ...options, cursor });
    ids.push(...page.runs.map((run) => run.id));
    pageSizes.push(page.runs.length);
    cursor = page.nextCursor;
    if (pageSizes.length > 100) throw new Error('listRuns never returned nextCursor: null');
  } while (cursor !== null);
  return { ids, pageSizes };
}

const succeeded = (errors = buildErrorRows(0)): RunOutcome => ({
  status: errors.length > 0 ? 'completed_with_errors' : 'succeeded',
  summary: buildPlanSummary({ created: 5, skipped: 2, warnings: 0 }),
  failure: null,
  errors,
});

const near = (date: Date | null, before: number, after: number) => {
  expect(date).toBeInstanceOf(Date);
  // The store's clock may be another machine's (a database server): allow some skew.
  expect(date!.getTime()).toBeGreaterThanOrEqual(before - CLOCK_SKEW_MS);
  expect(date!.getTime()).toBeLessThanOrEqual(after + CLOCK_SKEW_MS);
};

export const runSuite: ConformanceSuite = {
  id: 'runs',
  title: 'the run log: runs, times, error rows, paging (J1, J2, J3)',
  cases: [
    {
      title: 'T1 a run keeps what started it: manual by default, schedule and webhook as given',
      async run({ storage, tenantId }) {
        const manual = await storage.createRun({
          tenantId,
          kind: 'departments',
          dryRun: false,
          status: 'running',
        });
        expect(manual.trigger).toEqual({ type: 'manual', by: null, deliveryId: null });
        const schedule = await storage.createRun({
          tenantId,
          kind: 'employees',
          dryRun: false,
          status: 'queued',
          trigger: { type: 'schedule', by: '0 2 * * * (Asia/Tokyo)' },
        });
        const webhook = await storage.createRun({
          tenantId,
          kind: 'departments',
          dryRun: true,
          status: 'running',
          trigger: { type: 'webhook', by: null, deliveryId: 'evt_01J9 "quoted" \u30c6' },
        });
        expect(schedule.trigger).toEqual({
          type: 'schedule',
          by: '0 2 * * * (Asia/Tokyo)',
          deliveryId: null,
        });
        expect(webhook.trigger).toEqual({
          type: 'webhook',
          by: null,
          deliveryId: 'evt_01J9 "quoted" \u30c6',
        });
        // Kept through start, finish, getRun and listRuns.
        await storage.startRun(tenantId, schedule.id);
        const finished = await storage.finishRun({
          tenantId,
          runId: webhook.id,
          outcome: succeeded(),
        });
        expect(finished.trigger).toEqual(webhook.trigger);
        expect((await storage.getRun(tenantId, schedule.id))?.trigger).toEqual(schedule.trigger);
        const listed = (await storage.listRuns(tenantId)).runs.map((r) => r.trigger.type);
        expect(listed).toEqual(['webhook', 'schedule', 'manual']);
        await expectSyncError(
          storage.createRun({
            tenantId,
            kind: 'departments',
            dryRun: false,
            status: 'queued',
            trigger: { type: 'cron' as 'manual' },
          }),
          'INVALID_ARGUMENT',
        );
      },
    },
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
        near(run.createdAt, before, after);
        expect(await storage.getRun(tenantId, run.id)).toEqual(run);
        expect(await inspect.runs(tenantId)).toEqual([
          { id: run.id, kind: 'departments', status: 'queued' },
        ]);
        expect(await storage.listRunErrors(tenantId, run.id)).toEqual([]);
      },
    },
    {
      title:
        'J1 the run log sets the times: createdAt at createRun, startedAt when it runs, finishedAt at finishRun',
      async run({ storage, tenantId }) {
        const before = Date.now();
        const running = await storage.createRun({
          tenantId,
          kind: 'employees',
          dryRun: true,
          status: 'running',
        });
        expect(running).toMatchObject({ status: 'running', dryRun: true, finishedAt: null });
        near(running.startedAt, before, Date.now());
        expect(running.startedAt!.getTime()).toBeGreaterThanOrEqual(running.createdAt.getTime());

        const queued = await storage.createRun({
          tenantId,
          kind: 'departments',
          dryRun: false,
          status: 'queued',
        });
        expect(queued.startedAt).toBeNull();
        const started = await storage.startRun(tenantId, queued.id);
        expect(started).toMatchObject({ id: queued.id, status: 'running', finishedAt: null });
        near(started.startedAt, before, Date.now());
        expect(started.startedAt!.getTime()).toBeGreaterThanOrEqual(queued.createdAt.getTime());
        expect(started.createdAt).toEqual(queued.createdAt);

        const finished = await storage.finishRun({
          tenantId,
          runId: queued.id,
          outcome: succeeded(),
        });
        near(finished.finishedAt, before, Date.now());
        expect(finished.finishedAt!.getTime()).toBeGreaterThanOrEqual(started.startedAt!.getTime());
        expect(finished.startedAt).toEqual(started.startedAt);
        expect(await storage.getRun(tenantId, queued.id)).toEqual(finished);
      },
    },
    {
      title:
        'J2/J3 finishRun records status, summary, failure and every error row (with display fields) in order, counted',
      async run({ storage, inspect, tenantId }) {
        const run = await storage.createRun({
          tenantId,
          kind: 'employees',
          dryRun: false,
          status: 'running',
        });
        const rows = buildErrorRows(30);
        const errors = rows.filter((row) => row.severity === 'error').length;
        const finished = await storage.finishRun({
          tenantId,
          runId: run.id,
          outcome: succeeded(rows),
        });
        expect(finished).toMatchObject({
          status: 'completed_with_errors',
          summary: buildPlanSummary({ created: 5, skipped: 2, warnings: 0 }),
          failure: null,
          errorCount: errors,
          warningCount: rows.length - errors,
        });
        expect(await storage.listRunErrors(tenantId, run.id)).toEqual(rows);
        expect(rows.some((row) => row.subjectName !== undefined)).toBe(true);
        expect(await inspect.runs(tenantId)).toEqual([
          { id: run.id, kind: 'employees', status: 'completed_with_errors' },
        ]);

        const failedRun = await storage.createRun({
          tenantId,
          kind: 'employees',
          dryRun: false,
          status: 'running',
        });
        const failure = {
          code: 'FIELD_NOT_FOUND',
          message: '項目「メールアドレス」が見つかりません。名前が変更された可能性があります。',
        };
        const failed = await storage.finishRun({
          tenantId,
          runId: failedRun.id,
          outcome: { status: 'failed', summary: null, failure, errors: [] },
        });
        expect(failed).toMatchObject({ status: 'failed', failure, summary: null, errorCount: 0 });
        expect(await storage.getRun(tenantId, failedRun.id)).toEqual(failed);
      },
    },
    {
      title:
        'J2 a run is finished once: finishRun of a finished run is RUN_ALREADY_FINISHED, nothing changes',
      async run({ storage, tenantId }) {
        const run = await storage.createRun({
          tenantId,
          kind: 'employees',
          dryRun: false,
          status: 'running',
        });
        const rows = buildErrorRows(3);
        const finished = await storage.finishRun({
          tenantId,
          runId: run.id,
          outcome: succeeded(rows),
        });
        await expectSyncError(
          storage.finishRun({
            tenantId,
            runId: run.id,
            outcome: {
              status: 'failed',
              summary: null,
              failure: { code: 'X', message: 'x' },
              errors: [],
            },
          }),
          'RUN_ALREADY_FINISHED',
        );
        expect(await storage.getRun(tenantId, run.id)).toEqual(finished);
        expect(await storage.listRunErrors(tenantId, run.id)).toEqual(rows);
        await expectSyncError(storage.startRun(tenantId, run.id), 'RUN_NOT_QUEUED');
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
        const finished = await storage.finishRun({
          tenantId,
          runId: run.id,
          outcome: succeeded(rows),
        });
        expect(finished.errorCount + finished.warningCount).toBe(10_000);
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
        await storage.finishRun({ tenantId, runId: run.id, outcome: succeeded(rows) });
        expect(await inspect.runErrors!(tenantId, run.id)).toEqual(rows);
      },
    },
    {
      title:
        'J1 listRuns returns newest first, ties within one millisecond in creation order, paged without gaps or repeats',
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
      title: 'J1 listRuns pages 20 runs by default; limit 1 and 1,000 are accepted',
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
        expect((await storage.listRuns(tenantId, { limit: 1 })).runs).toHaveLength(1);
        expect((await storage.listRuns(tenantId, { limit: 1_000 })).runs).toHaveLength(21);
      },
    },
    {
      title:
        'J1 listRuns limit bounds: 0, 1,001, 1.5, -1, NaN, Infinity and the string "20" are refused with INVALID_ARGUMENT',
      async run({ storage, tenantId }) {
        await createRuns(storage, tenantId, ['employees']);
        for (const limit of [0, 1_001, 1.5, -1, Number.NaN, Infinity, '20' as unknown as number]) {
          await expectSyncError(storage.listRuns(tenantId, { limit }), 'INVALID_ARGUMENT');
        }
      },
    },
    {
      title:
        "J1 a bad or foreign cursor is refused with INVALID_CURSOR: garbled, empty, another tenant's, another kind's",
      async run({ storage, tenantId, otherTenantId }) {
        await createRuns(storage, tenantId, ['employees', 'employees', 'departments']);
        await createRuns(storage, otherTenantId, ['employees', 'employees']);
        const own = await storage.listRuns(tenantId, { limit: 1, kind: 'employees' });
        const foreign = await storage.listRuns(otherTenantId, { limit: 1 });
        expect(own.nextCursor).not.toBeNull();
        expect(foreign.nextCursor).not.toBeNull();
        for (const cursor of ['garbage', '', '12', `${own.nextCursor}x`, foreign.nextCursor!]) {
          await expectSyncError(storage.listRuns(tenantId, { cursor }), 'INVALID_CURSOR');
        }
        // A cursor of the employees listing does not continue the departments listing.
        await expectSyncError(
          storage.listRuns(tenantId, { cursor: own.nextCursor, kind: 'departments' }),
          'INVALID_CURSOR',
        );
        expect(
          (await storage.listRuns(tenantId, { cursor: own.nextCursor, kind: 'employees' })).runs,
        ).toHaveLength(1);
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
      title:
        'J5 listOpenRuns gives the queued and running runs of one tenant and kind, oldest first',
      async run({ storage, tenantId, otherTenantId }) {
        const [a, b, c, d] = await createRuns(storage, tenantId, [
          'employees',
          'employees',
          'departments',
          'employees',
        ]);
        await storage.startRun(tenantId, b!.id);
        await storage.finishRun({ tenantId, runId: d!.id, outcome: succeeded() });
        await createRuns(storage, otherTenantId, ['employees']);
        expect(
          (await storage.listOpenRuns(tenantId, 'employees')).map((r) => [r.id, r.status]),
        ).toEqual([
          [a!.id, 'queued'],
          [b!.id, 'running'],
        ]);
        expect((await storage.listOpenRuns(tenantId, 'departments')).map((r) => r.id)).toEqual([
          c!.id,
        ]);
      },
    },
    {
      title:
        "an unknown run id (random, garbled, another tenant's): getRun null, listRunErrors [], startRun/finishRun RUN_NOT_FOUND",
      async run({ storage, tenantId, otherTenantId }) {
        const foreign = await storage.createRun({
          tenantId: otherTenantId,
          kind: 'employees',
          dryRun: false,
          status: 'queued',
        });
        for (const id of [crypto.randomUUID(), 'not-an-id', '', foreign.id]) {
          expect(await storage.getRun(tenantId, id)).toBeNull();
          expect(await storage.listRunErrors(tenantId, id)).toEqual([]);
          await expectSyncError(storage.startRun(tenantId, id), 'RUN_NOT_FOUND');
          await expectSyncError(
            storage.finishRun({ tenantId, runId: id, outcome: succeeded() }),
            'RUN_NOT_FOUND',
          );
        }
        expect(await storage.getRun(otherTenantId, foreign.id)).toEqual(foreign);
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
        await createRuns(storage, b, ['departments']);
        expect(await storage.getRun(b, run.id)).toBeNull();
        expect((await storage.listRuns(b)).runs.map((r) => r.id)).not.toContain(run.id);
        expect(await storage.listOpenRuns(b, 'departments')).not.toContainEqual(
          expect.objectContaining({ id: run.id }),
        );
        await expectSyncError(
          storage.finishRun({ tenantId: b, runId: run.id, outcome: succeeded() }),
          'RUN_NOT_FOUND',
        );
        expect(await storage.getRun(a, run.id)).toEqual(run);
        expect((await inspect.runs(a)).map((r) => r.status)).toEqual(['running']);
      },
    },
  ],
};

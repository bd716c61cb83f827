import {
  ABANDONED_FAILURE,
  HrbrainSyncError,
  type RunOutcome,
  runSync,
  type SyncInProgressError,
} from '@mikiwame/hrbrain-sync-core';
import { expect } from 'vitest';
import { expectSyncError } from '../expect-error';
import { buildErrorRows, buildPlanSummary } from '../fixtures/error-rows';
import {
  buildDepartmentCreate,
  buildDepartmentPlan,
  buildEmployeeCreate,
  buildEmployeePlan,
  buildEmployeeUpdate,
} from '../fixtures/plans';
import { pick, seedDepartments, seedEmployees } from '../fixtures/seed';
import { buildHrbrainSnapshot } from '../fixtures/snapshot';
import { storedTenantState } from '../stored-state';
import type { ConformanceSuite } from '../suite';

const applied = (rows = buildErrorRows(7)) =>
  ({
    status: 'completed_with_errors',
    summary: buildPlanSummary({ created: 2, updated: 1, skipped: 0, warnings: 0 }),
    failure: null,
    errors: rows,
  }) as const satisfies RunOutcome;

const members = [
  {
    id: 'mem-1',
    email: 'hanako@example.co.jp',
    lastName: '山田',
    firstName: '花子',
    lastNameKana: 'ヤマダ',
    firstNameKana: 'ハナコ',
  },
  {
    id: 'mem-2',
    email: 'taro@example.co.jp',
    lastName: '鈴木',
    firstName: '太郎',
    lastNameKana: 'スズキ',
    firstNameKana: 'タロウ',
  },
];
const source = { snapshot: async () => buildHrbrainSnapshot({ departments: [], members }) };

export const outcomeSuite: ConformanceSuite = {
  id: 'outcome',
  title: 'a plan and its run outcome commit together; abandoned runs are closed (J2, J3, J5)',
  cases: [
    {
      title:
        'J2/J3 applyPlan with a run writes the data and finishes the run with its summary and every error row',
      async run({ storage, inspect, tenantId }) {
        const run = await storage.createRun({
          tenantId,
          kind: 'employees',
          dryRun: false,
          status: 'running',
        });
        const outcome = applied();
        const before = Date.now();
        const result = await storage.applyPlan({
          tenantId,
          plan: buildEmployeePlan({
            creates: [
              buildEmployeeCreate({ email: 'a@example.com' }),
              buildEmployeeCreate({ email: 'b@example.com' }),
            ],
          }),
          run: { id: run.id, outcome },
        });
        expect(result).toMatchObject({ created: 2, updated: 0, linked: 0 });
        expect(result.run).toMatchObject({
          id: run.id,
          status: 'completed_with_errors',
          summary: outcome.summary,
          failure: null,
          errorCount: outcome.errors.filter((e) => e.severity === 'error').length,
        });
        expect(result.run?.finishedAt).toBeInstanceOf(Date);
        expect(result.run!.finishedAt!.getTime()).toBeGreaterThanOrEqual(before - 60_000);
        expect(await storage.getRun(tenantId, run.id)).toEqual(result.run);
        expect(await storage.listRunErrors(tenantId, run.id)).toEqual(outcome.errors);
        expect((await inspect.employees(tenantId)).map((e) => e.email).sort()).toEqual([
          'a@example.com',
          'b@example.com',
        ]);
      },
    },
    {
      title:
        'J2 a fault between the data writes and the outcome write leaves nothing applied and the run open',
      requires: ['failOutcomeWrites'],
      async run({ storage, inspect, tenantId }) {
        await seedDepartments(storage, tenantId, [buildDepartmentCreate({ code: 'HQ' })]);
        const employees = await seedEmployees(storage, tenantId, [
          buildEmployeeCreate({ email: 'keep@example.com' }),
        ]);
        const run = await storage.createRun({
          tenantId,
          kind: 'employees',
          dryRun: false,
          status: 'running',
        });
        const before = await storedTenantState(inspect, tenantId);
        const fault = await inspect.failOutcomeWrites!(tenantId);
        const caught = await storage
          .applyPlan({
            tenantId,
            plan: buildEmployeePlan({
              creates: Array.from({ length: 50 }, (_, i) =>
                buildEmployeeCreate({ email: `new-${i}@example.com`, departmentCode: 'HQ' }),
              ),
              updates: [
                buildEmployeeUpdate(pick(employees, 'keep@example.com'), { position: '部長' }),
              ],
            }),
            run: { id: run.id, outcome: applied(buildErrorRows(40)) },
          })
          .then(
            () => null,
            (error: unknown) => error,
          );
        expect(caught, 'the injected fault must reach the caller').not.toBeNull();
        expect(await storedTenantState(inspect, tenantId)).toEqual(before);
        const stored = await storage.getRun(tenantId, run.id);
        expect(stored).toMatchObject({
          status: 'running',
          finishedAt: null,
          summary: null,
          errorCount: 0,
        });
        expect(await storage.listRunErrors(tenantId, run.id)).toEqual([]);
        // The store stays usable: once the fault is gone, an apply goes through.
        await fault.remove();
        const again = await storage.applyPlan({
          tenantId,
          plan: buildEmployeePlan({
            creates: [buildEmployeeCreate({ email: 'late@example.com' })],
          }),
          run: { id: run.id, outcome: applied() },
        });
        expect(again.run?.status).toBe('completed_with_errors');
      },
    },
    {
      title:
        'J2 applyPlan with an unknown or finished run is refused whole (RUN_NOT_FOUND / RUN_ALREADY_FINISHED), nothing written',
      async run({ storage, inspect, tenantId, otherTenantId }) {
        const before = await storedTenantState(inspect, tenantId);
        const plan = buildDepartmentPlan({ creates: [buildDepartmentCreate({ code: 'X' })] });
        const foreign = await storage.createRun({
          tenantId: otherTenantId,
          kind: 'departments',
          dryRun: false,
          status: 'running',
        });
        for (const id of [crypto.randomUUID(), foreign.id]) {
          await expectSyncError(
            storage.applyPlan({ tenantId, plan, run: { id, outcome: applied() } }),
            'RUN_NOT_FOUND',
          );
        }
        const run = await storage.createRun({
          tenantId,
          kind: 'departments',
          dryRun: false,
          status: 'running',
        });
        const closed = await storage.finishRun({
          tenantId,
          runId: run.id,
          outcome: { status: 'failed', summary: null, failure: ABANDONED_FAILURE, errors: [] },
        });
        await expectSyncError(
          storage.applyPlan({ tenantId, plan, run: { id: run.id, outcome: applied() } }),
          'RUN_ALREADY_FINISHED',
        );
        expect((await storedTenantState(inspect, tenantId)).departments).toEqual(
          before.departments,
        );
        expect(await storage.getRun(tenantId, run.id)).toEqual(closed);
        expect(await storage.getRun(otherTenantId, foreign.id)).toEqual(foreign);
      },
    },
    {
      title:
        'J2 runSync closes a run left running by a dead process as failed (ABANDONED) and completes; a queued run is left to its queue',
      async run({ storage, inspect, tenantId }) {
        const dead = await storage.createRun({
          tenantId,
          kind: 'employees',
          dryRun: false,
          status: 'running',
        });
        const queued = await storage.createRun({
          tenantId,
          kind: 'employees',
          dryRun: false,
          status: 'queued',
        });
        const otherKind = await storage.createRun({
          tenantId,
          kind: 'departments',
          dryRun: false,
          status: 'running',
        });
        const result = await runSync({ tenantId, kind: 'employees', source, storage });
        expect(result.status).toBe('succeeded');
        expect(result.summary).toMatchObject({ created: 2 });
        const closed = await storage.getRun(tenantId, dead.id);
        expect(closed).toMatchObject({ status: 'failed', failure: { code: 'ABANDONED' } });
        expect(closed?.finishedAt).toBeInstanceOf(Date);
        expect((await storage.getRun(tenantId, queued.id))?.status).toBe('queued');
        expect((await storage.getRun(tenantId, otherKind.id))?.status).toBe('running');
        expect((await inspect.employees(tenantId)).length).toBe(2);
      },
    },
    {
      title:
        'J5 a run refused because the lock is held is not recorded; SyncInProgressError names the running run',
      async run({ storage, tenantId }) {
        const lock = await storage.acquireSyncLock(tenantId, 'employees');
        const running = await storage.createRun({
          tenantId,
          kind: 'employees',
          dryRun: false,
          status: 'running',
        });
        try {
          const error = await runSync({ tenantId, kind: 'employees', source, storage }).then(
            () => null,
            (e: unknown) => e,
          );
          expect(HrbrainSyncError.isInstance(error) && error.code, String(error)).toBe(
            'SYNC_IN_PROGRESS',
          );
          expect((error as SyncInProgressError).runningRunId).toBe(running.id);
        } finally {
          await lock.release();
        }
        expect((await storage.listRuns(tenantId)).runs.map((r) => r.id)).toEqual([running.id]);
        expect((await storage.getRun(tenantId, running.id))?.status).toBe('running');
      },
    },
    {
      title:
        'DECISIONS#2 links write only the sourceId; a link to a record that is gone is stale, nothing written',
      async run({ storage, inspect, tenantId }) {
        const employees = await seedEmployees(storage, tenantId, [
          buildEmployeeCreate({ email: 'hand@example.com', sourceId: null as unknown as string }),
        ]);
        const hand = pick(employees, 'hand@example.com');
        const before = await storedTenantState(inspect, tenantId);
        await expectSyncError(
          storage.applyPlan({
            tenantId,
            plan: buildEmployeePlan({
              creates: [buildEmployeeCreate({ email: 'other@example.com' })],
              links: [
                { id: hand.id, sourceId: 'mem-hand', key: 'hand@example.com' },
                { id: crypto.randomUUID(), sourceId: 'mem-ghost', key: 'ghost@example.com' },
              ],
            }),
          }),
          'STALE_PLAN',
        );
        expect(await storedTenantState(inspect, tenantId)).toEqual(before);
        const result = await storage.applyPlan({
          tenantId,
          plan: buildEmployeePlan({
            links: [{ id: hand.id, sourceId: 'mem-hand', key: 'hand@example.com' }],
          }),
        });
        expect(result).toMatchObject({ created: 0, updated: 0, linked: 1 });
        const after = await inspect.employees(tenantId);
        expect(after).toEqual(
          before.employees.map((e) => (e.id === hand.id ? { ...e, sourceId: 'mem-hand' } : e)),
        );
      },
    },
    {
      title:
        'E1 the e-mail key is trimmed and lower-cased: a stored " Taro@Example.CO.JP " is matched by a sync of taro@example.co.jp, not created twice',
      async run({ storage, inspect, tenantId }) {
        await seedEmployees(storage, tenantId, [
          buildEmployeeCreate({
            email: ' Taro@Example.CO.JP ',
            lastName: '鈴木',
            sourceId: null as unknown as string,
          }),
        ]);
        const result = await runSync({ tenantId, kind: 'employees', source, storage });
        expect(result.failure).toBeNull();
        expect(result.summary).toMatchObject({ created: 1 });
        const emails = (await inspect.employees(tenantId))
          .map((e) => e.email.trim().toLowerCase())
          .sort();
        expect(emails).toEqual(['hanako@example.co.jp', 'taro@example.co.jp']);
      },
    },
  ],
};

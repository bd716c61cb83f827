// An in-test SyncStorage following the contract (the memory adapter package depends on this
// one, so it cannot be used here). Faults can be injected per method.

import { runTrigger } from '../../src/adapter/index';
import {
  type Department,
  type Employee,
  type ErrorRow,
  RunAlreadyFinishedError,
  RunNotFoundError,
  RunNotQueuedError,
  type RunOutcome,
  StalePlanError,
  SyncInProgressError,
  type SyncKind,
  type SyncRun,
  type SyncStorage,
} from '../../src/index';
import { applyDepartments, applyEmployees } from './apply';

export interface TestStorage extends SyncStorage {
  departments: Map<string, Department[]>;
  employees: Map<string, Employee[]>;
  runs: SyncRun[];
  errors: Map<string, ErrorRow[]>;
  locks: Set<string>;
  calls: string[];
  /** Make the next calls of a method throw. */
  fail: Partial<Record<keyof SyncStorage, unknown>>;
}

export function createTestStorage(): TestStorage {
  const departments = new Map<string, Department[]>();
  const employees = new Map<string, Employee[]>();
  const runs: SyncRun[] = [];
  const errors = new Map<string, ErrorRow[]>();
  const locks = new Set<string>();
  const calls: string[] = [];
  const fail: TestStorage['fail'] = {};
  const connections = new Map<string, Parameters<SyncStorage['saveConnection']>[0]>();
  let nextRun = 0;

  const enter = (method: keyof SyncStorage) => {
    calls.push(method);
    if (method in fail) throw fail[method];
  };
  const stale = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('stale')) {
        throw new StalePlanError(error.message);
      }
      throw error;
    }
  };
  const findRun = (tenantId: string, runId: string) => {
    const run = runs.find((r) => r.tenantId === tenantId && r.id === runId);
    if (!run) throw new RunNotFoundError(undefined, { tenantId: tenantId, runId: runId });
    return run;
  };
  const finish = (run: SyncRun, outcome: RunOutcome): SyncRun => {
    run.status = outcome.status;
    run.summary = outcome.summary;
    run.failure = outcome.failure;
    run.finishedAt = new Date();
    errors.set(run.id, [...outcome.errors]);
    run.errorCount = outcome.errors.filter((r) => r.severity === 'error').length;
    run.warningCount = outcome.errors.length - run.errorCount;
    return { ...run };
  };

  return {
    departments,
    employees,
    runs,
    errors,
    locks,
    calls,
    fail,
    async loadDepartments(tenantId) {
      enter('loadDepartments');
      return structuredClone(departments.get(tenantId) ?? []);
    },
    async loadEmployees(tenantId) {
      enter('loadEmployees');
      return structuredClone(employees.get(tenantId) ?? []);
    },
    async acquireSyncLock(tenantId: string, kind: SyncKind) {
      enter('acquireSyncLock');
      const key = `${tenantId}/${kind}`;
      if (locks.has(key)) throw new SyncInProgressError(undefined, { tenantId, kind });
      locks.add(key);
      let released = false;
      return {
        async release() {
          calls.push('release');
          if (!released) locks.delete(key);
          released = true;
        },
      };
    },
    async applyPlan({ tenantId, plan, run }) {
      enter('applyPlan');
      // Plan and outcome together: check the run first, then write both (one "transaction").
      const open = run ? findRun(tenantId, run.id) : undefined;
      if (open && open.status !== 'queued' && open.status !== 'running') {
        throw new RunAlreadyFinishedError(undefined, { runId: open.id, status: open.status });
      }
      if (plan.kind === 'departments') {
        stale(() =>
          departments.set(tenantId, applyDepartments(departments.get(tenantId) ?? [], plan)),
        );
      } else {
        stale(() => employees.set(tenantId, applyEmployees(employees.get(tenantId) ?? [], plan)));
      }
      const finished = open && run ? finish(open, run.outcome) : null;
      return {
        created: plan.creates.length,
        updated: plan.updates.length,
        linked: plan.links?.length ?? 0,
        run: finished,
      };
    },
    async createRun(input) {
      enter('createRun');
      const run: SyncRun = {
        id: `run-${++nextRun}`,
        tenantId: input.tenantId,
        kind: input.kind,
        status: input.status,
        dryRun: input.dryRun,
        trigger: runTrigger(input.trigger),
        createdAt: new Date(),
        startedAt: input.status === 'running' ? new Date() : null,
        finishedAt: null,
        summary: null,
        errorCount: 0,
        warningCount: 0,
        failure: null,
      };
      runs.push(run);
      return { ...run };
    },
    async startRun(tenantId, runId) {
      enter('startRun');
      const run = findRun(tenantId, runId);
      if (run.status !== 'queued')
        throw new RunNotQueuedError(undefined, { runId: run.id, status: run.status });
      run.status = 'running';
      run.startedAt = new Date();
      return { ...run };
    },
    async finishRun({ tenantId, runId, outcome }) {
      enter('finishRun');
      const run = findRun(tenantId, runId);
      if (run.status !== 'queued' && run.status !== 'running') {
        throw new RunAlreadyFinishedError(undefined, { runId: run.id, status: run.status });
      }
      return finish(run, outcome);
    },
    async listOpenRuns(tenantId, kind) {
      enter('listOpenRuns');
      return runs
        .filter(
          (r) =>
            r.tenantId === tenantId &&
            r.kind === kind &&
            (r.status === 'queued' || r.status === 'running'),
        )
        .map((r) => ({ ...r }));
    },
    async getRun(tenantId, runId) {
      enter('getRun');
      const run = runs.find((r) => r.tenantId === tenantId && r.id === runId);
      return run ? { ...run } : null;
    },
    async listRuns(tenantId) {
      enter('listRuns');
      return { runs: runs.filter((r) => r.tenantId === tenantId).reverse(), nextCursor: null };
    },
    async listRunErrors(_tenantId, runId) {
      enter('listRunErrors');
      return errors.get(runId) ?? [];
    },
    async saveConnection(connection) {
      enter('saveConnection');
      connections.set(connection.tenantId, connection);
    },
    async getConnection(tenantId) {
      enter('getConnection');
      return connections.get(tenantId) ?? null;
    },
    async deleteConnection(tenantId) {
      enter('deleteConnection');
      return connections.delete(tenantId);
    },
  };
}

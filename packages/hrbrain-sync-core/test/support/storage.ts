// An in-test SyncStorage following the contract (the memory adapter package depends on this
// one, so it cannot be used here). Faults can be injected per method.
import {
  type Department,
  type Employee,
  type ErrorRow,
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
    if (!run) throw new Error(`no run ${runId}`);
    return run;
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
    async applyDepartmentPlan(tenantId, plan) {
      enter('applyDepartmentPlan');
      stale(() =>
        departments.set(tenantId, applyDepartments(departments.get(tenantId) ?? [], plan)),
      );
      return { created: plan.creates.length, updated: plan.updates.length };
    },
    async applyEmployeePlan(tenantId, plan) {
      enter('applyEmployeePlan');
      stale(() => employees.set(tenantId, applyEmployees(employees.get(tenantId) ?? [], plan)));
      return { created: plan.creates.length, updated: plan.updates.length };
    },
    async createRun(input) {
      enter('createRun');
      const run: SyncRun = {
        id: `run-${++nextRun}`,
        tenantId: input.tenantId,
        kind: input.kind,
        status: input.status,
        dryRun: input.dryRun,
        createdAt: new Date(),
        startedAt: null,
        finishedAt: null,
        summary: null,
        errorCount: 0,
        warningCount: 0,
        failure: null,
      };
      runs.push(run);
      return { ...run };
    },
    async updateRun(tenantId, runId, patch) {
      enter('updateRun');
      const run = findRun(tenantId, runId);
      const { errors: rows, ...rest } = patch;
      Object.assign(run, rest);
      if (rows !== undefined) {
        errors.set(runId, [...rows]);
        run.errorCount = rows.filter((r) => r.severity === 'error').length;
        run.warningCount = rows.length - run.errorCount;
      }
      return { ...run };
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

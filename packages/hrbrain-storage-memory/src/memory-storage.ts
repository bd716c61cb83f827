import {
  type ApplyPlanInput,
  type ApplyResult,
  type CreateRunInput,
  type Department,
  type DepartmentFields,
  type DepartmentPlan,
  type Employee,
  type EmployeeFields,
  type EmployeePlan,
  type ErrorRow,
  type FinishRunInput,
  type HrbrainConnection,
  type ListRunsOptions,
  type RunPage,
  StorageError,
  type SyncKind,
  type SyncLock,
  type SyncRun,
  type SyncStorage,
} from '@mikiwame/hrbrain-sync-core';
import { assertPlanShape } from '@mikiwame/hrbrain-sync-core/adapter';
import { applyDepartmentPlanTo } from './apply-departments';
import { applyEmployeePlanTo } from './apply-employees';
import { MemoryStorageConfigError } from './errors';
import { finishedRow, newRun, pageRuns, startedRow } from './run-records';
import { type MemorySeed, seedDepartmentRows, seedEmployeeRows } from './seed';
import { SyncLocks } from './sync-locks';
import {
  type DepartmentRow,
  type ExtraAttributes,
  emailKey,
  emptyTenantState,
  parentCodeOf,
  type TenantState,
} from './tenant-state';

/** Options of {@link createMemoryStorage}: records to start from, plus test hooks. */
export interface MemoryStorageOptions extends MemorySeed {
  /** Ids of new records and runs; `crypto.randomUUID()` by default. */
  generateId?: () => string;
  /** The clock for `createdAt` / `startedAt` / `finishedAt` of runs; `new Date()` by default. */
  now?: () => Date;
  /**
   * Test hook: called inside `applyPlan` after the data writes and before the run's outcome
   * is written; a throw there must leave nothing of the apply behind (the testkit uses it).
   */
  beforeOutcomeWrite?: (tenantId: string, runId: string) => void;
}

/** A department as the memory store holds it, with what the sync does not see. */
export interface MemoryDepartmentRecord extends Department {
  sourceId: string | null;
  /** Unmapped data, never written by a sync (D8). */
  extra: ExtraAttributes;
  /** Counts writes to the row: an unchanged row keeps its revision (D8). */
  revision: number;
}

/** An employee as the memory store holds it, with what the sync does not see. */
export interface MemoryEmployeeRecord extends Employee {
  sourceId: string | null;
  /** Unmapped data, never written by a sync (E10). */
  extra: ExtraAttributes;
  revision: number;
}

/** A run with its error rows. */
export interface MemoryRunRecord extends SyncRun {
  errors: ErrorRow[];
}

/** A deep copy of everything the store holds for one tenant. */
export interface MemoryTenantSnapshot {
  /** Sorted by code. */
  departments: MemoryDepartmentRecord[];
  /** Sorted by lower-cased e-mail. */
  employees: MemoryEmployeeRecord[];
  /** Newest first. */
  runs: MemoryRunRecord[];
  connection: HrbrainConnection | null;
}

/** A hand edit of a department, as an admin makes it in Mikiwame. `extra` keys are merged. */
export type MemoryDepartmentEdit = Partial<DepartmentFields & { sourceId: string | null }> & {
  extra?: ExtraAttributes;
};

/** A hand edit of an employee (e.g. setting 退職者フラグ by hand, E7). `extra` keys are merged. */
export type MemoryEmployeeEdit = Partial<EmployeeFields & { sourceId: string | null }> & {
  extra?: ExtraAttributes;
};

/** The in-memory {@link SyncStorage}, plus what tests and demos need to set it up and look inside. */
export interface MemoryStorage extends SyncStorage {
  /** Add records (validated like the constructor's seed; all or nothing). */
  seed(seed: MemorySeed): void;
  /** A deep copy of one tenant's data, including unmapped `extra` and row revisions. */
  snapshot(tenantId: string): MemoryTenantSnapshot;
  /** Change a department outside any sync; bumps its revision. */
  editDepartment(tenantId: string, id: string, edit: MemoryDepartmentEdit): void;
  /** Change an employee outside any sync; bumps its revision. */
  editEmployee(tenantId: string, id: string, edit: MemoryEmployeeEdit): void;
}

function requireTenant(tenantId: unknown, method: string): string {
  if (typeof tenantId !== 'string' || tenantId === '') {
    throw new StorageError(`${method}: tenantId must be a non-empty string.`);
  }
  return tenantId;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

class InMemorySyncStorage implements MemoryStorage {
  readonly #tenants = new Map<string, TenantState>();
  readonly #locks = new SyncLocks();
  readonly #newId: () => string;
  readonly #now: () => Date;
  readonly #beforeOutcomeWrite: MemoryStorageOptions['beforeOutcomeWrite'];
  #runSequence = 0;

  constructor(options: MemoryStorageOptions) {
    this.#newId = options.generateId ?? (() => crypto.randomUUID());
    this.#now = options.now ?? (() => new Date());
    this.#beforeOutcomeWrite = options.beforeOutcomeWrite;
    this.seed(options);
  }

  #tenant(tenantId: string): TenantState {
    return this.#tenants.get(tenantId) ?? emptyTenantState();
  }

  /** Swap in a tenant's new state: the only place state changes (J5: all or nothing). */
  #commit(tenantId: string, state: TenantState): void {
    this.#tenants.set(tenantId, state);
  }

  seed(seed: MemorySeed): void {
    const staged = new Map<string, TenantState>();
    const stage = (tenantId: string) =>
      staged.get(tenantId) ?? { ...this.#tenant(requireTenant(tenantId, 'seed')) };
    for (const [tenantId, rows] of Object.entries(seed.departments ?? {})) {
      const state = stage(tenantId);
      state.departments = seedDepartmentRows(tenantId, state.departments, rows, this.#newId);
      staged.set(tenantId, state);
    }
    for (const [tenantId, rows] of Object.entries(seed.employees ?? {})) {
      const state = stage(tenantId);
      state.employees = seedEmployeeRows(tenantId, state.employees, rows, this.#newId);
      staged.set(tenantId, state);
    }
    for (const connection of seed.connections ?? []) {
      const state = stage(connection.tenantId);
      state.connection = structuredClone(connection);
      staged.set(connection.tenantId, state);
    }
    for (const [tenantId, state] of staged) this.#commit(tenantId, state);
  }

  snapshot(tenantId: string): MemoryTenantSnapshot {
    const state = this.#tenant(requireTenant(tenantId, 'snapshot'));
    return {
      departments: [...state.departments.values()]
        .map((row) => this.#departmentRecord(state, row))
        .sort((a, b) => byText(a.code, b.code)),
      employees: [...state.employees.values()]
        .map((row) => structuredClone(row) as MemoryEmployeeRecord)
        .sort((a, b) => byText(emailKey(a.email), emailKey(b.email))),
      runs: [...state.runs.values()]
        .sort((a, b) => b.sequence - a.sequence)
        .map((row) => ({ ...structuredClone(row.run), errors: structuredClone([...row.errors]) })),
      connection: structuredClone(state.connection),
    };
  }

  #departmentRecord(state: TenantState, row: DepartmentRow): MemoryDepartmentRecord {
    return {
      id: row.id,
      code: row.code,
      name: row.name,
      parentCode: parentCodeOf(state.departments, row),
      sourceId: row.sourceId,
      extra: structuredClone(row.extra),
      revision: row.revision,
    };
  }

  editDepartment(tenantId: string, id: string, edit: MemoryDepartmentEdit): void {
    const state = this.#tenant(requireTenant(tenantId, 'editDepartment'));
    const row = state.departments.get(id);
    if (row === undefined) {
      throw new StorageError(`editDepartment: tenant "${tenantId}" has no department "${id}".`);
    }
    const { extra, parentCode, ...fields } = edit;
    let parentId = row.parentId;
    if (parentCode !== undefined && parentCode !== null) {
      const parent = [...state.departments.values()].find((d) => d.code === parentCode);
      if (parent === undefined) {
        throw new StorageError(`editDepartment: no department has the code "${parentCode}".`);
      }
      parentId = parent.id;
    } else if (parentCode === null) {
      parentId = null;
    }
    if (fields.code !== undefined && fields.code !== row.code) {
      const code = fields.code;
      if ([...state.departments.values()].some((d) => d.code === code)) {
        throw new StorageError(`editDepartment: the code "${code}" is already taken.`);
      }
    }
    const departments = new Map(state.departments);
    departments.set(id, {
      ...row,
      ...fields,
      parentId,
      extra: { ...row.extra, ...structuredClone(extra ?? {}) },
      revision: row.revision + 1,
    });
    this.#commit(tenantId, { ...state, departments });
  }

  editEmployee(tenantId: string, id: string, edit: MemoryEmployeeEdit): void {
    const state = this.#tenant(requireTenant(tenantId, 'editEmployee'));
    const row = state.employees.get(id);
    if (row === undefined) {
      throw new StorageError(`editEmployee: tenant "${tenantId}" has no employee "${id}".`);
    }
    const { extra, ...fields } = edit;
    if (fields.email !== undefined && emailKey(fields.email) !== emailKey(row.email)) {
      const key = emailKey(fields.email);
      if ([...state.employees.values()].some((e) => emailKey(e.email) === key)) {
        throw new StorageError(`editEmployee: the e-mail "${fields.email}" is already taken.`);
      }
    }
    const employees = new Map(state.employees);
    employees.set(id, {
      ...row,
      ...fields,
      extra: { ...row.extra, ...structuredClone(extra ?? {}) },
      revision: row.revision + 1,
    });
    this.#commit(tenantId, { ...state, employees });
  }

  async loadDepartments(tenantId: string): Promise<Department[]> {
    const state = this.#tenant(requireTenant(tenantId, 'loadDepartments'));
    return [...state.departments.values()].map((row) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      parentCode: parentCodeOf(state.departments, row),
      sourceId: row.sourceId,
    }));
  }

  async loadEmployees(tenantId: string): Promise<Employee[]> {
    const state = this.#tenant(requireTenant(tenantId, 'loadEmployees'));
    return [...state.employees.values()].map(({ extra: _extra, revision: _revision, ...e }) => ({
      ...e,
    }));
  }

  async acquireSyncLock(tenantId: string, kind: SyncKind): Promise<SyncLock> {
    if (kind !== 'departments' && kind !== 'employees') {
      throw new StorageError(
        `acquireSyncLock: kind must be "departments" or "employees", not ${JSON.stringify(kind)}.`,
      );
    }
    return this.#locks.acquire(requireTenant(tenantId, 'acquireSyncLock'), kind);
  }

  async applyPlan(input: ApplyPlanInput): Promise<ApplyResult> {
    const tenantId = requireTenant(input?.tenantId, 'applyPlan');
    const plan = assertPlanShape(input.plan);
    const state = this.#tenant(tenantId);
    // Everything is computed on copies and swapped in at once: plan and outcome together.
    let next: TenantState;
    let counts: { created: number; updated: number; linked: number };
    if (plan.kind === 'departments') {
      const applied = applyDepartmentPlanTo(state, plan as DepartmentPlan, this.#newId);
      next = { ...state, departments: applied.departments };
      counts = applied.result;
    } else {
      const applied = applyEmployeePlanTo(state, plan as EmployeePlan, this.#newId);
      next = { ...state, employees: applied.employees };
      counts = applied.result;
    }
    let run: SyncRun | null = null;
    if (input.run !== undefined) {
      const runId = input.run.id;
      this.#beforeOutcomeWrite?.(tenantId, runId);
      const row = finishedRow(
        state.runs.get(runId),
        tenantId,
        runId,
        input.run.outcome,
        this.#now(),
      );
      const runs = new Map(state.runs);
      runs.set(runId, row);
      next = { ...next, runs };
      run = structuredClone(row.run);
    }
    this.#commit(tenantId, next);
    return { ...counts, run };
  }

  async createRun(input: CreateRunInput): Promise<SyncRun> {
    const tenantId = requireTenant(input?.tenantId, 'createRun');
    const run = newRun(input, this.#newId(), this.#now());
    const state = this.#tenant(tenantId);
    const runs = new Map(state.runs);
    runs.set(run.id, { run, sequence: ++this.#runSequence, errors: [] });
    this.#commit(tenantId, { ...state, runs });
    return structuredClone(run);
  }

  async startRun(tenantId: string, runId: string): Promise<SyncRun> {
    const state = this.#tenant(requireTenant(tenantId, 'startRun'));
    const row = startedRow(state.runs.get(runId), tenantId, runId, this.#now());
    const runs = new Map(state.runs);
    runs.set(runId, row);
    this.#commit(tenantId, { ...state, runs });
    return structuredClone(row.run);
  }

  async finishRun(input: FinishRunInput): Promise<SyncRun> {
    const tenantId = requireTenant(input?.tenantId, 'finishRun');
    const state = this.#tenant(tenantId);
    const row = finishedRow(
      state.runs.get(input.runId),
      tenantId,
      input.runId,
      input.outcome,
      this.#now(),
    );
    const runs = new Map(state.runs);
    runs.set(input.runId, row);
    this.#commit(tenantId, { ...state, runs });
    return structuredClone(row.run);
  }

  async getRun(tenantId: string, runId: string): Promise<SyncRun | null> {
    const row = this.#tenant(requireTenant(tenantId, 'getRun')).runs.get(runId);
    return row === undefined ? null : structuredClone(row.run);
  }

  async listRuns(tenantId: string, options?: ListRunsOptions): Promise<RunPage> {
    requireTenant(tenantId, 'listRuns');
    return pageRuns(tenantId, this.#tenant(tenantId).runs.values(), options);
  }

  async listOpenRuns(tenantId: string, kind: SyncKind): Promise<SyncRun[]> {
    return [...this.#tenant(requireTenant(tenantId, 'listOpenRuns')).runs.values()]
      .filter(
        (row) =>
          row.run.kind === kind && (row.run.status === 'queued' || row.run.status === 'running'),
      )
      .sort((a, b) => a.sequence - b.sequence)
      .map((row) => structuredClone(row.run));
  }

  async listRunErrors(tenantId: string, runId: string): Promise<ErrorRow[]> {
    const row = this.#tenant(requireTenant(tenantId, 'listRunErrors')).runs.get(runId);
    return row === undefined ? [] : structuredClone([...row.errors]);
  }

  async saveConnection(connection: HrbrainConnection): Promise<void> {
    const tenantId = requireTenant(connection?.tenantId, 'saveConnection');
    if (typeof connection.clientId !== 'string' || typeof connection.clientSecret !== 'string') {
      throw new StorageError('saveConnection: clientId and clientSecret must be strings.');
    }
    if (!(connection.connectedAt instanceof Date)) {
      throw new StorageError('saveConnection: connectedAt must be a Date.');
    }
    // C3: one connection per tenant; saving again replaces it.
    this.#commit(tenantId, { ...this.#tenant(tenantId), connection: structuredClone(connection) });
  }

  async getConnection(tenantId: string): Promise<HrbrainConnection | null> {
    return structuredClone(this.#tenant(requireTenant(tenantId, 'getConnection')).connection);
  }

  async deleteConnection(tenantId: string): Promise<boolean> {
    const state = this.#tenant(requireTenant(tenantId, 'deleteConnection'));
    if (state.connection === null) return false;
    this.#commit(tenantId, { ...state, connection: null });
    return true;
  }

  /** Keeps `console.log(storage)` short and free of connection secrets (C5). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `MemoryStorage { tenants: ${this.#tenants.size} }`;
  }
}

/**
 * An in-memory {@link SyncStorage} for tests, demos and prototypes. It passes the whole
 * `@mikiwame/hrbrain-storage-testkit` suite: plans apply all-or-nothing on copies, locks
 * are per process, nothing is shared between tenants. Data lives as long as the object.
 *
 * @example
 * ```ts
 * import { createMemoryStorage } from '@mikiwame/hrbrain-storage-memory';
 *
 * const storage = createMemoryStorage({
 *   departments: { 'tenant-1': [{ code: 'HQ', name: '本社' }] },
 * });
 * ```
 */
export function createMemoryStorage(options: MemoryStorageOptions = {}): MemoryStorage {
  if (typeof options !== 'object' || options === null) {
    throw new MemoryStorageConfigError('createMemoryStorage takes an options object (or none).', {
      option: 'options',
    });
  }
  for (const option of ['generateId', 'now'] as const) {
    if (options[option] !== undefined && typeof options[option] !== 'function') {
      throw new MemoryStorageConfigError(
        `createMemoryStorage: \`${option}\` must be a function; got ${typeof options[option]}.`,
        { option },
      );
    }
  }
  return new InMemorySyncStorage(options);
}

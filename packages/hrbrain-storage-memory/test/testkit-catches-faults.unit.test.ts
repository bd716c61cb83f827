/**
 * The conformance suite is only worth something if it fails for broken adapters. Each case
 * here wraps a memory storage with one realistic bug and requires the named checks to fail.
 */

import {
  applyDepartmentPlan,
  applyEmployeePlan,
  type ConformanceCase,
  type ConformanceSuiteId,
  newTenantId,
  storageConformanceSuites,
} from '@mikiwame/hrbrain-storage-testkit';
import type {
  ApplyResult,
  DepartmentPlan,
  EmployeePlan,
  HrbrainConnection,
  SyncStorage,
} from '@mikiwame/hrbrain-sync-core';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage, type MemoryStorage } from '../src/index';
import { inspectMemoryStorage, outcomeFault } from './memory-inspector';

/** A fault may replace the apply of one kind only (then the outcome is recorded after it). */
interface KindApply {
  applyDepartmentPlan?(tenantId: string, plan: DepartmentPlan): Promise<Partial<ApplyResult>>;
  applyEmployeePlan?(tenantId: string, plan: EmployeePlan): Promise<Partial<ApplyResult>>;
}
type Fault = (base: MemoryStorage) => Partial<SyncStorage> & KindApply;

function check(suite: ConformanceSuiteId, titleStart: string): ConformanceCase {
  const found = storageConformanceSuites
    .find((s) => s.id === suite)
    ?.cases.find((c) => c.title.startsWith(titleStart));
  if (!found) throw new Error(`no check "${titleStart}" in suite ${suite}`);
  return found;
}

function withFault(base: MemoryStorage, fault: Fault): SyncStorage {
  const storage = {} as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(Object.getPrototypeOf(base))) {
    const member = (base as unknown as Record<string, unknown>)[name];
    if (name !== 'constructor' && typeof member === 'function') storage[name] = member.bind(base);
  }
  const { applyDepartmentPlan: departments, applyEmployeePlan: employees, ...rest } = fault(base);
  if (departments !== undefined || employees !== undefined) {
    storage.applyPlan = async (input: Parameters<SyncStorage['applyPlan']>[0]) => {
      const own = input.plan.kind === 'departments' ? departments : employees;
      if (own === undefined) return base.applyPlan(input);
      const result = await (
        own as (t: string, p: typeof input.plan) => Promise<Partial<ApplyResult>>
      )(input.tenantId, input.plan);
      const run = input.run
        ? await base.finishRun({
            tenantId: input.tenantId,
            runId: input.run.id,
            outcome: input.run.outcome,
          })
        : null;
      return { created: 0, updated: 0, linked: 0, ...result, run };
    };
  }
  return Object.assign(storage, rest) as unknown as SyncStorage;
}

/** Commits the data, then records the outcome on its own: a crash in between loses it. */
const outcomeAfterCommit: Fault = (base) => ({
  async applyPlan({ tenantId, plan, run }) {
    const result = await base.applyPlan({ tenantId, plan });
    if (run === undefined) return result;
    outcomeFault(tenantId);
    return {
      ...result,
      run: await base.finishRun({ tenantId, runId: run.id, outcome: run.outcome }),
    };
  },
});

/** Never lists open runs, so abandoned runs stay `running` for ever. */
const noOpenRuns: Fault = () => ({
  async listOpenRuns() {
    return [];
  },
});

/** Overwrites the outcome of a finished run (a run finished twice). */
const refinishes: Fault = (base) => ({
  async finishRun(input) {
    const run = await base.getRun(input.tenantId, input.runId);
    if (run !== null && run.status !== 'queued' && run.status !== 'running') return run;
    return base.finishRun(input);
  },
});

/** Answers a cursor it cannot read with an empty last page (the old SQLite example). */
const emptyPageForBadCursor: Fault = (base) => ({
  async listRuns(tenantId, options = {}) {
    try {
      return await base.listRuns(tenantId, options);
    } catch {
      return { runs: [], nextCursor: null };
    }
  },
});

/** Clamps `limit` silently instead of refusing it. */
const clampsLimit: Fault = (base) => ({
  async listRuns(tenantId, options = {}) {
    const limit = Math.min(1_000, Math.max(1, Math.round(options.limit || 20)));
    return base.listRuns(tenantId, { ...options, limit });
  },
});

/** Applies a plan row by row, each row on its own: no atomicity. */
const rowByRow: Fault = (base) => ({
  async applyDepartmentPlan(tenantId, plan: DepartmentPlan) {
    for (const create of plan.creates) {
      await applyDepartmentPlan(base, tenantId, { ...plan, creates: [create], updates: [] });
    }
    for (const update of plan.updates) {
      await applyDepartmentPlan(base, tenantId, { ...plan, creates: [], updates: [update] });
    }
    return { created: plan.creates.length, updated: plan.updates.length };
  },
  async applyEmployeePlan(tenantId, plan: EmployeePlan) {
    for (const create of plan.creates) {
      await applyEmployeePlan(base, tenantId, { ...plan, creates: [create], updates: [] });
    }
    for (const update of plan.updates) {
      await applyEmployeePlan(base, tenantId, { ...plan, creates: [], updates: [update] });
    }
    return { created: plan.creates.length, updated: plan.updates.length };
  },
});

/** Writes the whole `values` record of an update instead of the named changes. */
const writesAllValues: Fault = (base) => ({
  async applyDepartmentPlan(tenantId, plan) {
    const result = await applyDepartmentPlan(base, tenantId, { ...plan, updates: [] });
    for (const update of plan.updates) {
      base.editDepartment(tenantId, update.id, update.values);
    }
    return { ...result, updated: plan.updates.length };
  },
  async applyEmployeePlan(tenantId, plan) {
    const result = await applyEmployeePlan(base, tenantId, { ...plan, updates: [] });
    for (const update of plan.updates) base.editEmployee(tenantId, update.id, update.values);
    return { ...result, updated: plan.updates.length };
  },
});

/** "Upserts" every row the plan mentions, unchanged ones included. */
const touchesUnchanged: Fault = (base) => ({
  async applyDepartmentPlan(tenantId, plan) {
    const result = await applyDepartmentPlan(base, tenantId, plan);
    for (const row of [...plan.unchanged, ...plan.notInSource]) {
      base.editDepartment(tenantId, row.id, {});
    }
    return result;
  },
  async applyEmployeePlan(tenantId, plan) {
    const result = await applyEmployeePlan(base, tenantId, plan);
    for (const row of [...plan.unchanged, ...plan.notInSource]) {
      base.editEmployee(tenantId, row.id, {});
    }
    return result;
  },
});

/** Replaces whole rows on update, losing columns the sync does not map. */
const dropsUnmapped: Fault = (base) => ({
  async applyDepartmentPlan(tenantId, plan) {
    const result = await applyDepartmentPlan(base, tenantId, plan);
    for (const update of plan.updates) {
      base.editDepartment(tenantId, update.id, { extra: { note: undefined } });
    }
    return result;
  },
  async applyEmployeePlan(tenantId, plan) {
    const result = await applyEmployeePlan(base, tenantId, plan);
    for (const update of plan.updates) {
      base.editEmployee(tenantId, update.id, { extra: { note: undefined } });
    }
    return result;
  },
});

/** A lock that never excludes anyone. */
const noLocking: Fault = () => ({
  async acquireSyncLock() {
    return { release: async () => {} };
  },
});

/** Pages by offset (newest first, or oldest first when `reverse`). */
const offsetPaging =
  (reverse: boolean): Fault =>
  (base) => ({
    async listRuns(tenantId, options = {}) {
      const all = (await base.listRuns(tenantId, { ...options, cursor: null, limit: 1_000 })).runs;
      if (reverse) all.reverse();
      const offset = Number(options.cursor ?? 0);
      const limit = options.limit ?? 20;
      const next = offset + limit < all.length ? String(offset + limit) : null;
      return { runs: all.slice(offset, offset + limit), nextCursor: next };
    },
  });

/** Looks runs up by id alone, whatever the tenant. */
const runsLeakAcrossTenants: Fault = (base) => {
  const owner = new Map<string, string>();
  return {
    async createRun(input) {
      const run = await base.createRun(input);
      owner.set(run.id, input.tenantId);
      return run;
    },
    async getRun(_tenantId, runId) {
      const tenantId = owner.get(runId);
      return tenantId === undefined ? null : base.getRun(tenantId, runId);
    },
  };
};

/** Trims text on the way in (a "helpful" normalisation). */
const trimsText: Fault = (base) => ({
  async applyDepartmentPlan(tenantId, plan) {
    return applyDepartmentPlan(base, tenantId, {
      ...plan,
      creates: plan.creates.map((c) => ({ ...c, name: c.name.trim() })),
    });
  },
});

/** Keeps the first connection: no overwrite (breaks C3). */
const keepsFirstConnection: Fault = (base) => ({
  async saveConnection(connection: HrbrainConnection) {
    if ((await base.getConnection(connection.tenantId)) === null) {
      await base.saveConnection(connection);
    }
  },
});

/** Compares e-mails case-sensitively (a unique index on `email`, not `lower(email)`). */
const caseSensitiveEmails: Fault = (base) => ({
  async applyEmployeePlan(tenantId, plan) {
    const stored = (await base.loadEmployees(tenantId)).map((e) => e.email);
    const lower = new Set(stored.map((email) => email.toLowerCase()));
    // A create differing only in case slips past such an index; the memory store would
    // refuse it, so disguise it with a zero-width space.
    const creates = plan.creates.map((c) =>
      !stored.includes(c.email) && lower.has(c.email.toLowerCase())
        ? { ...c, email: `${c.email}\u200B` }
        : c,
    );
    return applyEmployeePlan(base, tenantId, { ...plan, creates });
  },
});

/** Reads records back without the HRBrain id they were synced from (D10/E12). */
const forgetsSourceIds: Fault = (base) => ({
  async loadDepartments(tenantId) {
    return (await base.loadDepartments(tenantId)).map((d) => ({ ...d, sourceId: null }));
  },
  async loadEmployees(tenantId) {
    return (await base.loadEmployees(tenantId)).map((e) => ({ ...e, sourceId: null }));
  },
});

/** Skips the stale check: rewrites every `from` to what is stored now (last writer wins). */
const ignoresStaleFrom: Fault = (base) => ({
  async applyDepartmentPlan(tenantId, plan) {
    const now = new Map((await base.loadDepartments(tenantId)).map((d) => [d.id, d]));
    const updates = plan.updates.map((u) => ({
      ...u,
      changes: u.changes.map((c) => ({
        ...c,
        from: (now.get(u.id) as unknown as Record<string, unknown> | undefined)?.[c.field],
      })),
    }));
    return applyDepartmentPlan(base, tenantId, { ...plan, updates });
  },
  async applyEmployeePlan(tenantId, plan) {
    const now = new Map((await base.loadEmployees(tenantId)).map((e) => [e.id, e]));
    const updates = plan.updates.map((u) => ({
      ...u,
      changes: u.changes.map((c) => ({
        ...c,
        from: (now.get(u.id) as unknown as Record<string, unknown> | undefined)?.[c.field],
      })),
    }));
    return applyEmployeePlan(base, tenantId, { ...plan, updates });
  },
});

/** Stores birth dates through a JS Date in UTC+9 and back (E13: a time-zone shift). */
const shiftsBirthDates: Fault = (base) => ({
  async applyEmployeePlan(tenantId, plan) {
    const shift = (date: string | null) =>
      date === null ? null : new Date(`${date}T00:00:00+09:00`).toISOString().slice(0, 10);
    return applyEmployeePlan(base, tenantId, {
      ...plan,
      creates: plan.creates.map((c) => ({ ...c, birthDate: shift(c.birthDate) })),
    });
  },
});

/** Returns a run's error rows in no particular order (here: reversed). */
const reordersErrorRows: Fault = (base) => ({
  async listRunErrors(tenantId, runId) {
    return (await base.listRunErrors(tenantId, runId)).reverse();
  },
});

/** Says a connection was deleted even when there was none. */
const deleteAlwaysTrue: Fault = (base) => ({
  async deleteConnection(tenantId) {
    await base.deleteConnection(tenantId);
    return true;
  },
});

/** Ignores the `kind` filter of listRuns. */
const ignoresKindFilter: Fault = (base) => ({
  async listRuns(tenantId, options = {}) {
    const { kind: _kind, ...rest } = options;
    return base.listRuns(tenantId, rest);
  },
});

/**
 * Keys departments by `lower(trim(code))` with `ON CONFLICT DO NOTHING` (breaks D9): a create
 * whose folded code was seen is silently dropped, its children hung under the first one.
 */
const foldsCodeCase: Fault = (base) => ({
  async applyDepartmentPlan(tenantId, plan) {
    const fold = (code: string) => code.normalize('NFKC').trim().toLowerCase();
    const firstByFold = new Map<string, string>();
    for (const code of (await base.loadDepartments(tenantId)).map((d) => d.code)) {
      firstByFold.set(fold(code), code);
    }
    const creates = [];
    for (const create of plan.creates) {
      if (firstByFold.has(fold(create.code))) continue;
      firstByFold.set(fold(create.code), create.code);
      const parent = create.parentCode ?? null;
      creates.push({ ...create, parentCode: parent && (firstByFold.get(fold(parent)) ?? parent) });
    }
    const result = await applyDepartmentPlan(base, tenantId, { ...plan, creates });
    return { ...result, created: plan.creates.length };
  },
});

const faults: [string, Fault, [ConformanceSuiteId, string][]][] = [
  [
    'records the outcome after committing the data',
    outcomeAfterCommit,
    [['outcome', 'J2 a fault between the data writes and the outcome write']],
  ],
  [
    'never lists open runs',
    noOpenRuns,
    [
      ['outcome', 'J2 runSync closes a run left running'],
      ['outcome', 'J5 a run refused because the lock is held'],
      ['runs', 'J5 listOpenRuns gives'],
    ],
  ],
  [
    'ignores the outcome of an already finished run without saying so',
    refinishes,
    [['runs', 'J2 a run is finished once']],
  ],
  [
    'answers a bad cursor with an empty page',
    emptyPageForBadCursor,
    [['runs', 'J1 a bad or foreign cursor']],
  ],
  ['clamps limit silently', clampsLimit, [['runs', 'J1 listRuns limit bounds']]],
  [
    'applies updates over newer data (no stale check)',
    ignoresStaleFrom,
    [
      ['atomicity', 'J5 a department plan whose last update no longer holds'],
      ['atomicity', 'J5 an employee plan whose last update no longer holds'],
    ],
  ],
  [
    'shifts birth dates through a time zone',
    shiftsBirthDates,
    [
      ['employees', 'E13 birth dates are calendar dates'],
      ['employees', 'E13 property: every calendar date'],
    ],
  ],
  [
    'returns error rows out of order',
    reordersErrorRows,
    [['runs', 'J2/J3 finishRun records status']],
  ],
  [
    'reports a deleted connection that was not there',
    deleteAlwaysTrue,
    [['connections', 'C3 deleting removes the connection']],
  ],
  [
    'ignores the kind filter of listRuns',
    ignoresKindFilter,
    [['runs', 'J1 listRuns filters by kind']],
  ],
  [
    'treats codes that differ only in case as one department',
    foldsCodeCase,
    [['departments', 'D9 codes are compared exactly']],
  ],
  [
    'applies row by row (not atomic)',
    rowByRow,
    [
      ['atomicity', 'J5 a department plan whose last update'],
      ['atomicity', 'J5 a department create whose code now exists'],
      ['atomicity', 'J5 an employee create whose e-mail now exists'],
      ['atomicity', 'J5 an employee plan whose last update'],
      ['atomicity', 'J5 a plan of 1,000 creates'],
    ],
  ],
  [
    'writes all `values` instead of the named changes',
    writesAllValues,
    [
      ['departments', 'D8 an update writes exactly the fields'],
      ['employees', 'E10 an update writes exactly the fields'],
      ['employees', 'E7 a retired flag is never cleared'],
    ],
  ],
  [
    'rewrites unchanged and notInSource rows',
    touchesUnchanged,
    [
      ['departments', 'D8 unchanged and notInSource departments are not rewritten'],
      ['employees', 'E10 unchanged and notInSource employees are not rewritten'],
    ],
  ],
  [
    'loses unmapped columns on update',
    dropsUnmapped,
    [
      ['departments', 'D8 columns the sync does not map survive'],
      ['employees', 'E10 columns the sync does not map survive'],
    ],
  ],
  [
    'does not lock',
    noLocking,
    [
      ['concurrency', 'J5 a second lock for the same tenant and kind'],
      ['concurrency', 'J5 a second release() of an old lock'],
      ['concurrency', 'J5 of simultaneous attempts'],
    ],
  ],
  ['lists runs oldest first', offsetPaging(true), [['runs', 'J1 listRuns returns newest first']]],
  ['pages runs by offset', offsetPaging(false), [['runs', 'J1 a run created while paging']]],
  [
    'finds runs of other tenants',
    runsLeakAcrossTenants,
    [
      ['runs', 'runs of other tenants are invisible'],
      ['tenantIsolation', 'runs and the connection of tenant A are invisible'],
    ],
  ],
  ['trims names', trimsText, [['hostileStrings', 'department codes and names']]],
  [
    'reads records back without their sourceId',
    forgetsSourceIds,
    [
      ['endToEnd', 'J4 a second sync of unchanged HRBrain data'],
      ['endToEnd', 'D1/D10 a department whose code changed'],
    ],
  ],
  ['keeps the first connection', keepsFirstConnection, [['connections', 'C3 one connection']]],
  [
    'compares e-mails case-sensitively',
    caseSensitiveEmails,
    [
      ['employees', 'E1 the e-mail key is case-insensitive'],
      ['atomicity', 'J5 an employee create whose e-mail now exists'],
    ],
  ],
];

describe('the conformance suite catches broken adapters', () => {
  for (const [fault, inject, checks] of faults) {
    for (const [suite, titleStart] of checks) {
      it(`an adapter that ${fault} fails "${titleStart}…"`, async () => {
        const target = check(suite, titleStart);
        const run = (storage: SyncStorage, base: MemoryStorage) =>
          target.run({
            storage,
            inspect: inspectMemoryStorage(() => base),
            tenantId: newTenantId('a'),
            otherTenantId: newTenantId('b'),
            propertyRuns: 5,
          });
        // The same check passes without the fault, so it is the fault that is caught.
        const healthy = createMemoryStorage({ beforeOutcomeWrite: outcomeFault });
        await run(healthy, healthy);
        const base = createMemoryStorage({ beforeOutcomeWrite: outcomeFault });
        await expect(run(withFault(base, inject), base)).rejects.toThrow();
      });
    }
  }
});

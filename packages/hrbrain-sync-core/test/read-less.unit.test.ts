// Issue 12: a run reads only what it needs and holds members compactly — and plans exactly
// what a full read would. The reads of runSync against a source that behaves like the
// HRBrain client (members: false, columns, organizationFieldIds, members.list().pages()).
import type {
  HrbrainFieldDefinition,
  HrbrainMember,
  HrbrainSnapshot,
} from '@mikiwame/hrbrain-client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planDepartmentSync, planEmployeeSync } from '../src/index';
import { planEmployeeSyncFromTable } from '../src/plan/employees';
import {
  readForDepartments,
  readForEmployees,
  type SnapshotRequest,
  type SnapshotSource,
} from '../src/run/read-source';
import { applyDepartments } from './support/apply';
import { type World, worldArbitrary } from './support/arbitraries';
import { FIELD_CATALOGUE } from './support/field-catalogue';

/** What a source was asked for. */
interface Reads {
  snapshots: SnapshotRequest[];
  /** `columns` of each members listing (undefined: all). */
  listings: (readonly string[] | undefined)[];
  organizations: string[];
  membersRead: number;
}

/**
 * A source that behaves like the client's `snapshot()` and `members.list()`: selections are
 * functions of the definitions; with `columns` members carry only those fields.
 */
function clientLikeSource(
  snapshot: HrbrainSnapshot,
  pageSize: number,
  options: { paged: boolean } = { paged: true },
): { source: SnapshotSource; reads: Reads } {
  const reads: Reads = { snapshots: [], listings: [], organizations: [], membersRead: 0 };
  const only = (members: readonly HrbrainMember[], columns: readonly string[] | undefined) =>
    members.map((m) =>
      columns === undefined
        ? structuredClone(m)
        : { ...structuredClone(m), fields: m.fields.filter((f) => columns.includes(f.id)) },
    );
  const source: SnapshotSource = {
    async snapshot(request: SnapshotRequest = {}) {
      reads.snapshots.push(request);
      const fields = structuredClone(snapshot.fields);
      const columns = request.columns?.(fields);
      const chosen = request.organizationFieldIds?.(fields) ?? columns;
      const organizationIds = [
        ...new Set(
          fields
            .filter((f) => f.organizationId && (chosen === undefined || chosen.includes(f.id)))
            .map((f) => f.organizationId as string),
        ),
      ];
      reads.organizations.push(...organizationIds);
      const organizations = Object.fromEntries(
        organizationIds
          .filter((id) => snapshot.organizations[id] !== undefined)
          .map((id) => [id, structuredClone(snapshot.organizations[id]!)]),
      );
      let members: HrbrainMember[] = [];
      if (request.members !== false) {
        reads.listings.push(columns);
        reads.membersRead += snapshot.members.length;
        members = only(snapshot.members, columns);
      }
      return { fields, members, organizations };
    },
  };
  if (options.paged) {
    source.members = {
      list(params = {}) {
        reads.listings.push(params.columns);
        return {
          async *pages() {
            for (let offset = 0; offset < snapshot.members.length; offset += pageSize) {
              const page = only(snapshot.members.slice(offset, offset + pageSize), params.columns);
              reads.membersRead += page.length;
              yield { members: page, totalCount: snapshot.members.length };
            }
          },
        };
      },
    };
  }
  return { source, reads };
}

const aliasOf = new Map<string, string>(
  FIELD_CATALOGUE.flatMap((f) => ('alias' in f ? [[f.id, f.alias] as [string, string]] : [])),
);

/** HRBrain as the API describes it: aliases on the definitions too (hrbrain-api.md). */
function withDefinitionAliases(snapshot: HrbrainSnapshot): HrbrainSnapshot {
  return {
    ...snapshot,
    fields: snapshot.fields.map((f): HrbrainFieldDefinition => {
      const alias = aliasOf.get(f.id);
      return alias === undefined ? f : { ...f, alias };
    }),
  };
}

/** Fields the sync never maps (給与-like), on the definitions and on every member. */
function withPrivateFields(snapshot: HrbrainSnapshot): HrbrainSnapshot {
  return {
    ...snapshot,
    fields: [
      ...snapshot.fields,
      { id: 'fld-salary', label: '給与', type: 'text' },
      { id: 'fld-career', label: '職歴', type: 'organizationPulldown', organizationId: 'org-x' },
    ],
    members: snapshot.members.map((m, i) => ({
      ...m,
      fields: [
        { id: 'fld-salary', type: 'text', value: `${300 + i}万円` },
        ...m.fields,
        { id: 'fld-career', type: 'organizationPulldown', value: 'x1' },
      ],
    })),
    organizations: { ...snapshot.organizations, 'org-x': { type: 'list', items: [] } },
  };
}

/** Some members listed twice (offset paging shifting), with the same or other contents. */
const duplicatesArbitrary = fc.array(
  fc.record({ of: fc.nat(), change: fc.constantFrom('none', 'private', 'name') }),
  { maxLength: 3 },
);

function withDuplicates(
  snapshot: HrbrainSnapshot,
  duplicates: { of: number; change: string }[],
): HrbrainSnapshot {
  if (snapshot.members.length === 0) return snapshot;
  const members = [...snapshot.members];
  for (const { of, change } of duplicates) {
    const copy = structuredClone(members[of % snapshot.members.length]!);
    if (change === 'private') copy.fields.push({ id: 'fld-salary', type: 'text', value: '1' });
    if (change === 'name') {
      const last = copy.fields.find((f) => f.id === 'fld-ln');
      if (last) last.value = `${String(last.value)}改`;
    }
    members.push(copy);
  }
  return { ...snapshot, members };
}

const tenantArbitrary = fc
  .tuple(worldArbitrary, duplicatesArbitrary, fc.integer({ min: 1, max: 5 }), fc.boolean())
  .map(([world, duplicates, pageSize, privateFields]) => {
    let snapshot = withDefinitionAliases(withDuplicates(world.snapshot, duplicates));
    if (privateFields) snapshot = withPrivateFields(snapshot);
    return { world: { ...world, snapshot } as World, pageSize };
  });

function employeeInput(world: World) {
  const departmentPlan = planDepartmentSync({
    snapshot: world.snapshot,
    existing: world.departments,
  });
  return {
    existing: world.employees,
    departments: applyDepartments(world.departments, departmentPlan),
  };
}

describe('issue 12: reading less, holding members compactly', () => {
  it('E1–E13/F1–F3: the compact path (columns=, page by page into a MemberTable) gives the same employee plan as the full one', async () => {
    await fc.assert(
      fc.asyncProperty(tenantArbitrary, fc.boolean(), async ({ world, pageSize }, paged) => {
        const { existing, departments } = employeeInput(world);
        const full = planEmployeeSync({ snapshot: world.snapshot, existing, departments });
        const { source, reads } = clientLikeSource(world.snapshot, pageSize, { paged });
        const data = await readForEmployees(source, { onProgress: () => {} });
        expect(data.table).not.toBeNull();
        expect(data.snapshot.members).toEqual([]);
        const compact = planEmployeeSyncFromTable(
          { snapshot: data.snapshot, existing, departments },
          data.table!,
        );
        expect(compact).toEqual(full);
        // Only the mapped fields were asked for, never the private ones.
        for (const columns of reads.listings) {
          expect(columns).toBeDefined();
          expect(columns).not.toContain('fld-salary');
          expect(columns).not.toContain('fld-career');
        }
        expect(reads.organizations).not.toContain('org-x');
        // Summarised: the same plan but for the unchanged list, counted all the same.
        const counted = planEmployeeSyncFromTable(
          { snapshot: data.snapshot, existing, departments, listUnchanged: false },
          data.table!,
        );
        expect(counted).toEqual({ ...full, unchanged: [] });
      }),
      { numRuns: 200 },
    );
  });

  it('D1–D10: a departments run reads no members and plans what a full read plans', async () => {
    await fc.assert(
      fc.asyncProperty(tenantArbitrary, async ({ world, pageSize }) => {
        const full = planDepartmentSync({ snapshot: world.snapshot, existing: world.departments });
        const { source, reads } = clientLikeSource(world.snapshot, pageSize);
        const data = await readForDepartments(source, { onProgress: () => {} });
        expect(reads.membersRead).toBe(0);
        expect(reads.listings).toEqual([]);
        expect(reads.snapshots).toHaveLength(1);
        expect(reads.organizations).toEqual(['org-dept']);
        expect(
          planDepartmentSync({ snapshot: data.snapshot, existing: world.departments }),
        ).toEqual(full);
      }),
      { numRuns: 100 },
    );
  });

  it('F2: definitions without aliases (aliases on member values only): both runs fall back to a full read and plan the same', async () => {
    await fc.assert(
      fc.asyncProperty(worldArbitrary, async (world) => {
        const { existing, departments } = employeeInput(world);
        const { source, reads } = clientLikeSource(world.snapshot, 3);
        const employees = await readForEmployees(source, { onProgress: () => {} });
        expect(employees.table).toBeNull();
        expect(reads.listings.at(-1)).toBeUndefined(); // every column, as before
        expect(planEmployeeSync({ snapshot: employees.snapshot, existing, departments })).toEqual(
          planEmployeeSync({ snapshot: world.snapshot, existing, departments }),
        );
        const depts = await readForDepartments(source, { onProgress: () => {} });
        expect(
          planDepartmentSync({ snapshot: depts.snapshot, existing: world.departments }),
        ).toEqual(planDepartmentSync({ snapshot: world.snapshot, existing: world.departments }));
      }),
      { numRuns: 50 },
    );
  });
});

import { runSync, type SyncKind, type SyncStorage } from '@mikiwame/hrbrain-sync-core';
import { expect } from 'vitest';
import {
  buildHrbrainSnapshot,
  type HrbrainSnapshotInput,
  type SnapshotDepartment,
  type SnapshotMember,
} from '../fixtures/snapshot';
import { storedDepartments, storedEmployees } from '../stored-state';
import type { ConformanceSuite } from '../suite';

const departments = (): SnapshotDepartment[] => [
  {
    id: 'item-hq',
    name: '株式会社サンプル',
    code: '0001',
    children: [
      {
        id: 'item-sales',
        name: '営業本部',
        code: '1000',
        children: [{ id: 'item-east', name: '東日本営業部', code: '1100' }],
      },
      { id: 'item-dev', name: '開発本部', code: '2000' },
    ],
  },
];

const members = (): SnapshotMember[] => [
  {
    id: 'mem-1',
    email: 'hanako.yamada@example.co.jp',
    lastName: '山田',
    firstName: '花子',
    lastNameKana: 'ヤマダ',
    firstNameKana: 'ハナコ',
    departmentId: 'item-east',
    employeeNumber: 'A-0001',
    birthDate: '1988/07/01',
    gender: '女性',
    employmentType: '正社員',
    position: '課長',
  },
  {
    id: 'mem-2',
    email: 'Taro.Suzuki@Example.co.jp',
    lastName: '鈴木',
    firstName: '太郎',
    lastNameKana: 'スズキ',
    firstNameKana: 'タロウ',
    departmentId: 'item-dev',
    birthDate: '1990-02-28',
    gender: '男性',
    employmentType: '契約社員',
  },
  {
    id: 'mem-3',
    email: 'jiro@example.co.jp',
    lastName: '佐藤',
    firstName: '次郎',
    lastNameKana: 'サトウ',
    firstNameKana: 'ジロウ',
    status: '退職済み',
  },
];

/** A source whose HRBrain data a test can change between runs. */
function editableSource(snapshot: HrbrainSnapshotInput) {
  let current = snapshot;
  return {
    snapshot: async () => structuredClone(current),
    set(next: HrbrainSnapshotInput) {
      current = next;
    },
  };
}

async function sync(
  storage: SyncStorage,
  tenantId: string,
  source: { snapshot(): Promise<HrbrainSnapshotInput> },
) {
  const runs = [];
  for (const kind of ['departments', 'employees'] satisfies SyncKind[]) {
    const run = await runSync({ tenantId, kind, source, storage });
    expect(run.failure, `${kind} run failed: ${run.failure?.message}`).toBeNull();
    runs.push(run);
  }
  return runs;
}

export const endToEndSuite: ConformanceSuite = {
  id: 'endToEnd',
  title: 'end to end with runSync and the real planners (J1, J4)',
  cases: [
    {
      title:
        'J4 a second sync of unchanged HRBrain data creates and updates nothing: the store reads back what it wrote',
      async run({ storage, inspect, tenantId }) {
        const source = editableSource(
          buildHrbrainSnapshot({ departments: departments(), members: members() }),
        );
        const [firstDepartments, firstEmployees] = await sync(storage, tenantId, source);
        expect(firstDepartments?.summary).toMatchObject({ created: 4, updated: 0, skipped: 0 });
        expect(firstEmployees?.summary).toMatchObject({ created: 3, updated: 0, skipped: 0 });
        expect(firstEmployees?.status).toBe('succeeded');

        const stored = await storedEmployees(inspect, tenantId);
        expect(stored.find((e) => e.sourceId === 'mem-1')).toMatchObject({
          email: 'hanako.yamada@example.co.jp',
          departmentCode: '1100',
          birthDate: '1988-07-01',
          gender: 'female',
          employmentType: 'regular',
          position: '課長',
          retired: false,
        });
        expect(stored.find((e) => e.sourceId === 'mem-3')?.retired).toBe(true);
        const parents = Object.fromEntries(
          (await storedDepartments(inspect, tenantId)).map((d) => [d.code, d.parentCode]),
        );
        expect(parents).toEqual({ '0001': null, '1000': '0001', '1100': '1000', '2000': '0001' });

        const revisions = await inspect.revisions?.('employees', tenantId);
        const second = await sync(storage, tenantId, source);
        for (const run of second) {
          expect(run.summary, `${run.kind}: ${JSON.stringify(run.plan?.updates)}`).toMatchObject({
            created: 0,
            updated: 0,
            linked: 0, // a store that forgets sourceIds gets them linked again (J4)
          });
        }
        expect(await inspect.revisions?.('employees', tenantId)).toEqual(revisions);
        expect((await storage.listRuns(tenantId)).runs.map((run) => run.status)).toEqual([
          'succeeded',
          'succeeded',
          'succeeded',
          'succeeded',
        ]);
      },
    },
    {
      title:
        'E7/E10 a change in HRBrain updates only that employee, and a retired flag is never cleared',
      async run({ storage, inspect, tenantId }) {
        const source = editableSource(
          buildHrbrainSnapshot({ departments: departments(), members: members() }),
        );
        await sync(storage, tenantId, source);
        const before = await storedEmployees(inspect, tenantId);

        const changed = members().map((member) =>
          member.id === 'mem-1'
            ? { ...member, position: '部長' as const }
            : member.id === 'mem-3'
              ? { ...member, status: '在籍' as const }
              : member,
        );
        source.set(buildHrbrainSnapshot({ departments: departments(), members: changed }));
        const [, employees] = await sync(storage, tenantId, source);
        expect(employees?.summary).toMatchObject({ created: 0, updated: 1 });

        const after = await storedEmployees(inspect, tenantId);
        expect(after).toEqual(
          before.map((e) => (e.sourceId === 'mem-1' ? { ...e, position: '部長' } : e)),
        );
        expect(after.find((e) => e.sourceId === 'mem-3')?.retired).toBe(true);
      },
    },
    {
      title:
        'F3 ids HRBrain no longer resolves (主部署, 雇用形態, 在籍状況, 役職・職位) never blank a stored value: each is reported, by id, through runSync',
      async run({ storage, inspect, tenantId }) {
        const source = editableSource(
          buildHrbrainSnapshot({ departments: departments(), members: members() }),
        );
        await sync(storage, tenantId, source);
        const before = await storedEmployees(inspect, tenantId);
        const hanako = before.find((e) => e.sourceId === 'mem-1');
        expect(hanako).toMatchObject({
          departmentCode: '1100',
          employmentType: 'regular',
          position: '課長',
        });

        /** mem-1 with a new 従業員番号 and, in HRBrain, ids that match no item. */
        const unknownIds = (departmentId: string) => {
          const snapshot = buildHrbrainSnapshot({
            departments: departments(),
            members: members().map((member) =>
              member.id === 'mem-1'
                ? { ...member, departmentId, employeeNumber: 'A-0009' }
                : member,
            ),
          });
          const ids: Record<string, string> = {
            'fld-emp': 'emp-removed',
            'fld-status': 'st-removed',
            'fld-pos': 'pos-removed',
          };
          for (const field of snapshot.members.find((m) => m.id === 'mem-1')?.fields ?? []) {
            if (ids[field.id] !== undefined) field.value = ids[field.id];
          }
          return snapshot;
        };
        const rowsOf = (run: {
          plan?: {
            errors: readonly { code: string; sourceId?: string | null; value?: unknown }[];
          } | null;
        }) =>
          (run.plan?.errors ?? [])
            .filter((row) => row.sourceId === 'mem-1')
            .map((row) => [row.code, row.value])
            .sort();

        // 主部署 unknown: the employee is not synced at all (E2), so nothing of it changes.
        source.set(unknownIds('item-removed'));
        const [, skipped] = await sync(storage, tenantId, source);
        expect(skipped?.summary).toMatchObject({ created: 0, updated: 0, skipped: 1 });
        expect(rowsOf(skipped!)).toEqual([
          ['EMPLOYEE_DEPARTMENT_UNKNOWN', 'item-removed'],
          ['FIELD_VALUE_UNKNOWN', 'emp-removed'],
          ['FIELD_VALUE_UNKNOWN', 'pos-removed'],
          ['FIELD_VALUE_UNKNOWN', 'st-removed'],
        ]);
        expect(await storage.listRunErrors(tenantId, skipped!.id)).toEqual(skipped?.plan?.errors);
        expect(await storedEmployees(inspect, tenantId)).toEqual(before);

        // 主部署 known again: the real change is written, the unknown fields keep their values.
        source.set(unknownIds('item-east'));
        const [, updated] = await sync(storage, tenantId, source);
        expect(updated?.summary).toMatchObject({ created: 0, updated: 1, skipped: 0, warnings: 3 });
        expect(rowsOf(updated!)).toEqual([
          ['FIELD_VALUE_UNKNOWN', 'emp-removed'],
          ['FIELD_VALUE_UNKNOWN', 'pos-removed'],
          ['FIELD_VALUE_UNKNOWN', 'st-removed'],
        ]);
        expect(await storedEmployees(inspect, tenantId)).toEqual(
          before.map((e) => (e.sourceId === 'mem-1' ? { ...e, employeeNumber: 'A-0009' } : e)),
        );
      },
    },
    {
      title:
        'J2/F2 a run that fails (a required field renamed in HRBrain) applies nothing and is stored as failed with its reason',
      async run({ storage, inspect, tenantId }) {
        const snapshot = buildHrbrainSnapshot({ departments: departments(), members: members() });
        await sync(storage, tenantId, editableSource(snapshot));
        // A later HRBrain state with a real change, but a required field renamed: the change
        // must not be applied (and the employees synced before must be left exactly as they are).
        const renamed = buildHrbrainSnapshot({
          departments: departments(),
          members: members().map((member) =>
            member.id === 'mem-1' ? { ...member, position: '部長' as const } : member,
          ),
        });
        for (const field of renamed.fields) {
          if (field.label === 'メールアドレス') field.label = '社用メール';
        }
        const before = await storedEmployees(inspect, tenantId);
        expect(before.length).toBeGreaterThan(0);
        const run = await runSync({
          tenantId,
          kind: 'employees',
          source: editableSource(renamed),
          storage,
        });
        expect(run.status).toBe('failed');
        expect(run.failure?.code).toBe('FIELD_NOT_FOUND');
        expect(await storedEmployees(inspect, tenantId)).toEqual(before);
        const stored = await storage.getRun(tenantId, run.id);
        expect(stored).toMatchObject({ status: 'failed', failure: run.failure });
        expect(stored?.finishedAt).toBeInstanceOf(Date);
        expect((await inspect.runs(tenantId)).find((r) => r.id === run.id)?.status).toBe('failed');
      },
    },
    {
      title:
        'D1/D10 a department whose code changed in HRBrain is created anew; the old one is left as it was',
      async run({ storage, inspect, tenantId }) {
        const source = editableSource(
          buildHrbrainSnapshot({ departments: departments(), members: [] }),
        );
        await runSync({ tenantId, kind: 'departments', source, storage });
        const recoded = departments();
        const dev = recoded[0]?.children?.[1];
        if (dev) dev.code = '2100';
        source.set(buildHrbrainSnapshot({ departments: recoded, members: [] }));
        const run = await runSync({ tenantId, kind: 'departments', source, storage });
        expect(run.summary).toMatchObject({ created: 1, updated: 0 });
        expect(run.plan?.errors.map((row) => row.code)).toContain('DEPARTMENT_CODE_CHANGED');
        const stored = await storedDepartments(inspect, tenantId);
        expect(stored.map((d) => [d.code, d.name, d.sourceId])).toEqual([
          ['0001', '株式会社サンプル', 'item-hq'],
          ['1000', '営業本部', 'item-sales'],
          ['1100', '東日本営業部', 'item-east'],
          ['2000', '開発本部', 'item-dev'],
          ['2100', '開発本部', 'item-dev'],
        ]);
      },
    },
  ],
};

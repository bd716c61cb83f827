import { expect } from 'vitest';
import { applyDepartmentPlan } from '../fixtures/apply';
import {
  buildDepartmentChain,
  buildDepartmentCreate,
  buildDepartmentPlan,
  buildDepartmentUpdate,
  unchangedDepartment,
} from '../fixtures/plans';
import { pick, seedDepartments } from '../fixtures/seed';
import { storedDepartments } from '../stored-state';
import type { ConformanceSuite } from '../suite';

const withoutId = <T extends { id: string }>({ id: _id, ...rest }: T) => rest;

export const departmentSuite: ConformanceSuite = {
  id: 'departments',
  title: 'applying department plans (D1, D3, D7, D8, D9, D10)',
  cases: [
    {
      title: 'D1/D10 creates departments with code, name, parent by code and sourceId',
      async run({ storage, inspect, tenantId }) {
        const creates = [
          buildDepartmentCreate({ code: 'HQ', name: '本社', sourceId: 'item-hq' }),
          buildDepartmentCreate({ code: 'SALES', name: '営業部', parentCode: 'HQ' }),
          buildDepartmentCreate({ code: 'SALES-1', name: '営業一課', parentCode: 'SALES' }),
          buildDepartmentCreate({ code: 'DEV', name: '開発部', parentCode: 'HQ' }),
        ];
        const result = await applyDepartmentPlan(
          storage,
          tenantId,
          buildDepartmentPlan({ creates }),
        );
        expect({ created: result.created, updated: result.updated }).toEqual({
          created: 4,
          updated: 0,
        });

        const stored = await storedDepartments(inspect, tenantId);
        expect(stored.map(withoutId)).toEqual(
          [...creates].sort((a, b) => (a.code < b.code ? -1 : 1)),
        );
        const ids = stored.map((d) => d.id);
        expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
        expect(new Set(ids).size).toBe(ids.length);

        // The adapter's own read agrees with what is really stored.
        const loaded = (await storage.loadDepartments(tenantId))
          .map((d) => ({ ...d, sourceId: d.sourceId ?? null }))
          .sort((a, b) => (a.code < b.code ? -1 : 1));
        expect(loaded).toEqual(stored);
      },
    },
    {
      title:
        'D3 creates a 10-level chain under an existing department, and parents whose code sorts after the child',
      async run({ storage, inspect, tenantId }) {
        await seedDepartments(storage, tenantId, [buildDepartmentCreate({ code: 'ROOT' })]);
        const chain = buildDepartmentChain('deep', 10, 'ROOT');
        // Parents first as planned, but "Z…" before "A…": an adapter must not reorder by code.
        const unsorted = [
          buildDepartmentCreate({ code: 'Z-PARENT' }),
          buildDepartmentCreate({ code: 'A-CHILD', parentCode: 'Z-PARENT' }),
          buildDepartmentCreate({ code: 'A-GRANDCHILD', parentCode: 'A-CHILD' }),
        ];
        const result = await applyDepartmentPlan(
          storage,
          tenantId,
          buildDepartmentPlan({ creates: [...chain, ...unsorted] }),
        );
        expect(result.created).toBe(13);

        const parents = new Map(
          (await storedDepartments(inspect, tenantId)).map((d) => [d.code, d.parentCode]),
        );
        expect(parents.get('ROOT')).toBeNull();
        expect(parents.get('deep-L1')).toBe('ROOT');
        for (let level = 2; level <= 10; level++) {
          expect(parents.get(`deep-L${level}`)).toBe(`deep-L${level - 1}`);
        }
        expect(parents.get('Z-PARENT')).toBeNull();
        expect(parents.get('A-CHILD')).toBe('Z-PARENT');
        expect(parents.get('A-GRANDCHILD')).toBe('A-CHILD');
      },
    },
    {
      title:
        'D9 codes are compared exactly: "abc", "ABC", "abc " and full-width "ａｂｃ" are four departments',
      async run({ storage, inspect, tenantId }) {
        await applyDepartmentPlan(
          storage,
          tenantId,
          buildDepartmentPlan({
            creates: [
              buildDepartmentCreate({ code: 'abc', name: 'lower' }),
              buildDepartmentCreate({ code: 'ABC', name: 'upper', parentCode: 'abc' }),
              buildDepartmentCreate({ code: 'abc ', name: 'trailing space', parentCode: 'ABC' }),
              buildDepartmentCreate({ code: 'ａｂｃ', name: 'full-width', parentCode: 'abc ' }),
            ],
          }),
        );
        const stored = await storedDepartments(inspect, tenantId);
        expect(stored.map((d) => [d.code, d.name, d.parentCode])).toEqual([
          ['ABC', 'upper', 'abc'],
          ['abc', 'lower', null],
          ['abc ', 'trailing space', 'ABC'],
          ['ａｂｃ', 'full-width', 'abc '],
        ]);
      },
    },
    {
      title:
        'D8 an update writes exactly the fields named in `changes`, nothing else from `values`',
      async run({ storage, inspect, tenantId }) {
        const seeded = await seedDepartments(storage, tenantId, [
          buildDepartmentCreate({ code: 'HQ', name: '本社' }),
          buildDepartmentCreate({ code: 'OTHER', name: '別部署' }),
          buildDepartmentCreate({ code: 'TEAM', name: '旧名', parentCode: 'HQ' }),
          buildDepartmentCreate({ code: 'TEAM2', name: 'チーム2', parentCode: 'HQ' }),
        ]);
        const rename = buildDepartmentUpdate(pick(seeded, 'TEAM'), { name: '新名' });
        // `values` carries a parent the changes do not name: it must not be written.
        rename.values = { ...rename.values, parentCode: 'OTHER' };
        const move = buildDepartmentUpdate(pick(seeded, 'TEAM2'), { parentCode: 'OTHER' });
        move.values = { ...move.values, name: 'WRONG: not in changes' };
        expect(rename.changes).toEqual([{ field: 'name', from: '旧名', to: '新名' }]);

        const before = await storedDepartments(inspect, tenantId);
        const result = await applyDepartmentPlan(
          storage,
          tenantId,
          buildDepartmentPlan({ updates: [rename, move] }),
        );
        expect({ created: result.created, updated: result.updated }).toEqual({
          created: 0,
          updated: 2,
        });

        const after = await storedDepartments(inspect, tenantId);
        const expected = before.map((d) =>
          d.code === 'TEAM'
            ? { ...d, name: '新名' }
            : d.code === 'TEAM2'
              ? { ...d, parentCode: 'OTHER' }
              : d,
        );
        expect(after).toEqual(expected);
      },
    },
    {
      title: 'D8 an update moves a department under a parent created in the same plan, or to root',
      async run({ storage, inspect, tenantId }) {
        const seeded = await seedDepartments(storage, tenantId, [
          buildDepartmentCreate({ code: 'HQ' }),
          buildDepartmentCreate({ code: 'TEAM', parentCode: 'HQ' }),
          buildDepartmentCreate({ code: 'SUB', parentCode: 'TEAM' }),
        ]);
        const result = await applyDepartmentPlan(
          storage,
          tenantId,
          buildDepartmentPlan({
            creates: [buildDepartmentCreate({ code: 'NEW', name: '新設部' })],
            updates: [
              buildDepartmentUpdate(pick(seeded, 'TEAM'), { parentCode: 'NEW' }),
              buildDepartmentUpdate(pick(seeded, 'SUB'), { parentCode: null }),
            ],
          }),
        );
        expect({ created: result.created, updated: result.updated }).toEqual({
          created: 1,
          updated: 2,
        });
        const parents = new Map(
          (await storedDepartments(inspect, tenantId)).map((d) => [d.code, d.parentCode]),
        );
        expect(Object.fromEntries(parents)).toEqual({
          HQ: null,
          NEW: null,
          TEAM: 'NEW',
          SUB: null,
        });
      },
    },
    {
      title: 'D10 an update naming `sourceId` records it; one that does not keeps the stored id',
      async run({ storage, inspect, tenantId }) {
        const seeded = await seedDepartments(storage, tenantId, [
          buildDepartmentCreate({ code: 'A', sourceId: 'item-old' }),
          buildDepartmentCreate({ code: 'B', sourceId: 'item-b' }),
        ]);
        const relink = buildDepartmentUpdate(pick(seeded, 'A'), { sourceId: 'item-new' });
        expect(relink.changes).toEqual([{ field: 'sourceId', from: 'item-old', to: 'item-new' }]);
        const rename = buildDepartmentUpdate(pick(seeded, 'B'), { name: 'B2' });
        rename.sourceId = 'item-not-named-in-changes';
        await applyDepartmentPlan(
          storage,
          tenantId,
          buildDepartmentPlan({ updates: [relink, rename] }),
        );
        const stored = await storedDepartments(inspect, tenantId);
        expect(stored.map((d) => [d.code, d.name, d.sourceId])).toEqual([
          ['A', pick(seeded, 'A').name, 'item-new'],
          ['B', 'B2', 'item-b'],
        ]);
      },
    },
    {
      title: 'D7/D8 unchanged and notInSource departments keep their values; nothing is deleted',
      async run({ storage, inspect, tenantId }) {
        const seeded = await seedDepartments(storage, tenantId, [
          buildDepartmentCreate({ code: 'A', name: '甲' }),
          buildDepartmentCreate({ code: 'B', name: '乙', parentCode: 'A' }),
          buildDepartmentCreate({ code: 'C', name: '丙', parentCode: 'A' }),
        ]);
        const before = await storedDepartments(inspect, tenantId);
        await applyDepartmentPlan(
          storage,
          tenantId,
          buildDepartmentPlan({
            creates: [buildDepartmentCreate({ code: 'D', parentCode: 'C' })],
            updates: [buildDepartmentUpdate(pick(seeded, 'A'), { name: '甲２' })],
            unchanged: [unchangedDepartment(pick(seeded, 'B'))],
            notInSource: [{ id: pick(seeded, 'C').id, code: 'C' }],
          }),
        );
        const after = await storedDepartments(inspect, tenantId);
        expect(after).toHaveLength(4);
        const byCode = new Map(after.map((d) => [d.code, d]));
        expect(byCode.get('B')).toEqual(before.find((d) => d.code === 'B'));
        expect(byCode.get('C')).toEqual(before.find((d) => d.code === 'C'));
        expect(byCode.get('A')?.name).toBe('甲２');
      },
    },
    {
      title: 'D8 unchanged and notInSource departments are not rewritten (row revisions)',
      requires: ['revisions'],
      async run({ storage, inspect, tenantId }) {
        const seeded = await seedDepartments(storage, tenantId, [
          buildDepartmentCreate({ code: 'A' }),
          buildDepartmentCreate({ code: 'B', parentCode: 'A' }),
          buildDepartmentCreate({ code: 'C', parentCode: 'A' }),
        ]);
        const revisions = inspect.revisions!;
        const before = await revisions('departments', tenantId);
        await applyDepartmentPlan(
          storage,
          tenantId,
          buildDepartmentPlan({
            creates: [buildDepartmentCreate({ code: 'D', parentCode: 'B' })],
            updates: [buildDepartmentUpdate(pick(seeded, 'A'), { name: 'A renamed' })],
            unchanged: [unchangedDepartment(pick(seeded, 'B'))],
            notInSource: [{ id: pick(seeded, 'C').id, code: 'C' }],
          }),
        );
        const after = await revisions('departments', tenantId);
        const id = (code: string) => pick(seeded, code).id;
        expect(after[id('B')], 'unchanged row B was rewritten').toEqual(before[id('B')]);
        expect(after[id('C')], 'notInSource row C was rewritten').toEqual(before[id('C')]);
        // The updated row's revision moves, which shows the inspector can see a write at all.
        expect(after[id('A')], 'updated row A shows no write').not.toEqual(before[id('A')]);
      },
    },
    {
      title: 'D8 columns the sync does not map survive creates and updates',
      requires: ['unmapped'],
      async run({ storage, inspect, tenantId }) {
        const seeded = await seedDepartments(storage, tenantId, [
          buildDepartmentCreate({ code: 'A' }),
          buildDepartmentCreate({ code: 'B' }),
          buildDepartmentCreate({ code: 'C' }),
        ]);
        const unmapped = inspect.unmapped!;
        const id = (code: string) => pick(seeded, code).id;
        await unmapped.set('departments', tenantId, id('A'), '管理者メモ：統合予定');
        await unmapped.set('departments', tenantId, id('B'), 'memo B 📝');
        await applyDepartmentPlan(
          storage,
          tenantId,
          buildDepartmentPlan({
            creates: [buildDepartmentCreate({ code: 'D', parentCode: 'A' })],
            updates: [buildDepartmentUpdate(pick(seeded, 'A'), { name: 'A2', parentCode: 'C' })],
            unchanged: [unchangedDepartment(pick(seeded, 'B'))],
          }),
        );
        expect(await unmapped.get('departments', tenantId, id('A'))).toBe('管理者メモ：統合予定');
        expect(await unmapped.get('departments', tenantId, id('B'))).toBe('memo B 📝');
        expect(await unmapped.get('departments', tenantId, id('C'))).toBeNull();
        const stored = await storedDepartments(inspect, tenantId);
        expect(stored.find((d) => d.code === 'A')).toMatchObject({ name: 'A2', parentCode: 'C' });
      },
    },
    {
      title: 'an empty plan writes nothing and reports zero counts',
      async run({ storage, inspect, tenantId }) {
        await seedDepartments(storage, tenantId, [buildDepartmentCreate({ code: 'A' })]);
        const before = await storedDepartments(inspect, tenantId);
        const revisionsBefore = await inspect.revisions?.('departments', tenantId);
        const result = await applyDepartmentPlan(storage, tenantId, buildDepartmentPlan());
        expect({ created: result.created, updated: result.updated }).toEqual({
          created: 0,
          updated: 0,
        });
        expect(await storedDepartments(inspect, tenantId)).toEqual(before);
        expect(await inspect.revisions?.('departments', tenantId)).toEqual(revisionsBefore);
      },
    },
  ],
};

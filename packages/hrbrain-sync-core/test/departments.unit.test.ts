import type { HrbrainOrganizationItem } from '@mikiwame/hrbrain-client';
import { describe, expect, it } from 'vitest';
import { type Department, planDepartmentSync } from '../src/index';
import { applyDepartments } from './support/apply';
import { dept, fieldDefinitions, snapshot } from './support/snapshot';

const plan = (departments: HrbrainOrganizationItem[], existing: Department[] = []) =>
  planDepartmentSync({ snapshot: snapshot({ departments }), existing });

const codesOf = (rows: { code: string }[]) => rows.map((r) => r.code);
const rowsOf = (p: ReturnType<typeof plan>) =>
  p.errors.map((r) => ({ id: r.sourceId, code: r.code, severity: r.severity, rule: r.rule }));

/** A chain of `depth` departments d1 > d2 > … with codes C1, C2, … */
function chain(depth: number, level = 1): HrbrainOrganizationItem {
  return dept(
    `d${level}`,
    `部署${level}`,
    `C${level}`,
    level < depth ? [chain(depth, level + 1)] : [],
  );
}

describe('planDepartmentSync', () => {
  it('D1: a department with the same code is updated; an unknown code is created', () => {
    const existing: Department[] = [
      { id: 't1', code: '1000', name: '旧営業部', parentCode: null, sourceId: 'o1' },
    ];
    const p = plan([dept('o1', '営業部', '1000'), dept('o2', '開発部', '2000')], existing);
    expect(p.updates).toEqual([
      {
        id: 't1',
        sourceId: 'o1',
        values: { code: '1000', name: '営業部', parentCode: null },
        changes: [{ field: 'name', from: '旧営業部', to: '営業部' }],
      },
    ]);
    expect(p.creates).toEqual([{ code: '2000', name: '開発部', parentCode: null, sourceId: 'o2' }]);
  });

  it('D1: a changed code is a different department, even with the same name; the old one is left', () => {
    const existing: Department[] = [{ id: 't1', code: 'OLD', name: '営業部', parentCode: null }];
    const p = plan([dept('o1', '営業部', 'NEW')], existing);
    expect(p.creates).toEqual([{ code: 'NEW', name: '営業部', parentCode: null, sourceId: 'o1' }]);
    expect(p.updates).toEqual([]);
    expect(p.notInSource).toEqual([{ id: 't1', code: 'OLD' }]);
  });

  it('D1: creates are ordered parents first', () => {
    const p = plan([
      dept('z', 'Z', 'Z', [dept('a', 'A', 'A', [dept('m', 'M', '0')])]),
      dept('b', 'B', 'B'),
    ]);
    expect(codesOf(p.creates)).toEqual(['B', 'Z', 'A', '0']);
    expect(p.creates.map((c) => c.parentCode)).toEqual([null, null, 'Z', 'A']);
    // and an applier that insists on parents first accepts them
    expect(() => applyDepartments([], p)).not.toThrow();
  });

  it('D2: departments without a code (missing, empty, blank) are skipped with DEPARTMENT_CODE_MISSING', () => {
    const p = plan([
      dept('o1', 'コードなし', undefined),
      dept('o2', '空コード', ''),
      dept('o3', '空白コード', ' \u3000 '),
      dept('o4', 'null', null),
      dept('o5', 'ok', '5'),
    ]);
    expect(p.skipped.map((s) => [s.sourceId, s.codes])).toEqual([
      ['o1', ['DEPARTMENT_CODE_MISSING']],
      ['o2', ['DEPARTMENT_CODE_MISSING']],
      ['o3', ['DEPARTMENT_CODE_MISSING']],
      ['o4', ['DEPARTMENT_CODE_MISSING']],
    ]);
    expect(p.errors[0]).toMatchObject({
      severity: 'error',
      rule: 'D2',
      field: 'code',
      sourceKey: '',
    });
    expect(p.errors[0]?.messageJa).toContain(
      'HRBrainで部署『コードなし』に組織情報コードを設定してください',
    );
    expect(p.errors[0]?.messageEn).toContain('Set an organization code');
    expect(p.summary).toMatchObject({ source: 5, created: 1, skipped: 4 });
  });

  it('D3: ten levels are synced; deeper departments are skipped with DEPARTMENT_TOO_DEEP', () => {
    const ten = plan([chain(10)]);
    expect(ten.creates).toHaveLength(10);
    expect(ten.errors).toEqual([]);

    const twelve = plan([chain(12)]);
    expect(twelve.creates).toHaveLength(10);
    expect(twelve.skipped.map((s) => [s.sourceId, s.codes])).toEqual([
      ['d11', ['DEPARTMENT_TOO_DEEP']],
      ['d12', ['DEPARTMENT_TOO_DEEP']],
    ]);
    expect(twelve.errors[0]?.messageJa).toContain('11階層目');
    expect(twelve.errors[0]?.rule).toBe('D3');
  });

  it('D4: every department sharing a code is skipped, one error row each', () => {
    const p = plan([
      dept('o1', 'A', 'X'),
      dept('o2', 'B', 'X'),
      dept('o3', 'C', ' X '),
      dept('o4', 'D', 'Y'),
    ]);
    expect(p.skipped.map((s) => s.sourceId)).toEqual(['o1', 'o2', 'o3']);
    expect(rowsOf(p)).toEqual([
      { id: 'o1', code: 'DEPARTMENT_CODE_DUPLICATE', severity: 'error', rule: 'D4' },
      { id: 'o2', code: 'DEPARTMENT_CODE_DUPLICATE', severity: 'error', rule: 'D4' },
      { id: 'o3', code: 'DEPARTMENT_CODE_DUPLICATE', severity: 'error', rule: 'D4' },
    ]);
    expect(codesOf(p.creates)).toEqual(['Y']);
  });

  it('D5: a department under a skipped parent goes under its nearest synced ancestor, with a warning', () => {
    const p = plan([
      dept('root', '本社', 'R', [dept('mid', '(コードなし)', '', [dept('leaf', '課', 'L')])]),
      dept('top', '(コードなし)', '', [dept('orphan', '室', 'O')]),
    ]);
    const leaf = p.creates.find((c) => c.code === 'L');
    const orphan = p.creates.find((c) => c.code === 'O');
    expect(leaf?.parentCode).toBe('R');
    expect(orphan?.parentCode).toBeNull();
    const warnings = p.errors.filter((r) => r.severity === 'warning');
    expect(warnings.map((r) => [r.sourceId, r.code, r.rule])).toEqual([
      ['leaf', 'DEPARTMENT_PARENT_SKIPPED', 'D5'],
      ['orphan', 'DEPARTMENT_PARENT_SKIPPED', 'D5'],
    ]);
    expect(warnings[0]?.messageJa).toContain('本社');
    expect(p.summary.warnings).toBe(2);
  });

  it('D5: a parent cycle and a missing parent id give error rows and those departments are skipped', () => {
    const p = plan([
      { id: 'a', value: 'A', code: 'A', parentId: 'b' },
      { id: 'b', value: 'B', code: 'B', parentId: 'a' },
      { id: 'c', value: 'C', code: 'C', parentId: 'a' },
      { id: 'x', value: 'X', code: 'X', parentId: 'nope' },
      { id: 'y', value: 'Y', code: 'Y', parentId: 'x' },
    ]);
    expect(p.skipped.map((s) => [s.sourceId, s.codes])).toEqual([
      ['a', ['DEPARTMENT_PARENT_CYCLE']],
      ['b', ['DEPARTMENT_PARENT_CYCLE']],
      ['x', ['DEPARTMENT_PARENT_NOT_FOUND']],
    ]);
    // below a cycle or a missing parent: synced as roots, with a warning
    expect(p.creates).toEqual([
      { code: 'C', name: 'C', parentCode: null, sourceId: 'c' },
      { code: 'Y', name: 'Y', parentCode: null, sourceId: 'y' },
    ]);
    expect(p.errors.find((r) => r.code === 'DEPARTMENT_PARENT_NOT_FOUND')?.messageEn).toContain(
      'nope',
    );
  });

  it('D6: planning is pure: it neither mutates its input nor writes anything', () => {
    const snap = snapshot({ departments: [dept('o1', 'A', 'A', [dept('o2', 'B', 'B')])] });
    const existing: Department[] = [{ id: 't', code: 'A', name: 'old', parentCode: null }];
    const before = structuredClone({ snap, existing });
    const first = planDepartmentSync({ snapshot: snap, existing });
    expect({ snap, existing }).toEqual(before);
    expect(planDepartmentSync({ snapshot: snap, existing })).toEqual(first);
  });

  it('D7: departments absent from the source are listed as notInSource and never touched', () => {
    const existing: Department[] = [
      { id: 't1', code: 'GONE', name: '解散部', parentCode: null },
      { id: 't2', code: 'A', name: 'A', parentCode: null, sourceId: 'o1' },
    ];
    const p = plan([dept('o1', 'A', 'A')], existing);
    expect(p.notInSource).toEqual([{ id: 't1', code: 'GONE' }]);
    expect(p.updates).toEqual([]);
    expect(p.summary).toMatchObject({ unchanged: 1, notInSource: 1 });
  });

  it('D8: unchanged departments get no update; an update names only the values that differ', () => {
    const existing: Department[] = [
      { id: 't1', code: 'A', name: 'A', parentCode: null, sourceId: 'o1' },
      { id: 't2', code: 'B', name: 'B', parentCode: null, sourceId: 'o2' },
    ];
    const p = plan([dept('o1', 'A', 'A', [dept('o2', 'B', 'B')])], existing);
    expect(p.unchanged).toEqual([{ id: 't1', sourceId: 'o1', key: 'A' }]);
    expect(p.updates).toEqual([
      {
        id: 't2',
        sourceId: 'o2',
        values: { code: 'B', name: 'B', parentCode: 'A' },
        changes: [{ field: 'parentCode', from: null, to: 'A' }],
      },
    ]);
  });

  it('D9: codes and names are trimmed; codes compare exactly (case-sensitive)', () => {
    const existing: Department[] = [
      { id: 't1', code: 'abc', name: '営業', parentCode: null, sourceId: 'o9' },
    ];
    const p = plan([dept('o1', '  営業部\u3000', ' ABC ')], existing);
    expect(p.creates).toEqual([{ code: 'ABC', name: '営業部', parentCode: null, sourceId: 'o1' }]);
    expect(p.notInSource).toEqual([{ id: 't1', code: 'abc' }]);
  });

  it('D10/J4: a matching department whose item id is new is linked: only the id is recorded, not an update', () => {
    const existing: Department[] = [{ id: 't1', code: 'A', name: 'A', parentCode: null }];
    const p = plan([dept('o1', 'A', 'A')], existing);
    expect(p.updates).toEqual([]);
    expect(p.links).toEqual([{ id: 't1', sourceId: 'o1', key: 'A' }]);
    expect(p.summary).toMatchObject({ source: 1, updated: 0, linked: 1, unchanged: 0 });
  });

  it('D10: an update of a department whose item id is new records the id with the change', () => {
    const existing: Department[] = [{ id: 't1', code: 'A', name: '旧', parentCode: null }];
    const p = plan([dept('o1', 'A', 'A')], existing);
    expect(p.updates).toEqual([
      {
        id: 't1',
        sourceId: 'o1',
        values: { code: 'A', name: 'A', parentCode: null },
        changes: [
          { field: 'name', from: '旧', to: 'A' },
          { field: 'sourceId', from: null, to: 'o1' },
        ],
      },
    ]);
    expect(p.links).toEqual([]);
  });

  it('D10: an item whose code changed creates a new department and warns with the old code', () => {
    const existing: Department[] = [
      { id: 't1', code: 'OLD-1', name: '営業部', parentCode: null, sourceId: 'o1' },
    ];
    const p = plan([dept('o1', '営業部', 'NEW-1')], existing);
    expect(p.creates).toEqual([
      { code: 'NEW-1', name: '営業部', parentCode: null, sourceId: 'o1' },
    ]);
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0]).toMatchObject({
      code: 'DEPARTMENT_CODE_CHANGED',
      rule: 'D10',
      severity: 'warning',
      sourceKey: 'NEW-1',
    });
    expect(p.errors[0]?.messageJa).toContain('OLD-1');
    expect(p.errors[0]?.messageEn).toContain('OLD-1');
    expect(p.notInSource).toEqual([{ id: 't1', code: 'OLD-1' }]);
  });

  it('F3: the department tree is the item tree of the organization behind 主部署', () => {
    const snap = snapshot({ departments: [dept('o1', 'A', 'A')] });
    snap.fields = fieldDefinitions({ team: { organizationId: 'org-other' } });
    snap.organizations['org-other'] = { type: 'tree', items: [dept('x1', 'X', 'X')] };
    expect(codesOf(planDepartmentSync({ snapshot: snap, existing: [] }).creates)).toEqual(['X']);
  });

  it('J4: every source department lands in exactly one outcome and the summary matches', () => {
    const existing: Department[] = [
      { id: 't1', code: 'A', name: 'A', parentCode: null, sourceId: 'o1' },
      { id: 't2', code: 'B', name: 'old', parentCode: null, sourceId: 'o2' },
    ];
    const p = plan(
      [dept('o1', 'A', 'A'), dept('o2', 'B', 'B'), dept('o3', 'C', 'C'), dept('o4', 'D', '')],
      existing,
    );
    expect(p.summary).toEqual({
      source: 4,
      created: 1,
      updated: 1,
      linked: 0,
      unchanged: 1,
      skipped: 1,
      warnings: 0,
      notInSource: 0,
    });
  });
});

describe('planDepartmentSync: J3 subject of a row', () => {
  it('J3: every row names its department: subjectName 部署名 and subjectCode 部署コード (absent when none)', () => {
    const p = plan([
      dept('o1', '本社', 'HQ', [dept('o2', 'プロジェクト室', '', [dept('o3', '一課', 'P1')])]),
      dept('o4', '営業部', 'S'),
      dept('o5', '営業二部', 'S'),
    ]);
    expect(p.errors.map((r) => [r.sourceId, r.code, r.subjectName, r.subjectCode])).toEqual([
      ['o2', 'DEPARTMENT_CODE_MISSING', 'プロジェクト室', undefined],
      ['o3', 'DEPARTMENT_PARENT_SKIPPED', '一課', 'P1'],
      ['o4', 'DEPARTMENT_CODE_DUPLICATE', '営業部', 'S'],
      ['o5', 'DEPARTMENT_CODE_DUPLICATE', '営業二部', 'S'],
    ]);
    expect(p.errors[0]).not.toHaveProperty('subjectCode');
  });
});

describe('planDepartmentSync: D10 over two runs', () => {
  it('D10: the code change is warned with the create, not again on the next run', () => {
    const existing: Department[] = [
      { id: 't1', code: 'OLD', name: 'A', parentCode: null, sourceId: 'o1' },
    ];
    const first = plan([dept('o1', 'A', 'NEW')], existing);
    expect(first.errors.map((r) => r.code)).toEqual(['DEPARTMENT_CODE_CHANGED']);
    const second = plan([dept('o1', 'A', 'NEW')], applyDepartments(existing, first));
    expect(second.errors).toEqual([]);
    expect(second.unchanged.map((u) => u.key)).toEqual(['NEW']);
  });
});

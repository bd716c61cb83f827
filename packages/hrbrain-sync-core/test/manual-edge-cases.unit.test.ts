// Edge cases of the rules, written from the manual and sync-rules.md against the public API
// only (a review pass: each case is one an acceptance test could reasonably pick).
import type { HrbrainMember, HrbrainOrganizationItem } from '@mikiwame/hrbrain-client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Department,
  type Employee,
  FieldNotFoundError,
  HrbrainSyncConfigError,
  HrbrainSyncError,
  planDepartmentSync,
  planEmployeeSync,
  renderErrorCsv,
} from '../src/index';
import {
  dept,
  FIELDS,
  fieldDefinitions,
  type MemberInput,
  member,
  person,
  snapshot,
  storedEmployee,
} from './support/snapshot';

const departments = [dept('o-sales', '営業部', 'S100')];
const target: Department[] = [{ id: 'd1', code: 'S100', name: '営業部', parentCode: null }];

const planEmployees = (
  members: MemberInput[],
  existing: Employee[] = [],
  fields = fieldDefinitions(),
) =>
  planEmployeeSync({
    snapshot: snapshot({ departments, members, fields }),
    existing,
    departments: target,
  });

const one = (overrides: Partial<MemberInput>) => {
  const p = planEmployees([person('m1', overrides)]);
  return { p, create: p.creates[0] };
};

const planDepartments = (items: HrbrainOrganizationItem[], existing: Department[] = []) =>
  planDepartmentSync({ snapshot: snapshot({ departments: items }), existing });

function chain(depth: number, level = 1): HrbrainOrganizationItem {
  return dept(
    `d${String(level).padStart(2, '0')}`,
    `部署${level}`,
    `C${level}`,
    level < depth ? [chain(depth, level + 1)] : [],
  );
}

describe('F1: labels compare after NFKC with all whitespace removed', () => {
  it.each(['氏(カナ)', '氏 （カナ）', '氏\u3000（カナ）', ' 氏（カナ） ', '氏（ カナ ）'])(
    'F1: the 氏（カナ） field labelled %j is found',
    (label) => {
      const fields = fieldDefinitions({ lastNameKana: { label } });
      const p = planEmployees([person('m1', { lastNameKana: 'ヤマダ' })], [], fields);
      expect(p.creates[0]?.lastNameKana).toBe('ヤマダ');
    },
  );

  it('F1: 役職･職位 with a half-width middle dot is 役職・職位', () => {
    const fields = fieldDefinitions({ position: { label: '役職･職位' } });
    const p = planEmployees([person('m1', { position: '課長' })], [], fields);
    expect(p.creates[0]?.position).toBe('課長');
  });

  it.each([
    ['lastNameKana', '氏（カナ）'],
    ['firstNameKana', '名（カナ）'],
    ['gender', '性別'],
  ] as const)(
    'F1/F2: a renamed required field %s (no alias) is FIELD_NOT_FOUND naming %s',
    (name, label) => {
      const fields = fieldDefinitions({ [name]: { label: `${label}2` } });
      let error: unknown;
      try {
        planEmployees([person('m1')], [], fields);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FieldNotFoundError);
      expect(error).toMatchObject({ code: 'FIELD_NOT_FOUND', label });
      expect((error as Error).message).toContain(label);
    },
  );
});

describe('E13: kana normalisation', () => {
  it.each([
    ['ｶﾞｯｺｳ', 'ガッコウ'],
    ['ﾊﾟﾋﾟﾌﾟ', 'パピプ'],
    ['やまだ', 'ヤマダ'],
    ['ゔぁ', 'ヴァ'],
    ['\u3000ヤマダ\u3000', 'ヤマダ'],
    [' ﾔﾏﾀﾞ ', 'ヤマダ'],
    ['ヤマダー', 'ヤマダー'],
  ])('E13: %j → %j', (raw, expected) => {
    const { create } = one({ lastNameKana: raw });
    expect(create?.lastNameKana).toBe(expected);
  });

  it('E13/E3: business kana is normalised too', () => {
    const { create } = one({ bizLastNameKana: 'さとう', bizFirstNameKana: 'ｲﾁﾛｳ' });
    expect(create).toMatchObject({ lastNameKana: 'サトウ', firstNameKana: 'イチロウ' });
  });

  it('E2/E13: kana made only of (full-width) spaces is missing', () => {
    const { p } = one({ firstNameKana: '\u3000 ' });
    expect(p.skipped.map((s) => s.codes)).toEqual([['EMPLOYEE_KANA_MISSING']]);
  });
});

describe('E9: birth dates', () => {
  it.each([
    ['2024/02/29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['1988/7/1', '1988-07-01'],
    ['1988-07-01', '1988-07-01'],
    ['１９８８／０７／０１', '1988-07-01'],
    [' 1988/07/01 ', '1988-07-01'],
  ])('E9: %j is stored as %j', (raw, iso) => {
    const { create, p } = one({ birthDate: raw });
    expect(create?.birthDate).toBe(iso);
    expect(p.errors).toEqual([]);
  });

  it.each([
    '2023/02/29',
    '1900-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '2024/01/00',
    '1988-07/01',
    '19880701',
    '88/07/01',
    'yesterday',
  ])('E9: %j is not written, with a warning', (raw) => {
    const { create, p } = one({ birthDate: raw });
    expect(create?.birthDate).toBeNull();
    expect(p.errors).toMatchObject([
      {
        severity: 'warning',
        code: 'EMPLOYEE_BIRTH_DATE_INVALID',
        rule: 'E9',
        sourceId: 'm1',
        sourceKey: 'm1@example.com',
        field: 'birthDate',
        value: raw.trim(),
      },
    ]);
    expect(p.summary).toMatchObject({ created: 1, skipped: 0, warnings: 1 });
  });

  it('E9: an invalid date keeps the stored one on update', () => {
    const existing = storedEmployee({ birthDate: '1980-01-01' });
    const p = planEmployees([person('m1', { birthDate: '2023/02/29' })], [existing]);
    expect(p.updates).toEqual([]);
    expect(p.unchanged).toHaveLength(1);
  });
});

describe('E6/E8/E7: value mappings', () => {
  it.each([
    ['正社員', 'regular'],
    ['契約社員', 'contract'],
    ['派遣', 'dispatched'],
    ['パートタイム', 'part_time'],
    ['アルバイト', 'part_time'],
    ['バイト', 'part_time'],
    ['業務委託', 'outsourced'],
    ['インターン', 'other'],
    ['短時間正社員', 'other'],
    ['嘱託', 'other'],
    ['正社員（本社）', 'other'],
  ])('E6: %s → %s', (name, type) => {
    expect(one({ employment: name }).create?.employmentType).toBe(type);
  });

  it('E6: a blank employment type is no value', () => {
    expect(one({ employment: '' }).create?.employmentType).toBeNull();
  });

  it('E6: a type name with surrounding spaces still maps', () => {
    const snap = snapshot({ departments, members: [person('m1', { employment: { id: 'x' } })] });
    snap.organizations['org-emp']!.items.push({ id: 'x', value: ' 派遣 ', code: 'e-x' });
    const p = planEmployeeSync({ snapshot: snap, existing: [], departments: target });
    expect(p.creates[0]?.employmentType).toBe('dispatched');
  });

  it.each([
    ['男性', 'male'],
    ['女性', 'female'],
    ['その他', 'other'],
    ['回答しない', 'other'],
    ['', null],
  ])('E8: %j → %j', (raw, gender) => {
    expect(one({ gender: raw }).create?.gender).toBe(gender);
  });

  it.each([
    ['退職済み', true],
    ['在籍', false],
    ['休職', false],
  ] as const)('E7: %s → retired %s', (status, retired) => {
    expect(one({ status }).create?.retired).toBe(retired);
  });
});

describe('E1/E4: e-mail keys', () => {
  it('E4: three members sharing an address (any case, padded) are all skipped, one row each', () => {
    const p = planEmployees([
      person('m1', { email: 'x@example.com' }),
      person('m2', { email: ' X@Example.com' }),
      person('m3', { email: 'x@EXAMPLE.com ' }),
      person('m4'),
    ]);
    expect(p.skipped.map((s) => [s.sourceId, s.codes])).toEqual([
      ['m1', ['EMPLOYEE_EMAIL_DUPLICATE']],
      ['m2', ['EMPLOYEE_EMAIL_DUPLICATE']],
      ['m3', ['EMPLOYEE_EMAIL_DUPLICATE']],
    ]);
    expect(p.errors.map((r) => [r.sourceId, r.code, r.rule, r.severity])).toEqual([
      ['m1', 'EMPLOYEE_EMAIL_DUPLICATE', 'E4', 'error'],
      ['m2', 'EMPLOYEE_EMAIL_DUPLICATE', 'E4', 'error'],
      ['m3', 'EMPLOYEE_EMAIL_DUPLICATE', 'E4', 'error'],
    ]);
    expect(p.summary).toMatchObject({ source: 4, created: 1, skipped: 3 });
  });

  it('E1: a padded address is stored trimmed on create', () => {
    expect(one({ email: '  Hanako@Example.com\u3000' }).create?.email).toBe('Hanako@Example.com');
  });

  it('E2: an address of spaces only is missing', () => {
    const { p } = one({ email: '   ' });
    expect(p.skipped.map((s) => s.codes)).toEqual([['EMPLOYEE_EMAIL_MISSING']]);
  });
});

describe('E3/E5', () => {
  it('E3: a blank (spaces only) business name does not replace the legal one', () => {
    const { create } = one({ bizLastName: '\u3000', bizFirstName: ' ' });
    expect(create).toMatchObject({ lastName: '山田', firstName: '太郎' });
  });

  it('E3: business first name alone replaces 名 only', () => {
    const { create } = one({ bizFirstName: '花' });
    expect(create).toMatchObject({ lastName: '山田', firstName: '花' });
  });

  it.each(['A-0001', 'abc_12.3', '  7 '])('E5: %j is a valid number', (raw) => {
    const { create, p } = one({ number: raw });
    expect(create?.employeeNumber).toBe(raw.trim());
    expect(p.errors).toEqual([]);
  });

  it.each(['０００２', 'A 1', 'A/1', 'ａ1', 'イチ', '#1'])(
    'E5: %j warns and is not written',
    (raw) => {
      const { create, p } = one({ number: raw });
      expect(create?.employeeNumber).toBeNull();
      expect(p.errors).toMatchObject([
        { severity: 'warning', code: 'EMPLOYEE_NUMBER_INVALID', rule: 'E5', value: raw },
      ]);
    },
  );
});

describe('F3: an unknown pulldown id is never blank', () => {
  it.each([
    ['position', 'position', { position: '部長' }],
    ['employment', 'employmentType', { employmentType: 'regular' }],
    ['status', 'retired', { retired: true }],
  ] as const)(
    'F3: an unknown %s id is not written: the stored value stays, warning FIELD_VALUE_UNKNOWN',
    (name, field, storedValue) => {
      const p = planEmployees(
        [person('m1', { [name]: { id: 'ghost' } })],
        [storedEmployee(storedValue)],
      );
      expect(p.updates).toEqual([]);
      expect(p.unchanged.map((u) => u.sourceId)).toEqual(['m1']);
      expect(p.errors).toMatchObject([
        {
          severity: 'warning',
          code: 'FIELD_VALUE_UNKNOWN',
          rule: 'F3',
          sourceId: 'm1',
          field,
          value: 'ghost',
        },
      ]);
      expect(p.errors[0]?.messageJa).toContain(FIELDS[name].label);
      expect(p.errors[0]?.messageJa).toContain('ミキワメの値をそのまま残します');
      // on a create there is no stored value: blank, with the same warning
      const { create } = one({ [name]: { id: 'ghost' } });
      expect(create?.[field]).toBe(field === 'retired' ? false : null);
    },
  );

  it('F3: an unknown 主部署 id skips the employee with EMPLOYEE_DEPARTMENT_UNKNOWN naming the id; the stored department stays', () => {
    const p = planEmployees(
      [person('m1', { team: { id: 'dept-gone' }, lastName: '佐藤' })],
      [storedEmployee({ departmentCode: 'S100' })],
    );
    expect(p.updates).toEqual([]);
    expect(p.skipped).toEqual([
      { sourceId: 'm1', sourceKey: 'm1@example.com', codes: ['EMPLOYEE_DEPARTMENT_UNKNOWN'] },
    ]);
    expect(p.errors).toMatchObject([
      {
        severity: 'error',
        code: 'EMPLOYEE_DEPARTMENT_UNKNOWN',
        field: 'departmentCode',
        value: 'dept-gone',
      },
    ]);
    expect(p.errors[0]?.messageJa).toContain('dept-gone');
    expect(p.errors[0]?.messageEn).toContain('dept-gone');
    expect(p.summary).toMatchObject({ source: 1, skipped: 1, updated: 0 });
  });
});

describe('D3/D5: depth and skipped parents', () => {
  it('D3: exactly level 10 is synced, level 11 is not', () => {
    const p = planDepartments([chain(11)]);
    expect(p.creates.map((c) => c.code)).toEqual(Array.from({ length: 10 }, (_, i) => `C${i + 1}`));
    expect(p.skipped).toEqual([
      { sourceId: 'd11', sourceKey: 'C11', codes: ['DEPARTMENT_TOO_DEEP'] },
    ]);
    expect(p.errors).toMatchObject([{ code: 'DEPARTMENT_TOO_DEEP', rule: 'D3', sourceId: 'd11' }]);
  });

  it('D5: a chain of skipped parents places the department under the nearest synced ancestor', () => {
    const items = [
      dept('a', 'A', 'A', [dept('b', 'B', '', [dept('c', 'C', ' ', [dept('d', 'D', 'D')])])]),
    ];
    const p = planDepartments(items);
    expect(p.creates).toEqual([
      { code: 'A', name: 'A', parentCode: null, sourceId: 'a' },
      { code: 'D', name: 'D', parentCode: 'A', sourceId: 'd' },
    ]);
    expect(p.errors.map((r) => [r.sourceId, r.code, r.severity])).toEqual([
      ['b', 'DEPARTMENT_CODE_MISSING', 'error'],
      ['c', 'DEPARTMENT_CODE_MISSING', 'error'],
      ['d', 'DEPARTMENT_PARENT_SKIPPED', 'warning'],
    ]);
    expect(p.summary).toMatchObject({ source: 4, created: 2, skipped: 2, warnings: 1 });
  });

  it('D5: the warning names the ancestor it is placed under, by code when it has no name', () => {
    const p = planDepartments([dept('a', '', 'A', [dept('b', 'B', '', [dept('c', 'C', 'C')])])]);
    expect(p.creates.map((c) => [c.code, c.parentCode])).toEqual([
      ['A', null],
      ['C', 'A'],
    ]);
    const warning = p.errors.find((r) => r.code === 'DEPARTMENT_PARENT_SKIPPED');
    expect(warning?.messageJa).toContain('『A』の下');
    expect(warning?.messageEn).toContain('"A"');
  });

  it('D5: a department under a duplicated-code parent becomes a root with a warning', () => {
    const items = [dept('a', 'A', 'X', [dept('c', 'C', 'C')]), dept('b', 'B', 'X')];
    const p = planDepartments(items);
    expect(p.creates).toEqual([{ code: 'C', name: 'C', parentCode: null, sourceId: 'c' }]);
    expect(p.summary).toMatchObject({ source: 3, created: 1, skipped: 2, warnings: 1 });
  });
});

describe('D10/E12 warnings', () => {
  it('D10: a code change creates a new department and warns with the old code', () => {
    const existing: Department[] = [
      { id: 't1', code: 'OLD', name: '営業部', parentCode: null, sourceId: 'o1' },
    ];
    const p = planDepartments([dept('o1', '営業部', 'NEW')], existing);
    expect(p.creates).toEqual([{ code: 'NEW', name: '営業部', parentCode: null, sourceId: 'o1' }]);
    expect(p.notInSource).toEqual([{ id: 't1', code: 'OLD' }]);
    expect(p.errors).toMatchObject([
      {
        severity: 'warning',
        code: 'DEPARTMENT_CODE_CHANGED',
        rule: 'D10',
        sourceId: 'o1',
        sourceKey: 'NEW',
      },
    ]);
    expect(p.errors[0]?.messageJa).toContain('OLD');
    expect(p.summary).toMatchObject({ source: 1, created: 1, warnings: 1, notInSource: 1 });
  });

  it('E12: an e-mail change creates a new employee and warns with the old address', () => {
    const existing = storedEmployee({ email: 'old@example.com' });
    const p = planEmployees([person('m1', { email: 'new@example.com' })], [existing]);
    expect(p.creates.map((c) => c.email)).toEqual(['new@example.com']);
    expect(p.errors).toMatchObject([
      { severity: 'warning', code: 'EMPLOYEE_EMAIL_CHANGED', rule: 'E12', sourceId: 'm1' },
    ]);
    expect(p.errors[0]?.messageEn).toContain('old@example.com');
    expect(p.summary).toMatchObject({ created: 1, warnings: 1, notInSource: 1 });
  });
});

describe('J3: the error file', () => {
  const row = (value: string) => ({
    severity: 'warning' as const,
    code: 'EMPLOYEE_NUMBER_INVALID' as const,
    rule: 'E5',
    sourceId: 'm1',
    sourceKey: 'm1@example.com',
    field: 'employeeNumber',
    value,
    messageJa: 'ja',
    messageEn: 'en',
  });
  const cells = (csv: string) => csv.split('\r\n')[1];

  it.each([
    ['=1+1', "'=1+1"],
    ['+81', "'+81"],
    ['-0001', "'-0001"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tX', "'\tX"],
    ['\rX', `"'\rX"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])('J3: %j is neutralised as %j', (value, cell) => {
    expect(cells(renderErrorCsv([row(value)]))).toBe(
      `m1,,,m1@example.com,警告（連携済み）,EMPLOYEE_NUMBER_INVALID,従業員番号,${cell},ja,en`,
    );
  });

  it('J3: a formula in the e-mail or id columns is neutralised too', () => {
    const csv = renderErrorCsv([{ ...row('x'), sourceId: '=id', sourceKey: '+key' }]);
    expect(cells(csv)?.startsWith("'=id,,,'+key,")).toBe(true);
  });

  it('J3: a line break inside a cell is quoted, not a new row', () => {
    const csv = renderErrorCsv([row('a\nb')]);
    expect(csv.split('\r\n')).toHaveLength(3); // header, row, trailing empty
    expect(csv).toContain('"a\nb"');
  });
});

describe('D1/E1: an id listed twice is one record, whatever the input order', () => {
  it('E1/J4: a member listed twice with different values gives the same plan in either order: both copies skipped, EMPLOYEE_ID_DUPLICATE each', () => {
    const a = member(person('m1', { email: 'a@example.com' }));
    const b = member(person('m1', { email: 'b@example.com', lastName: '後藤' }));
    const c = member(person('m2'));
    const planOf = (members: HrbrainMember[]) =>
      planEmployeeSync({
        snapshot: snapshot({ departments, members }),
        existing: [],
        departments: target,
      });
    const forward = planOf([a, c, b]);
    expect(planOf([b, c, a])).toEqual(forward);
    expect(planOf([c, b, a])).toEqual(forward);
    // J4: the two copies of m1 are two source records, neither synced (one row each)
    expect(forward.summary).toMatchObject({ source: 3, created: 1, skipped: 2 });
    expect(forward.errors.map((r) => [r.code, r.sourceKey])).toEqual([
      ['EMPLOYEE_ID_DUPLICATE', 'a@example.com'],
      ['EMPLOYEE_ID_DUPLICATE', 'b@example.com'],
    ]);
  });

  it('D1/J4: a department item listed twice with the same values is one record', () => {
    const p = planDepartments([dept('o1', '営業部', '1000'), dept('o1', '営業部', '1000')]);
    expect(p.summary).toMatchObject({ source: 1, created: 1 });
    expect(p.errors).toEqual([]);
  });

  it('J4: one item id with codes A and A2 skips both with a DEPARTMENT_ID_DUPLICATE row each, in either order', () => {
    const a = dept('o1', '営業部', 'A', [dept('o3', '営業一課', 'A-1')]);
    const a2 = dept('o1', '営業本部', 'A2');
    const root = (children: HrbrainOrganizationItem[]) => [
      dept('o0', '本社', 'HQ', children),
      dept('o2', '開発部', '2000'),
    ];
    const forward = planDepartments(root([a, a2]));
    expect(planDepartments(root([a2, a]).reverse())).toEqual(forward);
    expect(forward.skipped).toEqual([
      { sourceId: 'o1', sourceKey: 'A', codes: ['DEPARTMENT_ID_DUPLICATE'] },
      { sourceId: 'o1', sourceKey: 'A2', codes: ['DEPARTMENT_ID_DUPLICATE'] },
    ]);
    expect(
      forward.errors
        .filter((r) => r.code === 'DEPARTMENT_ID_DUPLICATE')
        .map((r) => [r.sourceId, r.sourceKey, r.severity, r.rule, r.subjectName]),
    ).toEqual([
      ['o1', 'A', 'error', 'J4', '営業部'],
      ['o1', 'A2', 'error', 'J4', '営業本部'],
    ]);
    // the child of the duplicated id goes under the nearest synced ancestor (D5)
    expect(forward.creates.map((c) => [c.code, c.parentCode])).toEqual([
      ['2000', null],
      ['HQ', null],
      ['A-1', 'HQ'],
    ]);
    expect(forward.summary).toMatchObject({ source: 5, created: 3, skipped: 2 });
    // an existing A is neither updated nor notInSource: it is reported
    const again = planDepartments(root([a, a2]), [
      { id: 't-a', code: 'A', name: '旧営業部', parentCode: null, sourceId: 'o1' },
    ]);
    expect(again.updates).toEqual([]);
    expect(again.notInSource).toEqual([]);
  });

  it('F3: a pulldown item listed twice resolves the same in either order', () => {
    const planWith = (first: string, second: string) => {
      const snap = snapshot({ departments, members: [person('m1', { position: { id: 'p' } })] });
      snap.organizations['org-pos']!.items.push(
        { id: 'p', value: first },
        { id: 'p', value: second },
      );
      return planEmployeeSync({ snapshot: snap, existing: [], departments: target });
    };
    expect(planWith('部長', '課長')).toEqual(planWith('課長', '部長'));
  });
});

describe('planner input: a clear error instead of a TypeError', () => {
  const s = snapshot({ departments, members: [person('m1')] });
  const invalid = (fn: () => unknown, mentions: string) => {
    let error: unknown;
    try {
      fn();
    } catch (e) {
      error = e;
    }
    expect(HrbrainSyncError.isInstance(error)).toBe(true);
    expect(HrbrainSyncConfigError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((error as Error).message).toContain(mentions);
  };

  it('D1: planDepartmentSync without existing departments names the argument', () => {
    invalid(() => planDepartmentSync({ snapshot: s } as never), '`existing`');
    invalid(() => planDepartmentSync(undefined as never), 'planDepartmentSync takes one object');
    invalid(
      () => planDepartmentSync({ snapshot: s, existing: [{ id: 'x' }] } as never),
      '`existing[0]`',
    );
  });

  it('E1/E2: planEmployeeSync without existing or departments names the argument', () => {
    invalid(() => planEmployeeSync({ snapshot: s, existing: [] } as never), '`departments`');
    invalid(() => planEmployeeSync({ snapshot: s, departments: target } as never), '`existing`');
    invalid(
      () =>
        planEmployeeSync({ snapshot: s, existing: [{ id: 'e1' }], departments: target } as never),
      '`existing[0]`',
    );
  });
});

describe('D1/E1 (property): repeated ids never make the plan depend on input order', () => {
  it('E1/J4: members with repeated ids, in any order, give one plan with one outcome per id and distinct contents', () => {
    const memberArb = fc.record({
      id: fc.constantFrom('m1', 'm2', 'm3'),
      email: fc.constantFrom('a@example.com', 'B@example.com', 'b@example.com', ''),
      lastName: fc.constantFrom('山田', '佐藤', ''),
      number: fc.constantFrom('A-1', '０１', ''),
    });
    fc.assert(
      fc.property(
        fc.array(memberArb, { maxLength: 8 }),
        fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        (specs, keys) => {
          const members = specs.map(({ id, ...rest }) => member(person(id, rest)));
          const shuffled = members
            .map((m, i) => ({ m, k: keys[i] ?? 0 }))
            .sort((a, b) => a.k - b.k)
            .map(({ m }) => m);
          const planOf = (list: HrbrainMember[]) =>
            planEmployeeSync({
              snapshot: snapshot({ departments, members: list }),
              existing: [],
              departments: target,
            });
          const forward = planOf(members);
          expect(planOf(shuffled)).toEqual(forward);
          expect(planOf([...members].reverse())).toEqual(forward);
          // J4: one source record per id and distinct contents
          const copies = new Set(members.map((m) => `${m.id}\u0000${JSON.stringify(m)}`));
          expect(forward.summary.source).toBe(copies.size);
        },
      ),
      { numRuns: 200 },
    );
  });
});

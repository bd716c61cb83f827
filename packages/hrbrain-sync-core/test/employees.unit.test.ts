import { describe, expect, it } from 'vitest';
import {
  type Department,
  EMPLOYEE_SYNCED_FIELDS,
  type Employee,
  planEmployeeSync,
} from '../src/index';
import { applyEmployees } from './support/apply';
import {
  dept,
  EMPLOYMENT_TYPES,
  type MemberInput,
  person,
  snapshot,
  storedEmployee,
} from './support/snapshot';

const departments = [dept('o-sales', '営業部', 'S100'), dept('o-nocode', 'プロジェクト室', '')];
const target: Department[] = [{ id: 'd1', code: 'S100', name: '営業部', parentCode: null }];

const plan = (members: MemberInput[], existing: Employee[] = []) =>
  planEmployeeSync({ snapshot: snapshot({ departments, members }), existing, departments: target });

const stored = storedEmployee;

const createdOf = (members: MemberInput[]) => {
  const p = plan(members);
  expect(p.creates).toHaveLength(1);
  return { create: p.creates[0]!, plan: p };
};

describe('planEmployeeSync', () => {
  it('E1: the same e-mail (trimmed, any case) updates; a new address creates', () => {
    const p = plan(
      [person('m1', { email: '  M1@Example.com ', lastName: '山本' }), person('m2')],
      [stored()],
    );
    expect(p.updates).toHaveLength(1);
    expect(p.updates[0]).toMatchObject({ id: 'e1', sourceId: 'm1' });
    // the stored address becomes the trimmed source value
    expect(p.updates[0]?.changes).toEqual([
      { field: 'email', from: 'm1@example.com', to: 'M1@Example.com' },
      { field: 'lastName', from: '山田', to: '山本' },
    ]);
    expect(p.creates.map((c) => c.email)).toEqual(['m2@example.com']);
  });

  it('E1: a changed address is a different employee; the old one is left as notInSource', () => {
    const p = plan([person('m9', { email: 'new@example.com' })], [stored({ sourceId: null })]);
    expect(p.creates.map((c) => c.email)).toEqual(['new@example.com']);
    expect(p.notInSource).toEqual([{ id: 'e1', email: 'm1@example.com' }]);
  });

  it('E2: 主部署 unknown to Mikiwame skips the employee; a blank 主部署 is fine', () => {
    const p = plan([
      person('m1', { team: { id: 'o-nocode' } }),
      person('m2', { team: { id: 'o-sales' } }),
      person('m3', { team: '' }),
      person('m4'),
    ]);
    expect(p.skipped).toEqual([
      { sourceId: 'm1', sourceKey: 'm1@example.com', codes: ['EMPLOYEE_DEPARTMENT_UNKNOWN'] },
    ]);
    expect(p.errors[0]).toMatchObject({
      rule: 'E2',
      field: 'departmentCode',
      value: 'プロジェクト室',
    });
    expect(p.errors[0]?.messageJa).toContain('プロジェクト室');
    expect(p.creates.map((c) => [c.sourceId, c.departmentCode])).toEqual([
      ['m2', 'S100'],
      ['m3', null],
      ['m4', null],
    ]);
  });

  it('E2: a 主部署 whose code exists in HRBrain but not (yet) in Mikiwame skips the employee', () => {
    const p = planEmployeeSync({
      snapshot: snapshot({ departments, members: [person('m1', { team: { id: 'o-sales' } })] }),
      existing: [],
      departments: [],
    });
    expect(p.skipped[0]?.codes).toEqual(['EMPLOYEE_DEPARTMENT_UNKNOWN']);
    expect(p.errors[0]?.value).toBe('営業部 (S100)');
  });

  it('E2: missing 氏/名, kana or e-mail skip the employee, one row per problem', () => {
    const p = plan([
      person('m1', { lastName: '' }),
      person('m2', { firstName: '  ' }),
      person('m3', { lastNameKana: '' }),
      person('m4', { firstNameKana: undefined }),
      person('m5', { email: ' ' }),
      person('m6', { lastName: '', lastNameKana: '', email: '' }),
    ]);
    expect(p.skipped.map((s) => [s.sourceId, s.codes])).toEqual([
      ['m1', ['EMPLOYEE_NAME_MISSING']],
      ['m2', ['EMPLOYEE_NAME_MISSING']],
      ['m3', ['EMPLOYEE_KANA_MISSING']],
      ['m4', ['EMPLOYEE_KANA_MISSING']],
      ['m5', ['EMPLOYEE_EMAIL_MISSING']],
      ['m6', ['EMPLOYEE_NAME_MISSING', 'EMPLOYEE_KANA_MISSING', 'EMPLOYEE_EMAIL_MISSING']],
    ]);
    expect(p.errors.every((r) => r.rule === 'E2' && r.severity === 'error')).toBe(true);
    expect(p.errors.find((r) => r.code === 'EMPLOYEE_EMAIL_MISSING')?.messageJa).toContain(
      'メールアドレスを入力してください',
    );
    expect(p.summary).toMatchObject({ source: 6, skipped: 6, created: 0 });
  });

  it('E3: a filled business name replaces the legal one, part by part', () => {
    const { create } = createdOf([
      person('m1', {
        lastName: '鈴木',
        firstName: '一郎',
        lastNameKana: 'スズキ',
        firstNameKana: 'イチロウ',
        bizLastName: '佐藤',
        bizFirstName: ' ',
        bizFirstNameKana: 'ジロウ',
      }),
    ]);
    expect(create).toMatchObject({
      lastName: '佐藤',
      firstName: '一郎',
      lastNameKana: 'スズキ',
      firstNameKana: 'ジロウ',
    });
  });

  it('E3/E2: a business name does not rescue a missing legal part it does not fill', () => {
    const p = plan([person('m1', { firstName: '', bizLastName: '佐藤' })]);
    expect(p.skipped[0]?.codes).toEqual(['EMPLOYEE_NAME_MISSING']);
  });

  it('E4: every member sharing an e-mail (any case) is skipped, one row each', () => {
    const p = plan([
      person('m1', { email: 'same@example.com' }),
      person('m2', { email: ' SAME@example.com' }),
      person('m3', { email: 'Same@Example.com', lastName: '' }),
      person('m4'),
    ]);
    expect(p.skipped.map((s) => [s.sourceId, s.codes])).toEqual([
      ['m1', ['EMPLOYEE_EMAIL_DUPLICATE']],
      ['m2', ['EMPLOYEE_EMAIL_DUPLICATE']],
      ['m3', ['EMPLOYEE_NAME_MISSING', 'EMPLOYEE_EMAIL_DUPLICATE']],
    ]);
    expect(p.errors.filter((r) => r.code === 'EMPLOYEE_EMAIL_DUPLICATE')).toHaveLength(3);
    expect(p.creates.map((c) => c.sourceId)).toEqual(['m4']);
  });

  it('E4: an existing employee whose address is duplicated in HRBrain is neither updated nor notInSource', () => {
    const p = plan(
      [person('m1', { email: 'm1@example.com' }), person('m2', { email: 'M1@example.com' })],
      [stored()],
    );
    expect(p.updates).toEqual([]);
    expect(p.notInSource).toEqual([]);
  });

  it('E5: valid numbers are written; invalid ones warn and keep the stored number (null on create)', () => {
    const p = plan(
      [
        person('m1', { number: 'ＡＢ１２' }),
        person('m2', { number: 'A-01_x.9' }),
        person('m3', { number: 'A 01' }),
        person('m4', { number: 'ア123' }),
      ],
      [stored({ employeeNumber: 'OLD-1' })],
    );
    expect(p.updates).toEqual([]); // m1 keeps OLD-1
    expect(p.unchanged.map((u) => u.sourceId)).toEqual(['m1']);
    expect(p.creates.map((c) => [c.sourceId, c.employeeNumber])).toEqual([
      ['m2', 'A-01_x.9'],
      ['m3', null],
      ['m4', null],
    ]);
    const warnings = p.errors.filter((r) => r.code === 'EMPLOYEE_NUMBER_INVALID');
    expect(warnings.map((r) => [r.sourceId, r.value, r.severity, r.rule])).toEqual([
      ['m1', 'ＡＢ１２', 'warning', 'E5'],
      ['m3', 'A 01', 'warning', 'E5'],
      ['m4', 'ア123', 'warning', 'E5'],
    ]);
    expect(p.summary.warnings).toBe(3);
  });

  it('E5: a blank number clears it (HRBrain is the source of truth for mapped values)', () => {
    const p = plan([person('m1', { number: '' })], [stored({ employeeNumber: 'X1' })]);
    expect(p.updates[0]?.changes).toEqual([{ field: 'employeeNumber', from: 'X1', to: null }]);
  });

  it('E6: employment types map per the manual; unknown and renamed ones are other; blank is none', () => {
    const expected: Record<string, string> = {
      正社員: 'regular',
      契約社員: 'contract',
      派遣: 'dispatched',
      パートタイム: 'part_time',
      アルバイト: 'part_time',
      バイト: 'part_time',
      業務委託: 'outsourced',
      インターン: 'other',
      短時間正社員: 'other',
      嘱託: 'other',
      '正社員（本社）': 'other',
    };
    const members = EMPLOYMENT_TYPES.map((name, i) => person(`m${i}`, { employment: name }));
    members.push(person('blank', { employment: '' }));
    const p = plan(members);
    const got = Object.fromEntries(p.creates.map((c) => [c.sourceId, c.employmentType]));
    for (const [i, name] of EMPLOYMENT_TYPES.entries()) {
      expect([name, got[`m${i}`]]).toEqual([name, expected[name]]);
    }
    expect(got.blank).toBeNull();
  });

  it('E7: only 退職済み sets the retired flag', () => {
    const p = plan([
      person('m1', { status: '退職済み' }),
      person('m2', { status: '休職' }),
      person('m3', { status: '在籍' }),
      person('m4'),
    ]);
    expect(p.creates.map((c) => [c.sourceId, c.retired])).toEqual([
      ['m1', true],
      ['m2', false],
      ['m3', false],
      ['m4', false],
    ]);
  });

  it('E7: a sync never clears a retired flag set in Mikiwame', () => {
    const p = plan([person('m1', { status: '在籍' })], [stored({ retired: true })]);
    expect(p.updates).toEqual([]);
    expect(p.unchanged).toHaveLength(1);
    const retire = plan([person('m1', { status: '退職済み' })], [stored()]);
    expect(retire.updates[0]?.changes).toEqual([{ field: 'retired', from: false, to: true }]);
  });

  it('E8: 男性 → male, 女性 → female, anything else → other, blank → null', () => {
    const p = plan([
      person('m1', { gender: '男性' }),
      person('m2', { gender: '女性' }),
      person('m3', { gender: '回答しない' }),
      person('m4', { gender: '' }),
    ]);
    expect(p.creates.map((c) => c.gender)).toEqual(['male', 'female', 'other', null]);
  });

  it('E9: birth dates in YYYY-MM-DD or YYYY/MM/DD become ISO; impossible dates warn and are not written', () => {
    const p = plan(
      [
        person('m1', { birthDate: '1990/02/30' }),
        person('m2', { birthDate: '2000/02/29' }),
        person('m3', { birthDate: '1988-07-01' }),
        person('m4', { birthDate: '1900-02-29' }),
        person('m5', { birthDate: '07/01/1988' }),
      ],
      [stored({ birthDate: '1990-01-01' })],
    );
    expect(p.unchanged.map((u) => u.sourceId)).toEqual(['m1']); // keeps 1990-01-01
    expect(p.creates.map((c) => [c.sourceId, c.birthDate])).toEqual([
      ['m2', '2000-02-29'],
      ['m3', '1988-07-01'],
      ['m4', null],
      ['m5', null],
    ]);
    expect(
      p.errors
        .filter((r) => r.code === 'EMPLOYEE_BIRTH_DATE_INVALID')
        .map((r) => [r.sourceId, r.rule]),
    ).toEqual([
      ['m1', 'E9'],
      ['m4', 'E9'],
      ['m5', 'E9'],
    ]);
  });

  it('E9: a midnight time with no offset or +09:00 is the calendar date; any other time or offset warns and is not written (E13)', () => {
    const p = plan(
      [
        person('m1', { birthDate: '1988-07-01T00:00:00' }),
        person('m2', { birthDate: '1988-07-01T00:00:00+09:00' }),
        person('m3', { birthDate: '1988/07/01T00:00:00' }),
        person('m4', { birthDate: '1988-06-30T15:00:00Z' }),
        person('m5', { birthDate: '1988-07-01T00:00:00Z' }),
        person('m6', { birthDate: '1988-07-01T09:00:00+09:00' }),
        person('m7', { birthDate: '1988-07-01T00:00:00-05:00' }),
        person('m8', { birthDate: '1988-02-30T00:00:00' }),
      ],
      [stored({ birthDate: '1990-01-01', email: 'm4@example.com', sourceId: 'm4' })],
    );
    expect(p.unchanged.map((u) => u.sourceId)).toEqual(['m4']); // keeps 1990-01-01
    expect(p.creates.map((c) => [c.sourceId, c.birthDate])).toEqual([
      ['m1', '1988-07-01'],
      ['m2', '1988-07-01'],
      ['m3', '1988-07-01'],
      ['m5', null],
      ['m6', null],
      ['m7', null],
      ['m8', null],
    ]);
    expect(
      p.errors
        .filter((r) => r.code === 'EMPLOYEE_BIRTH_DATE_INVALID')
        .map((r) => [r.sourceId, r.value, r.severity]),
    ).toEqual([
      ['m4', '1988-06-30T15:00:00Z', 'warning'],
      ['m5', '1988-07-01T00:00:00Z', 'warning'],
      ['m6', '1988-07-01T09:00:00+09:00', 'warning'],
      ['m7', '1988-07-01T00:00:00-05:00', 'warning'],
      ['m8', '1988-02-30T00:00:00', 'warning'],
    ]);
  });

  it('J3: every row names its member: subjectName 姓 名 (business name first, E3) and subjectCode 従業員番号', () => {
    const p = plan(
      [
        person('m1', { number: 'A-1', birthDate: '1990-02-30' }),
        person('m2', { bizLastName: '佐藤', number: 'Ｘ１', team: { id: 'o-nocode' } }),
        person('m3', { lastName: '', email: 'm3@example.com' }),
        person('m4', { email: 'm3@example.com' }),
      ],
      [stored({ email: 'old@example.com', sourceId: 'm1' })],
    );
    expect(p.errors.map((r) => [r.sourceId, r.code, r.subjectName, r.subjectCode])).toEqual([
      ['m1', 'EMPLOYEE_BIRTH_DATE_INVALID', '山田 太郎', 'A-1'],
      ['m1', 'EMPLOYEE_EMAIL_CHANGED', '山田 太郎', 'A-1'],
      ['m2', 'EMPLOYEE_DEPARTMENT_UNKNOWN', '佐藤 太郎', 'Ｘ１'],
      ['m2', 'EMPLOYEE_NUMBER_INVALID', '佐藤 太郎', 'Ｘ１'],
      ['m3', 'EMPLOYEE_NAME_MISSING', '太郎', undefined],
      ['m3', 'EMPLOYEE_EMAIL_DUPLICATE', '太郎', undefined],
      ['m4', 'EMPLOYEE_EMAIL_DUPLICATE', '山田 太郎', undefined],
    ]);
    // absent, not empty, when unknown
    expect(p.errors.find((r) => r.sourceId === 'm3')).not.toHaveProperty('subjectCode');
  });

  it('D8/E10: a change in any mapped field of EMPLOYEE_SYNCED_FIELDS is an update naming exactly that field', () => {
    const member = person('m1', {
      number: 'N-1',
      birthDate: '1990-01-01',
      team: { id: 'o-sales' },
      position: '部長',
      gender: '男性',
      employment: '正社員',
      status: '在籍',
    });
    const same = stored({
      employeeNumber: 'N-1',
      birthDate: '1990-01-01',
      departmentCode: 'S100',
      position: '部長',
      gender: 'male',
      employmentType: 'regular',
      retired: false,
    });
    expect(plan([member], [same]).unchanged).toHaveLength(1);
    const other: Record<string, unknown> = {
      email: 'M1@example.com',
      lastName: '別',
      firstName: '別',
      lastNameKana: 'ベツ',
      firstNameKana: 'ベツ',
      employeeNumber: 'N-2',
      birthDate: '1990-01-02',
      departmentCode: null,
      position: '課長',
      gender: 'female',
      employmentType: 'contract',
    };
    const fields = EMPLOYEE_SYNCED_FIELDS.filter((f) => f !== 'sourceId' && f !== 'retired');
    expect(fields).toHaveLength(11);
    for (const field of fields) {
      const p = plan([member], [{ ...same, [field]: other[field] }]);
      expect([field, p.updates[0]?.changes.map((c) => c.field)]).toEqual([field, [field]]);
    }
    // retired: a stored false with 退職済み in HRBrain is an update (E7 never clears a flag)
    const retire = plan([{ ...member, status: '退職済み' }], [same]);
    expect(retire.updates[0]?.changes.map((c) => c.field)).toEqual(['retired']);
  });

  it('E10: employees absent from the source are notInSource; unchanged ones get no update', () => {
    const p = plan(
      [person('m1')],
      [stored(), stored({ id: 'e2', email: 'left@example.com', sourceId: 'm2' })],
    );
    expect(p.unchanged).toEqual([{ id: 'e1', sourceId: 'm1', key: 'm1@example.com' }]);
    expect(p.updates).toEqual([]);
    expect(p.notInSource).toEqual([{ id: 'e2', email: 'left@example.com' }]);
  });

  it('E10: fields missing from this HRBrain tenant are not synced, so stored values survive', () => {
    const snap = snapshot({ departments, members: [person('m1')] });
    snap.fields = snap.fields.filter(
      (f) => !['従業員番号', '生年月日', '役職・職位'].includes(f.label),
    );
    const p = planEmployeeSync({
      snapshot: snap,
      existing: [stored({ employeeNumber: 'KEEP', birthDate: '1980-01-01', position: '部長' })],
      departments: target,
    });
    expect(p.updates).toEqual([]);
    expect(p.unchanged).toHaveLength(1);
  });

  it('E11: 主部署 resolves against the departments passed in (the target after the department sync)', () => {
    const members = [person('m1', { team: { id: 'o-sales' } })];
    const before = planEmployeeSync({
      snapshot: snapshot({ departments, members }),
      existing: [],
      departments: [],
    });
    const after = planEmployeeSync({
      snapshot: snapshot({ departments, members }),
      existing: [],
      departments: target,
    });
    expect(before.skipped).toHaveLength(1);
    expect(after.creates[0]?.departmentCode).toBe('S100');
  });

  it('E12/J4: a matching employee whose member id is new is linked: only the id is recorded, not an update', () => {
    const p = plan([person('m1')], [stored({ sourceId: undefined })]);
    expect(p.updates).toEqual([]);
    expect(p.links).toEqual([{ id: 'e1', sourceId: 'm1', key: 'm1@example.com' }]);
    expect(p.summary).toMatchObject({ updated: 0, linked: 1 });
    const changed = plan([person('m1', { lastName: '山本' })], [stored({ sourceId: null })]);
    expect(changed.links).toEqual([]);
    expect(changed.updates[0]?.changes).toEqual([
      { field: 'lastName', from: '山田', to: '山本' },
      { field: 'sourceId', from: null, to: 'm1' },
    ]);
  });

  it('E12: a member whose e-mail changed is created anew, with a warning naming the old address', () => {
    const p = plan([person('m1', { email: 'new@example.com' })], [stored()]);
    expect(p.creates.map((c) => c.email)).toEqual(['new@example.com']);
    expect(p.errors).toHaveLength(1);
    expect(p.errors[0]).toMatchObject({
      code: 'EMPLOYEE_EMAIL_CHANGED',
      rule: 'E12',
      severity: 'warning',
      sourceKey: 'new@example.com',
    });
    expect(p.errors[0]?.messageJa).toContain('m1@example.com');
    expect(p.notInSource).toEqual([{ id: 'e1', email: 'm1@example.com' }]);
  });

  it('E13: kana is NFKC-normalised, hiragana becomes katakana, whitespace is trimmed', () => {
    const { create } = createdOf([
      person('m1', { lastNameKana: ' ｶﾞｸｼｭｳ ', firstNameKana: '\u3000はなこ' }),
    ]);
    expect(create.lastNameKana).toBe('ガクシュウ');
    expect(create.firstNameKana).toBe('ハナコ');
  });

  it('E13: dates stay calendar dates, whatever the time zone', () => {
    const tz = process.env.TZ;
    try {
      for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Tokyo']) {
        process.env.TZ = zone;
        expect(createdOf([person('m1', { birthDate: '1988/07/01' })]).create.birthDate).toBe(
          '1988-07-01',
        );
      }
    } finally {
      process.env.TZ = tz;
    }
  });

  it('F3: 役職・職位, 雇用形態 and 在籍状況 resolve to item names; an unknown id is never blank', () => {
    const p = plan([
      person('m1', { position: '課長', employment: '派遣' }),
      person('m2', { position: { id: 'pos-gone' } }),
      person('m3', { team: { id: 'dept-gone' } }),
    ]);
    expect(
      p.creates.map((c) => [c.sourceId, c.position, c.employmentType, c.departmentCode]),
    ).toEqual([
      ['m1', '課長', 'dispatched', null],
      ['m2', null, null, null],
    ]);
    expect(p.errors.map((r) => [r.sourceId, r.code, r.field, r.value, r.severity])).toEqual([
      ['m2', 'FIELD_VALUE_UNKNOWN', 'position', 'pos-gone', 'warning'],
      ['m3', 'EMPLOYEE_DEPARTMENT_UNKNOWN', 'departmentCode', 'dept-gone', 'error'],
    ]);
    expect(p.skipped.map((s) => s.sourceId)).toEqual(['m3']);
  });

  it('D8/E10: an update writes the full values and lists exactly the changed fields', () => {
    const p = plan(
      [person('m1', { position: '部長', gender: '男性', team: { id: 'o-sales' } })],
      [stored({ position: '課長', gender: 'male' })],
    );
    expect(p.updates[0]?.changes).toEqual([
      { field: 'departmentCode', from: null, to: 'S100' },
      { field: 'position', from: '課長', to: '部長' },
    ]);
    expect(p.updates[0]?.values).toMatchObject({
      position: '部長',
      gender: 'male',
      departmentCode: 'S100',
    });
    const after = applyEmployees([stored({ position: '課長', gender: 'male' })], p);
    expect(
      plan([person('m1', { position: '部長', gender: '男性', team: { id: 'o-sales' } })], after)
        .updates,
    ).toEqual([]);
  });
});

describe('planEmployeeSync: E12 over two runs', () => {
  it('E12: the e-mail change is warned with the create, not again on the next run', () => {
    const members = [person('m1', { email: 'new@example.com' })];
    const first = plan(members, [stored()]);
    expect(first.errors.map((r) => r.code)).toEqual(['EMPLOYEE_EMAIL_CHANGED']);
    const after = applyEmployees([stored()], first);
    const second = plan(members, after);
    expect(second.errors).toEqual([]);
    expect(second.unchanged.map((u) => u.key)).toEqual(['new@example.com']);
  });
});

describe('J4: a member id HRBrain lists more than once', () => {
  it('J4: two copies with different contents are one source record each, none synced, EMPLOYEE_ID_DUPLICATE each', () => {
    const copies = [person('m1'), person('m1', { email: 'jiro@example.com', firstName: '次郎' })];
    const existing = [stored({ departmentCode: 'S100' })];
    for (const members of [copies, [...copies].reverse()]) {
      const p = plan(members, existing);
      expect(p.summary).toMatchObject({ source: 2, created: 0, updated: 0, skipped: 2 });
      expect(p.skipped.map((s) => [s.sourceId, s.sourceKey, s.codes])).toEqual([
        ['m1', 'jiro@example.com', ['EMPLOYEE_ID_DUPLICATE']],
        ['m1', 'm1@example.com', ['EMPLOYEE_ID_DUPLICATE']],
      ]);
      expect(p.errors.map((r) => [r.code, r.rule, r.severity, r.sourceKey, r.subjectName])).toEqual(
        [
          ['EMPLOYEE_ID_DUPLICATE', 'J4', 'error', 'jiro@example.com', '山田 次郎'],
          ['EMPLOYEE_ID_DUPLICATE', 'J4', 'error', 'm1@example.com', '山田 太郎'],
        ],
      );
      expect(p.errors[0]?.messageJa).toContain('m1');
      // the stored employee is left as it was (not notInSource either: HRBrain lists it)
      expect(applyEmployees(existing, p)).toEqual(existing);
      expect(p.notInSource).toEqual([]);
    }
  });

  it('J4: identical copies of a member are one record', () => {
    const p = plan([person('m1'), person('m1')]);
    expect(p.summary).toMatchObject({ source: 1, created: 1, skipped: 0 });
    expect(p.errors).toEqual([]);
  });

  it('J4: three copies, two of them identical, are two source records, both skipped', () => {
    const p = plan([person('m1'), person('m1', { firstName: '次郎' }), person('m1')]);
    expect(p.summary).toMatchObject({ source: 2, created: 0, skipped: 2 });
    expect(p.errors.map((r) => r.code)).toEqual(['EMPLOYEE_ID_DUPLICATE', 'EMPLOYEE_ID_DUPLICATE']);
  });
});

describe('J4/F3: a pulldown id HRBrain lists twice with different contents', () => {
  it('J4/F3: a 主部署 id whose department copies differ (codes A, A2) is not guessed: the employee keeps its department, EMPLOYEE_DEPARTMENT_UNKNOWN names the id', () => {
    const tree = [
      dept('o-x', 'A部', 'A'),
      dept('o-x', 'A2部', 'A2'),
      dept('o-sales', '営業部', 'S100'),
    ];
    const known: Department[] = [
      ...target,
      { id: 'd-a', code: 'A', name: 'A部', parentCode: null, sourceId: 'o-x' },
      { id: 'd-a2', code: 'A2', name: 'A2部', parentCode: null },
    ];
    const existing = [stored({ departmentCode: 'S100' })];
    const p = planEmployeeSync({
      snapshot: snapshot({ departments: tree, members: [person('m1', { team: { id: 'o-x' } })] }),
      existing,
      departments: known,
    });
    expect(p.summary).toMatchObject({ updated: 0, skipped: 1 });
    expect(p.errors.map((r) => [r.code, r.value])).toEqual([
      ['EMPLOYEE_DEPARTMENT_UNKNOWN', 'o-x'],
    ]);
    expect(p.errors[0]?.messageJa).toContain('複数');
    expect(applyEmployees(existing, p)).toEqual(existing);
  });

  it('J4/F3: a 雇用形態 id listed twice with different names is not written, FIELD_VALUE_UNKNOWN', () => {
    const snap = snapshot({ departments, members: [person('m1', { employment: '契約社員' })] });
    const emp = Object.entries(snap.organizations).find(([, o]) =>
      o.items.some((i) => i.value === '契約社員'),
    )![1];
    const contract = emp.items.find((i) => i.value === '契約社員')!;
    emp.items.push({ ...contract, value: '正社員' });
    const existing = [stored({ employmentType: 'other' })];
    const p = planEmployeeSync({ snapshot: snap, existing, departments: target });
    expect(p.errors.map((r) => [r.code, r.field, r.value])).toEqual([
      ['FIELD_VALUE_UNKNOWN', 'employmentType', contract.id],
    ]);
    expect(applyEmployees(existing, p)).toEqual(existing);
  });
});

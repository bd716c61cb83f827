import { describe, expect, it } from 'vitest';
import {
  FieldNotFoundError,
  HrbrainSyncError,
  InvalidSnapshotError,
  planDepartmentSync,
  planEmployeeSync,
} from '../src/index';
import { dept, fieldDefinitions, member, person, snapshot } from './support/snapshot';

const departments = [dept('o1', '営業部', 'S1')];
const target = [{ id: 'd1', code: 'S1', name: '営業部', parentCode: null }];

function planWith(
  fields: ReturnType<typeof fieldDefinitions>,
  members = [member(person('m1'), false)],
) {
  return planEmployeeSync({
    snapshot: { ...snapshot({ departments, members }), fields },
    existing: [],
    departments: target,
  });
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('field resolution', () => {
  it('F1: fields are found by their default label, compared after NFKC without whitespace', () => {
    const fields = fieldDefinitions({
      lastNameKana: { label: '氏(カナ)' },
      firstNameKana: { label: ' 名 （カナ） ' },
      email: { label: 'メール アドレス' },
    });
    const p = planWith(fields, [member(person('m1', { lastNameKana: 'ヤマダ' }), false)]);
    expect(p.creates[0]).toMatchObject({ lastNameKana: 'ヤマダ', email: 'm1@example.com' });
  });

  it('F1: an optional field that is absent is simply not synced', () => {
    const fields = fieldDefinitions({
      number: null,
      birthDate: null,
      position: null,
      status: null,
    });
    const p = planWith(fields);
    expect(p.creates[0]).toMatchObject({ employeeNumber: null, birthDate: null, retired: false });
    expect(p.errors).toEqual([]);
  });

  it.each([
    ['lastName', '氏'],
    ['firstName', '名'],
    ['lastNameKana', '氏（カナ）'],
    ['firstNameKana', '名（カナ）'],
    ['email', 'メールアドレス'],
    ['team', '主部署'],
    ['gender', '性別'],
  ] as const)(
    'F1/F2: a renamed required field %s (%s) without alias is FIELD_NOT_FOUND',
    (name, label) => {
      const fields = fieldDefinitions({ [name]: { label: `${label}（変更）` } });
      const error = thrown(() => planWith(fields));
      expect(error).toBeInstanceOf(FieldNotFoundError);
      expect(HrbrainSyncError.isInstance(error)).toBe(true);
      const e = error as FieldNotFoundError;
      expect(e.code).toBe('FIELD_NOT_FOUND');
      expect(e.label).toBe(label);
      expect(e.message).toContain(`"${label}"`);
      expect(e.message).toContain('renamed');
      expect(e.messageJa).toContain(`「${label}」`);
    },
  );

  it('F2: a renamed field is still found by its alias on the definition', () => {
    const fields = fieldDefinitions({
      lastName: { label: '姓', alias: 'LastName' },
      email: { label: 'E-mail', alias: 'Email' },
    });
    const p = planWith(fields, [member(person('m1', { lastName: '佐々木' }), false)]);
    expect(p.creates[0]).toMatchObject({ lastName: '佐々木', email: 'm1@example.com' });
  });

  it('F2: a renamed field is still found by the alias member values carry', () => {
    const fields = fieldDefinitions({ lastName: { label: '苗字' }, team: { label: '所属' } });
    const p = planWith(fields, [member(person('m1', { lastName: '佐々木', team: { id: 'o1' } }))]);
    expect(p.creates[0]).toMatchObject({ lastName: '佐々木', departmentCode: 'S1' });
  });

  it('F2: the alias wins over the label', () => {
    const fields = [
      ...fieldDefinitions({ lastName: { alias: 'LastName' } }),
      { id: 'f-other', label: '氏' }, // a second field a company labelled 氏
    ].map((f) => (f.id === 'fld-ln' ? { ...f, label: '氏（戸籍）' } : f));
    const members = [
      {
        id: 'm1',
        fields: [...member(person('m1'), false).fields, { id: 'f-other', value: '別人' }],
      },
    ];
    expect(planWith(fields, members).creates[0]?.lastName).toBe('山田');
  });

  it('F2: the department sync needs 主部署 alone', () => {
    const fields = fieldDefinitions({ lastName: null, gender: null, email: null });
    const p = planDepartmentSync({
      snapshot: { ...snapshot({ departments }), fields },
      existing: [],
    });
    expect(p.creates).toHaveLength(1);
    const noTeam = fieldDefinitions({ team: null });
    expect(() =>
      planDepartmentSync({
        snapshot: { ...snapshot({ departments }), fields: noTeam },
        existing: [],
      }),
    ).toThrow(FieldNotFoundError);
  });

  it('F3: a snapshot without the organization behind 主部署 is an InvalidSnapshotError', () => {
    const snap = snapshot({ departments });
    delete snap.organizations['org-dept'];
    expect(() => planDepartmentSync({ snapshot: snap, existing: [] })).toThrow(
      InvalidSnapshotError,
    );
    expect(() => planEmployeeSync({ snapshot: snap, existing: [], departments: [] })).toThrow(
      /org-dept/,
    );
  });

  it('F3: something that is not a snapshot is an InvalidSnapshotError', () => {
    expect(() => planDepartmentSync({ snapshot: { fields: [] } as never, existing: [] })).toThrow(
      InvalidSnapshotError,
    );
  });
});

describe('pulldowns without an organization', () => {
  it('F3: a pulldown value whose field definition names no organization is blank, with a warning', () => {
    const fields = fieldDefinitions({ position: { organizationId: null } });
    const p = planWith(fields, [member(person('m1', { position: '課長' }))]);
    expect(p.creates[0]?.position).toBeNull();
    expect(p.errors.map((r) => [r.code, r.field, r.value])).toEqual([
      ['FIELD_VALUE_UNKNOWN', 'position', 'org-pos:課長'],
    ]);
  });
});

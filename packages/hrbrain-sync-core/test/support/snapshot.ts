// Builds raw HRBrain snapshots (the shapes of hrbrain-api.md) for the rule tests.

import type {
  HrbrainFieldDefinition,
  HrbrainMember,
  HrbrainMemberField,
  HrbrainOrganizationItem,
  HrbrainSnapshot,
} from '@mikiwame/hrbrain-client';
import type { Employee } from '../../src/index';

export const ORG = { dept: 'org-dept', pos: 'org-pos', emp: 'org-emp', status: 'org-status' };

/** Field ids, labels and aliases of a default HRBrain tenant. */
export const FIELDS = {
  lastName: { id: 'f-ln', label: '氏', alias: 'LastName' },
  firstName: { id: 'f-fn', label: '名', alias: 'FirstName' },
  lastNameKana: { id: 'f-lnk', label: '氏（カナ）' },
  firstNameKana: { id: 'f-fnk', label: '名（カナ）' },
  bizLastName: { id: 'f-bln', label: 'ビジネスネーム（氏）' },
  bizFirstName: { id: 'f-bfn', label: 'ビジネスネーム（名）' },
  bizLastNameKana: { id: 'f-blnk', label: 'ビジネスネーム（氏カナ）' },
  bizFirstNameKana: { id: 'f-bfnk', label: 'ビジネスネーム（名カナ）' },
  number: { id: 'f-no', label: '従業員番号', alias: 'EmployeeNumber' },
  birthDate: { id: 'f-bd', label: '生年月日' },
  team: { id: 'f-team', label: '主部署', alias: 'MainTeam', organizationId: ORG.dept },
  position: { id: 'f-pos', label: '役職・職位', organizationId: ORG.pos },
  gender: { id: 'f-gender', label: '性別' },
  employment: {
    id: 'f-emp',
    label: '雇用形態',
    alias: 'EmploymentStatus',
    organizationId: ORG.emp,
  },
  email: { id: 'f-mail', label: 'メールアドレス', alias: 'Email' },
  status: {
    id: 'f-status',
    label: '在籍状況',
    alias: 'EnrollmentStatus',
    organizationId: ORG.status,
  },
} as const;

export type FieldName = keyof typeof FIELDS;
const pulldowns = new Set<FieldName>(['team', 'position', 'employment', 'status']);

/** Field definitions as `GET /members/v1/fields` returns them (aliases on member values). */
export function fieldDefinitions(
  overrides: Partial<Record<FieldName, Partial<HrbrainFieldDefinition> | null>> = {},
): HrbrainFieldDefinition[] {
  const out: HrbrainFieldDefinition[] = [];
  for (const [name, spec] of Object.entries(FIELDS) as [FieldName, (typeof FIELDS)[FieldName]][]) {
    const override = overrides[name];
    if (override === null) continue;
    const def: HrbrainFieldDefinition = { id: spec.id, label: spec.label };
    if ('organizationId' in spec) def.organizationId = spec.organizationId;
    out.push({ ...def, ...override });
  }
  return out;
}

/** A member by field name; pulldowns take the item *name* (or `{ id }` for a raw item id). */
export type MemberInput = { id: string } & Partial<
  Record<FieldName, string | { id: string } | undefined>
>;

export const itemId = (org: string, name: string) => `${org}:${name}`;

export function member(input: MemberInput, withAliases = true): HrbrainMember {
  const fields: HrbrainMemberField[] = [];
  for (const [name, spec] of Object.entries(FIELDS) as [FieldName, (typeof FIELDS)[FieldName]][]) {
    const value = input[name];
    if (value === undefined) continue;
    const field: HrbrainMemberField = {
      id: spec.id,
      type: pulldowns.has(name) ? 'organizationPulldown' : 'text',
    };
    if (withAliases && 'alias' in spec) field.alias = spec.alias;
    if (typeof value === 'object') field.value = value.id;
    else if (pulldowns.has(name) && name !== 'team' && value !== '') {
      field.value = itemId((spec as { organizationId: string }).organizationId, value);
    } else field.value = value;
    fields.push(field);
  }
  return { id: input.id, fields };
}

/** A department item; `team` values of members are department item ids. */
export function dept(
  id: string,
  name: string,
  code: string | null | undefined,
  children: HrbrainOrganizationItem[] = [],
): HrbrainOrganizationItem {
  const item: HrbrainOrganizationItem = { id, value: name };
  if (code !== undefined) item.code = code;
  if (children.length > 0) item.items = children;
  return item;
}

const listOf = (org: string, names: string[]): HrbrainOrganizationItem[] =>
  names.map((name, i) => ({ id: itemId(org, name), value: name, code: `${org}-${i}` }));

export const EMPLOYMENT_TYPES = [
  '正社員',
  '契約社員',
  '派遣',
  'パートタイム',
  'アルバイト',
  'バイト',
  '業務委託',
  'インターン',
  '短時間正社員',
  '嘱託',
  '正社員（本社）',
];
export const STATUSES = ['在籍', '休職', '退職済み'];
export const POSITIONS = ['部長', '課長', '一般'];

export function snapshot(options: {
  departments?: HrbrainOrganizationItem[];
  members?: (MemberInput | HrbrainMember)[];
  fields?: HrbrainFieldDefinition[];
}): HrbrainSnapshot {
  return {
    fields: options.fields ?? fieldDefinitions(),
    members: (options.members ?? []).map((m) =>
      'fields' in m && Array.isArray(m.fields) ? (m as HrbrainMember) : member(m as MemberInput),
    ),
    organizations: {
      [ORG.dept]: { type: 'tree', items: options.departments ?? [] },
      [ORG.pos]: { type: 'list', items: listOf(ORG.pos, POSITIONS) },
      [ORG.emp]: { type: 'list', items: listOf(ORG.emp, EMPLOYMENT_TYPES) },
      [ORG.status]: { type: 'list', items: listOf(ORG.status, STATUSES) },
    },
  };
}

/** A valid member with every required value, to vary one field at a time. */
export function person(id: string, overrides: Partial<MemberInput> = {}): MemberInput {
  return {
    id,
    lastName: '山田',
    firstName: '太郎',
    lastNameKana: 'ヤマダ',
    firstNameKana: 'タロウ',
    email: `${id}@example.com`,
    ...overrides,
  };
}

/** A Mikiwame employee as stored before a sync (山田 太郎), with `overrides`. */
export function storedEmployee(overrides: Partial<Employee> = {}): Employee {
  return {
    id: 'e1',
    email: 'm1@example.com',
    lastName: '山田',
    firstName: '太郎',
    lastNameKana: 'ヤマダ',
    firstNameKana: 'タロウ',
    employeeNumber: null,
    birthDate: null,
    departmentCode: null,
    position: null,
    gender: null,
    employmentType: null,
    retired: false,
    sourceId: 'm1',
    ...overrides,
  };
}

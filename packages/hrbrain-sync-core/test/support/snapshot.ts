// Builds raw HRBrain snapshots (the shapes of hrbrain-api.md) for the rule tests.

import type {
  HrbrainFieldDefinition,
  HrbrainMember,
  HrbrainMemberField,
  HrbrainOrganizationItem,
  HrbrainSnapshot,
} from '@mikiwame/hrbrain-client';
import type { Employee } from '../../src/index';
import { FIELD_CATALOGUE, ORG } from './field-catalogue';

export { ORG };

type Catalogue = (typeof FIELD_CATALOGUE)[number];

/** Field ids, labels, aliases and organizations of a default HRBrain tenant, by name. */
export const FIELDS = Object.fromEntries(FIELD_CATALOGUE.map((spec) => [spec.name, spec])) as {
  readonly [K in Catalogue['name']]: Extract<Catalogue, { name: K }>;
};

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

/** The one test person, 山田 太郎: what HRBrain lists for them and what Mikiwame stores. */
const TARO = {
  lastName: '山田',
  firstName: '太郎',
  lastNameKana: 'ヤマダ',
  firstNameKana: 'タロウ',
} as const;

/** A valid member (山田 太郎, `<id>@example.com`), to vary one field at a time. */
export function person(id: string, overrides: Partial<MemberInput> = {}): MemberInput {
  return { id, ...TARO, email: `${id}@example.com`, ...overrides };
}

/**
 * The same person as Mikiwame stores them after syncing `person('m1')` (id `e1`), with
 * `overrides`.
 */
export function storedEmployee(overrides: Partial<Employee> = {}): Employee {
  const source = person('m1');
  return {
    id: 'e1',
    email: source.email as string,
    ...TARO,
    employeeNumber: null,
    birthDate: null,
    departmentCode: null,
    position: null,
    gender: null,
    employmentType: null,
    retired: false,
    sourceId: source.id,
    ...overrides,
  };
}

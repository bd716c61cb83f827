import type { RawFieldDefinition } from './payload';

/** The member fields a generated tenant defines, by role. */
export type FieldKey =
  | 'lastName'
  | 'firstName'
  | 'lastNameKana'
  | 'firstNameKana'
  | 'businessLastName'
  | 'businessFirstName'
  | 'businessLastNameKana'
  | 'businessFirstNameKana'
  | 'employeeNumber'
  | 'birthDate'
  | 'mainTeam'
  | 'position'
  | 'gender'
  | 'employmentStatus'
  | 'email'
  | 'enrollmentStatus'
  | 'enteredDay';

/** The organizations (組織情報) a generated tenant defines, by role. */
export type OrganizationKey = 'department' | 'position' | 'employmentStatus' | 'enrollmentStatus';

export const ORGANIZATION_IDS: Readonly<Record<OrganizationKey, string>> = {
  department: 'org-dept',
  position: 'org-pos',
  employmentStatus: 'org-emptype',
  enrollmentStatus: 'org-status',
};

interface FieldSpec {
  key: FieldKey;
  id: string;
  /** The default label (rule F1). */
  label: string;
  alias?: string;
  organization?: OrganizationKey;
}

// Ids and order as in the worked example (`example-snapshot.json`); labels as in rule F1,
// aliases as listed in hrbrain-api.md.
export const FIELD_SPECS: readonly FieldSpec[] = [
  { key: 'lastName', id: 'fld-ln', label: '氏', alias: 'LastName' },
  { key: 'firstName', id: 'fld-fn', label: '名', alias: 'FirstName' },
  { key: 'lastNameKana', id: 'fld-lnk', label: '氏（カナ）' },
  { key: 'firstNameKana', id: 'fld-fnk', label: '名（カナ）' },
  { key: 'businessLastName', id: 'fld-bln', label: 'ビジネスネーム（氏）' },
  { key: 'businessFirstName', id: 'fld-bfn', label: 'ビジネスネーム（名）' },
  { key: 'businessLastNameKana', id: 'fld-blnk', label: 'ビジネスネーム（氏カナ）' },
  { key: 'businessFirstNameKana', id: 'fld-bfnk', label: 'ビジネスネーム（名カナ）' },
  { key: 'employeeNumber', id: 'fld-no', label: '従業員番号', alias: 'EmployeeNumber' },
  { key: 'birthDate', id: 'fld-bd', label: '生年月日' },
  {
    key: 'mainTeam',
    id: 'fld-team',
    label: '主部署',
    alias: 'MainTeam',
    organization: 'department',
  },
  { key: 'position', id: 'fld-pos', label: '役職・職位', organization: 'position' },
  { key: 'gender', id: 'fld-gender', label: '性別' },
  {
    key: 'employmentStatus',
    id: 'fld-emp',
    label: '雇用形態',
    alias: 'EmploymentStatus',
    organization: 'employmentStatus',
  },
  { key: 'email', id: 'fld-mail', label: 'メールアドレス', alias: 'Email' },
  {
    key: 'enrollmentStatus',
    id: 'fld-status',
    label: '在籍状況',
    alias: 'EnrollmentStatus',
    organization: 'enrollmentStatus',
  },
  { key: 'enteredDay', id: 'fld-entered', label: '入社日', alias: 'EnteredDay' },
];

export const FIELD_IDS = Object.fromEntries(FIELD_SPECS.map((f) => [f.key, f.id])) as Readonly<
  Record<FieldKey, string>
>;

export const FIELD_SPEC_BY_KEY = new Map(FIELD_SPECS.map((f) => [f.key, f]));

/** The field definitions of a generated tenant (before any renamed-field defect). */
export function buildFieldDefinitions(withAliases: boolean): RawFieldDefinition[] {
  return FIELD_SPECS.map((spec) => {
    const definition: RawFieldDefinition = { id: spec.id, label: spec.label };
    if (spec.organization) definition.organizationId = ORGANIZATION_IDS[spec.organization];
    if (withAliases) {
      if (spec.alias) definition.alias = spec.alias;
      definition.type = spec.organization ? 'organizationPulldown' : 'text';
    }
    return definition;
  });
}

/** The nine default 雇用形態 (rule E6), in HRBrain's order. */
export const DEFAULT_EMPLOYMENT_TYPES = [
  '正社員',
  '契約社員',
  '派遣',
  'パートタイム',
  'アルバイト',
  'バイト',
  '業務委託',
  'インターン',
  '短時間正社員',
] as const;

/** 在籍状況 items; only 退職済み sets the retired flag (E7). */
export const ENROLLMENT_STATUSES = ['在籍', '休職', '退職済み'] as const;

/** 役職・職位 items, most senior first. */
export const POSITIONS = ['部長', '次長', '課長', '係長', '主任', '一般'] as const;

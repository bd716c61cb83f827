// The member fields of a default HRBrain tenant (F1 default labels, F2 aliases): the one
// catalogue the rule tests and the planner bench build their snapshots from. Ids, order and
// organization ids as in the worked example (example-snapshot.json). Plain data only, so
// the bench (.mjs, run by Node directly) can import this file too.

/** Organization ids of the pulldowns (F3). */
export const ORG = {
  dept: 'org-dept',
  pos: 'org-pos',
  emp: 'org-emp',
  status: 'org-status',
} as const;

export const FIELD_CATALOGUE = [
  { name: 'lastName', id: 'fld-ln', label: '氏', alias: 'LastName' },
  { name: 'firstName', id: 'fld-fn', label: '名', alias: 'FirstName' },
  { name: 'lastNameKana', id: 'fld-lnk', label: '氏（カナ）' },
  { name: 'firstNameKana', id: 'fld-fnk', label: '名（カナ）' },
  { name: 'bizLastName', id: 'fld-bln', label: 'ビジネスネーム（氏）' },
  { name: 'bizFirstName', id: 'fld-bfn', label: 'ビジネスネーム（名）' },
  { name: 'bizLastNameKana', id: 'fld-blnk', label: 'ビジネスネーム（氏カナ）' },
  { name: 'bizFirstNameKana', id: 'fld-bfnk', label: 'ビジネスネーム（名カナ）' },
  { name: 'number', id: 'fld-no', label: '従業員番号', alias: 'EmployeeNumber' },
  { name: 'birthDate', id: 'fld-bd', label: '生年月日' },
  {
    name: 'team',
    id: 'fld-team',
    label: '主部署',
    alias: 'MainTeam',
    organizationId: ORG.dept,
  },
  { name: 'position', id: 'fld-pos', label: '役職・職位', organizationId: ORG.pos },
  { name: 'gender', id: 'fld-gender', label: '性別' },
  {
    name: 'employment',
    id: 'fld-emp',
    label: '雇用形態',
    alias: 'EmploymentStatus',
    organizationId: ORG.emp,
  },
  { name: 'email', id: 'fld-mail', label: 'メールアドレス', alias: 'Email' },
  {
    name: 'status',
    id: 'fld-status',
    label: '在籍状況',
    alias: 'EnrollmentStatus',
    organizationId: ORG.status,
  },
] as const;

import { FieldNotFoundError, InvalidSnapshotError } from '../errors';
import type { EmployeeFields } from '../model/records';
import type { HrbrainFieldDefinition, HrbrainMember, HrbrainSnapshot } from '../model/snapshot';
import { normalizeLabel } from './text';

/** One HRBrain member field the sync reads (F1). */
export interface SourceFieldSpec {
  /** Default Japanese label (F1). */
  label: string;
  /** Stable aliases, tried before the label (F2). */
  aliases: readonly string[];
  /** The Mikiwame field it feeds (named in error rows). */
  field: keyof EmployeeFields;
}

/** The member fields read by the sync, in slot order (the index is the slot). */
export const SOURCE_FIELDS = [
  { label: '氏', aliases: ['LastName'], field: 'lastName' },
  { label: '名', aliases: ['FirstName'], field: 'firstName' },
  { label: '氏（カナ）', aliases: [], field: 'lastNameKana' },
  { label: '名（カナ）', aliases: [], field: 'firstNameKana' },
  { label: 'ビジネスネーム（氏）', aliases: [], field: 'lastName' },
  { label: 'ビジネスネーム（名）', aliases: [], field: 'firstName' },
  { label: 'ビジネスネーム（氏カナ）', aliases: [], field: 'lastNameKana' },
  { label: 'ビジネスネーム（名カナ）', aliases: [], field: 'firstNameKana' },
  { label: '従業員番号', aliases: ['EmployeeNumber'], field: 'employeeNumber' },
  { label: '生年月日', aliases: [], field: 'birthDate' },
  { label: '主部署', aliases: ['MainTeam'], field: 'departmentCode' },
  { label: '役職・職位', aliases: [], field: 'position' },
  { label: '性別', aliases: [], field: 'gender' },
  { label: '雇用形態', aliases: ['EmploymentStatus'], field: 'employmentType' },
  { label: 'メールアドレス', aliases: ['Email'], field: 'email' },
  { label: '在籍状況', aliases: ['EnrollmentStatus'], field: 'retired' },
] as const satisfies readonly SourceFieldSpec[];

/** Slot numbers into {@link SOURCE_FIELDS}. */
export const Slot = {
  lastName: 0,
  firstName: 1,
  lastNameKana: 2,
  firstNameKana: 3,
  businessLastName: 4,
  businessFirstName: 5,
  businessLastNameKana: 6,
  businessFirstNameKana: 7,
  employeeNumber: 8,
  birthDate: 9,
  department: 10,
  position: 11,
  gender: 12,
  employmentType: 13,
  email: 14,
  enrollmentStatus: 15,
} as const;

export const SLOT_COUNT = SOURCE_FIELDS.length;

/**
 * F1 required fields of the employee sync. 性別 is required too: the manual (※3) says a
 * renamed 性別 is an error, where sync-rules.md lists it as optional (the manual wins).
 */
export const EMPLOYEE_REQUIRED_SLOTS: readonly number[] = [
  Slot.lastName,
  Slot.firstName,
  Slot.lastNameKana,
  Slot.firstNameKana,
  Slot.email,
  Slot.department,
  Slot.gender,
];

/** F1: the department sync needs 主部署 alone. */
export const DEPARTMENT_REQUIRED_SLOTS: readonly number[] = [Slot.department];

/** Where each slot's value comes from in this snapshot. */
export interface ResolvedFields {
  /** Member field id → slot. */
  slotByFieldId: Map<string, number>;
  /** Slot → field id (undefined: the field does not exist, so the value is not synced). */
  fieldIds: (string | undefined)[];
  /** Slot → organization id when the field is an organization pulldown (F3). */
  organizationIds: (string | undefined)[];
}

function assertSnapshot(snapshot: HrbrainSnapshot): void {
  if (
    typeof snapshot !== 'object' ||
    snapshot === null ||
    !Array.isArray(snapshot.fields) ||
    !Array.isArray(snapshot.members) ||
    typeof snapshot.organizations !== 'object' ||
    snapshot.organizations === null
  ) {
    throw new InvalidSnapshotError(
      'Expected an HRBrain snapshot { fields, members, organizations } as returned by client.snapshot().',
    );
  }
}

function smaller(a: string | undefined, b: string): string {
  return a === undefined || b < a ? b : a;
}

/**
 * F1/F2: find every member field the sync reads, by alias first (on the definition, or on
 * member values where only they carry it) and by default label second. A required field
 * found by neither throws {@link FieldNotFoundError}. Ties resolve to the smallest field id,
 * so the result does not depend on input order.
 */
export function resolveFields(
  snapshot: HrbrainSnapshot,
  required: readonly number[],
): ResolvedFields {
  assertSnapshot(snapshot);
  const wanted = new Set<string>();
  for (const spec of SOURCE_FIELDS) for (const alias of spec.aliases) wanted.add(alias);

  const byAlias = new Map<string, string>();
  const byLabel = new Map<string, string>();
  const definitions = new Map<string, HrbrainFieldDefinition>();
  for (const def of snapshot.fields) {
    if (typeof def?.id !== 'string') continue;
    definitions.set(def.id, def);
    if (typeof def.alias === 'string' && wanted.has(def.alias)) {
      byAlias.set(def.alias, smaller(byAlias.get(def.alias), def.id));
    }
    if (typeof def.label === 'string') {
      const key = normalizeLabel(def.label);
      byLabel.set(key, smaller(byLabel.get(key), def.id));
    }
  }
  // F2: the API may carry aliases only on member values; look until every alias is seen.
  if (byAlias.size < wanted.size) scanMemberAliases(snapshot.members, wanted, byAlias);

  const slotByFieldId = new Map<string, number>();
  const fieldIds: (string | undefined)[] = [];
  const organizationIds: (string | undefined)[] = [];
  SOURCE_FIELDS.forEach((spec: SourceFieldSpec, slot) => {
    let id: string | undefined;
    for (const alias of spec.aliases) {
      id = byAlias.get(alias);
      if (id !== undefined) break;
    }
    id ??= byLabel.get(normalizeLabel(spec.label));
    if (id !== undefined && slotByFieldId.has(id)) id = undefined; // one field, one meaning
    if (id === undefined && required.includes(slot)) {
      throw new FieldNotFoundError(undefined, { label: spec.label, alias: spec.aliases[0] });
    }
    fieldIds.push(id);
    const orgId = id === undefined ? undefined : definitions.get(id)?.organizationId;
    organizationIds.push(typeof orgId === 'string' && orgId !== '' ? orgId : undefined);
    if (id !== undefined) slotByFieldId.set(id, slot);
  });
  return { slotByFieldId, fieldIds, organizationIds };
}

function scanMemberAliases(
  members: readonly HrbrainMember[],
  wanted: Set<string>,
  byAlias: Map<string, string>,
): void {
  const fromMembers = new Map<string, string>();
  for (const member of members) {
    const fields = member?.fields;
    if (!Array.isArray(fields)) continue;
    for (const field of fields) {
      const alias = field?.alias;
      if (typeof alias === 'string' && wanted.has(alias) && !byAlias.has(alias)) {
        fromMembers.set(alias, smaller(fromMembers.get(alias), field.id));
      }
    }
    if (byAlias.size + fromMembers.size >= wanted.size) break;
  }
  for (const [alias, id] of fromMembers) byAlias.set(alias, id);
}

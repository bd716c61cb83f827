import type { HrbrainOrganizationItem, HrbrainSnapshot } from '@mikiwame/hrbrain-client';
import { InvalidSnapshotError } from '../errors';
import {
  EMPLOYEE_REQUIRED_SLOTS,
  type ResolvedFields,
  resolveFields,
  SLOT_COUNT,
  Slot,
  SOURCE_FIELDS,
} from '../mapping/fields';
import { departmentOrganization, indexItems } from '../mapping/organizations';
import { asText, normalizeKana } from '../mapping/text';
import {
  isValidEmployeeNumber,
  mapEmploymentType,
  mapGender,
  parseBirthDate,
  RETIRED_STATUS,
} from '../mapping/values';
import type {
  EmployeeCreate,
  EmployeePlan,
  EmployeeUpdate,
  ErrorCode,
  ErrorRow,
  FieldChange,
  SkippedRecord,
  UnchangedRecord,
} from '../model/plan';
import type {
  Department,
  Employee,
  EmployeeFields,
  EmploymentType,
  Gender,
} from '../model/records';
import { compareRows, errorRow } from '../report/error-rows';
import { byString, indexSmallest } from './order';

/** Input of {@link planEmployeeSync}. */
export interface PlanEmployeeSyncInput {
  /** What `client.snapshot()` returned. */
  snapshot: HrbrainSnapshot;
  /** The tenant's employees now (any order). */
  existing: readonly Employee[];
  /** The tenant's departments after the department sync (E2, E11). */
  departments: readonly Pick<Department, 'code'>[];
}

/**
 * One member mapped to Mikiwame values. `undefined` means "not written: keep the stored
 * value" (the field does not exist in this tenant's HRBrain, or the value is invalid: E5, E9);
 * `null` means blank.
 */
interface MappedMember {
  id: string;
  /** Trimmed source address (E1). */
  email: string;
  /** Match key: trimmed, lower-cased (E1). */
  key: string;
  lastName: string;
  firstName: string;
  lastNameKana: string;
  firstNameKana: string;
  employeeNumber: string | null | undefined;
  birthDate: string | null | undefined;
  departmentCode: string | null | undefined;
  position: string | null | undefined;
  gender: Gender | null | undefined;
  employmentType: EmploymentType | null | undefined;
  /** E7: true sets the flag; false/undefined leave it as stored. */
  retired: boolean;
  rows: ErrorRow[] | null;
  skip: ErrorCode[] | null;
}

/** Mikiwame fields compared for an update, in the order changes are listed (D8/E10). */
const COMPARED_FIELDS = [
  'email',
  'lastName',
  'firstName',
  'lastNameKana',
  'firstNameKana',
  'employeeNumber',
  'birthDate',
  'departmentCode',
  'position',
  'gender',
  'employmentType',
  'retired',
] as const satisfies readonly (keyof EmployeeFields)[];

/**
 * Plans the employee sync (rules E1–E13, F1–F3): every HRBrain member against the tenant's
 * employees, matched by e-mail. Pure and deterministic: the same input in any order gives a
 * deep-equal plan.
 *
 * @throws {FieldNotFoundError} when a required field is found neither by alias nor by label (F2).
 * @throws {InvalidSnapshotError} when a pulldown's organization is missing from the snapshot.
 */
export function planEmployeeSync(input: PlanEmployeeSyncInput): EmployeePlan {
  const { snapshot, existing, departments } = input;
  const fields = resolveFields(snapshot, EMPLOYEE_REQUIRED_SLOTS);
  departmentOrganization(snapshot, fields.organizationIds[Slot.department]); // F3: 主部署 is a pulldown
  const mapper = createMemberMapper(snapshot, fields, departments);

  const mapped: MappedMember[] = [];
  const keyCounts = new Map<string, number>();
  const seenIds = new Set<string>();
  for (const member of snapshot.members) {
    if (typeof member?.id !== 'string' || member.id === '') {
      throw new InvalidSnapshotError(
        'A member has no id; pass the members as HRBrain returns them.',
      );
    }
    if (seenIds.has(member.id)) continue; // the same member listed twice is one record
    seenIds.add(member.id);
    const m = mapper(member.id, member.fields);
    if (m.key !== '') keyCounts.set(m.key, (keyCounts.get(m.key) ?? 0) + 1);
    mapped.push(m);
  }

  const byKey = new Map<string, Employee>();
  const bySourceId = new Map<string, Employee>();
  for (const employee of existing) {
    indexSmallest(byKey, emailKey(employee.email), employee);
    if (typeof employee.sourceId === 'string' && employee.sourceId !== '') {
      indexSmallest(bySourceId, employee.sourceId, employee);
    }
  }

  const errors: ErrorRow[] = [];
  const creates: EmployeeCreate[] = [];
  const updates: EmployeeUpdate[] = [];
  const unchanged: UnchangedRecord[] = [];
  const skipped: SkippedRecord[] = [];

  for (const m of mapped) {
    if (m.key !== '' && (keyCounts.get(m.key) ?? 0) > 1) {
      // E4: every member sharing an address is skipped, one row each.
      addRow(m, 'EMPLOYEE_EMAIL_DUPLICATE', { field: 'email', value: m.email });
    }
    if (m.rows !== null) for (const row of m.rows) errors.push(row);
    if (m.skip !== null) {
      skipped.push({ sourceId: m.id, sourceKey: m.email, codes: m.skip });
      continue;
    }

    const match = byKey.get(m.key); // E1
    const previous = bySourceId.get(m.id);
    if (previous !== undefined && emailKey(previous.email) !== m.key) {
      // E12: same HRBrain member, new address → a new Mikiwame employee; say so.
      errors.push(
        errorRow('EMPLOYEE_EMAIL_CHANGED', {
          sourceId: m.id,
          sourceKey: m.email,
          field: 'email',
          value: m.email,
          other: previous.email,
        }),
      );
    }
    const values: EmployeeFields = {
      email: m.email,
      lastName: m.lastName,
      firstName: m.firstName,
      lastNameKana: m.lastNameKana,
      firstNameKana: m.firstNameKana,
      employeeNumber:
        m.employeeNumber === undefined ? (match?.employeeNumber ?? null) : m.employeeNumber,
      birthDate: m.birthDate === undefined ? (match?.birthDate ?? null) : m.birthDate,
      departmentCode:
        m.departmentCode === undefined ? (match?.departmentCode ?? null) : m.departmentCode,
      position: m.position === undefined ? (match?.position ?? null) : m.position,
      gender: m.gender === undefined ? (match?.gender ?? null) : m.gender,
      employmentType:
        m.employmentType === undefined ? (match?.employmentType ?? null) : m.employmentType,
      retired: m.retired || match?.retired === true, // E7: never cleared
    };
    if (match === undefined) {
      creates.push({ ...values, sourceId: m.id });
      continue;
    }
    const changes: FieldChange<keyof EmployeeFields | 'sourceId'>[] = [];
    for (const field of COMPARED_FIELDS) {
      const from = match[field] ?? (field === 'retired' ? false : null);
      if (from !== values[field]) changes.push({ field, from, to: values[field] });
    }
    const fromSource = match.sourceId ?? null;
    if (fromSource !== m.id) changes.push({ field: 'sourceId', from: fromSource, to: m.id });
    if (changes.length === 0) unchanged.push({ id: match.id, sourceId: m.id, key: m.email });
    else updates.push({ id: match.id, sourceId: m.id, values, changes });
  }

  // E10: target employees whose address appears nowhere in the source stay as they are.
  const notInSource: EmployeePlan['notInSource'] = [];
  for (const employee of existing) {
    if (!keyCounts.has(emailKey(employee.email))) {
      notInSource.push({ id: employee.id, email: employee.email });
    }
  }

  const byEmail = byString<{ email: string }>((r) => emailKey(r.email));
  creates.sort(byEmail);
  updates.sort(byString((u) => emailKey(u.values.email)));
  unchanged.sort(byString((u) => emailKey(u.key)));
  skipped.sort(byString((s) => s.sourceId));
  notInSource.sort(byString((e) => `${emailKey(e.email)}\u0000${e.id}`));
  errors.sort(compareRows);

  let warnings = 0;
  for (const row of errors) if (row.severity === 'warning') warnings++;
  return {
    kind: 'employees',
    creates,
    updates,
    unchanged,
    skipped,
    notInSource,
    errors,
    summary: {
      source: mapped.length,
      created: creates.length,
      updated: updates.length,
      unchanged: unchanged.length,
      skipped: skipped.length,
      warnings,
      notInSource: notInSource.length,
    },
  };
}

/** E1: addresses compare trimmed and case-insensitively. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

function addRow(
  m: MappedMember,
  code: ErrorCode,
  extra: { field?: string; value?: string; name?: string } = {},
): void {
  const row = errorRow(code, { sourceId: m.id, sourceKey: m.email, ...extra });
  if (m.rows === null) m.rows = [row];
  else m.rows.push(row);
  if (row.severity !== 'error') return;
  if (m.skip === null) m.skip = [code];
  else m.skip.push(code);
}

type MemberMapper = (id: string, fields: unknown) => MappedMember;

/**
 * Precomputes everything that does not depend on the member (field id → slot, pulldown
 * indexes, department codes) and returns the per-member mapping (E1–E9, E13, F3).
 */
function createMemberMapper(
  snapshot: HrbrainSnapshot,
  fields: ResolvedFields,
  departments: readonly Pick<Department, 'code'>[],
): MemberMapper {
  const { slotByFieldId, fieldIds, organizationIds } = fields;
  const itemIndexes: (Map<string, HrbrainOrganizationItem> | undefined)[] = [];
  const cache = new Map<string, Map<string, HrbrainOrganizationItem>>();
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const orgId = organizationIds[slot];
    if (orgId === undefined) {
      itemIndexes.push(undefined);
      continue;
    }
    let index = cache.get(orgId);
    if (index === undefined) {
      const organization = snapshot.organizations[orgId];
      if (!organization || !Array.isArray(organization.items)) {
        throw new InvalidSnapshotError(
          `The snapshot has no items for organization "${orgId}" (behind ${SOURCE_FIELDS[slot]!.label}); fetch it with the snapshot.`,
        );
      }
      index = indexItems(organization);
      cache.set(orgId, index);
    }
    itemIndexes.push(index);
  }
  const departmentCodes = new Set<string>();
  for (const department of departments) departmentCodes.add(department.code);

  const present = fieldIds.map((id) => id !== undefined);
  const raw: unknown[] = new Array(SLOT_COUNT);
  const pulldownItems: (HrbrainOrganizationItem | undefined)[] = new Array(SLOT_COUNT);

  return (id, memberFields) => {
    raw.fill(undefined);
    if (Array.isArray(memberFields)) {
      for (const field of memberFields) {
        const slot = slotByFieldId.get(field?.id);
        if (slot !== undefined) raw[slot] = field.value;
      }
    }

    const m: MappedMember = {
      id,
      email: '',
      key: '',
      lastName: '',
      firstName: '',
      lastNameKana: '',
      firstNameKana: '',
      employeeNumber: undefined,
      birthDate: undefined,
      departmentCode: undefined,
      position: undefined,
      gender: undefined,
      employmentType: undefined,
      retired: false,
      rows: null,
      skip: null,
    };
    m.email = asText(raw[Slot.email]).trim();
    m.key = m.email.toLowerCase();

    // F3: a pulldown holds an item id; its name is the value, an unknown id is blank.
    const text = (slot: number): string => {
      const value = asText(raw[slot]).trim();
      const index = itemIndexes[slot];
      pulldownItems[slot] = undefined;
      if (index === undefined || value === '') return value;
      const item = index.get(value);
      if (item === undefined) {
        addRow(m, 'FIELD_VALUE_UNKNOWN', {
          field: fieldNameOf(slot),
          value,
          name: SOURCE_FIELDS[slot]!.label,
        });
        return '';
      }
      pulldownItems[slot] = item;
      return asText(item.value).trim();
    };

    // E3: a filled business name part replaces the legal one, part by part.
    m.lastName = text(Slot.businessLastName) || text(Slot.lastName);
    m.firstName = text(Slot.businessFirstName) || text(Slot.firstName);
    m.lastNameKana =
      normalizeKana(text(Slot.businessLastNameKana)) || normalizeKana(text(Slot.lastNameKana));
    m.firstNameKana =
      normalizeKana(text(Slot.businessFirstNameKana)) || normalizeKana(text(Slot.firstNameKana));

    // E2: not synced without name, kana or e-mail.
    if (m.lastName === '' || m.firstName === '') {
      addRow(m, 'EMPLOYEE_NAME_MISSING', { field: m.lastName === '' ? 'lastName' : 'firstName' });
    }
    if (m.lastNameKana === '' || m.firstNameKana === '') {
      addRow(m, 'EMPLOYEE_KANA_MISSING', {
        field: m.lastNameKana === '' ? 'lastNameKana' : 'firstNameKana',
      });
    }
    if (m.email === '') addRow(m, 'EMPLOYEE_EMAIL_MISSING', { field: 'email' });

    // E2/F3: 主部署 → the item's 組織情報コード, which must exist in Mikiwame; blank is fine.
    const departmentName = text(Slot.department);
    const departmentItem = pulldownItems[Slot.department];
    if (departmentItem !== undefined) {
      const code = asText(departmentItem.code).trim();
      if (code !== '' && departmentCodes.has(code)) m.departmentCode = code;
      else {
        addRow(m, 'EMPLOYEE_DEPARTMENT_UNKNOWN', {
          field: 'departmentCode',
          value: code === '' ? departmentName : `${departmentName} (${code})`,
        });
      }
    } else {
      m.departmentCode = null;
    }

    // E5: invalid numbers are not written (the stored one stays).
    if (present[Slot.employeeNumber]) {
      const number = text(Slot.employeeNumber);
      if (number === '') m.employeeNumber = null;
      else if (isValidEmployeeNumber(number)) m.employeeNumber = number;
      else addRow(m, 'EMPLOYEE_NUMBER_INVALID', { field: 'employeeNumber', value: number });
    }
    // E9: impossible dates are not written.
    if (present[Slot.birthDate]) {
      const date = text(Slot.birthDate);
      if (date === '') m.birthDate = null;
      else {
        const iso = parseBirthDate(date);
        if (iso !== undefined) m.birthDate = iso;
        else addRow(m, 'EMPLOYEE_BIRTH_DATE_INVALID', { field: 'birthDate', value: date });
      }
    }
    if (present[Slot.position]) m.position = text(Slot.position) || null;
    if (present[Slot.gender]) m.gender = mapGender(text(Slot.gender)); // E8
    if (present[Slot.employmentType])
      m.employmentType = mapEmploymentType(text(Slot.employmentType)); // E6
    if (present[Slot.enrollmentStatus]) m.retired = text(Slot.enrollmentStatus) === RETIRED_STATUS; // E7
    return m;
  };
}

const slotFieldNames: Record<number, string> = {
  [Slot.lastName]: 'lastName',
  [Slot.firstName]: 'firstName',
  [Slot.lastNameKana]: 'lastNameKana',
  [Slot.firstNameKana]: 'firstNameKana',
  [Slot.businessLastName]: 'lastName',
  [Slot.businessFirstName]: 'firstName',
  [Slot.businessLastNameKana]: 'lastNameKana',
  [Slot.businessFirstNameKana]: 'firstNameKana',
  [Slot.employeeNumber]: 'employeeNumber',
  [Slot.birthDate]: 'birthDate',
  [Slot.department]: 'departmentCode',
  [Slot.position]: 'position',
  [Slot.gender]: 'gender',
  [Slot.employmentType]: 'employmentType',
  [Slot.email]: 'email',
  [Slot.enrollmentStatus]: 'retired',
};

function fieldNameOf(slot: number): string {
  return slotFieldNames[slot] ?? String(slot);
}

import type {
  HrbrainMember,
  HrbrainOrganizationItem,
  HrbrainSnapshot,
} from '@mikiwame/hrbrain-client';
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
import { assertInput, assertRecords } from './input';
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

type Change = FieldChange<keyof EmployeeFields | 'sourceId'>;

/**
 * Plans the employee sync (rules E1–E13, F1–F3): every HRBrain member against the tenant's
 * employees, matched by e-mail. Pure and deterministic: the same input in any order gives a
 * deep-equal plan.
 *
 * @throws {FieldNotFoundError} when a required field is found neither by alias nor by label (F2).
 * @throws {InvalidSnapshotError} when a pulldown's organization is missing from the snapshot.
 * @throws {HrbrainSyncError} `INVALID_ARGUMENT` when `existing` or `departments` is not an
 * array of records (`{ id, email }`, `{ code }`).
 */
export function planEmployeeSync(input: PlanEmployeeSyncInput): EmployeePlan {
  assertInput('planEmployeeSync', input);
  const { snapshot, existing, departments } = input;
  assertRecords('planEmployeeSync', 'existing', existing, 'email');
  assertRecords('planEmployeeSync', 'departments', departments, 'code');
  const fields = resolveFields(snapshot, EMPLOYEE_REQUIRED_SLOTS);
  departmentOrganization(snapshot, fields.organizationIds[Slot.department]); // F3: 主部署 is a pulldown
  const mapping = new MemberMapping(snapshot, fields, departments);

  // Pass 1: ids and e-mail keys, so E4 duplicates are known before anything is decided.
  const members = snapshot.members;
  const emailFieldId = fields.fieldIds[Slot.email];
  const emails: string[] = new Array(members.length);
  const keys: string[] = new Array(members.length);
  const order: number[] = [];
  // Hash-map operations dominate on large tenants: one `add` per member here (a set that
  // does not grow already held the id); shared e-mails are found after sorting instead.
  const seenIds = new Set<string>();
  let positionById: Map<string, number> | undefined; // built on the first repeated id only
  const emailAt = { position: 0 };
  for (let i = 0; i < members.length; i++) {
    const member = members[i];
    const id = member?.id;
    if (typeof id !== 'string' || id === '') {
      throw new InvalidSnapshotError(
        'A member has no id; pass the members as HRBrain returns them.',
      );
    }
    const seen = seenIds.size;
    seenIds.add(id);
    let slot = order.length;
    if (seenIds.size === seen) {
      // The same member listed twice (e.g. pages shifting while HRBrain is edited) is one
      // record. Which copy counts must not depend on input order: the smaller canonical form.
      positionById ??= indexPositions(members, order);
      slot = positionById.get(id)!;
      if (canonical(member!) >= canonical(members[order[slot]!]!)) continue;
    }
    const email = asText(fieldValue(member!, emailFieldId, emailAt)).trim();
    const key = email.toLowerCase(); // E1
    emails[i] = email;
    keys[i] = key;
    order[slot] = i;
    positionById?.set(id, slot);
  }
  // Visiting members in key order makes creates/updates/unchanged come out sorted.
  order.sort((a, b) => {
    const ka = keys[a]!;
    const kb = keys[b]!;
    if (ka !== kb) return ka < kb ? -1 : 1;
    const ia = members[a]!.id;
    const ib = members[b]!.id;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });

  const byKey = indexByKey(existing);
  let bySourceId: Map<string, Employee> | undefined;
  let matchedKeys = 0;
  const errors: ErrorRow[] = [];
  const creates: EmployeeCreate[] = [];
  const updates: EmployeeUpdate[] = [];
  const unchanged: UnchangedRecord[] = [];
  const skipped: SkippedRecord[] = [];
  const m = new MappedMember();
  let previousIndex = -1;

  for (let visit = 0; visit < order.length; visit++) {
    const i = order[visit]!;
    const member = members[i]!;
    const key = keys[i]!;
    const match = key === '' ? undefined : byKey.get(key); // E1
    mapping.map(m, member, emails[i]!, key, match);
    if (match !== undefined && (previousIndex === -1 || keys[previousIndex] !== key)) matchedKeys++;
    previousIndex = i;
    // Sorted by key, members sharing an address are neighbours.
    if (
      key !== '' &&
      ((visit > 0 && keys[order[visit - 1]!] === key) ||
        (visit + 1 < order.length && keys[order[visit + 1]!] === key))
    ) {
      // E4: every member sharing an address is skipped, one row each.
      m.add('EMPLOYEE_EMAIL_DUPLICATE', { field: 'email', value: m.email });
    }
    if (m.rows !== null) for (const row of m.rows) errors.push(row);
    if (m.skip !== null) {
      skipped.push({ sourceId: m.id, sourceKey: m.email, codes: m.skip });
      continue;
    }

    // E12: only a member not already matched to the record holding its id can have moved.
    let previous: Employee | undefined;
    if (match === undefined || match.sourceId !== m.id) {
      bySourceId ??= indexBySourceId(existing);
      previous = bySourceId.get(m.id);
    }
    if (previous !== undefined && emailKey(previous.email) !== key) {
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

    // `undefined` = not written (absent field, invalid value): the stored value stays.
    const employeeNumber =
      m.employeeNumber === undefined ? (match?.employeeNumber ?? null) : m.employeeNumber;
    const birthDate = m.birthDate === undefined ? (match?.birthDate ?? null) : m.birthDate;
    const departmentCode =
      m.departmentCode === undefined ? (match?.departmentCode ?? null) : m.departmentCode;
    const position = m.position === undefined ? (match?.position ?? null) : m.position;
    const gender = m.gender === undefined ? (match?.gender ?? null) : m.gender;
    const employmentType =
      m.employmentType === undefined ? (match?.employmentType ?? null) : m.employmentType;
    const retired = m.retired || match?.retired === true; // E7: never cleared

    if (match === undefined) {
      creates.push({
        email: m.email,
        lastName: m.lastName,
        firstName: m.firstName,
        lastNameKana: m.lastNameKana,
        firstNameKana: m.firstNameKana,
        employeeNumber,
        birthDate,
        departmentCode,
        position,
        gender,
        employmentType,
        retired,
        sourceId: m.id,
      });
      continue;
    }

    // D8/E10: an update lists exactly the mapped values that differ.
    let changes: Change[] | null = null;
    changes = diff(changes, 'email', match.email, m.email);
    changes = diff(changes, 'lastName', match.lastName, m.lastName);
    changes = diff(changes, 'firstName', match.firstName, m.firstName);
    changes = diff(changes, 'lastNameKana', match.lastNameKana, m.lastNameKana);
    changes = diff(changes, 'firstNameKana', match.firstNameKana, m.firstNameKana);
    changes = diff(changes, 'employeeNumber', match.employeeNumber ?? null, employeeNumber);
    changes = diff(changes, 'birthDate', match.birthDate ?? null, birthDate);
    changes = diff(changes, 'departmentCode', match.departmentCode ?? null, departmentCode);
    changes = diff(changes, 'position', match.position ?? null, position);
    changes = diff(changes, 'gender', match.gender ?? null, gender);
    changes = diff(changes, 'employmentType', match.employmentType ?? null, employmentType);
    changes = diff(changes, 'retired', match.retired === true, retired);
    // E12: record the member id when it is new (persisted, so it is an update).
    changes = diff(changes, 'sourceId', match.sourceId ?? null, m.id);
    if (changes === null) {
      unchanged.push({ id: match.id, sourceId: m.id, key: m.email });
      continue;
    }
    updates.push({
      id: match.id,
      sourceId: m.id,
      values: {
        email: m.email,
        lastName: m.lastName,
        firstName: m.firstName,
        lastNameKana: m.lastNameKana,
        firstNameKana: m.firstNameKana,
        employeeNumber,
        birthDate,
        departmentCode,
        position,
        gender,
        employmentType,
        retired,
      },
      changes,
    });
  }

  // E10: target employees whose address appears nowhere in the source stay as they are.
  const notInSource: EmployeePlan['notInSource'] = [];
  if (matchedKeys < existing.length) {
    const sourceKeys = new Set<string>();
    for (const i of order) sourceKeys.add(keys[i]!);
    sourceKeys.delete('');
    for (const employee of existing) {
      if (!sourceKeys.has(emailKey(employee.email))) {
        notInSource.push({ id: employee.id, email: employee.email });
      }
    }
  }
  notInSource.sort(byString((e) => `${emailKey(e.email)}\u0000${e.id}`));
  skipped.sort(byString((s) => s.sourceId));
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
      source: order.length,
      created: creates.length,
      updated: updates.length,
      unchanged: unchanged.length,
      skipped: skipped.length,
      warnings,
      notInSource: notInSource.length,
    },
  };
}

/** Member id → its position in `order` (for the rare snapshot listing a member twice). */
function indexPositions(members: readonly HrbrainMember[], order: number[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (let position = 0; position < order.length; position++) {
    positions.set(members[order[position]!]!.id, position);
  }
  return positions;
}

/** A member's content as one comparable string. */
function canonical(member: HrbrainMember): string {
  return JSON.stringify(member);
}

/** Existing employees by e-mail key; on a (contract-breaking) shared key, the smallest id. */
function indexByKey(existing: readonly Employee[]): Map<string, Employee> {
  const byKey = new Map<string, Employee>();
  let collided = false;
  for (const employee of existing) {
    const size = byKey.size;
    byKey.set(emailKey(employee.email), employee);
    if (byKey.size === size) collided = true;
  }
  if (collided) {
    byKey.clear();
    for (const employee of existing) indexSmallest(byKey, emailKey(employee.email), employee);
  }
  return byKey;
}

function indexBySourceId(existing: readonly Employee[]): Map<string, Employee> {
  const bySourceId = new Map<string, Employee>();
  for (const employee of existing) {
    if (typeof employee.sourceId === 'string' && employee.sourceId !== '') {
      indexSmallest(bySourceId, employee.sourceId, employee);
    }
  }
  return bySourceId;
}

/** E1: addresses compare trimmed and case-insensitively. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

function diff(
  changes: Change[] | null,
  field: Change['field'],
  from: unknown,
  to: unknown,
): Change[] | null {
  if (from === to) return changes;
  const change: Change = { field, from, to };
  if (changes === null) return [change];
  changes.push(change);
  return changes;
}

/**
 * The value of one field of a member (the last one, as in `map()`). `at` remembers where the
 * previous member had it: members list their fields in the same order.
 */
function fieldValue(
  member: HrbrainMember,
  fieldId: string | undefined,
  at: { position: number },
): unknown {
  const fields = member.fields;
  if (fieldId === undefined || !Array.isArray(fields)) return undefined;
  const guess = at.position;
  if (fields[guess]?.id === fieldId && !hasLater(fields, fieldId, guess)) {
    return fields[guess]!.value;
  }
  let value: unknown;
  for (let j = 0; j < fields.length; j++) {
    if (fields[j]?.id === fieldId) {
      value = fields[j]!.value;
      at.position = j;
    }
  }
  return value;
}

function hasLater(fields: HrbrainMember['fields'], fieldId: string, from: number): boolean {
  for (let j = from + 1; j < fields.length; j++) if (fields[j]?.id === fieldId) return true;
  return false;
}

/**
 * One member mapped to Mikiwame values; one instance is reused for every member. `undefined`
 * means "not written: keep the stored value" (the field does not exist in this tenant's
 * HRBrain, or the value is invalid: E5, E9); `null` means blank.
 */
class MappedMember {
  id = '';
  /** Trimmed source address (E1). */
  email = '';
  lastName = '';
  firstName = '';
  lastNameKana = '';
  firstNameKana = '';
  employeeNumber: string | null | undefined = undefined;
  birthDate: string | null | undefined = undefined;
  departmentCode: string | null | undefined = undefined;
  position: string | null | undefined = undefined;
  gender: Gender | null | undefined = undefined;
  employmentType: EmploymentType | null | undefined = undefined;
  /** E7: true sets the flag; false leaves it as stored. */
  retired = false;
  rows: ErrorRow[] | null = null;
  skip: ErrorCode[] | null = null;

  reset(id: string, email: string): void {
    this.id = id;
    this.email = email;
    this.lastName = '';
    this.firstName = '';
    this.lastNameKana = '';
    this.firstNameKana = '';
    this.employeeNumber = undefined;
    this.birthDate = undefined;
    this.departmentCode = undefined;
    this.position = undefined;
    this.gender = undefined;
    this.employmentType = undefined;
    this.retired = false;
    this.rows = null;
    this.skip = null;
  }

  add(code: ErrorCode, extra: { field?: string; value?: string; name?: string } = {}): void {
    const row = errorRow(code, { sourceId: this.id, sourceKey: this.email, ...extra });
    if (this.rows === null) this.rows = [row];
    else this.rows.push(row);
    if (row.severity !== 'error') return;
    if (this.skip === null) this.skip = [code];
    else this.skip.push(code);
  }
}

/**
 * Everything that does not depend on the member (field id → slot, pulldown indexes,
 * department codes), and the per-member mapping (E1–E9, E13, F3) with reused buffers.
 */
class MemberMapping {
  private readonly slotByFieldId: Map<string, number>;
  private readonly present: boolean[];
  private readonly itemIndexes: (Map<string, HrbrainOrganizationItem> | undefined)[] = [];
  private readonly departmentCodes = new Set<string>();
  private readonly raw: unknown[] = new Array(SLOT_COUNT);
  /** Set when this member has a pulldown value for a slot with no organization (rare). */
  private unresolvable = false;
  private currentFields: unknown = undefined;
  /** Field id and slot by position in the previous member's `fields`. */
  private readonly seenIds: unknown[] = [];
  private readonly seenSlots: (number | undefined)[] = [];
  /** The pulldown item the last `text(slot)` resolved, per slot. */
  private readonly items: (HrbrainOrganizationItem | undefined)[] = new Array(SLOT_COUNT);

  constructor(
    snapshot: HrbrainSnapshot,
    fields: ResolvedFields,
    departments: readonly Pick<Department, 'code'>[],
  ) {
    this.slotByFieldId = fields.slotByFieldId;
    this.present = fields.fieldIds.map((id) => id !== undefined);
    const cache = new Map<string, Map<string, HrbrainOrganizationItem>>();
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      const orgId = fields.organizationIds[slot];
      if (orgId === undefined) {
        this.itemIndexes.push(undefined);
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
      this.itemIndexes.push(index);
    }
    for (const department of departments) this.departmentCodes.add(department.code);
  }

  /** Maps `member` into `m`; `stored` (the matched employee) lets equal dates reuse its string. */
  map(
    m: MappedMember,
    member: HrbrainMember,
    email: string,
    key: string,
    stored: Employee | undefined,
  ): void {
    const raw = this.raw;
    raw.fill(undefined);
    this.unresolvable = false;
    const memberFields = member.fields;
    this.currentFields = memberFields;
    if (Array.isArray(memberFields)) {
      // Members list their fields in the same order, so the field id at each position is
      // checked against the previous member's before paying for a hash lookup.
      const seenIds = this.seenIds;
      const seenSlots = this.seenSlots;
      for (let j = 0; j < memberFields.length; j++) {
        const field = memberFields[j];
        const id = field?.id;
        let slot: number | undefined;
        if (id === seenIds[j]) slot = seenSlots[j];
        else {
          slot = this.slotByFieldId.get(id as string);
          seenIds[j] = id;
          seenSlots[j] = slot;
        }
        if (slot === undefined) continue;
        raw[slot] = field!.value;
        // F3: a pulldown value whose definition names no organization cannot be resolved.
        if (field!.type === 'organizationPulldown' && this.itemIndexes[slot] === undefined) {
          this.unresolvable = true;
        }
      }
    }
    m.reset(member.id, email);

    // E3: a filled business name part replaces the legal one, part by part.
    m.lastName = this.text(m, Slot.businessLastName) || this.text(m, Slot.lastName);
    m.firstName = this.text(m, Slot.businessFirstName) || this.text(m, Slot.firstName);
    // E13: kana normalised.
    m.lastNameKana =
      normalizeKana(this.text(m, Slot.businessLastNameKana)) ||
      normalizeKana(this.text(m, Slot.lastNameKana));
    m.firstNameKana =
      normalizeKana(this.text(m, Slot.businessFirstNameKana)) ||
      normalizeKana(this.text(m, Slot.firstNameKana));

    // E2: not synced without name, kana or e-mail.
    if (m.lastName === '' || m.firstName === '') {
      m.add('EMPLOYEE_NAME_MISSING', { field: m.lastName === '' ? 'lastName' : 'firstName' });
    }
    if (m.lastNameKana === '' || m.firstNameKana === '') {
      m.add('EMPLOYEE_KANA_MISSING', {
        field: m.lastNameKana === '' ? 'lastNameKana' : 'firstNameKana',
      });
    }
    if (key === '') m.add('EMPLOYEE_EMAIL_MISSING', { field: 'email' });

    // E2/F3: 主部署 → the item's 組織情報コード, which must exist in Mikiwame; blank is fine.
    const departmentName = this.text(m, Slot.department);
    const departmentItem = this.items[Slot.department];
    if (departmentItem === undefined) m.departmentCode = null;
    else {
      const code = asText(departmentItem.code).trim();
      if (code !== '' && this.departmentCodes.has(code)) m.departmentCode = code;
      else {
        m.add('EMPLOYEE_DEPARTMENT_UNKNOWN', {
          field: 'departmentCode',
          value: code === '' ? departmentName : `${departmentName} (${code})`,
        });
      }
    }

    const present = this.present;
    // E5: invalid numbers are not written (the stored one stays).
    if (present[Slot.employeeNumber]) {
      const number = this.text(m, Slot.employeeNumber);
      if (number === '') m.employeeNumber = null;
      else if (isValidEmployeeNumber(number)) m.employeeNumber = number;
      else m.add('EMPLOYEE_NUMBER_INVALID', { field: 'employeeNumber', value: number });
    }
    // E9: impossible dates are not written.
    if (present[Slot.birthDate]) {
      const date = this.text(m, Slot.birthDate);
      if (date === '') m.birthDate = null;
      else {
        const iso = parseBirthDate(date, stored?.birthDate);
        if (iso !== undefined) m.birthDate = iso;
        else m.add('EMPLOYEE_BIRTH_DATE_INVALID', { field: 'birthDate', value: date });
      }
    }
    if (present[Slot.position]) m.position = this.text(m, Slot.position) || null;
    if (present[Slot.gender]) m.gender = mapGender(this.text(m, Slot.gender)); // E8
    if (present[Slot.employmentType]) {
      m.employmentType = mapEmploymentType(this.text(m, Slot.employmentType)); // E6
    }
    if (present[Slot.enrollmentStatus]) {
      m.retired = this.text(m, Slot.enrollmentStatus) === RETIRED_STATUS; // E7
    }
  }

  private isUnresolvablePulldown(slot: number): boolean {
    const fields = this.currentFields;
    if (!Array.isArray(fields)) return false;
    for (const field of fields) {
      if (this.slotByFieldId.get(field?.id) === slot && field.type === 'organizationPulldown') {
        return true;
      }
    }
    return false;
  }

  /** F3: a pulldown holds an item id whose name is the value; an unknown id is blank. */
  private text(m: MappedMember, slot: number): string {
    const value = asText(this.raw[slot]).trim();
    const index = this.itemIndexes[slot];
    this.items[slot] = undefined;
    if (value === '') return value;
    if (index === undefined) {
      if (this.unresolvable && this.isUnresolvablePulldown(slot)) {
        m.add('FIELD_VALUE_UNKNOWN', {
          field: slotFieldNames[slot] ?? '',
          value,
          name: SOURCE_FIELDS[slot]!.label,
        });
        return '';
      }
      return value;
    }
    const item = index.get(value);
    if (item === undefined) {
      m.add('FIELD_VALUE_UNKNOWN', {
        field: slotFieldNames[slot] ?? '',
        value,
        name: SOURCE_FIELDS[slot]!.label,
      });
      return '';
    }
    this.items[slot] = item;
    return asText(item.value).trim();
  }
}

/** The Mikiwame field each slot feeds (for error rows). */
const slotFieldNames: string[] = [
  'lastName',
  'firstName',
  'lastNameKana',
  'firstNameKana',
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
  'email',
  'retired',
];

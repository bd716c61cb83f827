// Step 2 of the employee plan: one HRBrain member → Mikiwame values (E1–E9, E13, F3).

import { InvalidSnapshotError } from '../errors';
import type { ErrorCode, ErrorRow } from '../model/plan';
import type {
  Department,
  Employee,
  EmployeeFields,
  EmploymentType,
  Gender,
} from '../model/records';
import type { HrbrainOrganizationItem, HrbrainSnapshot } from '../model/snapshot';
import { errorRow, type RowContext, setSubject } from '../report/error-rows';
import { type ResolvedFields, SLOT_COUNT, Slot, SOURCE_FIELDS } from './fields';
import type { MemberTable } from './member-table';
import { type ItemIndex, indexItems } from './organizations';
import { asText, normalizeKana } from './text';
import {
  isValidEmployeeNumber,
  mapEmploymentType,
  mapGender,
  parseBirthDate,
  RETIRED_STATUS,
} from './values';

/** F3: what a pulldown id that matches no item reads as. Never blank: the field is not written. */
const UNKNOWN = undefined;

/**
 * One member mapped to Mikiwame values; one instance is reused for every member. `undefined`
 * means "not written: keep the stored value" (the field does not exist in this tenant's
 * HRBrain, or the value is invalid or unknown: E5, E9, F3) until {@link keepStored};
 * `null` means blank.
 */
export class MappedMember {
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
  /** 従業員番号 as HRBrain sent it (trimmed), for the rows' subjectCode (J3). */
  numberText = '';
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
    this.numberText = '';
    this.rows = null;
    this.skip = null;
  }

  /** Adds a row about this member; an error also skips it. */
  add(code: ErrorCode, extra: Omit<RowContext, 'sourceId' | 'sourceKey'> = {}): void {
    const row = errorRow(code, { sourceId: this.id, sourceKey: this.email, ...extra });
    if (this.rows === null) this.rows = [row];
    else this.rows.push(row);
    if (row.severity !== 'error') return;
    if (this.skip === null) this.skip = [code];
    else this.skip.push(code);
  }

  /** J3: every row names the member (氏名 `姓 名`, 従業員番号) once the mapping is done. */
  nameRows(): void {
    if (this.rows === null) return;
    const name =
      this.lastName === '' || this.firstName === ''
        ? this.lastName + this.firstName
        : `${this.lastName} ${this.firstName}`;
    for (const row of this.rows) setSubject(row, name, this.numberText);
  }

  /**
   * E5/E9/E10/F3: a value not written keeps the stored one (blank on a create); E7: a
   * stored retired flag is never cleared. Afterwards every field holds what to write.
   */
  keepStored(stored: Employee | undefined): void {
    if (this.employeeNumber === undefined) this.employeeNumber = stored?.employeeNumber ?? null;
    if (this.birthDate === undefined) this.birthDate = stored?.birthDate ?? null;
    if (this.departmentCode === undefined) this.departmentCode = stored?.departmentCode ?? null;
    if (this.position === undefined) this.position = stored?.position ?? null;
    if (this.gender === undefined) this.gender = stored?.gender ?? null;
    if (this.employmentType === undefined) this.employmentType = stored?.employmentType ?? null;
    if (stored?.retired === true) this.retired = true;
  }

  /** The values to write, after {@link keepStored}. */
  fields(): EmployeeFields {
    return {
      email: this.email,
      lastName: this.lastName,
      firstName: this.firstName,
      lastNameKana: this.lastNameKana,
      firstNameKana: this.firstNameKana,
      employeeNumber: this.employeeNumber ?? null,
      birthDate: this.birthDate ?? null,
      departmentCode: this.departmentCode ?? null,
      position: this.position ?? null,
      gender: this.gender ?? null,
      employmentType: this.employmentType ?? null,
      retired: this.retired,
    };
  }
}

/**
 * Everything that does not depend on the member (field id → slot, pulldown indexes,
 * department codes), and the per-member mapping with reused buffers.
 */
export class MemberMapping {
  private readonly present: boolean[];
  private readonly itemIndexes: (ItemIndex | undefined)[] = [];
  private readonly departmentCodes = new Set<string>();
  /** The current member's values: `values[base + slot]` (see {@link MemberTable}). */
  private values: readonly unknown[] = [];
  private base = 0;
  /** The current member's slots whose field is typed `organizationPulldown` (bit per slot). */
  private pulldowns = 0;
  /** The pulldown item the last `text(slot)` resolved, per slot. */
  private readonly items: (HrbrainOrganizationItem | undefined)[] = new Array(SLOT_COUNT);

  constructor(
    snapshot: HrbrainSnapshot,
    fields: ResolvedFields,
    departments: readonly Pick<Department, 'code'>[],
  ) {
    this.present = fields.fieldIds.map((id) => id !== undefined);
    const cache = new Map<string, ItemIndex>();
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

  /**
   * Maps member `i` of `table` into `m`; `stored` (the matched employee) lets equal dates
   * reuse its string.
   */
  map(
    m: MappedMember,
    table: MemberTable,
    i: number,
    email: string,
    key: string,
    stored: Employee | undefined,
  ): void {
    this.values = table.values;
    this.base = i * SLOT_COUNT;
    this.pulldowns = table.pulldowns[i]!;
    m.reset(table.ids[i] as string, email);

    // E3: a filled business name part replaces the legal one, part by part.
    m.lastName = this.known(m, Slot.businessLastName) || this.known(m, Slot.lastName) || '';
    m.firstName = this.known(m, Slot.businessFirstName) || this.known(m, Slot.firstName) || '';
    // E13: kana normalised.
    m.lastNameKana = this.kana(m, Slot.businessLastNameKana) || this.kana(m, Slot.lastNameKana);
    m.firstNameKana = this.kana(m, Slot.businessFirstNameKana) || this.kana(m, Slot.firstNameKana);

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

    this.mapDepartment(m);

    const present = this.present;
    // E5: invalid numbers are not written (the stored one stays).
    if (present[Slot.employeeNumber]) {
      const number = this.known(m, Slot.employeeNumber);
      if (number !== UNKNOWN) {
        m.numberText = number;
        if (number === '') m.employeeNumber = null;
        else if (isValidEmployeeNumber(number)) m.employeeNumber = number;
        else m.add('EMPLOYEE_NUMBER_INVALID', { field: 'employeeNumber', value: number });
      }
    }
    // E9: impossible dates, and times other than midnight in Japan, are not written.
    if (present[Slot.birthDate]) {
      const date = this.known(m, Slot.birthDate);
      if (date === '') m.birthDate = null;
      else if (date !== UNKNOWN) {
        const iso = parseBirthDate(date, stored?.birthDate);
        if (iso !== undefined) m.birthDate = iso;
        else m.add('EMPLOYEE_BIRTH_DATE_INVALID', { field: 'birthDate', value: date });
      }
    }
    // F3: for the other pulldowns an unknown id is not written (the stored value stays).
    if (present[Slot.position]) {
      const position = this.known(m, Slot.position);
      if (position !== UNKNOWN) m.position = position || null;
    }
    if (present[Slot.gender]) {
      const gender = this.known(m, Slot.gender);
      if (gender !== UNKNOWN) m.gender = mapGender(gender); // E8
    }
    if (present[Slot.employmentType]) {
      const type = this.known(m, Slot.employmentType);
      if (type !== UNKNOWN) m.employmentType = mapEmploymentType(type); // E6
    }
    if (present[Slot.enrollmentStatus]) {
      const status = this.known(m, Slot.enrollmentStatus);
      if (status !== UNKNOWN) m.retired = status === RETIRED_STATUS; // E7
    }
  }

  /**
   * E2/F3: 主部署 → the item's 組織情報コード, which must exist in Mikiwame; blank is fine.
   * An id that matches no item is not blank: the employee is not synced.
   */
  private mapDepartment(m: MappedMember): void {
    const name = this.text(Slot.department);
    if (name === UNKNOWN) {
      m.add('EMPLOYEE_DEPARTMENT_UNKNOWN', {
        field: 'departmentCode',
        value: this.rawText(Slot.department),
        unknownId: true,
        ambiguousId: this.isAmbiguous(Slot.department),
      });
      return;
    }
    const item = this.items[Slot.department];
    if (item === undefined) {
      m.departmentCode = null;
      return;
    }
    const code = asText(item.code).trim();
    if (code !== '' && this.departmentCodes.has(code)) m.departmentCode = code;
    else {
      m.add('EMPLOYEE_DEPARTMENT_UNKNOWN', {
        field: 'departmentCode',
        value: code === '' ? name : `${name} (${code})`,
      });
    }
  }

  private rawText(slot: number): string {
    return asText(this.values[this.base + slot]).trim();
  }

  /** J4: the slot's value is an item id HRBrain lists more than once with different contents. */
  private isAmbiguous(slot: number): boolean {
    return this.itemIndexes[slot]?.ambiguous.has(this.rawText(slot)) ?? false;
  }

  /** F3: a slot's text, for a pulldown its item's name; {@link UNKNOWN} for an id no item has. */
  private text(slot: number): string | undefined {
    const value = this.rawText(slot);
    const index = this.itemIndexes[slot];
    this.items[slot] = undefined;
    if (value === '') return value;
    if (index === undefined) {
      // F3: a pulldown value whose definition names no organization cannot be resolved.
      return (this.pulldowns & (1 << slot)) !== 0 ? UNKNOWN : value;
    }
    const item = index.get(value);
    if (item === undefined) return UNKNOWN;
    this.items[slot] = item;
    return asText(item.value).trim();
  }

  /** {@link text}, with an unknown id reported as FIELD_VALUE_UNKNOWN (F3). */
  private known(m: MappedMember, slot: number): string | undefined {
    const text = this.text(slot);
    if (text === UNKNOWN) {
      const spec = SOURCE_FIELDS[slot]!;
      m.add('FIELD_VALUE_UNKNOWN', {
        field: spec.field,
        value: this.rawText(slot),
        name: spec.label,
        ambiguousId: this.isAmbiguous(slot),
      });
    }
    return text;
  }

  /** E13: a kana slot, normalised ('' when blank or unknown). */
  private kana(m: MappedMember, slot: number): string {
    const text = this.known(m, slot);
    return text === UNKNOWN ? '' : normalizeKana(text);
  }
}

import type { DepartmentNode } from './departments';
import { FIELD_SPEC_BY_KEY, type FieldKey } from './fields';
import { toHalfWidthKatakana, toHiragana } from './kana';
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, NEUTRAL_FIRST_NAMES } from './names';
import type { RawMember, RawMemberField } from './payload';
import type { Random } from './random';

/**
 * A member before serialisation: a value per field role. A missing key means the field is
 * absent from the member; `''` means it is present and empty (HRBrain sends both).
 */
export interface MemberDraft {
  id: string;
  values: Partial<Record<FieldKey, string>>;
}

/** Organization item ids the generator draws from. */
export interface PulldownChoices {
  departments: readonly DepartmentNode[];
  /** [item id, weight] pairs. */
  employmentTypes: readonly (readonly [string, number])[];
  positions: readonly (readonly [string, number])[];
  activeStatusId: string;
  onLeaveStatusId: string;
  retiredStatusId: string;
}

export interface MemberMix {
  businessNames: number;
  hiraganaKana: number;
  halfWidthKana: number;
  isoBirthDates: number;
  retired: number;
  onLeave: number;
  noDepartment: number;
}

const DOMAIN = 'example.co.jp';

function weighted(random: Random, choices: readonly (readonly [string, number])[]): string {
  let total = 0;
  for (const [, w] of choices) total += w;
  let roll = random.next() * total;
  for (const [id, w] of choices) {
    roll -= w;
    if (roll < 0) return id;
  }
  return (choices[choices.length - 1] as readonly [string, number])[0];
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
}

function randomDate(random: Random, fromYear: number, toYear: number, separator: string): string {
  const year = random.int(fromYear, toYear);
  const month = random.int(1, 12);
  const day = random.int(1, daysInMonth(year, month));
  return `${year}${separator}${pad(month)}${separator}${pad(day)}`;
}

/** Generates `count` clean, valid members (defects are applied afterwards). */
export function generateMembers(
  random: Random,
  count: number,
  choices: PulldownChoices,
  mix: MemberMix,
): MemberDraft[] {
  // Next free number per local part: a Set probe loop would be quadratic in name clashes.
  const emailCounters = new Map<string, number>();
  const members: MemberDraft[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const roll = random.next();
    const gender = roll < 0.48 ? '男性' : roll < 0.96 ? '女性' : roll < 0.98 ? 'その他' : '';
    const first = random.pick(
      gender === '男性'
        ? MALE_FIRST_NAMES
        : gender === '女性'
          ? FEMALE_FIRST_NAMES
          : NEUTRAL_FIRST_NAMES,
    );
    const last = random.pick(LAST_NAMES);

    let lastKana = last.kana;
    let firstKana = first.kana;
    const kanaRoll = random.next();
    if (kanaRoll < mix.hiraganaKana) {
      lastKana = toHiragana(lastKana);
      firstKana = toHiragana(firstKana);
    } else if (kanaRoll < mix.hiraganaKana + mix.halfWidthKana) {
      lastKana = toHalfWidthKatakana(lastKana);
      firstKana = toHalfWidthKatakana(firstKana);
    }

    // E1: addresses must be unique in a clean tenant; add a number on a clash, as mail
    // admins do.
    const base = `${first.romaji}.${last.romaji}`;
    const clash = emailCounters.get(base) ?? 0;
    emailCounters.set(base, clash + 1);
    const email = clash === 0 ? `${base}@${DOMAIN}` : `${base}${clash + 1}@${DOMAIN}`;

    const values: MemberDraft['values'] = {
      lastName: last.kanji,
      firstName: first.kanji,
      lastNameKana: lastKana,
      firstNameKana: firstKana,
    };
    if (random.chance(mix.businessNames)) {
      // Most business names are a maiden family name kept at work; some replace both parts.
      const maiden = random.pick(LAST_NAMES);
      values.businessLastName = maiden.kanji;
      values.businessLastNameKana = maiden.kana;
      if (random.chance(0.2)) {
        const alt = random.pick(NEUTRAL_FIRST_NAMES);
        values.businessFirstName = alt.kanji;
        values.businessFirstNameKana = alt.kana;
      }
    }
    values.employeeNumber = `E${pad(i + 1, 6)}`;
    values.birthDate = randomDate(random, 1960, 2004, random.chance(mix.isoBirthDates) ? '-' : '/');
    if (gender) values.gender = gender;
    values.email = email;
    if (choices.departments.length > 0 && !random.chance(mix.noDepartment)) {
      values.mainTeam = random.pick(choices.departments).item.id;
    }
    values.employmentStatus = weighted(random, choices.employmentTypes);
    const statusRoll = random.next();
    values.enrollmentStatus =
      statusRoll < mix.retired
        ? choices.retiredStatusId
        : statusRoll < mix.retired + mix.onLeave
          ? choices.onLeaveStatusId
          : choices.activeStatusId;
    values.position = weighted(random, choices.positions);
    values.enteredDay = randomDate(random, 1985, 2026, '/');
    members[i] = { id: `mem-${i + 1}`, values };
  }
  return members;
}

// The order HRBrain lists a member's values in (as in the worked example).
const MEMBER_FIELD_ORDER: readonly FieldKey[] = [
  'lastName',
  'firstName',
  'lastNameKana',
  'firstNameKana',
  'businessLastName',
  'businessFirstName',
  'businessLastNameKana',
  'businessFirstNameKana',
  'employeeNumber',
  'birthDate',
  'gender',
  'email',
  'mainTeam',
  'employmentStatus',
  'enrollmentStatus',
  'position',
  'enteredDay',
];

/** Field ids and aliases as finally served (after renamed/dropped-alias defects). */
export type MemberFieldTemplate = ReadonlyMap<FieldKey, { id: string; alias: string | undefined }>;

export function defaultMemberFieldTemplate(
  droppedAliasKeys: ReadonlySet<FieldKey>,
): MemberFieldTemplate {
  const template = new Map<FieldKey, { id: string; alias: string | undefined }>();
  for (const key of MEMBER_FIELD_ORDER) {
    const spec = FIELD_SPEC_BY_KEY.get(key);
    if (!spec) continue;
    template.set(key, { id: spec.id, alias: droppedAliasKeys.has(key) ? undefined : spec.alias });
  }
  return template;
}

/** A draft as the API serves it: `{ id, fields: [{ id, type, value, alias? }] }`. */
export function serializeMember(draft: MemberDraft, template: MemberFieldTemplate): RawMember {
  const fields: RawMemberField[] = [];
  for (const [key, { id, alias }] of template) {
    const value = draft.values[key];
    if (value === undefined) continue;
    const spec = FIELD_SPEC_BY_KEY.get(key);
    const field: RawMemberField = {
      id,
      type: spec?.organization ? 'organizationPulldown' : 'text',
      value,
    };
    if (alias) field.alias = alias;
    fields.push(field);
  }
  return { id: draft.id, fields };
}

import { FakeHrbrainOptionsError } from '../errors';
import type { FakeHrbrainDefectReport } from './defect-report';
import type { FieldKey } from './fields';
import { daysInMonth, type MemberDraft } from './members';
import type { FakeHrbrainDefects } from './options';
import type { Random } from './random';

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';

type MemberDefect =
  | 'duplicateEmails'
  | 'missingNames'
  | 'missingKana'
  | 'missingEmails'
  | 'unknownDepartments'
  | 'unknownPulldownValues'
  | 'unknownDepartmentIds'
  | 'invalidEmployeeNumbers'
  | 'invalidBirthDates'
  | 'zonedBirthDates';

const BUSINESS_KEYS: readonly FieldKey[] = [
  'businessLastName',
  'businessFirstName',
  'businessLastNameKana',
  'businessFirstNameKana',
];

/** The ISO date before `iso` (`YYYY-MM-DD`), by calendar arithmetic. */
function previousDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  if (d > 1) return `${y}-${pad(m)}-${pad(d - 1)}`;
  if (m > 1) return `${y}-${pad(m - 1)}-${pad(daysInMonth(y, m - 1))}`;
  return `${y - 1}-12-31`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Blanks `key` the two ways HRBrain does: an empty value, or no entry at all. */
function blank(draft: MemberDraft, key: FieldKey, k: number): void {
  if (k % 2 === 0) draft.values[key] = '';
  else delete draft.values[key];
}

export interface MemberSpoilContext {
  /** Department item ids that the department sync will not create (D2/D3/D4). */
  unsyncedDepartmentIds: readonly string[];
}

/**
 * Spoils members, one defect per member, chosen at random among all members. Business
 * names are removed from members whose names are spoiled, so E3 cannot mask the defect.
 */
export function spoilMembers(
  random: Random,
  members: MemberDraft[],
  defects: FakeHrbrainDefects,
  context: MemberSpoilContext,
  report: FakeHrbrainDefectReport,
): void {
  const count = (name: MemberDefect): number => defects[name] ?? 0;
  const needed =
    2 * count('duplicateEmails') +
    count('missingNames') +
    count('missingKana') +
    count('missingEmails') +
    count('unknownDepartments') +
    count('unknownPulldownValues') +
    count('unknownDepartmentIds') +
    count('invalidEmployeeNumbers') +
    count('invalidBirthDates') +
    count('zonedBirthDates');
  if (needed === 0) return;
  if (needed > members.length) {
    throw new FakeHrbrainOptionsError(
      `the member defects need ${needed} distinct members (duplicateEmails counts twice), but the tenant has ${members.length}; raise members.`,
      { option: 'defects' },
    );
  }
  const order = random.shuffle(members);
  let next = 0;
  const take = (): MemberDraft => order[next++] as MemberDraft;

  for (let k = 0; k < count('duplicateEmails'); k++) {
    const original = take();
    const copier = take();
    const email = original.values.email as string;
    // E1 compares case-insensitively: every other copy differs only in case.
    copier.values.email = k % 2 === 0 ? email : email.charAt(0).toUpperCase() + email.slice(1);
    report.duplicateEmails.push(original.id, copier.id);
  }
  for (let k = 0; k < count('missingNames'); k++) {
    const m = take();
    for (const key of BUSINESS_KEYS) delete m.values[key];
    blank(m, k % 4 < 2 ? 'lastName' : 'firstName', k);
    report.missingNames.push(m.id);
  }
  for (let k = 0; k < count('missingKana'); k++) {
    const m = take();
    for (const key of BUSINESS_KEYS) delete m.values[key];
    blank(m, k % 4 < 2 ? 'lastNameKana' : 'firstNameKana', k);
    report.missingKana.push(m.id);
  }
  for (let k = 0; k < count('missingEmails'); k++) {
    const m = take();
    blank(m, 'email', k);
    report.missingEmails.push(m.id);
  }
  if (count('unknownDepartments') > 0 && context.unsyncedDepartmentIds.length === 0) {
    throw new FakeHrbrainOptionsError('no unsynced department to point at.', {
      option: 'defects.unknownDepartments',
    });
  }
  for (let k = 0; k < count('unknownDepartments'); k++) {
    const m = take();
    const ids = context.unsyncedDepartmentIds;
    m.values.mainTeam = ids[k % ids.length] as string;
    report.unknownDepartments.push(m.id);
  }
  const pulldowns: readonly FieldKey[] = ['employmentStatus', 'enrollmentStatus', 'position'];
  for (let k = 0; k < count('unknownPulldownValues'); k++) {
    const m = take();
    m.values[pulldowns[k % pulldowns.length] as FieldKey] = `deleted-item-${k + 1}`;
    report.unknownPulldownValues.push(m.id);
  }
  for (let k = 0; k < count('unknownDepartmentIds'); k++) {
    const m = take();
    m.values.mainTeam = `deleted-team-${k + 1}`;
    report.unknownDepartmentIds.push(m.id);
  }
  for (let k = 0; k < count('invalidEmployeeNumbers'); k++) {
    const m = take();
    const digits = (m.values.employeeNumber ?? 'E000000').slice(1);
    // E5: full-width digits, kana, and an inner space: the three mistakes the manual names.
    m.values.employeeNumber =
      k % 3 === 0
        ? [...digits].map((d) => FULL_WIDTH_DIGITS[Number(d)]).join('')
        : k % 3 === 1
          ? `エー${digits}`
          : `E ${digits}`;
    report.invalidEmployeeNumbers.push(m.id);
  }
  const impossible = ['02/30', '13/01', '04/31', '00/10', '06/00'];
  for (let k = 0; k < count('invalidBirthDates'); k++) {
    const m = take();
    const year = (m.values.birthDate ?? '1990').slice(0, 4);
    const separator = k % 2 === 0 ? '/' : '-';
    m.values.birthDate = `${year}${separator}${(impossible[k % impossible.length] as string).replace('/', separator)}`;
    report.invalidBirthDates.push(m.id);
  }
  for (let k = 0; k < count('zonedBirthDates'); k++) {
    const m = take();
    const date = (m.values.birthDate ?? '1990/01/02').replaceAll('/', '-');
    // E9: Tokyo midnight written in UTC (the previous day, 15:00Z), or another time of day.
    m.values.birthDate = k % 2 === 0 ? `${previousDay(date)}T15:00:00Z` : `${date}T09:00:00+09:00`;
    report.zonedBirthDates.push(m.id);
  }
}

import type { EmploymentType, Gender } from '../model/records';
import { nfkc } from './text';

// E6: exact HRBrain name → Mikiwame employment type; every other non-blank name is `other`
// (インターン, 短時間正社員, company-added types, renamed defaults).
const employmentTypes = new Map<string, EmploymentType>([
  ['正社員', 'regular'],
  ['契約社員', 'contract'],
  ['派遣', 'dispatched'],
  ['パートタイム', 'part_time'],
  ['アルバイト', 'part_time'],
  ['バイト', 'part_time'],
  ['業務委託', 'outsourced'],
]);

/** E6. Blank → null. */
export function mapEmploymentType(name: string): EmploymentType | null {
  if (name === '') return null;
  return employmentTypes.get(name) ?? 'other';
}

/** E8: 男性 → male, 女性 → female, other non-blank → other, blank → null. */
export function mapGender(value: string): Gender | null {
  if (value === '') return null;
  if (value === '男性') return 'male';
  if (value === '女性') return 'female';
  return 'other';
}

/** E7: only 退職済み sets the retired flag. */
export const RETIRED_STATUS = '退職済み';

/** E5: half-width letters, digits and `-`, `_`, `.`. */
const employeeNumberPattern = /^[0-9A-Za-z._-]+$/;

export function isValidEmployeeNumber(value: string): boolean {
  return employeeNumberPattern.test(value);
}

const datePattern = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/;

/**
 * E9/E13: `YYYY-MM-DD` or `YYYY/MM/DD` (full-width digits are folded) → ISO `YYYY-MM-DD`,
 * as calendar arithmetic only (no Date, no time zone). An impossible date → undefined.
 */
export function parseBirthDate(value: string): string | undefined {
  const match = datePattern.exec(nfkc(value));
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[3]);
  const day = Number(match[4]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return `${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

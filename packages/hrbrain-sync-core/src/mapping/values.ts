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

/**
 * E9/E13: `YYYY-MM-DD` or `YYYY/MM/DD` (month and day may have one digit; full-width digits
 * are folded) → ISO `YYYY-MM-DD`, by calendar arithmetic only: no Date, no time zone. The
 * same followed by a midnight time with no offset or `+09:00` (`T00:00:00`,
 * `T00:00:00+09:00`, also `T00:00` and `T00:00:00.000`) is that calendar date. Any other time or offset (`…T15:00:00Z`, which
 * some systems send for Tokyo midnight) and impossible dates → undefined: a date is never
 * shifted through a time zone.
 */
export function parseBirthDate(value: string, stored?: string | null): string | undefined {
  let text = nfkc(value);
  if (text.length > 10) {
    const date = withoutMidnight(text);
    if (date === undefined) return undefined;
    text = date;
  }
  // Hand-parsed: this runs once per member on large tenants.
  const n = text.length;
  if (n < 8 || n > 10) return undefined;
  const sep = text.charCodeAt(4);
  if (sep !== 0x2d && sep !== 0x2f) return undefined; // - or /
  const year = digits(text, 0, 4);
  const second = text.indexOf(text[4]!, 5);
  if (second < 6 || second > 7) return undefined;
  const month = digits(text, 5, second);
  const day = digits(text, second + 1, n);
  if (n - second - 1 < 1 || n - second - 1 > 2) return undefined;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  if (n === 10 && sep === 0x2d) return text; // already ISO
  // The stored date when it is the same day: no new string per unchanged employee.
  if (
    typeof stored === 'string' &&
    stored.length === 10 &&
    stored.charCodeAt(4) === 0x2d &&
    stored.charCodeAt(7) === 0x2d &&
    digits(stored, 0, 4) === year &&
    digits(stored, 5, 7) === month &&
    digits(stored, 8, 10) === day
  ) {
    return stored;
  }
  return `${text.slice(0, 4)}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/**
 * E9: a midnight time that means the calendar date itself: `T` (or RFC 3339's `t`), hours and
 * minutes `00:00`, seconds `:00` optional with an optional fraction of zeros, and no offset
 * or exactly `+09:00`. `Z`, `+00:00`, `+0900` and every other time are not midnight in Japan
 * as written, so they are refused rather than shifted (E13).
 */
const MIDNIGHT = /^[Tt]00:00(?::00(?:\.0+)?)?(?:\+09:00)?$/;

/** The date part of `<date>T00:00:00` / `<date>T00:00:00+09:00`; undefined for any other time. */
function withoutMidnight(text: string): string | undefined {
  const t = text.search(/[Tt]/);
  if (t < 8 || t > 10) return undefined;
  return MIDNIGHT.test(text.slice(t)) ? text.slice(0, t) : undefined;
}

/** The decimal number in `text[start, end)`, or -1 if it is not all ASCII digits. */
function digits(text: string, start: number, end: number): number {
  if (end <= start) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

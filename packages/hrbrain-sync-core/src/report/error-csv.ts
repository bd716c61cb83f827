import { HrbrainSyncConfigError } from '../errors';
import type { ErrorRow } from '../model/plan';
import type { SyncKind } from '../model/records';

/**
 * A row as the error file reads it. `subjectName` / `subjectCode` (氏名 and 従業員番号 of a
 * member, 部署名 and 部署コード of a department) are optional display fields: rows stored
 * before they existed render them empty.
 */
export type ErrorCsvRow = ErrorRow & {
  subjectName?: string | undefined;
  subjectCode?: string | undefined;
};

/** Options of {@link renderErrorCsv}. */
export interface ErrorCsvOptions {
  /**
   * `ja` (default): a Japanese header row, Japanese severities (エラー / 警告) and field
   * labels, for an HR admin opening the file in Excel. `en`: the English header
   * ({@link ERROR_CSV_COLUMNS}) and the raw values (`error`, `employeeNumber` …), for programs.
   */
  language?: 'ja' | 'en';
  /**
   * Which sync the rows come from: the identifying columns are 氏名 / 従業員番号 / メールアドレス
   * for `employees` and 部署名 / 部署コード for `departments`. Default: `departments` when every
   * row has a `DEPARTMENT_*` code, else `employees`.
   */
  kind?: SyncKind;
}

/** English column headers of an employee run's error file (J3), in order. */
export const ERROR_CSV_COLUMNS = [
  'source_id',
  'name',
  'employee_number',
  'email',
  'severity',
  'code',
  'field',
  'value',
  'message_ja',
  'message_en',
] as const;

/** English column headers of a department run's error file (J3), in order. */
export const DEPARTMENT_ERROR_CSV_COLUMNS = [
  'source_id',
  'department_name',
  'department_code',
  'severity',
  'code',
  'field',
  'value',
  'message_ja',
  'message_en',
] as const;

const HEADERS_JA: Record<SyncKind, readonly string[]> = {
  employees: [
    'HRBrain社員ID',
    '氏名',
    '従業員番号',
    'メールアドレス',
    '種別',
    'エラーコード',
    '項目',
    '値',
    '内容',
    '内容（英語）',
  ],
  departments: [
    'HRBrain組織ID',
    '部署名',
    '部署コード',
    '種別',
    'エラーコード',
    '項目',
    '値',
    '内容',
    '内容（英語）',
  ],
};

const SEVERITY_JA: Record<ErrorRow['severity'], string> = {
  error: 'エラー（連携されていません）',
  warning: '警告（連携済み）',
};

/** Mikiwame field names as the admin page labels them. */
const FIELD_JA: Record<string, string> = {
  code: '部署コード',
  name: '部署名',
  parentCode: '親部署コード',
  sourceId: 'HRBrain ID',
  email: 'メールアドレス',
  lastName: '氏',
  firstName: '名',
  lastNameKana: '氏（カナ）',
  firstNameKana: '名（カナ）',
  employeeNumber: '従業員番号',
  birthDate: '生年月日',
  departmentCode: '主部署',
  position: '役職・職位',
  gender: '性別',
  employmentType: '雇用形態',
  retired: '在籍状況',
};

// J3: a cell that a spreadsheet would read as a formula (or that starts with a control
// character it strips) is prefixed with an apostrophe; full-width forms count, since
// Excel on a Japanese system converts ＝ ＋ － ＠ typed at the start of a cell.
const formulaStart = /^[=+\-@\t\r＝＋－＠]/;
// Unicode Bidi_Control (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): they reorder
// how the text around them is shown (`abc\u202Egnp.exe` reads as `abcexe.png`), so each is
// replaced, wherever it stands, by a visible `<U+202E>`.
const bidiControl = /\p{Bidi_Control}/gu;
const needsQuotes = /[",\r\n]/;

const visible = (char: string) =>
  `<U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;

function cell(value: string | undefined): string {
  let text = (value ?? '').replace(bidiControl, visible);
  if (formulaStart.test(text)) text = `'${text}`;
  // RFC 4180: quote cells holding a quote, comma or line break; double inner quotes.
  return needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function kindOf(rows: readonly ErrorRow[]): SyncKind {
  return rows.length > 0 && rows.every((row) => row.code.startsWith('DEPARTMENT_'))
    ? 'departments'
    : 'employees';
}

/**
 * Renders error rows as the error file an HR admin downloads (J3): UTF-8 with a BOM (so
 * Excel reads the Japanese correctly), CRLF line ends, a header row, RFC 4180 quoting.
 * Every cell starting with `=`, `+`, `-`, `@`, tab or CR, or their full-width forms
 * (`＝ ＋ － ＠`), is neutralised with a leading `'`; Unicode bidi controls anywhere in a
 * cell are shown as `<U+202E>` instead of reordering the text.
 *
 * Columns (employees): HRBrain社員ID, 氏名, 従業員番号, メールアドレス, 種別, エラーコード,
 * 項目, 値, 内容, 内容（英語）. Departments: HRBrain組織ID, 部署名, 部署コード, then the same.
 * 氏名 / 従業員番号 / 部署名 come from the row's `subjectName` / `subjectCode` (empty when a
 * row has none; a department's 部署コード falls back to its `sourceKey`). With
 * `{ language: 'en' }` the header is {@link ERROR_CSV_COLUMNS} (or
 * {@link DEPARTMENT_ERROR_CSV_COLUMNS}) and values are raw.
 *
 * The result is a string that starts with `\uFEFF`; encode it as UTF-8 (e.g.
 * `new TextEncoder().encode(csv)`) when writing bytes.
 *
 * @example
 * ```ts
 * import { renderErrorCsv, type SyncPlan } from '@mikiwame/hrbrain-sync-core';
 *
 * function errorFile(plan: SyncPlan): Response {
 *   const csv = renderErrorCsv(plan.errors, { kind: plan.kind });
 *   return new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8' } });
 * }
 * ```
 */
export function renderErrorCsv(
  rows: readonly ErrorCsvRow[],
  options: ErrorCsvOptions = {},
): string {
  if (
    !Array.isArray(rows as unknown) ||
    rows.some((row: unknown) => typeof row !== 'object' || row === null)
  ) {
    throw new HrbrainSyncConfigError('renderErrorCsv takes an array of error rows.', {
      option: 'rows',
    });
  }
  if (typeof options !== 'object' || options === null) {
    throw new HrbrainSyncConfigError(
      "renderErrorCsv's options must be an object ({ kind?, language? }).",
      { option: 'options' },
    );
  }
  const language = options.language ?? 'ja';
  const kind = options.kind ?? kindOf(rows);
  const header =
    language === 'en'
      ? kind === 'departments'
        ? DEPARTMENT_ERROR_CSV_COLUMNS
        : ERROR_CSV_COLUMNS
      : HEADERS_JA[kind];
  const lines = [header.map(cell).join(',')];
  for (const row of rows) {
    const identity =
      kind === 'departments'
        ? [row.sourceId, row.subjectName, row.subjectCode || row.sourceKey]
        : [row.sourceId, row.subjectName, row.subjectCode, row.sourceKey];
    const severity = language === 'ja' ? (SEVERITY_JA[row.severity] ?? row.severity) : row.severity;
    const field =
      language === 'ja' && row.field !== undefined ? (FIELD_JA[row.field] ?? row.field) : row.field;
    lines.push(
      [...identity, severity, row.code, field, row.value, row.messageJa, row.messageEn]
        .map(cell)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

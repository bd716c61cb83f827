import type { ErrorRow } from '../model/plan';

/** Column headers of the error file (J3), in order. */
export const ERROR_CSV_COLUMNS = [
  'source_id',
  'source_key',
  'severity',
  'code',
  'field',
  'value',
  'message_ja',
  'message_en',
] as const;

// J3: a cell that a spreadsheet would read as a formula (or that starts with a control
// character it strips) is prefixed with an apostrophe.
const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;

function cell(value: string | undefined): string {
  let text = value ?? '';
  if (formulaStart.test(text)) text = `'${text}`;
  // RFC 4180: quote cells holding a quote, comma or line break; double inner quotes.
  return needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Renders error rows as the error file an HR admin downloads (J3): UTF-8 with a BOM (so
 * Excel reads the Japanese correctly), CRLF line ends, a header row, RFC 4180 quoting, and
 * every cell starting with `=`, `+`, `-`, `@`, tab or CR neutralised with a leading `'`.
 *
 * Columns: {@link ERROR_CSV_COLUMNS}. The result is a string that starts with `\uFEFF`;
 * encode it as UTF-8 (e.g. `new TextEncoder().encode(csv)`) when writing bytes.
 *
 * @example
 * ```ts
 * const csv = renderErrorCsv(plan.errors);
 * return new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8' } });
 * ```
 */
export function renderErrorCsv(rows: readonly ErrorRow[]): string {
  const lines = [ERROR_CSV_COLUMNS.join(',')];
  for (const row of rows) {
    lines.push(
      [
        row.sourceId,
        row.sourceKey,
        row.severity,
        row.code,
        row.field,
        row.value,
        row.messageJa,
        row.messageEn,
      ]
        .map(cell)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

import type { PlanSummary, SyncKind, SyncRunStatus } from '@mikiwame/hrbrain-sync-core';

/** One line of the summary table: a run (or, for a dry run, a plan). */
export interface SummaryRow {
  kind: SyncKind;
  status: SyncRunStatus | 'planned';
  summary: PlanSummary;
}

/** The run names an admin sees in バックグラウンド処理一覧 (J1). */
export const RUN_LABELS: Record<SyncKind, string> = {
  departments: 'HRBrain部署情報取込',
  employees: 'HRBrain社員情報取込',
};

// CJK, kana and full-width forms take two terminal cells; without this the table skews.
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

const COLUMNS = [
  { title: 'run', align: 'left' },
  { title: 'source', align: 'right' },
  { title: 'created', align: 'right' },
  { title: 'updated', align: 'right' },
  { title: 'unchanged', align: 'right' },
  { title: 'skipped', align: 'right' },
  { title: 'warnings', align: 'right' },
  { title: 'status', align: 'left' },
] as const;

/** A plain-text table, one row per run, aligned for terminals and readable in CI logs. */
export function renderSummaryTable(rows: readonly SummaryRow[]): string {
  const cells = rows.map((row) => [
    RUN_LABELS[row.kind],
    String(row.summary.source),
    String(row.summary.created),
    String(row.summary.updated),
    String(row.summary.unchanged),
    String(row.summary.skipped),
    String(row.summary.warnings),
    row.status,
  ]);
  const widths = COLUMNS.map((column, i) =>
    Math.max(displayWidth(column.title), ...cells.map((line) => displayWidth(line[i] ?? ''))),
  );
  const line = (values: readonly string[]) =>
    `  ${values.map((value, i) => pad(value, widths[i] ?? 0, COLUMNS[i]?.align ?? 'left')).join('  ')}`.trimEnd();
  const rule = `  ${widths.map((width) => '─'.repeat(width)).join('  ')}`;
  return [line(COLUMNS.map((column) => column.title)), rule, ...cells.map(line)].join('\n');
}

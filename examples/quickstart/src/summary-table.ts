import type { PlanSummary, SyncKind, SyncRunStatus } from '@mikiwame/hrbrain-sync-core';
import stringWidth from 'string-width';

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

// Kanji, kana and full-width forms take two terminal cells (string-width knows the East Asian
// Width table, emoji and combining marks); counting UTF-16 units would skew the table.
const displayWidth = (text: string) => stringWidth(text);

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'left' ? text + fill : fill + text;
}

const COLUMNS = [
  { title: 'run', align: 'left' },
  { title: 'source', align: 'right' },
  { title: 'created', align: 'right' },
  { title: 'updated', align: 'right' },
  { title: 'linked', align: 'right' },
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
    // J4 / DECISIONS #2: records matched as they were, only their HRBrain id recorded. A core
    // that does not report it yet counts them as updated: 0 here.
    String((row.summary as { linked?: number }).linked ?? 0),
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

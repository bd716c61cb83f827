import { describe, expect, it } from 'vitest';
import { renderSummaryTable } from '../src/summary-table.ts';

const summary = (created: number, skipped: number) => ({
  source: created + skipped,
  created,
  updated: 0,
  linked: 0,
  unchanged: 0,
  skipped,
  warnings: 2,
  notInSource: 0,
});

describe('renderSummaryTable', () => {
  it('J1 names each run as the admin screen does and aligns columns despite full-width text', () => {
    const table = renderSummaryTable([
      { kind: 'departments', status: 'completed_with_errors', summary: summary(49, 1) },
      { kind: 'employees', status: 'succeeded', summary: summary(1000, 12) },
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(
      /run\s+source\s+created\s+updated\s+linked\s+unchanged\s+skipped\s+warnings\s+status/,
    );
    expect(lines[2]).toMatch(
      /^ {2}HRBrain部署情報取込\s+50\s+49\s+0\s+0\s+0\s+1\s+2\s+completed_with_errors$/,
    );
    expect(lines[3]).toMatch(
      /^ {2}HRBrain社員情報取込\s+1012\s+1000\s+0\s+0\s+0\s+12\s+2\s+succeeded$/,
    );
    // Right-aligned counts end in the same terminal column (kanji count as two cells).
    const width = (s: string) =>
      [...s].reduce((n, c) => n + (/[\u3000-\u9fff]/u.test(c) ? 2 : 1), 0);
    const createdEnd = (line: string) => width(line.slice(0, line.indexOf(' 0 ')));
    expect(createdEnd(lines[2] ?? '')).toBe(createdEnd(lines[3] ?? ''));
  });

  it('J4 shows a linked column (DECISIONS #2): the count the core reports, 0 when it reports none', () => {
    const withLinked = { ...summary(40, 1), unchanged: 5, source: 51, linked: 5 };
    const table = renderSummaryTable([
      { kind: 'departments', status: 'succeeded', summary: summary(49, 1) },
      { kind: 'employees', status: 'succeeded', summary: withLinked },
    ]);
    const [header, , departments, employees] = table.split('\n');
    const cells = (line = '') => line.trim().split(/\s+/);
    const linked = cells(header).indexOf('linked');
    expect(linked).toBe(4);
    expect(cells(departments)[linked]).toBe('0');
    expect(cells(employees)[linked]).toBe('5');
  });
});

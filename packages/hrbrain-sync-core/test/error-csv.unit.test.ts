import { describe, expect, it } from 'vitest';
import { type ErrorRow, planEmployeeSync, renderErrorCsv } from '../src/index';
import { person, snapshot } from './support/snapshot';

const row = (overrides: Partial<ErrorRow> = {}): ErrorRow => ({
  severity: 'warning',
  code: 'EMPLOYEE_NUMBER_INVALID',
  rule: 'E5',
  sourceId: 'mem-2',
  sourceKey: 'ichiro@example.co.jp',
  field: 'employeeNumber',
  value: '０００２',
  messageJa: '従業員番号を修正してください。',
  messageEn: 'Correct it in HRBrain.',
  ...overrides,
});

/** A minimal RFC 4180 reader, to check that what we write reads back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let cell = '';
  let current: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      current.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      current.push(cell);
      rows.push(current);
      current = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('renderErrorCsv', () => {
  it('J3: UTF-8 BOM, CRLF line ends, a header row and one row per error', () => {
    const csv = renderErrorCsv([
      row(),
      row({ sourceId: 'mem-3', severity: 'error', field: undefined, value: undefined }),
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([
      'source_id',
      'source_key',
      'severity',
      'code',
      'field',
      'value',
      'message_ja',
      'message_en',
    ]);
    expect(rows[1]).toEqual([
      'mem-2',
      'ichiro@example.co.jp',
      'warning',
      'EMPLOYEE_NUMBER_INVALID',
      'employeeNumber',
      '０００２',
      '従業員番号を修正してください。',
      'Correct it in HRBrain.',
    ]);
    expect(rows[2]?.slice(4, 6)).toEqual(['', '']);
    expect(rows).toHaveLength(3);
  });

  it('J3: an empty list is the header alone', () => {
    expect(renderErrorCsv([])).toBe(
      '\uFEFFsource_id,source_key,severity,code,field,value,message_ja,message_en\r\n',
    );
  });

  it('J3: quotes, commas and line breaks are quoted per RFC 4180', () => {
    const csv = renderErrorCsv([row({ value: 'a,"b"\nc', messageEn: 'line1\r\nline2' })]);
    expect(csv).toContain('"a,""b""\nc"');
    expect(parseCsv(csv.slice(1))[1]?.[5]).toBe('a,"b"\nc');
    expect(parseCsv(csv.slice(1))[1]?.[7]).toBe('line1\r\nline2');
  });

  it.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'J3: a cell starting like a formula (%j) is neutralised with a leading apostrophe',
    (value) => {
      const cells = parseCsv(renderErrorCsv([row({ value, sourceKey: value })]).slice(1))[1];
      expect(cells?.[5]).toBe(`'${value}`);
      expect(cells?.[1]).toBe(`'${value}`);
    },
  );

  it('J3: the rows of a real plan render with their Japanese and English messages', () => {
    const plan = planEmployeeSync({
      snapshot: snapshot({
        members: [person('m1', { email: '=cmd|x@example.com', lastName: '' })],
      }),
      existing: [],
      departments: [],
    });
    const cells = parseCsv(renderErrorCsv(plan.errors).slice(1))[1];
    expect(cells?.[0]).toBe('m1');
    expect(cells?.[1]).toBe("'=cmd|x@example.com");
    expect(cells?.[3]).toBe('EMPLOYEE_NAME_MISSING');
    expect(cells?.[6]).toContain('氏・名');
    expect(cells?.[7]).toContain('last and first name');
  });
});

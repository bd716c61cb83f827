import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ErrorCsvRow,
  planDepartmentSync,
  planEmployeeSync,
  renderErrorCsv,
} from '../src/index';
import { person, snapshot } from './support/snapshot';

const row = (overrides: Partial<ErrorCsvRow> = {}): ErrorCsvRow => ({
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
  const JA_HEADER = [
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
  ];

  it('J3: UTF-8 BOM, CRLF line ends, a Japanese header row and one row per error', () => {
    const csv = renderErrorCsv([
      row({ subjectName: '鈴木 一郎', subjectCode: 'A-0002' }),
      row({ sourceId: 'mem-3', severity: 'error', field: undefined, value: undefined }),
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual(JA_HEADER);
    expect(rows[1]).toEqual([
      'mem-2',
      '鈴木 一郎',
      'A-0002',
      'ichiro@example.co.jp',
      '警告（連携済み）',
      'EMPLOYEE_NUMBER_INVALID',
      '従業員番号',
      '０００２',
      '従業員番号を修正してください。',
      'Correct it in HRBrain.',
    ]);
    // A row without the display fields (stored before they existed) has them empty.
    expect(rows[2]?.slice(0, 5)).toEqual([
      'mem-3',
      '',
      '',
      'ichiro@example.co.jp',
      'エラー（連携されていません）',
    ]);
    expect(rows[2]?.slice(6, 8)).toEqual(['', '']);
    expect(rows).toHaveLength(3);
  });

  it('J3: { language: "en" } gives the English header and the raw values', () => {
    const rows = parseCsv(
      renderErrorCsv([row({ subjectName: '鈴木 一郎', subjectCode: 'A-0002' })], {
        language: 'en',
      }).slice(1),
    );
    expect(rows[0]).toEqual([
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
    ]);
    expect(rows[1]?.slice(0, 7)).toEqual([
      'mem-2',
      '鈴木 一郎',
      'A-0002',
      'ichiro@example.co.jp',
      'warning',
      'EMPLOYEE_NUMBER_INVALID',
      'employeeNumber',
    ]);
  });

  it('J3: a department file names 部署名 and 部署コード (the code falls back to sourceKey)', () => {
    const department = row({
      code: 'DEPARTMENT_PARENT_SKIPPED',
      rule: 'D5',
      sourceId: 'org-3',
      sourceKey: '1100',
      field: 'parentCode',
      value: '1000',
      subjectName: '東日本営業部',
    });
    const rows = parseCsv(renderErrorCsv([department]).slice(1));
    expect(rows[0]).toEqual([
      'HRBrain組織ID',
      '部署名',
      '部署コード',
      '種別',
      'エラーコード',
      '項目',
      '値',
      '内容',
      '内容（英語）',
    ]);
    expect(rows[1]?.slice(0, 3)).toEqual(['org-3', '東日本営業部', '1100']);
    expect(rows[1]?.[5]).toBe('親部署コード');
    const en = parseCsv(renderErrorCsv([department], { language: 'en' }).slice(1));
    expect(en[0]?.slice(0, 3)).toEqual(['source_id', 'department_name', 'department_code']);
    // `kind` overrides the guess from the codes.
    expect(parseCsv(renderErrorCsv([], { kind: 'departments' }).slice(1))[0]?.[1]).toBe('部署名');
  });

  it('J3: an empty list is the header alone', () => {
    expect(renderErrorCsv([])).toBe(`\uFEFF${JA_HEADER.join(',')}\r\n`);
    expect(renderErrorCsv([], { language: 'en' })).toBe(
      '\uFEFFsource_id,name,employee_number,email,severity,code,field,value,message_ja,message_en\r\n',
    );
  });

  it('J3: quotes, commas and line breaks are quoted per RFC 4180', () => {
    const csv = renderErrorCsv([row({ value: 'a,"b"\nc', messageEn: 'line1\r\nline2' })]);
    expect(csv).toContain('"a,""b""\nc"');
    expect(parseCsv(csv.slice(1))[1]?.[7]).toBe('a,"b"\nc');
    expect(parseCsv(csv.slice(1))[1]?.[9]).toBe('line1\r\nline2');
  });

  it.each([
    '=HYPERLINK("http://x")',
    '+1+1',
    '-2+3',
    '@SUM(A1)',
    '\tcmd',
    '\rcmd',
    '＝HYPERLINK("http://x")',
    '＋1＋1',
    '－2+3',
    '＠SUM(A1)',
  ])(
    'J3: a cell starting like a formula (%j), ASCII or full-width, gets a leading apostrophe',
    (value) => {
      const cells = parseCsv(
        renderErrorCsv([
          row({ value, sourceKey: value, subjectName: value, subjectCode: value }),
        ]).slice(1),
      )[1];
      expect(cells?.[7]).toBe(`'${value}`);
      expect(cells?.[1]).toBe(`'${value}`);
      expect(cells?.[2]).toBe(`'${value}`);
      expect(cells?.[3]).toBe(`'${value}`);
    },
  );

  it.each([
    ['\u202E', '<U+202E>'],
    ['\u202A', '<U+202A>'],
    ['\u202B', '<U+202B>'],
    ['\u202C', '<U+202C>'],
    ['\u202D', '<U+202D>'],
    ['\u2066', '<U+2066>'],
    ['\u2067', '<U+2067>'],
    ['\u2068', '<U+2068>'],
    ['\u2069', '<U+2069>'],
    ['\u200F', '<U+200F>'],
  ])(
    'J3: a bidi control %j at the start or inside a cell is shown as %s, not obeyed',
    (control, shown) => {
      const cells = parseCsv(
        renderErrorCsv([
          row({
            value: `${control}=1+1`,
            subjectName: `abc${control}gnp.exe`,
            sourceKey: `${control}x@example.com`,
          }),
        ]).slice(1),
      )[1];
      expect(cells?.[7]).toBe(`${shown}=1+1`);
      expect(cells?.[1]).toBe(`abc${shown}gnp.exe`);
      expect(cells?.[3]).toBe(`${shown}x@example.com`);
    },
  );

  it('J3: whatever the text, every cell reads back without a formula start or a bidi control', () => {
    const risky = fc.constantFrom(
      '=',
      '+',
      '-',
      '@',
      '\t',
      '\r',
      '＝',
      '＋',
      '－',
      '＠',
      '\u202E',
      '\u2066',
      '"',
      ',',
      '\n',
      'a',
      '名',
    );
    const text = fc
      .array(fc.oneof(risky, fc.string({ maxLength: 3 })), { maxLength: 6 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, text, (value, subjectName, sourceKey) => {
        const rows = parseCsv(renderErrorCsv([row({ value, subjectName, sourceKey })]).slice(1));
        expect(rows).toHaveLength(2);
        for (const cell of rows[1] ?? []) {
          expect(cell).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
          expect(cell).not.toMatch(/\p{Bidi_Control}/u);
        }
      }),
    );
  });

  it('J3: the rows of a real plan render with their Japanese and English messages', () => {
    const plan = planEmployeeSync({
      snapshot: snapshot({
        members: [person('m1', { email: '=cmd|x@example.com', lastName: '' })],
      }),
      existing: [],
      departments: [],
    });
    const cells = parseCsv(renderErrorCsv(plan.errors, { kind: plan.kind }).slice(1))[1];
    expect(cells?.[0]).toBe('m1');
    expect(cells?.[3]).toBe("'=cmd|x@example.com");
    expect(cells?.[5]).toBe('EMPLOYEE_NAME_MISSING');
    expect(cells?.[8]).toContain('氏・名');
    expect(cells?.[9]).toContain('last and first name');
  });

  it('J3: a department plan is recognised without `kind`', () => {
    const plan = planDepartmentSync({
      snapshot: snapshot({ departments: [{ id: 'o1', value: '無コード部', code: '' }] }),
      existing: [],
    });
    expect(plan.errors.length).toBeGreaterThan(0);
    expect(parseCsv(renderErrorCsv(plan.errors).slice(1))[0]?.[0]).toBe('HRBrain組織ID');
  });
});

import type { ErrorCode, ErrorRow } from '../model/plan';

/** What a message may mention about the record it is about. */
export interface RowContext {
  sourceId: string;
  sourceKey: string;
  field?: string | undefined;
  value?: string | undefined;
  /** Department name, or the field label for FIELD_VALUE_UNKNOWN. */
  name?: string;
  /** A second name or code the message needs (parent, old code, old e-mail …). */
  other?: string;
  level?: number;
  /** EMPLOYEE_DEPARTMENT_UNKNOWN: `value` is a 主部署 id that matches no item (F3). */
  unknownId?: boolean;
  /** EMPLOYEE_DEPARTMENT_UNKNOWN / FIELD_VALUE_UNKNOWN: the id names several differing items (J4). */
  ambiguousId?: boolean;
  /** Who the row is about (J3): 氏名 `姓 名` or 部署名; omitted when empty. */
  subjectName?: string | undefined;
  /** 従業員番号 or 部署コード; omitted when empty. */
  subjectCode?: string | undefined;
}

interface RowKind {
  rule: string;
  severity: ErrorRow['severity'];
  ja(ctx: RowContext): string;
  en(ctx: RowContext): string;
}

const q = (s: string | undefined) => `『${s ?? ''}』`;

// Every message says what to fix and where (HRBrain unless it is a Mikiwame tidy-up).
const kinds: Record<ErrorCode, RowKind> = {
  DEPARTMENT_CODE_MISSING: {
    rule: 'D2',
    severity: 'error',
    ja: (c) =>
      `HRBrainで部署${q(c.name)}に組織情報コードを設定してください。組織情報コードのない部署は同期されません。`,
    en: (c) =>
      `Set an organization code (組織情報コード) on the department "${c.name}" in HRBrain; departments without a code are not synced.`,
  },
  DEPARTMENT_TOO_DEEP: {
    rule: 'D3',
    severity: 'error',
    ja: (c) =>
      `部署${q(c.name)}は${c.level}階層目にあり、ミキワメには10階層までしか反映できません。HRBrainで部署の階層を10階層以内にしてください。`,
    en: (c) =>
      `The department "${c.name}" is at level ${c.level}; Mikiwame takes at most 10 levels. Move it to level 10 or above in HRBrain.`,
  },
  DEPARTMENT_CODE_DUPLICATE: {
    rule: 'D4',
    severity: 'error',
    ja: (c) =>
      `組織情報コード${q(c.sourceKey)}がHRBrainの複数の部署で使われているため、どれも同期されません。HRBrainで部署${q(c.name)}に重複しないコードを設定してください。`,
    en: (c) =>
      `The organization code "${c.sourceKey}" is used by more than one department in HRBrain, so none of them is synced. Give the department "${c.name}" a unique code in HRBrain.`,
  },
  DEPARTMENT_PARENT_SKIPPED: {
    rule: 'D5',
    severity: 'warning',
    ja: (c) =>
      `部署${q(c.name)}の上位部署が同期されないため、${c.other ? `同期される上位部署${q(c.other)}の下` : '最上位'}に登録します。上位部署のエラーをHRBrainで修正してください。`,
    en: (c) =>
      `The parent of the department "${c.name}" is not synced, so it is placed ${c.other ? `under its nearest synced ancestor "${c.other}"` : 'at the top level'}. Fix the parent's error in HRBrain.`,
  },
  DEPARTMENT_PARENT_CYCLE: {
    rule: 'D5',
    severity: 'error',
    ja: (c) =>
      `部署${q(c.name)}の上位部署をたどると自分自身に戻ります（循環）。HRBrainで1階層上位の部署を正しく設定してください。`,
    en: (c) =>
      `The parents of the department "${c.name}" form a cycle. Set its parent department correctly in HRBrain.`,
  },
  DEPARTMENT_PARENT_NOT_FOUND: {
    rule: 'D5',
    severity: 'error',
    ja: (c) =>
      `部署${q(c.name)}の1階層上位の部署（ID: ${c.other}）がHRBrainに存在しません。HRBrainで上位部署を設定し直してください。`,
    en: (c) =>
      `The parent (id ${c.other}) of the department "${c.name}" does not exist in HRBrain. Set its parent department again in HRBrain.`,
  },
  DEPARTMENT_ID_DUPLICATE: {
    rule: 'J4',
    severity: 'error',
    ja: (c) =>
      `HRBrainの組織情報で同じID（${c.sourceId}）の部署が複数あり内容が異なるため（部署${q(c.name)}、組織情報コード${q(c.sourceKey)}）、どれも同期されません。HRBrainで部署の重複を解消してください。`,
    en: (c) =>
      `HRBrain lists more than one department with the id ${c.sourceId}, with different contents (this one: "${c.name}", code "${c.sourceKey}"), so none of them is synced. Remove the duplicate in HRBrain.`,
  },
  DEPARTMENT_CODE_CHANGED: {
    rule: 'D10',
    severity: 'warning',
    ja: (c) =>
      `部署${q(c.name)}の組織情報コードが${q(c.other)}から${q(c.sourceKey)}に変わったため、別の部署として扱います。不要であればミキワメの部署管理で旧コード${q(c.other)}の部署を整理してください。`,
    en: (c) =>
      `The organization code of the department "${c.name}" changed from "${c.other}" to "${c.sourceKey}", so it is treated as a different department. Tidy up the old department "${c.other}" in Mikiwame if it is no longer needed.`,
  },
  EMPLOYEE_DEPARTMENT_UNKNOWN: {
    rule: 'E2',
    severity: 'error',
    ja: (c) =>
      c.ambiguousId
        ? `主部署の値（ID: ${c.value}）にHRBrainの組織情報で内容の異なる複数の部署があるため、この社員は同期されません（ミキワメの所属部署は変更しません）。HRBrainで部署の重複を解消してください。`
        : c.unknownId
          ? `主部署の値（ID: ${c.value}）がHRBrainの組織情報のどの部署にも一致しないため、この社員は同期されません（ミキワメの所属部署は変更しません）。HRBrainでこの社員の主部署を設定し直してください。`
          : `主部署${q(c.value)}がミキワメに登録されていないため、この社員は同期されません。部署情報の同期を先に行うか、HRBrainで組織情報コードのある部署を主部署に設定してください。`,
    en: (c) =>
      c.ambiguousId
        ? `The main department (主部署) value (id ${c.value}) names more than one department with different contents in HRBrain, so this employee is not synced (the department stored in Mikiwame is kept). Remove the duplicate department in HRBrain.`
        : c.unknownId
          ? `The main department (主部署) value (id ${c.value}) matches no department of its organization in HRBrain, so this employee is not synced (the department stored in Mikiwame is kept). Set this employee's 主部署 again in HRBrain.`
          : `The main department (主部署) "${c.value}" does not exist in Mikiwame, so this employee is not synced. Sync departments first, or set a department that has an organization code as the employee's 主部署 in HRBrain.`,
  },
  EMPLOYEE_NAME_MISSING: {
    rule: 'E2',
    severity: 'error',
    ja: () => 'HRBrainでこの社員の氏・名を入力してください。氏名のない社員は同期されません。',
    en: () =>
      'Fill in the last and first name (氏・名) of this employee in HRBrain; employees without a name are not synced.',
  },
  EMPLOYEE_KANA_MISSING: {
    rule: 'E2',
    severity: 'error',
    ja: () =>
      'HRBrainでこの社員の氏（カナ）・名（カナ）を入力してください。氏名カナのない社員は同期されません。',
    en: () =>
      'Fill in the kana name (氏（カナ）・名（カナ）) of this employee in HRBrain; employees without a kana name are not synced.',
  },
  EMPLOYEE_EMAIL_MISSING: {
    rule: 'E2',
    severity: 'error',
    ja: () =>
      'HRBrainでこの社員のメールアドレスを入力してください。メールアドレスのない社員は同期されません。',
    en: () =>
      'Fill in the e-mail address (メールアドレス) of this employee in HRBrain; employees without one are not synced.',
  },
  EMPLOYEE_EMAIL_DUPLICATE: {
    rule: 'E4',
    severity: 'error',
    ja: (c) =>
      `メールアドレス${q(c.sourceKey)}がHRBrainの複数の社員に登録されているため、どの社員も同期されません。HRBrainで社員ごとに異なるメールアドレスを設定してください。`,
    en: (c) =>
      `The e-mail address "${c.sourceKey}" belongs to more than one employee in HRBrain, so none of them is synced. Give each employee their own address in HRBrain.`,
  },
  EMPLOYEE_ID_DUPLICATE: {
    rule: 'J4',
    severity: 'error',
    ja: (c) =>
      `HRBrainの社員情報で同じID（${c.sourceId}）の社員が複数あり内容が異なるため（この社員のメールアドレス${q(c.sourceKey)}）、どれも同期されません。しばらくしてから再度実行し、解消しない場合はHRBrainで社員の重複を確認してください。`,
    en: (c) =>
      `HRBrain lists more than one member with the id ${c.sourceId}, with different contents (this one: "${c.sourceKey}"), so none of them is synced. Run the sync again later; if it persists, check the member in HRBrain.`,
  },
  EMPLOYEE_NUMBER_INVALID: {
    rule: 'E5',
    severity: 'warning',
    ja: (c) =>
      `従業員番号${q(c.value)}に使用できない文字が含まれているため反映しません（使用できるのは半角英数字と - _ . のみです）。HRBrainで従業員番号を修正してください。`,
    en: (c) =>
      `The employee number "${c.value}" has characters Mikiwame does not accept (only half-width letters, digits and - _ .), so it is not written. Correct it in HRBrain.`,
  },
  EMPLOYEE_BIRTH_DATE_INVALID: {
    rule: 'E9',
    severity: 'warning',
    ja: (c) =>
      `生年月日${q(c.value)}は正しい日付ではない（または日付以外の時刻・タイムゾーンを含む）ため反映しません。HRBrainで生年月日をYYYY/MM/DD形式の正しい日付に修正してください。`,
    en: (c) =>
      `The birth date "${c.value}" is not a valid calendar date (or carries a time or time zone other than midnight in Japan), so it is not written. Correct it in HRBrain (YYYY/MM/DD).`,
  },
  EMPLOYEE_EMAIL_CHANGED: {
    rule: 'E12',
    severity: 'warning',
    ja: (c) =>
      `この社員は以前メールアドレス${q(c.other)}で同期されていました。メールアドレスが変わったため別の社員として扱います。不要であればミキワメで${q(c.other)}の社員を削除してください（人数により費用が変わる場合があります）。`,
    en: (c) =>
      `This employee was synced before with the e-mail address "${c.other}". A changed address means a different employee in Mikiwame: delete the old employee "${c.other}" in Mikiwame if it is no longer needed (the employee count may affect your bill).`,
  },
  FIELD_VALUE_UNKNOWN: {
    rule: 'F3',
    severity: 'warning',
    ja: (c) =>
      c.ambiguousId
        ? `項目${q(c.name)}の値（ID: ${c.value}）にHRBrainの組織情報で内容の異なる複数の項目があるため反映せず、ミキワメの値をそのまま残します。HRBrainで組織情報の重複を解消してください。`
        : `項目${q(c.name)}の値（ID: ${c.value}）がHRBrainの組織情報に見つからないため反映せず、ミキワメの値をそのまま残します。HRBrainでこの社員の${q(c.name)}を設定し直してください。`,
    en: (c) =>
      c.ambiguousId
        ? `The value (id ${c.value}) of the field "${c.name}" names more than one item with different contents in its organization in HRBrain, so it is not written and the value stored in Mikiwame is kept. Remove the duplicate item in HRBrain.`
        : `The value (id ${c.value}) of the field "${c.name}" matches no item of its organization in HRBrain, so it is not written and the value stored in Mikiwame is kept. Set this employee's "${c.name}" again in HRBrain.`,
  },
};

/** Builds the error row for `code` (severity, rule and both messages come from the code). */
export function errorRow(code: ErrorCode, ctx: RowContext): ErrorRow {
  const kind = kinds[code];
  const row: ErrorRow = {
    severity: kind.severity,
    code,
    rule: kind.rule,
    sourceId: ctx.sourceId,
    sourceKey: ctx.sourceKey,
    messageJa: kind.ja(ctx),
    messageEn: kind.en(ctx),
  };
  if (ctx.field !== undefined) row.field = ctx.field;
  if (ctx.value !== undefined) row.value = ctx.value;
  if (ctx.subjectName) row.subjectName = ctx.subjectName;
  if (ctx.subjectCode) row.subjectCode = ctx.subjectCode;
  return row;
}

/** J3: names the member or department a row is about (empty values are left out). */
export function setSubject(row: ErrorRow, name: string, code: string): void {
  if (name !== '') row.subjectName = name;
  if (code !== '') row.subjectCode = code;
}

/** The severity of a code (used to tell skipping errors from warnings). */
export function severityOf(code: ErrorCode): ErrorRow['severity'] {
  return kinds[code].severity;
}

const codeOrder = new Map(Object.keys(kinds).map((code, i) => [code, i]));

/** Deterministic order for a plan's rows: by source id, then code, then field. */
export function compareRows(a: ErrorRow, b: ErrorRow): number {
  if (a.sourceId !== b.sourceId) return a.sourceId < b.sourceId ? -1 : 1;
  if (a.code !== b.code) return (codeOrder.get(a.code) ?? 0) - (codeOrder.get(b.code) ?? 0);
  const fa = a.field ?? '';
  const fb = b.field ?? '';
  if (fa !== fb) return fa < fb ? -1 : 1;
  const va = a.value ?? '';
  const vb = b.value ?? '';
  if (va !== vb) return va < vb ? -1 : 1;
  // Rows about two differing copies of one member id (J4) can agree so far: the rest
  // decides, so the order never depends on the order the source listed them in.
  return (
    compareText(a.sourceKey, b.sourceKey) ||
    compareText(a.subjectName ?? '', b.subjectName ?? '') ||
    compareText(a.subjectCode ?? '', b.subjectCode ?? '') ||
    compareText(a.messageEn, b.messageEn)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

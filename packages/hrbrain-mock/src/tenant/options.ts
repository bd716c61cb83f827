import type { HrbrainPayloadInput } from './payload';

/**
 * Records to spoil on purpose, one knob per defect the sync rules handle. Every count is
 * a number of records; each spoiled member carries exactly one defect, and no clean member
 * points at a spoiled department, so a test can predict the sync's outcome exactly. Which
 * records were spoiled is reported in {@link FakeHrbrainTenant.defects}.
 */
export interface FakeHrbrainDefects {
  /** D2: departments whose 組織情報コード is missing, empty or only whitespace. */
  missingDepartmentCodes?: number;
  /** D4: departments that take the code of another department (so 2 × N departments share codes). */
  duplicateDepartmentCodes?: number;
  /** D3: departments below level 10 (an extra chain of departments is added to reach them). */
  tooDeepDepartments?: number;
  /** E4: members that take the e-mail of another member, sometimes in different case (E1). */
  duplicateEmails?: number;
  /** E2: members with 氏 or 名 empty or absent. */
  missingNames?: number;
  /** E2: members with 氏（カナ） or 名（カナ） empty or absent. */
  missingKana?: number;
  /** E2: members with no e-mail. */
  missingEmails?: number;
  /** E2: members whose 主部署 is a department that is not synced (it has no code). */
  unknownDepartments?: number;
  /**
   * F3: members whose 雇用形態 / 在籍状況 / 役職・職位 id matches no organization item (the
   * sync keeps the stored value and warns, FIELD_VALUE_UNKNOWN).
   */
  unknownPulldownValues?: number;
  /**
   * F3: members whose 主部署 id matches no department item (the employee is not synced:
   * EMPLOYEE_DEPARTMENT_UNKNOWN naming the id).
   */
  unknownDepartmentIds?: number;
  /** E5: members whose 従業員番号 has full-width digits, kana or inner spaces. */
  invalidEmployeeNumbers?: number;
  /** E9: members with an impossible 生年月日 (2月30日, 13月 …). */
  invalidBirthDates?: number;
  /**
   * E9/E13: members whose 生年月日 carries a time or offset other than midnight in Japan,
   * e.g. `1988-06-30T15:00:00Z` (Tokyo midnight of 1988-07-01 written in UTC) or
   * `1988-07-01T09:00:00+09:00` (the sync warns and does not write them).
   */
  zonedBirthDates?: number;
  /**
   * F1/F2: default labels to rename, e.g. `['性別']` or `['氏（カナ）']` (each gets a plausible
   * company name such as 性別区分), or `{ from, to }` for an exact new label — e.g.
   * `{ from: '氏（カナ）', to: '氏(カナ)' }`, which F1's NFKC comparison must still match. The
   * alias, where the field has one, is kept (so F2 still finds it); see also `droppedAliases`.
   */
  renamedFields?: readonly (string | { from: string; to: string })[];
  /** F2: default labels whose alias is removed from the definition and every member value. */
  droppedAliases?: readonly string[];
}

/**
 * Shares (0–1) of perfectly valid but awkward data that a faithful sync has to cope with.
 */
export interface FakeHrbrainVariety {
  /** E3: members with a ビジネスネーム (default 0.05). */
  businessNames?: number;
  /** E13: members whose kana is in hiragana (default 0.03). */
  hiraganaKana?: number;
  /** E13: members whose kana is half-width katakana (default 0.02). */
  halfWidthKana?: number;
  /** E9: birth dates written `YYYY-MM-DD` instead of `YYYY/MM/DD` (default 0.2). */
  isoBirthDates?: number;
  /** E7: members whose 在籍状況 is 退職済み (default 0.08). */
  retired?: number;
  /** E7: members on leave, 休職 (default 0.03). */
  onLeave?: number;
  /** E2: members with no 主部署 at all, which is valid (default 0.01). */
  noDepartment?: number;
  /**
   * D9/E1/E13: members and departments with one value (name, kana, e-mail, department code
   * or name) wrapped in half- or full-width spaces, which the rules trim (default 0).
   */
  paddedValues?: number;
}

/** Options of {@link createFakeHrbrain}. */
export interface FakeHrbrainOptions {
  /**
   * The tenant's client ID (its HRBrain subdomain); the only one `/auth/token` accepts.
   * Lower-cased, as host names are case-insensitive (`ACME` serves and accepts `acme`).
   */
  clientId: string;
  /** The only client secret `/auth/token` accepts for `clientId`. */
  clientSecret: string;
  /** PRNG seed (default 1). The same seed and options always give identical payloads. */
  seed?: number;
  /** Number of generated members (default 50). */
  members?: number;
  /** Generated department tree: `count` departments including the root (default 12), at most `maxDepth` levels (default 4). */
  departments?: { count?: number; maxDepth?: number };
  /** Scopes the secret carries (default `['member:read', 'organization:read']`). */
  scopes?: readonly string[];
  /** Records to spoil on purpose; see {@link FakeHrbrainDefects}. */
  defects?: FakeHrbrainDefects;
  /** Shares of valid-but-awkward data; see {@link FakeHrbrainVariety}. */
  variety?: FakeHrbrainVariety;
  /** Put `alias` and `type` on field definitions too, not only on member values (default true). */
  definitionAliases?: boolean;
  /** Company-specific 雇用形態 added after the nine defaults (default `['嘱託', '顧問']`). */
  extraEmploymentTypes?: readonly string[];
  /**
   * Serve these raw API payloads verbatim instead of generating a tenant (`seed`,
   * `members`, `departments`, `defects` and `variety` are then ignored).
   */
  payload?: HrbrainPayloadInput;
}

/**
 * Which records a generated tenant spoiled on purpose (ids as served), one list per knob of
 * {@link FakeHrbrainDefects}. Tests assert the sync reports exactly these.
 */
export interface FakeHrbrainDefectReport {
  /** Department item ids without a usable code (D2). */
  missingDepartmentCodes: string[];
  /** Department item ids whose code is shared with another department (D4): 2 × the knob. */
  duplicateDepartmentCodes: string[];
  /** Department item ids deeper than level 10 (D3). */
  tooDeepDepartments: string[];
  /** Member ids sharing an e-mail with another member (E4): 2 × the knob. */
  duplicateEmails: string[];
  /** Member ids with 氏 or 名 missing (E2). */
  missingNames: string[];
  /** Member ids with 氏（カナ） or 名（カナ） missing (E2). */
  missingKana: string[];
  /** Member ids with no e-mail (E2). */
  missingEmails: string[];
  /** Member ids whose 主部署 is a department that is not synced (E2). */
  unknownDepartments: string[];
  /** Member ids with a 雇用形態 / 在籍状況 / 役職・職位 value that matches no item (F3). */
  unknownPulldownValues: string[];
  /** Member ids whose 主部署 value matches no department item (F3). */
  unknownDepartmentIds: string[];
  /** Member ids with an invalid 従業員番号 (E5). */
  invalidEmployeeNumbers: string[];
  /** Member ids with an impossible 生年月日 (E9). */
  invalidBirthDates: string[];
  /** Member ids whose 生年月日 has a time or offset other than Japanese midnight (E9). */
  zonedBirthDates: string[];
  /** Field definitions whose default label was changed (F1), including NFKC-equivalent spellings. */
  renamedFields: { fieldId: string; from: string; to: string }[];
  /** Field ids whose alias was removed (F2). */
  droppedAliases: string[];
}

export function emptyDefectReport(): FakeHrbrainDefectReport {
  return {
    missingDepartmentCodes: [],
    duplicateDepartmentCodes: [],
    tooDeepDepartments: [],
    duplicateEmails: [],
    missingNames: [],
    missingKana: [],
    missingEmails: [],
    unknownDepartments: [],
    unknownPulldownValues: [],
    unknownDepartmentIds: [],
    invalidEmployeeNumbers: [],
    invalidBirthDates: [],
    zonedBirthDates: [],
    renamedFields: [],
    droppedAliases: [],
  };
}

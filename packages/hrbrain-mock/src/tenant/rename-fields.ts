import { FakeHrbrainOptionsError } from '../errors';
import type { FakeHrbrainDefectReport } from './defect-report';
import { FIELD_SPECS, type FieldKey } from './fields';
import type { RawFieldDefinition } from './payload';

// Renames companies plausibly make; none normalises back to the default label under F1's
// comparison (NFKC, whitespace removed).
const RENAMES: Readonly<Record<string, string>> = {
  氏: '姓',
  名: '名前',
  '氏（カナ）': 'セイ',
  '名（カナ）': 'メイ',
  従業員番号: '社員番号',
  生年月日: '誕生日',
  主部署: '所属部署',
  '役職・職位': '役職',
  性別: '性別区分',
  雇用形態: '雇用区分',
  メールアドレス: '業務用メール',
  在籍状況: '在籍区分',
};

function keyOfLabel(label: string, option: string): FieldKey {
  const spec = FIELD_SPECS.find((f) => f.label === label);
  if (!spec) {
    throw new FakeHrbrainOptionsError(
      `'${label}' is not a default field label; use one of ${FIELD_SPECS.map((f) => f.label).join(', ')}.`,
      { option },
    );
  }
  return spec.key;
}

/** F1: renames the definitions' labels in place; the alias stays unless dropped too. */
export function renameFields(
  definitions: RawFieldDefinition[],
  renames: readonly (string | { from: string; to: string })[],
  report: FakeHrbrainDefectReport,
): void {
  for (const rename of renames) {
    const label = typeof rename === 'string' ? rename : rename.from;
    const key = keyOfLabel(label, 'defects.renamedFields');
    const spec = FIELD_SPECS.find((f) => f.key === key);
    const definition = definitions.find((d) => d.id === spec?.id);
    if (!definition) continue;
    const to = typeof rename === 'string' ? (RENAMES[label] ?? `${label}（社内名）`) : rename.to;
    if (typeof to !== 'string' || to.trim() === '') {
      throw new FakeHrbrainOptionsError(
        `the new label for '${label}' must be a non-empty string.`,
        { option: 'defects.renamedFields' },
      );
    }
    definition.label = to;
    report.renamedFields.push({ fieldId: definition.id, from: label, to });
  }
}

/** F2: the keys whose alias is removed everywhere. */
export function droppedAliasKeys(labels: readonly string[]): Set<FieldKey> {
  return new Set(labels.map((label) => keyOfLabel(label, 'defects.droppedAliases')));
}

// Every rule id (C1…, D1…, E1…, F1…, J1…) has a Japanese and an English text, and the
// bilingual page gives each its own anchor.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  missingTranslations,
  parseRules,
  readRules,
  renderRulesPage,
  ruleIds,
} from '../scripts/rules.mjs';

const rules = readRules();

test('every rule id of sync-rules.md has a Japanese text in sync-rules.ja.md, and back', () => {
  const ids = ruleIds(rules.en);
  for (const letter of ['C', 'D', 'E', 'F', 'J']) {
    assert.ok(ids.includes(`${letter}1`), `no ${letter}1 parsed from sync-rules.md`);
  }
  assert.deepEqual(missingTranslations(rules), {
    missingJa: [],
    missingEn: [],
    emptyJa: [],
    emptyEn: [],
  });
  // The Japanese text is Japanese (not a copy of the English one).
  for (const section of rules.ja.sections) {
    for (const rule of section.rules) {
      assert.match(
        rule.text,
        /[\u3040-\u30ff\u4e00-\u9fff]/,
        `${rule.id}: no Japanese in sync-rules.ja.md`,
      );
      const en = rules.en.sections.flatMap((s) => s.rules).find((r) => r.id === rule.id);
      assert.notEqual(rule.text, en.text, `${rule.id}: the Japanese text is the English one`);
    }
  }
});

test('the codes a rule names appear in both languages', () => {
  const codesOf = (text) => [...text.matchAll(/`([A-Z][A-Z_]{5,})`/g)].map((m) => m[1]).sort();
  for (const en of rules.en.sections.flatMap((s) => s.rules)) {
    const ja = rules.ja.sections.flatMap((s) => s.rules).find((r) => r.id === en.id);
    assert.deepEqual(
      codesOf(ja.text),
      codesOf(en.text),
      `${en.id}: codes differ between ja and en`,
    );
  }
});

test('the bilingual page has one anchor per rule and both texts under it', () => {
  const page = renderRulesPage(rules);
  for (const id of ruleIds(rules.en)) {
    assert.match(page, new RegExp(`^### .*\\{#${id}\\}$`, 'm'), `no anchor for ${id}`);
  }
  assert.equal(
    (page.match(/class="rule-ja"/g) ?? []).length,
    (page.match(/class="rule-en"/g) ?? []).length,
  );
});

test('a rule missing in Japanese fails the page (the build)', () => {
  const ja = parseRules('## C. 接続\n\n- **C1** テキスト\n');
  const en = parseRules('## C. Connection\n\n- **C1** text\n- **C2** more\n');
  assert.throws(() => renderRulesPage({ en, ja }), /missingJa: C2/);
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHalfWidthKatakana, toHiragana } from '../src/tenant/kana';
import {
  FEMALE_FIRST_NAMES,
  LAST_NAMES,
  MALE_FIRST_NAMES,
  NEUTRAL_FIRST_NAMES,
} from '../src/tenant/names';

const ALL_KANA = [
  ...LAST_NAMES,
  ...FEMALE_FIRST_NAMES,
  ...MALE_FIRST_NAMES,
  ...NEUTRAL_FIRST_NAMES,
].map((n) => n.kana);

describe('kana spellings (E13 input)', () => {
  it('half-width katakana always normalises back under NFKC', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL_KANA), (kana) => {
        const half = toHalfWidthKatakana(kana);
        expect(half).toMatch(/^[\uff61-\uff9f]+$/);
        expect(half.normalize('NFKC')).toBe(kana);
      }),
    );
    expect(toHalfWidthKatakana('ガッコウ')).toBe('ｶﾞｯｺｳ');
    expect(toHalfWidthKatakana('パン')).toBe('ﾊﾟﾝ');
  });

  it('hiragana always maps back to the katakana by the 0x60 offset', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL_KANA), (kana) => {
        const hira = toHiragana(kana);
        expect(hira).toMatch(/^[\u3041-\u3096ー]+$/);
        expect(
          hira.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60)),
        ).toBe(kana);
      }),
    );
  });

  it('every name in the tables has kanji, katakana and romaji', () => {
    for (const name of [
      ...LAST_NAMES,
      ...FEMALE_FIRST_NAMES,
      ...MALE_FIRST_NAMES,
      ...NEUTRAL_FIRST_NAMES,
    ]) {
      expect(name.kanji).not.toBe('');
      expect(name.kana).toMatch(/^[\u30a1-\u30fc]+$/);
      expect(name.romaji).toMatch(/^[a-z]+$/);
    }
  });
});

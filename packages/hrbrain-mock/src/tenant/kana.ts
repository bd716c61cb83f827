// Spellings of katakana that HR admins really type, so that E13 (NFKC, hiragana →
// katakana) has something to normalise.

const FULL =
  'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォャュョッー';
const HALF = 'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｬｭｮｯｰ';
const TO_HALF = new Map<string, string>([
  ...[...FULL].map((c, i): [string, string] => [c, HALF[i] as string]),
  ['\u3099', 'ﾞ'],
  ['\u309a', 'ﾟ'],
]);

/** Full-width katakana → half-width (ｶﾞ for ガ), as old payroll exports write it. */
export function toHalfWidthKatakana(kana: string): string {
  let out = '';
  for (const c of kana.normalize('NFD')) out += TO_HALF.get(c) ?? c;
  return out;
}

/** Katakana → hiragana (the blocks are 0x60 apart). */
export function toHiragana(kana: string): string {
  let out = '';
  for (const c of kana) {
    const code = c.charCodeAt(0);
    out += code >= 0x30a1 && code <= 0x30f6 ? String.fromCharCode(code - 0x60) : c;
  }
  return out;
}

// Text normalisation shared by the planners. Hot paths: called once or twice per member
// field, so ASCII strings skip `normalize` (NFKC leaves ASCII unchanged).

// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
const nonAscii = /[^\u0000-\u007f]/;

/** A raw API value as a string: strings as-is, numbers stringified, anything else blank. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/** NFKC, skipped for pure ASCII. */
export function nfkc(value: string): string {
  return nonAscii.test(value) ? value.normalize('NFKC') : value;
}

/** F1: labels compare after NFKC with every whitespace character removed. */
export function normalizeLabel(label: string): string {
  return nfkc(label).replace(/\s+/g, '');
}

/**
 * E13: kana is NFKC-normalised (half-width katakana → full-width), hiragana becomes
 * katakana, and surrounding whitespace is trimmed.
 */
export function normalizeKana(value: string): string {
  if (value === '' || isPlainKatakana(value)) return value;
  const folded = nfkc(value);
  let out = '';
  let changed = false;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    // Hiragana ぁ(3041)–ゖ(3096) and ゝゞ(309D–309E) sit exactly 0x60 below their katakana.
    if ((c >= 0x3041 && c <= 0x3096) || c === 0x309d || c === 0x309e) {
      if (!changed) {
        out = folded.slice(0, i);
        changed = true;
      }
      out += String.fromCharCode(c + 0x60);
    } else if (changed) {
      out += folded[i];
    }
  }
  return (changed ? out : folded).trim();
}

/**
 * Full-width katakana ァ(30A1)–ヺ(30FA), ・ and ー only: already what E13 produces (NFKC leaves
 * these alone, nothing to trim), so the common case skips `normalize`.
 */
function isPlainKatakana(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30a1 || c > 0x30fc) return false;
  }
  return true;
}

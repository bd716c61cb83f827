import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeKana } from '../src/mapping/text';
import { parseBirthDate } from '../src/mapping/values';

describe('value mapping', () => {
  it.each([
    ['1988/07/01', '1988-07-01'],
    ['1988-07-01', '1988-07-01'],
    ['1988/7/1', '1988-07-01'],
    ['２０００／０２／２９', '2000-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['1900-02-29', undefined],
    ['2023/02/29', undefined],
    ['2023/04/31', undefined],
    ['2023/13/01', undefined],
    ['2023/00/10', undefined],
    ['2023/01/00', undefined],
    ['0000/01/01', undefined],
    ['2023-01/01', undefined],
    ['2023/1/123', undefined],
    ['2023/123/1', undefined],
    ['23/01/01', undefined],
    // E9: midnight with no offset or +09:00 is the date, however ISO 8601 writes midnight
    // (seconds left out, a fraction of zeros, a lower-case `t` as RFC 3339 allows) …
    ['1988-07-01T00:00:00', '1988-07-01'],
    ['1988-07-01T00:00:00+09:00', '1988-07-01'],
    ['1988/07/01T00:00:00', '1988-07-01'],
    ['1988-07-01T00:00', '1988-07-01'],
    ['2023/01/01T00:00', '2023-01-01'],
    ['1988-07-01T00:00+09:00', '1988-07-01'],
    ['1988-07-01T00:00:00.000', '1988-07-01'],
    ['1988-07-01T00:00:00.000+09:00', '1988-07-01'],
    ['1988-07-01t00:00:00+09:00', '1988-07-01'],
    ['１９８８－０７－０１Ｔ００：００：００＋０９：００', '1988-07-01'],
    // … any other time or offset is not (never shifted through a time zone, E13).
    ['1988-06-30T15:00:00Z', undefined],
    ['1988-07-01T00:00:00Z', undefined],
    ['1988-07-01T00:00:00.000Z', undefined],
    ['1988-07-01T00:00:00+00:00', undefined],
    ['1988-07-01T00:00:00-00:00', undefined],
    ['1988-07-01T00:00:00+0900', undefined],
    ['1988-07-01T00:00:00+09', undefined],
    ['1988-07-01T00:00:00.001+09:00', undefined],
    ['1988-07-01T00:00:01', undefined],
    ['1988-07-01T09:00:00+09:00', undefined],
    ['1988-07-01T24:00:00', undefined],
    ['1988-07-01T00', undefined],
    ['1988-07-01T00:00:00.', undefined],
    ['1988-07-01 00:00:00', undefined],
    ['1988-07-01T', undefined],
    ['2023/02/30T00:00:00', undefined],
    ['+023/01/01', undefined],
    ['2023//0101', undefined],
    ['', undefined],
  ])('E9: parseBirthDate(%j) → %j', (input, expected) => {
    expect(parseBirthDate(input)).toBe(expected);
  });

  it('E9: every real calendar date round-trips; the result is always a valid ISO date', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date(Date.UTC(1, 0, 1)),
          max: new Date(Date.UTC(9999, 11, 31)),
          noInvalidDate: true,
        }),
        fc.constantFrom('-', '/'),
        (date, sep) => {
          const iso = date.toISOString().slice(0, 10);
          expect(parseBirthDate(iso.replaceAll('-', sep))).toBe(iso);
        },
      ),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const parsed = parseBirthDate(text);
        if (parsed !== undefined) {
          expect(parsed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(new Date(`${parsed}T00:00:00Z`).toISOString().slice(0, 10)).toBe(parsed);
        }
      }),
    );
  });

  it('E13: normalizeKana agrees with NFKC + hiragana→katakana + trim on any input', () => {
    const reference = (s: string) =>
      s
        .normalize('NFKC')
        .replace(/[\u3041-\u3096\u309d\u309e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
        .trim();
    const kana = fc.constantFrom(...'アガパヴーｱｶﾞﾊﾟあがぱゝゞヽヾ・ヿ 　abc１'.split(''));
    fc.assert(
      fc.property(
        fc.array(kana, { maxLength: 8 }).map((cs) => cs.join('')),
        (s) => {
          expect(normalizeKana(s)).toBe(reference(s));
        },
      ),
    );
  });
});

describe('parseBirthDate with a stored date', () => {
  it('E9: returns the stored ISO string for the same day, a new one otherwise', () => {
    expect(parseBirthDate('1988/07/01', '1988-07-01')).toBe('1988-07-01');
    expect(parseBirthDate('1988/7/1', '1988-07-01')).toBe('1988-07-01');
    expect(parseBirthDate('1988/07/02', '1988-07-01')).toBe('1988-07-02');
    expect(parseBirthDate('1989/07/01', '1988-07-01')).toBe('1989-07-01');
    expect(parseBirthDate('1990/02/30', '1990-02-30')).toBeUndefined();
    expect(parseBirthDate('1988/07/01', 'garbage!!!')).toBe('1988-07-01');
  });
});

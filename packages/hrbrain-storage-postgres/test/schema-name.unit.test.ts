import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PostgresStorageConfigError } from '../src/errors';
import { quoteSchema, tablesOf } from '../src/schema-name';

describe('quoteSchema', () => {
  it('quotes a plain identifier', () => {
    expect(quoteSchema('hrbrain')).toBe('"hrbrain"');
    expect(tablesOf(quoteSchema('My_Schema')).employees).toBe('"My_Schema".employees');
  });

  it('never lets a quote, space, dot or semicolon through (the name is spliced into SQL)', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        let quoted: string | undefined;
        try {
          quoted = quoteSchema(name);
        } catch (error) {
          expect(PostgresStorageConfigError.isInstance(error)).toBe(true);
          return;
        }
        expect(quoted).toBe(`"${name}"`);
        expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_$]*$/);
      }),
    );
  });

  it('explains what a valid name looks like', () => {
    expect(() => quoteSchema('a.b')).toThrow(/letters, digits and "_"/);
  });
});

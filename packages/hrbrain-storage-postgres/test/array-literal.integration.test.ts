import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { arrayLiteral } from '../src/array-literal';
import { serverPool } from './setup/databases';

const pool = serverPool(2);
afterAll(() => pool.end());

// Postgres text cannot hold U+0000; everything else must survive.
const text = fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !s.includes('\u0000'));
const anyText = fc.oneof(
  text,
  fc.string({ maxLength: 20 }).filter((s) => !s.includes('\u0000')),
);

describe('arrayLiteral: one bound parameter per column', () => {
  it('always reads back exactly the strings and nulls it was given (real server)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(anyText, { nil: null }), { maxLength: 30 }),
        async (values) => {
          const { rows } = await pool.query<{ a: (string | null)[] }>('select $1::text[] as a', [
            arrayLiteral(values),
          ]);
          expect(rows[0]?.a).toEqual(values);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the words that mean something to the array parser as plain strings', async () => {
    const tricky = [
      'NULL',
      'null',
      '',
      ' ',
      '{}',
      '{a,b}',
      '"',
      '\\',
      '\\N',
      ',',
      "'); drop table employees; --",
    ];
    const { rows } = await pool.query('select $1::text[] as a, $2::boolean[] as b', [
      arrayLiteral(tricky),
      arrayLiteral([true, false, null]),
    ]);
    expect(rows[0]).toEqual({ a: tricky, b: [true, false, null] });
  });
});

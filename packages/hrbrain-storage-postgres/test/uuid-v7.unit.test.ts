import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUuid } from '../src/field-updates';
import { uuidV7Batch } from '../src/uuid-v7';

describe('uuidV7Batch', () => {
  it('always yields valid, unique version-7 UUIDs in ascending order within a batch', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 2 ** 47 }),
        (n, now) => {
          const ids = uuidV7Batch(n, now);
          expect(ids).toHaveLength(n);
          for (const id of ids) {
            expect(isUuid(id)).toBe(true);
            expect(id[14]).toBe('7');
            expect('89ab').toContain(id[19]);
          }
          expect([...ids].sort()).toEqual(ids);
          expect(new Set(ids).size).toBe(n);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('puts the timestamp first, so later batches sort after earlier ones', () => {
    const [early] = uuidV7Batch(1, 1_700_000_000_000);
    const [late] = uuidV7Batch(1, 1_700_000_000_001);
    expect(early! < late!).toBe(true);
    expect(early!.replace(/-/g, '').slice(0, 12)).toBe(
      (1_700_000_000_000).toString(16).padStart(12, '0'),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import {
  type fieldDefinitionsSchema,
  isMembersPage,
  type memberFieldSchema,
  type memberSchema,
  membersPageSchema,
  type organizationItemsSchema,
} from '../src/schemas';
import type {
  HrbrainFieldDefinition,
  HrbrainMember,
  HrbrainMemberField,
  HrbrainOrganizationItems,
} from '../src/types';

describe('schemas match the raw API contract in types.ts', () => {
  it('every schema output is assignable to its contract type', () => {
    expectTypeOf<z.output<typeof fieldDefinitionsSchema>>().toExtend<HrbrainFieldDefinition[]>();
    expectTypeOf<z.output<typeof memberFieldSchema>>().toExtend<HrbrainMemberField>();
    expectTypeOf<z.output<typeof memberSchema>>().toExtend<HrbrainMember>();
    expectTypeOf<z.output<typeof membersPageSchema>['data']>().toExtend<HrbrainMember[]>();
    expectTypeOf<z.output<typeof organizationItemsSchema>>().toExtend<HrbrainOrganizationItems>();
  });
});

describe('the fast members-page check', () => {
  // Any JSON value (plus undefined, for absent keys), kept small.
  const anyValue = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 3 }),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 2 }), fc.integer(), { maxKeys: 2 }),
  );
  const optionalString = fc.oneof(
    fc.string({ maxLength: 3 }),
    fc.constant(null),
    fc.constant(undefined),
    anyValue,
  );
  const field = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record(
        {
          id: fc.oneof(fc.string({ maxLength: 4 }), anyValue),
          alias: optionalString,
          type: optionalString,
          value: anyValue,
          extra: anyValue,
        },
        { requiredKeys: [] },
      ),
    },
    { weight: 1, arbitrary: anyValue },
  );
  const member = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record(
        {
          id: fc.oneof(fc.string({ maxLength: 4 }), anyValue),
          fields: fc.oneof(
            { weight: 6, arbitrary: fc.array(field, { maxLength: 4 }) },
            { weight: 1, arbitrary: anyValue },
          ),
          other: anyValue,
        },
        { requiredKeys: [] },
      ),
    },
    { weight: 1, arbitrary: anyValue },
  );
  const totalCount = fc.oneof(
    fc.nat(),
    fc.integer({ min: -3, max: 3 }),
    fc.double(),
    fc.constant(2 ** 53),
    anyValue,
  );
  const page = fc.oneof(
    {
      weight: 10,
      arbitrary: fc.record(
        {
          data: fc.oneof(
            { weight: 6, arbitrary: fc.array(member, { maxLength: 4 }) },
            { weight: 1, arbitrary: anyValue },
          ),
          paging: fc.oneof(
            {
              weight: 6,
              arbitrary: fc.record({ totalCount, next: anyValue }, { requiredKeys: [] }),
            },
            { weight: 1, arbitrary: anyValue },
          ),
          extra: anyValue,
        },
        { requiredKeys: [] },
      ),
    },
    { weight: 1, arbitrary: anyValue },
  );

  it('always accepts exactly what membersPageSchema accepts (property)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(page, (value) => {
        const fast = isMembersPage(value);
        expect(fast).toBe(membersPageSchema.safeParse(value).success);
        if (fast) accepted++;
      }),
      { numRuns: 3_000 },
    );
    // The generator reaches both sides, so the property is not vacuous.
    expect(accepted).toBeGreaterThan(50);
  });
});

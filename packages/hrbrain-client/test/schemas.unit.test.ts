import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import {
  checkOrganizationItems,
  type fieldDefinitionsSchema,
  isMembersPage,
  type memberFieldSchema,
  type memberSchema,
  membersPageSchema,
  organizationItemsSchema,
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

describe('organization items: the iterative check agrees with the zod contract', () => {
  // Shallow trees whose values are sometimes wrong, but whose `items` are never a single
  // object (that shape is a tolerance zod's contract refuses on purpose).
  const { tree } = fc.letrec((tie) => ({
    item: fc.record(
      {
        id: fc.oneof(fc.string(), fc.integer()),
        value: fc.oneof(fc.string(), fc.constant(null)),
        code: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
        items: fc.oneof(
          { maxDepth: 3 },
          fc.constant(null),
          fc.constant('x'),
          fc.array(tie('item'), { maxLength: 3 }),
        ),
      },
      { requiredKeys: ['id', 'value'] },
    ),
    tree: fc.record(
      {
        type: fc.oneof(fc.constant('tree'), fc.constant('list'), fc.integer()),
        items: fc.oneof(fc.array(tie('item'), { maxLength: 4 }), fc.constant(null)),
      },
      { requiredKeys: ['type'] },
    ),
  }));

  it('always accepts exactly what organizationItemsSchema accepts, for trees within the depth bound (property)', () => {
    fc.assert(
      fc.property(tree, (value) => {
        const zodAccepts = organizationItemsSchema.safeParse(structuredClone(value)).success;
        expect(checkOrganizationItems(structuredClone(value)) === undefined).toBe(zodAccepts);
      }),
      { numRuns: 500 },
    );
  });
});

import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import type {
  fieldDefinitionsSchema,
  memberFieldSchema,
  memberSchema,
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

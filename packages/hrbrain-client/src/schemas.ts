/**
 * Every HRBrain response shape, as zod schemas, in one place (`hrbrain-api.md`: the
 * assumed parts must be easy to change). All objects are `looseObject`: unknown keys are
 * kept, never rejected, so HRBrain adding a key never breaks a sync.
 *
 * The inferred outputs are checked against the hand-written contract in `types.ts` (the
 * `satisfies` lines at the bottom and `test/schemas.unit.test.ts`).
 *
 * @internal
 */
import type { StandardSchemaV1 } from 'ky';
import * as z from 'zod';
import type {
  HrbrainFieldDefinition,
  HrbrainMember,
  HrbrainMemberField,
  HrbrainOrganizationItem,
  HrbrainOrganizationItems,
} from './types';

/** `POST /auth/token` → `{ token }`. */
export const tokenResponseSchema = z.looseObject({ token: z.string().min(1) });

/** `GET /members/v1/fields` → an array of field definitions. */
export const fieldDefinitionSchema = z.looseObject({
  id: z.string(),
  label: z.string(),
  organizationId: z.string().nullish(),
  alias: z.string().nullish(),
  type: z.string().nullish(),
});
export const fieldDefinitionsSchema = z.array(fieldDefinitionSchema);

/** One value on a member; `value` is whatever HRBrain sends (string, id, null …). */
export const memberFieldSchema = z.looseObject({
  id: z.string(),
  alias: z.string().nullish(),
  type: z.string().nullish(),
  value: z.unknown(),
});

export const memberSchema = z.looseObject({
  id: z.string(),
  fields: z.array(memberFieldSchema),
});

/** `GET /members/v1/members?limit&offset` → one page plus the total that drives paging. */
export const membersPageSchema = z.looseObject({
  data: z.array(memberSchema),
  paging: z.looseObject({ totalCount: z.number().int().nonnegative() }),
});

export const organizationItemSchema: z.ZodType<HrbrainOrganizationItem> = z.looseObject({
  id: z.string(),
  value: z.string(),
  code: z.string().nullish(),
  get items() {
    return z.array(organizationItemSchema).nullish();
  },
});

/** `GET /members/v1.1/organization/{organizationId}/items`. */
export const organizationItemsSchema = z.looseObject({
  type: z.string(),
  items: z.array(organizationItemSchema),
});

/**
 * `schema` as the Standard Schema ky's `.json(schema)` takes: zod validates, and on success
 * the parsed JSON itself is returned. None of these schemas transforms or defaults a value,
 * so that *is* the validated data — with HRBrain's key order intact (a snapshot round-trips
 * byte for byte) and without a second copy of 100,000 members.
 */
export function validatorOf<T>(schema: z.ZodType<T>): StandardSchemaV1<unknown, T> {
  return {
    '~standard': {
      version: 1,
      vendor: 'zod',
      validate: (value) => {
        const result = schema.safeParse(value);
        return result.success ? { value: value as T } : { issues: result.error.issues };
      },
    },
  };
}

// Compile-time proof that what the schemas return is what `types.ts` promises: each
// entry fails to compile if a schema's output stops being assignable to its contract type.
type Assignable<Output extends Contract, Contract> = [Output, Contract];
export type SchemaContractChecks = [
  Assignable<z.output<typeof fieldDefinitionSchema>, HrbrainFieldDefinition>,
  Assignable<z.output<typeof memberFieldSchema>, HrbrainMemberField>,
  Assignable<z.output<typeof memberSchema>, HrbrainMember>,
  Assignable<z.output<typeof organizationItemsSchema>, HrbrainOrganizationItems>,
];

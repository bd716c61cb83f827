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
  value: z.unknown().optional(),
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

/**
 * `GET /members/v1.1/organization/{organizationId}/items`: the contract as a zod schema
 * (types and docs). Responses are validated by {@link organizationItemsValidator}, which
 * accepts the same shapes plus the tolerances below, without recursion.
 */
export const organizationItemsSchema = z.looseObject({
  type: z.string(),
  items: z.array(organizationItemSchema),
});

/**
 * Deepest organization tree accepted (levels of `items`, the top-level list being 1).
 * Real 組織情報 trees are a handful of levels; a deeper answer is refused as
 * `INVALID_RESPONSE` rather than handed to code that walks it.
 */
export const maxOrganizationDepth = 100;

/**
 * Every shape the client accepts beyond the contract, because public integrations that
 * call HRBrain in production accept it too. Each one is applied here and only here, and
 * listed in `docs/hrbrain-api.md` ("Tolerated shapes").
 */
export const tolerances = {
  /**
   * An organization's or a tree node's `items` that is a single object, not an array: one
   * child. Normalised to `[object]` in place, so consumers always see an array.
   */
  singleObjectItems: true,
} as const;

type Issue = { message: string; path: (string | number)[] };

/** The path of an item, rebuilt from parent links only when an issue is reported. */
interface ItemPlace {
  parent: ItemPlace | undefined;
  index: number;
}

function placePath(place: ItemPlace | undefined, tail: (string | number)[]): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at = place; at !== undefined; at = at.parent) path.push(at.index, 'items');
  return [...path.reverse(), ...tail];
}

/**
 * Validates `{ type, items }` iteratively (zod's recursive schema overflows the stack on a
 * deep tree, which used to surface as a network error) and applies
 * {@link tolerances}.singleObjectItems in place. A tree deeper than
 * {@link maxOrganizationDepth} is an issue.
 */
export function checkOrganizationItems(value: unknown): Issue | undefined {
  if (!isRecord(value)) return { message: 'expected an object', path: [] };
  if (typeof value.type !== 'string') return { message: 'expected a string', path: ['type'] };
  const top = asItems(value, 'items');
  if (top === undefined || top === null) return { message: 'expected an array', path: ['items'] };
  const stack: [unknown[], ItemPlace | undefined, number][] = [[top, undefined, 1]];
  while (stack.length > 0) {
    const [items, place, depth] = stack.pop() as [unknown[], ItemPlace | undefined, number];
    if (depth > maxOrganizationDepth) {
      return {
        message: `the tree is deeper than ${maxOrganizationDepth} levels`,
        path: placePath(place, []),
      };
    }
    for (let index = 0; index < items.length; index++) {
      const item = items[index];
      const here: ItemPlace = { parent: place, index };
      if (!isRecord(item)) return { message: 'expected an object', path: placePath(here, []) };
      if (typeof item.id !== 'string') {
        return { message: 'expected a string', path: placePath(here, ['id']) };
      }
      if (typeof item.value !== 'string') {
        return { message: 'expected a string', path: placePath(here, ['value']) };
      }
      if (!isOptionalString(item.code)) {
        return { message: 'expected a string or null', path: placePath(here, ['code']) };
      }
      const children = asItems(item, 'items');
      if (children === undefined && item.items !== undefined) {
        return {
          message: 'expected an array, an object or null',
          path: placePath(here, ['items']),
        };
      }
      if (children) stack.push([children, here, depth + 1]);
    }
  }
  return undefined;
}

/** `owner[key]` as an array (a single object becomes `[object]`, written back); `null` kept. */
function asItems(owner: Record<string, unknown>, key: string): unknown[] | null | undefined {
  const items = owner[key];
  if (Array.isArray(items)) return items;
  if (items === null) return null;
  if (tolerances.singleObjectItems && isRecord(items)) {
    const wrapped = [items];
    owner[key] = wrapped;
    return wrapped;
  }
  return undefined;
}

/** {@link checkOrganizationItems} as the Standard Schema ky's `.json(schema)` takes. */
export const organizationItemsValidator: StandardSchemaV1<unknown, HrbrainOrganizationItems> = {
  '~standard': {
    version: 1,
    vendor: 'hrbrain-client',
    validate: (value) => {
      const issue = checkOrganizationItems(value);
      return issue ? { issues: [issue] } : { value: value as HrbrainOrganizationItems };
    },
  },
};

/**
 * The hot path: one members page is ~100 members × ~20 values, and a full read is 1,000
 * pages. This hand-written check accepts exactly what `membersPageSchema` accepts (a
 * fast-check property in `test/schemas.unit.test.ts` holds them equal), in a fraction of
 * zod's time; anything it refuses is parsed by the schema, which names the bad value.
 */
export function isMembersPage(value: unknown): boolean {
  if (!isRecord(value) || !Array.isArray(value.data)) return false;
  const paging = value.paging;
  if (!isRecord(paging)) return false;
  const total = paging.totalCount;
  if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0) return false;
  for (const member of value.data as unknown[]) {
    if (!isRecord(member) || typeof member.id !== 'string' || !Array.isArray(member.fields)) {
      return false;
    }
    for (const field of member.fields as unknown[]) {
      if (
        !isRecord(field) ||
        typeof field.id !== 'string' ||
        !isOptionalString(field.alias) ||
        !isOptionalString(field.type)
      ) {
        return false;
      }
    }
  }
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOptionalString(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'string';
}

/**
 * `schema` as the Standard Schema ky's `.json(schema)` takes: zod validates (after `accepts`,
 * a faster check known to agree with it, where one exists), and on success the parsed JSON
 * itself is returned. None of these schemas transforms or defaults a value, so that *is*
 * the validated data — with HRBrain's key order intact (a snapshot round-trips byte for
 * byte) and without a second copy of 100,000 members.
 */
export function validatorOf<T>(
  schema: z.ZodType<T>,
  accepts?: (value: unknown) => boolean,
): StandardSchemaV1<unknown, T> {
  return {
    '~standard': {
      version: 1,
      vendor: 'zod',
      validate: (value) => {
        try {
          if (accepts?.(value)) return { value: value as T };
          const result = schema.safeParse(value);
          return result.success ? { value: value as T } : { issues: result.error.issues };
        } catch (error) {
          // E.g. a stack overflow on absurd nesting: the answer is what is wrong, not the
          // network (never a ConnectionError, never retried).
          const name = error instanceof Error ? error.name : 'error';
          return { issues: [{ message: `could not be validated (${name})`, path: [] }] };
        }
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

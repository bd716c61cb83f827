import { mapWithConcurrency } from './concurrency';
import { HrbrainConfigError } from './errors';
import type { FieldsResource } from './resources/fields';
import type { MembersListParams, MembersResource } from './resources/members';
import type { OrganizationsResource } from './resources/organizations';
import type { HrbrainRequestOptions } from './transport';
import type {
  HrbrainFieldDefinition,
  HrbrainMember,
  HrbrainOrganizationItems,
  HrbrainSnapshot,
} from './types';

/** Progress of {@link snapshot}, reported after each step. */
export interface HrbrainSnapshotProgress {
  phase: 'fields' | 'organizations' | 'members';
  /** Items of this phase done so far (fields, organizations, members). */
  completed: number;
  /** Items of this phase in all (for members: HRBrain's `paging.totalCount`). */
  total: number;
  /**
   * Members read so far, in every phase (0 until the first members page). With `total` of
   * the members phase this is the `{ fetched, total }` a sync's progress reports.
   */
  fetched: number;
}

/**
 * Field ids, given as they are or chosen from the tenant's field definitions once those
 * are read (e.g. by alias, then label — the sync core's F1/F2 resolution).
 */
export type HrbrainFieldSelection =
  | readonly string[]
  | ((fields: readonly HrbrainFieldDefinition[]) => readonly string[]);

/**
 * Parameters of `client.snapshot()`. By default everything is read: every field
 * definition, every member with HRBrain's default columns, and every organization a field
 * references. A run that needs less asks for less:
 *
 * @example A departments run: no members, only the organization behind 主部署.
 * <!-- docs:prelude import type { HrbrainClient } from '@mikiwame/hrbrain-client';
 *   declare const client: HrbrainClient; -->
 * ```ts
 * const snapshot = await client.snapshot({
 *   members: false,
 *   organizationFieldIds: (fields) => fields.filter((f) => f.alias === 'MainTeam').map((f) => f.id),
 * });
 * ```
 *
 * @example An employees run: only the mapped fields, and only their organizations.
 * <!-- docs:prelude import type { HrbrainClient, HrbrainFieldDefinition } from '@mikiwame/hrbrain-client';
 *   declare const client: HrbrainClient;
 *   declare function mappedFieldIds(fields: readonly HrbrainFieldDefinition[]): string[]; -->
 * ```ts
 * const snapshot = await client.snapshot({ columns: (fields) => mappedFieldIds(fields) });
 * ```
 */
export interface HrbrainSnapshotParams {
  /** Called after the fields, after each organization and after each page of members. */
  onProgress?: ((progress: HrbrainSnapshotProgress) => void) | undefined;
  /** Same as `options.signal`; either aborts the whole snapshot. */
  signal?: AbortSignal | undefined;
  /**
   * `false`: read no members at all (`snapshot.members` is `[]`, no members request is
   * made). Otherwise the member read's params, as for `members.list()` (page size,
   * `maxPages`, static `columns`).
   */
  members?: false | MembersListParams | undefined;
  /**
   * The field ids to read on each member (`columns=`): an array, or a function of the field
   * definitions. Members then carry only those fields, even from a server that ignores
   * `columns`. Every id must be a defined field (else `HrbrainConfigError`). Not together
   * with `members.columns`.
   */
  columns?: HrbrainFieldSelection | undefined;
  /**
   * The fields whose organizations to read (each organization once): an array of field
   * ids, or a function of the field definitions. Default: the fields of `columns` when
   * given, else every field with an `organizationId`. Fields without one are skipped.
   */
  organizationFieldIds?: HrbrainFieldSelection | undefined;
}

/** @internal */
export interface SnapshotDeps {
  concurrency: number;
  fields: FieldsResource;
  members: MembersResource;
  organizations: OrganizationsResource;
}

/**
 * @internal Everything the sync core plans from: the field definitions, the members (all,
 * none, or with chosen columns) and the items of the organizations asked for, each read
 * once.
 */
export async function snapshot(
  deps: SnapshotDeps,
  params: HrbrainSnapshotParams = {},
  options: HrbrainRequestOptions = {},
): Promise<HrbrainSnapshot> {
  const signal = combineSignals(params.signal, options.signal);
  const callOptions: HrbrainRequestOptions = { ...options, signal };
  const report = params.onProgress ?? (() => undefined);
  const readMembers = params.members !== false;
  const memberParams: MembersListParams = params.members === false ? {} : (params.members ?? {});
  if (params.columns !== undefined && memberParams.columns !== undefined) {
    throw new HrbrainConfigError('snapshot() takes `columns` or `members.columns`, not both.', {
      option: 'columns',
    });
  }
  checkSelection('columns', params.columns);
  checkSelection('organizationFieldIds', params.organizationFieldIds);
  // Built first so that bad `members` params fail before any request (nothing is fetched
  // until a list is read).
  if (readMembers) deps.members.list(memberParams, callOptions);

  const fields = await deps.fields.list({}, callOptions);
  report({ phase: 'fields', completed: fields.length, total: fields.length, fetched: 0 });

  const columns = select('columns', params.columns, fields);
  const organizationFields =
    select('organizationFieldIds', params.organizationFieldIds, fields) ??
    columns ??
    memberParams.columns;
  const chosen = organizationFields === undefined ? undefined : new Set(organizationFields);
  const organizationIds = [
    ...new Set(
      fields.flatMap((field) =>
        typeof field.organizationId === 'string' &&
        field.organizationId !== '' &&
        (chosen === undefined || chosen.has(field.id))
          ? [field.organizationId]
          : [],
      ),
    ),
  ];
  // One controller so that the first failed organization stops the others.
  const stop = new AbortController();
  const organizationSignal = combineSignals(signal, stop.signal);
  let organizationsDone = 0;
  let organizationItems: HrbrainOrganizationItems[];
  try {
    organizationItems = await mapWithConcurrency(organizationIds, deps.concurrency, async (id) => {
      const items = await deps.organizations.items(id, { ...options, signal: organizationSignal });
      report({
        phase: 'organizations',
        completed: ++organizationsDone,
        total: organizationIds.length,
        fetched: 0,
      });
      return items;
    });
  } finally {
    stop.abort();
  }
  // `Object.fromEntries` defines own properties, so an id like `__proto__` stays data.
  const organizations = Object.fromEntries(
    organizationIds.map((id, index) => [id, organizationItems[index] as HrbrainOrganizationItems]),
  );

  const members: HrbrainMember[] = [];
  if (readMembers) {
    const list = deps.members.list(
      columns === undefined ? memberParams : { ...memberParams, columns },
      callOptions,
    );
    for await (const page of list.pages()) {
      for (const member of page.members) members.push(member);
      report({
        phase: 'members',
        completed: members.length,
        total: page.totalCount,
        fetched: members.length,
      });
    }
  }
  return { fields, members, organizations };
}

function checkSelection(option: string, selection: HrbrainFieldSelection | undefined): void {
  if (selection === undefined || typeof selection === 'function') return;
  if (!Array.isArray(selection)) {
    throw new HrbrainConfigError(
      `snapshot({ ${option} }) must be an array of field ids or a function of the field definitions.`,
      { option },
    );
  }
}

/** The field ids `selection` picks, checked against the tenant's field definitions. */
function select(
  option: string,
  selection: HrbrainFieldSelection | undefined,
  fields: readonly HrbrainFieldDefinition[],
): readonly string[] | undefined {
  if (selection === undefined) return undefined;
  const ids = typeof selection === 'function' ? selection(fields) : selection;
  if (!Array.isArray(ids)) {
    throw new HrbrainConfigError(
      `snapshot({ ${option} }) must give an array of field ids; the function returned ${typeof ids}.`,
      { option },
    );
  }
  const known = new Set(fields.map((field) => field.id));
  for (const id of ids) {
    if (typeof id !== 'string' || !known.has(id)) {
      throw new HrbrainConfigError(
        `snapshot({ ${option} }) names ${JSON.stringify(id)}, which is not the id of a field definition HRBrain returned.`,
        { option },
      );
    }
  }
  return ids;
}

function combineSignals(
  first: AbortSignal | undefined,
  second: AbortSignal | undefined,
): AbortSignal | undefined {
  if (!first) return second;
  if (!second) return first;
  return AbortSignal.any([first, second]);
}

import { mapWithConcurrency } from './concurrency';
import type { FieldsResource } from './resources/fields';
import type { MembersListParams, MembersResource } from './resources/members';
import type { OrganizationsResource } from './resources/organizations';
import type { HrbrainRequestOptions } from './transport';
import type { HrbrainMember, HrbrainOrganizationItems, HrbrainSnapshot } from './types';

/** Progress of {@link snapshot}, reported after each step. */
export interface HrbrainSnapshotProgress {
  phase: 'fields' | 'organizations' | 'members';
  /** Items of this phase done so far (fields, organizations, members). */
  completed: number;
  /** Items of this phase in all. */
  total: number;
}

/** Parameters of `client.snapshot()`. */
export interface HrbrainSnapshotParams {
  /** Called after the fields, after each organization and after each page of members. */
  onProgress?: ((progress: HrbrainSnapshotProgress) => void) | undefined;
  /** Same as `options.signal`; either aborts the whole snapshot. */
  signal?: AbortSignal | undefined;
  /** Page size and columns of the member read. */
  members?: MembersListParams | undefined;
}

/** @internal */
export interface SnapshotDeps {
  concurrency: number;
  fields: FieldsResource;
  members: MembersResource;
  organizations: OrganizationsResource;
}

/**
 * @internal Everything the sync core plans from: the field definitions, every member, and
 * the items of every organization a field references, each organization read once.
 */
export async function snapshot(
  deps: SnapshotDeps,
  params: HrbrainSnapshotParams = {},
  options: HrbrainRequestOptions = {},
): Promise<HrbrainSnapshot> {
  const signal = combineSignals(params.signal, options.signal);
  const callOptions: HrbrainRequestOptions = { ...options, signal };
  const report = params.onProgress ?? (() => undefined);
  // Built first so that bad `members` params fail before any request (nothing is fetched
  // until the list is read).
  const memberList = deps.members.list(params.members, callOptions);

  const fields = await deps.fields.list({}, callOptions);
  report({ phase: 'fields', completed: fields.length, total: fields.length });

  const organizationIds = [
    ...new Set(
      fields.flatMap((field) =>
        typeof field.organizationId === 'string' && field.organizationId !== ''
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
  for await (const page of memberList.pages()) {
    for (const member of page.members) members.push(member);
    report({ phase: 'members', completed: members.length, total: page.totalCount });
  }
  return { fields, members, organizations };
}

function combineSignals(
  first: AbortSignal | undefined,
  second: AbortSignal | undefined,
): AbortSignal | undefined {
  if (!first) return second;
  if (!second) return first;
  return AbortSignal.any([first, second]);
}

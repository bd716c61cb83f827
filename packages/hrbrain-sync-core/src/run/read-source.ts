// What a run reads from its source (issue 12): a departments run no members, an employees
// run only the fields it maps, and a full sync one read for both runs.
import { type ResolvedFields, resolveFields, Slot, SOURCE_FIELDS } from '../mapping/fields';
import { MemberTable } from '../mapping/member-table';
import type { HrbrainFieldDefinition, HrbrainMember, HrbrainSnapshot } from '../model/snapshot';

/**
 * How far a source has read: members so far (`fetched`) and in all (`total`, `null` when
 * unknown). The HRBrain client's own `{ phase: 'members', completed, total }` is understood
 * too; progress of other phases is not passed on.
 */
export interface SnapshotProgress {
  fetched?: number | undefined;
  total?: number | null | undefined;
  phase?: string | undefined;
  completed?: number | undefined;
}

/** Field ids chosen from the tenant's field definitions once they are read. */
export type FieldSelection = (fields: readonly HrbrainFieldDefinition[]) => readonly string[];

/**
 * What a run asks its source for: the HRBrain client's `snapshot()` parameters. A source
 * may ignore all but `signal` and return everything; the run then plans from that.
 */
export interface SnapshotRequest {
  signal?: AbortSignal;
  /** Called as the source reads (the client: per members page); passed on as `fetching`. */
  onProgress?: (progress: SnapshotProgress) => void;
  /** `false`: no members are needed (a departments run). */
  members?: false;
  /** The member fields to read (`columns=`): the ones the sync maps (F1/F2). */
  columns?: FieldSelection;
  /** The fields whose organizations to read. */
  organizationFieldIds?: FieldSelection;
}

/** One page of members, as the HRBrain client's `members.list().pages()` yields it. */
export interface SourceMembersPage {
  members: readonly HrbrainMember[];
  totalCount: number;
}

/** Anything shaped like the HRBrain client: `createHrbrainClient(...)` fits. */
export interface SnapshotSource {
  snapshot(options?: SnapshotRequest): Promise<HrbrainSnapshot>;
  /**
   * Optional (the client has it): members page by page, so that each page is reduced to
   * the mapped fields as it arrives and dropped. Without it, members come from `snapshot()`.
   */
  members?: {
    list(
      params?: { columns?: readonly string[] },
      options?: { signal?: AbortSignal },
    ): { pages(): AsyncIterable<SourceMembersPage> };
  };
}

/**
 * What a run plans from: the field definitions and organizations (`snapshot`, whose
 * `members` is empty when `table` holds them) and the members reduced to the mapped values.
 */
export interface SourceData {
  snapshot: HrbrainSnapshot;
  /** The members, compact; `null` when they are in `snapshot.members` (a full read). */
  table: MemberTable | null;
  /** Members read (for the `fetched` event). */
  members: number;
}

/** Thrown inside a selection to stop a narrow read: the definitions do not settle F2. */
class NeedsFullRead extends Error {}

/**
 * F2: whether the definitions carry every alias the sync looks for. Only then is the field
 * resolution independent of the members (else the planner also looks at member values), so
 * that reading fewer members, fewer fields or none gives exactly the plan a full read gives.
 */
function resolvedOnDefinitions(fields: readonly HrbrainFieldDefinition[]): ResolvedFields {
  if (!Array.isArray(fields)) throw new NeedsFullRead();
  const wanted = new Set<string>();
  for (const spec of SOURCE_FIELDS) for (const alias of spec.aliases) wanted.add(alias);
  for (const def of fields) {
    if (typeof def?.id === 'string' && typeof def.alias === 'string') wanted.delete(def.alias);
  }
  if (wanted.size > 0) throw new NeedsFullRead();
  return resolveFields(
    { fields: fields as HrbrainFieldDefinition[], members: [], organizations: {} },
    [],
  );
}

const mappedIds = (resolved: ResolvedFields) =>
  resolved.fieldIds.filter((id): id is string => id !== undefined);
const organizationFieldsOf = (resolved: ResolvedFields, slots?: readonly number[]) =>
  resolved.fieldIds.filter(
    (id, slot): id is string =>
      id !== undefined &&
      resolved.organizationIds[slot] !== undefined &&
      (slots === undefined || slots.includes(slot)),
  );

interface ReadOptions {
  signal?: AbortSignal | undefined;
  onProgress: (progress: SnapshotProgress) => void;
}

/**
 * A departments run: the field definitions and the organization behind 主部署, no members.
 * Falls back to a full read when the definitions lack aliases (F2 may need member values).
 */
export async function readForDepartments(
  source: SnapshotSource,
  options: ReadOptions,
): Promise<SourceData> {
  const base = options.signal ? { signal: options.signal } : {};
  try {
    const snapshot = await source.snapshot({
      ...base,
      onProgress: options.onProgress,
      members: false,
      organizationFieldIds: (fields) =>
        organizationFieldsOf(resolvedOnDefinitions(fields), [Slot.department]),
    });
    return { snapshot, table: null, members: lengthOf(snapshot.members) };
  } catch (error) {
    if (!(error instanceof NeedsFullRead)) throw error;
  }
  const snapshot = await source.snapshot({ ...base, onProgress: options.onProgress });
  return { snapshot, table: null, members: lengthOf(snapshot.members) };
}

/**
 * An employees run (and a full sync: the departments plan needs a subset of it): the field
 * definitions, the organizations of the mapped pulldowns, and the members with the mapped
 * fields only (`columns=`), each page reduced to a {@link MemberTable} as it arrives. Falls
 * back to a full read when the definitions lack aliases (F2 may need member values).
 */
export async function readForEmployees(
  source: SnapshotSource,
  options: ReadOptions,
): Promise<SourceData> {
  const base = options.signal ? { signal: options.signal } : {};
  const pages = typeof source.members?.list === 'function' ? source.members : undefined;
  try {
    if (pages !== undefined) {
      // The client: definitions and organizations first, then the members page by page.
      const snapshot = await source.snapshot({
        ...base,
        members: false,
        organizationFieldIds: (fields) => organizationFieldsOf(resolvedOnDefinitions(fields)),
      });
      const resolved = resolvedOnDefinitions(snapshot.fields);
      const table = new MemberTable(resolved.slotByFieldId);
      const columns = mappedIds(resolved);
      let total: number | null = null;
      if (columns.length > 0) {
        for await (const page of pages.list({ columns }, base).pages()) {
          table.addAll(page.members);
          total = page.totalCount;
          options.onProgress({ fetched: table.length, total });
        }
      }
      return { snapshot: { ...snapshot, members: [] }, table, members: table.length };
    }
    let resolved: ResolvedFields | undefined;
    const snapshot = await source.snapshot({
      ...base,
      onProgress: options.onProgress,
      columns: (fields) => {
        resolved = resolvedOnDefinitions(fields);
        return mappedIds(resolved);
      },
    });
    // A source that honoured `columns` (or ignored it): reduce now, keep the table only.
    resolved ??= tryResolve(snapshot.fields);
    if (resolved === undefined)
      return { snapshot, table: null, members: lengthOf(snapshot.members) };
    const table = new MemberTable(resolved.slotByFieldId);
    if (Array.isArray(snapshot.members)) table.addAll(snapshot.members);
    return { snapshot: { ...snapshot, members: [] }, table, members: table.length };
  } catch (error) {
    if (!(error instanceof NeedsFullRead)) throw error;
  }
  const snapshot = await source.snapshot({ ...base, onProgress: options.onProgress });
  return { snapshot, table: null, members: lengthOf(snapshot.members) };
}

function tryResolve(fields: readonly HrbrainFieldDefinition[]): ResolvedFields | undefined {
  try {
    return resolvedOnDefinitions(fields);
  } catch (error) {
    if (error instanceof NeedsFullRead) return undefined;
    throw error;
  }
}

function lengthOf(members: unknown): number {
  return Array.isArray(members) ? members.length : 0;
}

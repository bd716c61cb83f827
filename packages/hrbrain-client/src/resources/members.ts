import { HrbrainConfigError } from '../errors';
import { defaultMaxPages, MemberList, type RawMembersPage } from '../member-list';
import { isMembersPage, membersPageSchema } from '../schemas';
import type { HrbrainRequestOptions } from '../transport';
import type { HrbrainMember } from '../types';
import type { ResourceContext } from './context';

/** Largest page HRBrain is known to serve (`hrbrain-api.md`: clients use 100; assumed max). */
export const maxMembersPageSize = 100;

/** Parameters of `client.members.list()` / `listAll()`. */
export interface MembersListParams {
  /** Field ids to include on each member (`columns=`); omitted → HRBrain's default set. */
  columns?: readonly string[] | undefined;
  /** Members per request, 1–100. Default 100. */
  pageSize?: number | undefined;
  /**
   * Most requests one listing may make (default 100,000: 10 million members at 100 per
   * page). A `paging.totalCount` beyond `maxPages × pageSize`, or a count that keeps
   * growing, ends the listing with `HrbrainPagingError` (`max-pages`) instead of reading on.
   */
  maxPages?: number | undefined;
}

/** `client.members`: the tenant's members (employees). Needs `member:read`. */
export interface MembersResource {
  /**
   * Every member, lazily, as an async iterable (`for await (const m of …)`), or page by
   * page with `.pages()` (map each page and drop it: memory stays at `concurrency` pages);
   * see {@link MemberList}. Invalid params throw `HrbrainConfigError` here, before any
   * request.
   *
   * With `columns`, each member carries only those fields: HRBrain is asked for them
   * (`columns=`), and should a server ignore that, every other field is dropped from each
   * page before it is yielded — data the caller did not ask for (給与 …) is never handed
   * on, nor kept beyond the page being parsed.
   */
  list(params?: MembersListParams, options?: HrbrainRequestOptions): MemberList;
  /** Every member, in order, in one array. */
  listAll(params?: MembersListParams, options?: HrbrainRequestOptions): Promise<HrbrainMember[]>;
}

/** @internal */
export function createMembersResource(context: ResourceContext): MembersResource {
  const list = (params: MembersListParams = {}, options: HrbrainRequestOptions = {}) => {
    const pageSize = params.pageSize ?? maxMembersPageSize;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxMembersPageSize) {
      throw new HrbrainConfigError(
        `members.list({ pageSize }) must be an integer from 1 to ${maxMembersPageSize}; got ${String(pageSize)}.`,
        { option: 'pageSize' },
      );
    }
    const maxPages = params.maxPages ?? defaultMaxPages;
    if (!Number.isSafeInteger(maxPages) || maxPages < 1) {
      throw new HrbrainConfigError(
        `members.list({ maxPages }) must be a whole number ≥ 1; got ${String(maxPages)}.`,
        { option: 'maxPages' },
      );
    }
    const columns = params.columns === undefined ? undefined : checkColumns(params.columns);
    const wanted = params.columns === undefined ? undefined : new Set(params.columns);
    return new MemberList(
      async (offset, limit, signal) => {
        const page = await context.transport.request(
          {
            method: 'GET',
            path: '/members/v1/members',
            label: 'GET /members/v1/members',
            searchParams: {
              ...(columns === undefined ? {} : { columns }),
              limit: String(limit),
              offset: String(offset),
            },
            schema: membersPageSchema,
            accepts: isMembersPage,
            authenticated: true,
            requiredScope: 'member:read',
          },
          { ...options, signal },
        );
        if (wanted) keepOnly(page, wanted);
        return page;
      },
      { pageSize, concurrency: context.concurrency, signal: options.signal, maxPages },
    );
  };
  return {
    list,
    // A Promise-returning method reports bad params as a rejection, like every other failure.
    listAll: async (params, options) => list(params, options).toArray(),
  };
}

function checkColumns(columns: readonly string[]): string {
  if (!Array.isArray(columns) || columns.length === 0) {
    throw new HrbrainConfigError(
      'members.list({ columns }) must be a non-empty array of field ids, or omitted.',
      { option: 'columns' },
    );
  }
  for (const column of columns) {
    if (typeof column !== 'string' || column.trim() === '' || column.includes(',')) {
      throw new HrbrainConfigError(
        `members.list({ columns }) holds an invalid field id ${JSON.stringify(column)}: use the \`id\` of a field definition.`,
        { option: 'columns' },
      );
    }
  }
  return columns.join(',');
}

/**
 * Issue 12: a server that ignores `columns=` sends every field the token can see; drop the
 * ones not asked for, in place, before the page goes anywhere. A page that honoured
 * `columns` costs one pass of `Set` lookups.
 */
function keepOnly(page: RawMembersPage, wanted: ReadonlySet<string>): void {
  // Members list their fields in the same order: an id equal to the one an earlier member
  // had at that position (already found wanted) needs no lookup.
  const wantedAt: string[] = [];
  for (const member of page.data) {
    const { fields } = member;
    let index = 0;
    for (; index < fields.length; index++) {
      const id = (fields[index] as { id: string }).id;
      if (id === wantedAt[index]) continue;
      if (!wanted.has(id)) break;
      wantedAt[index] = id;
    }
    if (index === fields.length) continue;
    member.fields = fields.filter((field) => wanted.has(field.id));
  }
}

import { HrbrainConfigError } from '../errors';
import { MemberList } from '../member-list';
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
}

/** `client.members`: the tenant's members (employees). Needs `member:read`. */
export interface MembersResource {
  /**
   * Every member, lazily, as an async iterable (`for await (const m of …)`); see
   * {@link MemberList}. Invalid params throw `HrbrainConfigError` here, before any request.
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
    const columns = params.columns === undefined ? undefined : checkColumns(params.columns);
    return new MemberList(
      (offset, limit, signal) =>
        context.transport.request(
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
        ),
      { pageSize, concurrency: context.concurrency, signal: options.signal },
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

import type { HrbrainMember } from './types';

/** One page of `GET /members/v1/members`, as yielded by {@link MemberList.pages}. */
export interface MembersPage {
  members: HrbrainMember[];
  /** `offset` this page was requested with. */
  offset: number;
  /** `limit` (page size) this page was requested with. */
  limit: number;
  /** `paging.totalCount` of the first page: the number of members the listing covers. */
  totalCount: number;
}

/** @internal What a page fetch returns (the validated API answer). */
export interface RawMembersPage {
  data: HrbrainMember[];
  paging: { totalCount: number };
}

/** @internal */
export type FetchMembersPage = (
  offset: number,
  limit: number,
  signal: AbortSignal,
) => Promise<RawMembersPage>;

/**
 * Every member of the tenant, read lazily page by page (`limit`/`offset`, driven by the
 * first page's `paging.totalCount`).
 *
 * `for await (const member of client.members.list())` yields members in HRBrain's order,
 * each once. After the first page, up to `concurrency` pages are in flight at a time and
 * still yielded in order; at most that many pages are buffered. Leaving the loop early
 * (`break`, an exception) aborts the pages still in flight.
 *
 * Offset paging is not a consistent snapshot: if members are added or removed in HRBrain
 * while a listing runs, a member can be missed or seen twice. Run the read again then.
 */
export class MemberList implements AsyncIterable<HrbrainMember> {
  readonly #fetchPage: FetchMembersPage;
  readonly #pageSize: number;
  readonly #concurrency: number;
  readonly #signal: AbortSignal | undefined;

  /** @internal Use `client.members.list()`. */
  constructor(
    fetchPage: FetchMembersPage,
    options: { pageSize: number; concurrency: number; signal: AbortSignal | undefined },
  ) {
    this.#fetchPage = fetchPage;
    this.#pageSize = options.pageSize;
    this.#concurrency = options.concurrency;
    this.#signal = options.signal;
  }

  /** Only the first page (one request): e.g. to learn `totalCount` cheaply. */
  async firstPage(): Promise<MembersPage> {
    const signal = this.#signal ?? new AbortController().signal;
    const first = await this.#fetchPage(0, this.#pageSize, signal);
    return {
      members: first.data,
      offset: 0,
      limit: this.#pageSize,
      totalCount: first.paging.totalCount,
    };
  }

  /** The listing page by page, in order (useful for progress reporting). */
  async *pages(): AsyncGenerator<MembersPage, void, undefined> {
    // One controller for the pages of this listing: the caller's abort is forwarded to it,
    // and leaving the loop early aborts it (a listener, not `AbortSignal.any`, which would
    // add a dependent signal per request on top of ky's own).
    const stop = new AbortController();
    const { signal } = stop;
    const callerSignal = this.#signal;
    const forwardAbort = () => stop.abort(callerSignal?.reason);
    if (callerSignal?.aborted) forwardAbort();
    else callerSignal?.addEventListener('abort', forwardAbort, { once: true });
    const limit = this.#pageSize;
    try {
      const first = await this.#fetchPage(0, limit, signal);
      const totalCount = first.paging.totalCount;
      const offsets: number[] = [];
      for (let offset = limit; offset < totalCount; offset += limit) offsets.push(offset);
      const inFlight: Promise<RawMembersPage>[] = [];
      let launched = 0;
      const launch = () => {
        const page = this.#fetchPage(offsets[launched++] as number, limit, signal);
        // Handled when awaited below; this only keeps an abandoned page from being reported
        // as an unhandled rejection after the consumer stopped early.
        page.catch(() => undefined);
        inFlight.push(page);
      };
      // The next pages are already on their way while the consumer handles the first.
      while (inFlight.length < this.#concurrency && launched < offsets.length) launch();
      yield { members: first.data, offset: 0, limit, totalCount };
      for (const offset of offsets) {
        const page = await (inFlight.shift() as Promise<RawMembersPage>);
        if (launched < offsets.length) launch();
        yield { members: page.data, offset, limit, totalCount };
      }
    } finally {
      callerSignal?.removeEventListener('abort', forwardAbort);
      stop.abort();
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<HrbrainMember, void, undefined> {
    for await (const page of this.pages()) yield* page.members;
  }

  /** Read every page and return all members in order. */
  async toArray(): Promise<HrbrainMember[]> {
    const members: HrbrainMember[] = [];
    for await (const page of this.pages()) {
      for (const member of page.members) members.push(member);
    }
    return members;
  }
}

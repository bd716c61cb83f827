import { HrbrainResponseValidationError } from './errors';
import type { HrbrainMember } from './types';

/** One page of `GET /members/v1/members`, as yielded by {@link MemberList.pages}. */
export interface MembersPage {
  members: HrbrainMember[];
  /** `offset` this page was requested with. */
  offset: number;
  /** `limit` (page size) this page was requested with. */
  limit: number;
  /**
   * The number of members the listing covers: `paging.totalCount` of the first page, or a
   * larger one a later page reported (members added while the listing ran).
   */
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
 * Offset paging is not a consistent snapshot, so the listing defends itself: a member id is
 * yielded at most once; when a page reports a smaller `totalCount` (members removed), the
 * members that moved back into the previous page are read again; when it reports a larger
 * one (members added at the end), reading goes on past the first page's count; and a page
 * shorter than asked while more members exist is completed with further requests (a
 * server that caps `limit` lower). Members added *before* a page already read can still
 * be missed until the next read.
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
    // Offset paging shifts under edits, so a member can come back on a later page: each id
    // is yielded once (a sync would otherwise see two members sharing an e-mail, E4).
    const seen = new Set<string>();
    // Only ids from earlier responses count: two entries sharing an id within one answer
    // cannot come from paging, so both are passed on for the caller to judge.
    const fresh = (data: readonly HrbrainMember[], into: HrbrainMember[]) => {
      for (const member of data) if (!seen.has(member.id)) into.push(member);
      for (const member of data) seen.add(member.id);
    };
    // Lowest and highest `totalCount` reported so far: a drop means members before the
    // current offset were removed and the ones after them moved back into pages already
    // read; a rise means more pages exist than the first page announced.
    let lowestTotal = 0;
    let highestTotal = 0;
    /**
     * Everything new in the page read at `offset`: the members that moved back into the
     * previous page (re-read when the count dropped), the page, and the rest of the page
     * when HRBrain answered with fewer members than asked for but more exist (a server
     * capping `limit` below ours must not make us skip the difference).
     */
    const settle = async (offset: number, page: RawMembersPage): Promise<HrbrainMember[]> => {
      const members: HrbrainMember[] = [];
      const total = page.paging.totalCount;
      if (total < lowestTotal && offset > 0) {
        const from = Math.max(0, offset - (lowestTotal - total));
        await this.#readRange(from, offset, limit, signal, (data) => fresh(data, members));
      }
      const steady = total === lowestTotal && total === highestTotal;
      lowestTotal = Math.min(lowestTotal, total);
      highestTotal = Math.max(highestTotal, total);
      const before = members.length;
      fresh(page.data, members);
      // With the count unchanged, a later page made only of members already read means the
      // server ignored `offset`: deduplicating would quietly end the listing short.
      if (offset > 0 && steady && page.data.length > 0 && members.length === before) {
        throw new HrbrainResponseValidationError(
          `HRBrain's page at offset ${offset} of GET /members/v1/members repeats members already read while \`paging.totalCount\` stayed ${total}: the server seems to ignore \`offset\`. Run the read again; if it persists, the paging assumptions in the @mikiwame/hrbrain-client README need changing.`,
          { endpoint: 'GET /members/v1/members', path: ['data'], reason: 'schema' },
        );
      }
      const wanted = Math.min(limit, total - offset);
      if (page.data.length > 0 && page.data.length < wanted) {
        await this.#readRange(offset + page.data.length, offset + wanted, limit, signal, (data) =>
          fresh(data, members),
        );
      }
      return members;
    };
    try {
      const first = await this.#fetchPage(0, limit, signal);
      const totalCount = first.paging.totalCount;
      lowestTotal = totalCount;
      highestTotal = totalCount;
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
      // Settled before the next pages start, so that a re-read never exceeds `concurrency`.
      const firstMembers = await settle(0, first);
      // The next pages are already on their way while the consumer handles the first.
      while (inFlight.length < this.#concurrency && launched < offsets.length) launch();
      yield { members: firstMembers, offset: 0, limit, totalCount: highestTotal };
      let next = limit;
      for (const offset of offsets) {
        const page = await (inFlight.shift() as Promise<RawMembersPage>);
        const members = await settle(offset, page);
        if (launched < offsets.length) launch();
        next = offset + limit;
        yield { members, offset, limit, totalCount: highestTotal };
      }
      // Members added while the listing ran: read on, one page at a time, while HRBrain
      // reports more than has been covered.
      while (next < highestTotal) {
        const offset = next;
        const page = await this.#fetchPage(offset, limit, signal);
        const members = await settle(offset, page);
        next = offset + limit;
        if (members.length > 0) yield { members, offset, limit, totalCount: highestTotal };
        if (page.data.length === 0) break;
      }
    } finally {
      callerSignal?.removeEventListener('abort', forwardAbort);
      stop.abort();
    }
  }

  /** Read offsets `[from, to)` in requests of at most `limit`, until HRBrain has no more. */
  async #readRange(
    from: number,
    to: number,
    limit: number,
    signal: AbortSignal,
    onData: (data: readonly HrbrainMember[]) => void,
  ): Promise<void> {
    let offset = from;
    while (offset < to) {
      const page = await this.#fetchPage(offset, Math.min(limit, to - offset), signal);
      if (page.data.length === 0) return;
      onData(page.data);
      offset += page.data.length;
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

import { HrbrainPagingError, HrbrainResponseValidationError } from './errors';
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

/** Requests one listing may make by default (10,000,000 members at 100 per page). */
export const defaultMaxPages = 100_000;

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
 *
 * `paging.totalCount` is never trusted with more than it can prove (issue 13): nothing is
 * allocated in proportion to it; a count beyond `maxPages × pageSize`, or a listing that
 * would need more than `maxPages` requests, stops with an `HrbrainPagingError`
 * (`max-pages`); so does an answer that contradicts itself — an empty page (or an empty rest
 * of a short page) where its own count says members are (`empty-page`), or a page holding
 * more members than its own count leaves room for (`count-below-data`).
 */
export class MemberList implements AsyncIterable<HrbrainMember> {
  readonly #fetchPage: FetchMembersPage;
  readonly #pageSize: number;
  readonly #concurrency: number;
  readonly #signal: AbortSignal | undefined;
  readonly #maxPages: number;

  /** @internal Use `client.members.list()`. */
  constructor(
    fetchPage: FetchMembersPage,
    options: {
      pageSize: number;
      concurrency: number;
      signal: AbortSignal | undefined;
      maxPages?: number | undefined;
    },
  ) {
    this.#fetchPage = fetchPage;
    this.#pageSize = options.pageSize;
    this.#concurrency = options.concurrency;
    this.#signal = options.signal;
    this.#maxPages = options.maxPages ?? defaultMaxPages;
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
    const maxPages = this.#maxPages;
    // Every request of this listing counts against `maxPages` (the first page, re-reads,
    // the rest of short pages), so no answer can make the listing run on without end.
    let requests = 1;
    const fetchPage = (offset: number, pageLimit: number): Promise<RawMembersPage> => {
      if (++requests > maxPages) {
        throw new HrbrainPagingError(
          `Reading GET /members/v1/members would take more than ${maxPages} requests (\`maxPages\`): HRBrain's paging.totalCount keeps moving (now ${highestTotal}). Run the read again; if the tenant really is that large, raise \`maxPages\`.`,
          { reason: 'max-pages', offset, totalCount: highestTotal, received: 0 },
        );
      }
      return this.#fetchPage(offset, pageLimit, signal);
    };
    // Offset paging shifts under edits, so a member can come back on a later page: each id
    // is yielded once (a sync would otherwise see two members sharing an e-mail, E4).
    const seen = new Set<string>();
    // Only ids from earlier responses count: two entries sharing an id within one answer
    // cannot come from paging, so both are passed on for the caller to judge.
    // One set operation per member: an `add` that does not grow the set met an id read
    // before. Only then (rare) are this answer's own ids told apart from earlier ones.
    const fresh = (data: readonly HrbrainMember[], into: HrbrainMember[]) => {
      let ownIds: Set<string> | undefined;
      for (let i = 0; i < data.length; i++) {
        const member = data[i]!;
        const before = seen.size;
        seen.add(member.id);
        if (seen.size > before) {
          into.push(member);
          ownIds?.add(member.id);
          continue;
        }
        // Every id before the first repeat in this answer was new: those are its own.
        ownIds ??= new Set(data.slice(0, i).map((m) => m.id));
        if (ownIds.has(member.id)) into.push(member);
      }
    };
    /** Read offsets `[from, to)` in requests of at most `limit`, until HRBrain has no more. */
    const readRange = async (
      from: number,
      to: number,
      onData: (data: readonly HrbrainMember[]) => void,
    ): Promise<void> => {
      let offset = from;
      while (offset < to) {
        const page = await fetchPage(offset, Math.min(limit, to - offset));
        checkConsistent(offset, page);
        if (page.data.length === 0) return;
        onData(page.data);
        offset += page.data.length;
      }
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
      checkConsistent(offset, page);
      if (total < lowestTotal && offset > 0) {
        const from = Math.max(0, offset - (lowestTotal - total));
        await readRange(from, offset, (data) => fresh(data, members));
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
        await readRange(offset + page.data.length, offset + wanted, (data) => fresh(data, members));
      }
      return members;
    };
    try {
      const first = await this.#fetchPage(0, limit, signal);
      const totalCount = first.paging.totalCount;
      if (totalCount > this.#maxPages * limit) {
        throw new HrbrainPagingError(
          `HRBrain reports ${totalCount} members (paging.totalCount of GET /members/v1/members), more than ${this.#maxPages} pages of ${limit}: not trusted. If the tenant really is that large, raise \`maxPages\`.`,
          { reason: 'max-pages', offset: 0, totalCount, received: first.data.length },
        );
      }
      lowestTotal = totalCount;
      highestTotal = totalCount;
      // The pages the first count announces, as offsets `limit × 1 … limit × pageCount`
      // (counted, never materialised: the count is the server's word).
      const pageCount = Math.max(0, Math.ceil(totalCount / limit) - 1);
      const offsetOf = (index: number) => limit * (index + 1);
      const inFlight: Promise<RawMembersPage>[] = [];
      let launched = 0;
      const launch = () => {
        const page = fetchPage(offsetOf(launched++), limit);
        // Handled when awaited below; this only keeps an abandoned page from being reported
        // as an unhandled rejection after the consumer stopped early.
        page.catch(() => undefined);
        inFlight.push(page);
      };
      // Settled before the next pages start, so that a re-read never exceeds `concurrency`.
      const firstMembers = await settle(0, first);
      // The next pages are already on their way while the consumer handles the first.
      while (inFlight.length < this.#concurrency && launched < pageCount) launch();
      yield { members: firstMembers, offset: 0, limit, totalCount: highestTotal };
      let next = limit;
      for (let index = 0; index < pageCount; index++) {
        const offset = offsetOf(index);
        const page = await (inFlight.shift() as Promise<RawMembersPage>);
        const members = await settle(offset, page);
        if (launched < pageCount) launch();
        next = offset + limit;
        yield { members, offset, limit, totalCount: highestTotal };
      }
      // Members added while the listing ran: read on, one page at a time, while HRBrain
      // reports more than has been covered.
      while (next < highestTotal) {
        const offset = next;
        const page = await fetchPage(offset, limit);
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

/**
 * One answer must agree with itself: an empty page where its own `totalCount` says members
 * are, or more members than the count leaves room for, cannot come from paging under edits
 * (each answer is one state of the tenant); trusting either would end the listing wrong.
 */
function checkConsistent(offset: number, page: RawMembersPage): void {
  const total = page.paging.totalCount;
  const received = page.data.length;
  if (received === 0 && total > offset) {
    throw new HrbrainPagingError(
      `HRBrain's page at offset ${offset} of GET /members/v1/members is empty although its paging.totalCount is ${total}: the server contradicts itself, so the listing stopped instead of reading on. Run the read again; if it persists, report it to HRBrain.`,
      { reason: 'empty-page', offset, totalCount: total, received },
    );
  }
  if (received > Math.max(0, total - offset)) {
    throw new HrbrainPagingError(
      `HRBrain's page at offset ${offset} of GET /members/v1/members holds ${received} members although its paging.totalCount is ${total}: trusting the count would drop members, so the listing stopped. Run the read again; if it persists, report it to HRBrain.`,
      { reason: 'count-below-data', offset, totalCount: total, received },
    );
  }
}

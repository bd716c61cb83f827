// The lists a plan is made of, and its J4 summary: shared by both planners.
import type {
  ErrorRow,
  LinkedRecord,
  PlanSummary,
  SkippedRecord,
  UnchangedRecord,
} from '../model/plan';
import { compareRows } from '../report/error-rows';
import { byString } from './order';

/** Every source record lands in exactly one of these lists (J4). */
export class PlanOutcomes<Create, Update> {
  readonly creates: Create[] = [];
  readonly updates: Update[] = [];
  readonly links: LinkedRecord[] = [];
  /** Listed only when the planner was asked to; {@link unchangedCount} always counts. */
  readonly unchanged: UnchangedRecord[] = [];
  readonly skipped: SkippedRecord[] = [];
  readonly errors: ErrorRow[] = [];
  unchangedCount = 0;

  /** @param listUnchanged keep each unchanged record in `unchanged`, not only its count. */
  constructor(private readonly listUnchanged = true) {}

  /** Whether {@link leave} lists records (not only counts them). */
  get listsUnchanged(): boolean {
    return this.listUnchanged;
  }

  /** A record that needs no write (D8/E10). */
  leave(id: string, sourceId: string, key: string): void {
    this.unchangedCount++;
    if (this.listUnchanged) this.unchanged.push({ id, sourceId, key });
  }

  /** Sorts skipped records and rows; the other lists are the planner's to order. */
  sortReport(): void {
    // Codes last: two differing copies of one id (J4) may share their address too.
    this.skipped.sort(
      byString((s) => `${s.sourceId}\u0000${s.sourceKey}\u0000${s.codes.join(',')}`),
    );
    this.errors.sort(compareRows);
  }

  /**
   * The counts; `source` is counted by the planner from the input, so a record lost on the
   * way shows as a broken J4 sum (source = created + updated + linked + unchanged + skipped).
   */
  summary(source: number, notInSource: number): PlanSummary {
    let warnings = 0;
    for (const row of this.errors) if (row.severity === 'warning') warnings++;
    const created = this.creates.length;
    const updated = this.updates.length;
    const linked = this.links.length;
    const unchanged = this.unchangedCount;
    const skipped = this.skipped.length;
    return {
      source,
      created,
      updated,
      linked,
      unchanged,
      skipped,
      warnings,
      notInSource,
    };
  }
}

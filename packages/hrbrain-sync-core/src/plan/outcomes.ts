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
  readonly unchanged: UnchangedRecord[] = [];
  readonly skipped: SkippedRecord[] = [];
  readonly errors: ErrorRow[] = [];

  /** Sorts skipped records and rows; the other lists are the planner's to order. */
  sortReport(): void {
    this.skipped.sort(byString((s) => `${s.sourceId}\u0000${s.sourceKey}`));
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
    const unchanged = this.unchanged.length;
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

// The members a run plans from, held compactly (issue 12): per member its id and, by slot
// (SOURCE_FIELDS), the raw value the mapping reads — nothing else of the HRBrain payload.
// Pages are added as they arrive and then dropped, so a large tenant is never held raw.
import type { HrbrainMember } from '../model/snapshot';
import { SLOT_COUNT } from './fields';

/**
 * Members reduced to what the employee planner reads: `id`, and for each slot the value of
 * the member's field with that slot's id (the last one, as HRBrain lists fields once) and
 * whether any such field is typed `organizationPulldown` (F3). Fields the sync does not map
 * are not kept.
 */
export class MemberTable {
  /** Member ids as HRBrain sent them (checked by the planner). */
  readonly ids: unknown[] = [];
  /** Values, member `i` slot `s` at `i * SLOT_COUNT + s`. */
  readonly values: unknown[] = [];
  /** Per member, bit `s` set when a field of slot `s` is typed `organizationPulldown`. */
  readonly pulldowns: number[] = [];
  // Members list their fields in the same order: check the previous member's id at each
  // position before paying for a hash lookup.
  private readonly seenIds: unknown[] = [];
  private readonly seenSlots: (number | undefined)[] = [];

  constructor(private readonly slotByFieldId: ReadonlyMap<string, number>) {}

  get length(): number {
    return this.ids.length;
  }

  /** Adds members (e.g. one page); keeps only the mapped values, not the objects. */
  addAll(members: readonly HrbrainMember[]): void {
    for (let i = 0; i < members.length; i++) this.add(members[i]);
  }

  add(member: HrbrainMember | undefined): void {
    const base = this.ids.length * SLOT_COUNT;
    this.ids.push(member?.id);
    const values = this.values;
    for (let s = 0; s < SLOT_COUNT; s++) values.push(undefined);
    let pulldowns = 0;
    const fields = member?.fields;
    if (Array.isArray(fields)) {
      const seenIds = this.seenIds;
      const seenSlots = this.seenSlots;
      for (let j = 0; j < fields.length; j++) {
        const field = fields[j];
        const id = field?.id;
        let slot: number | undefined;
        if (id === seenIds[j]) slot = seenSlots[j];
        else {
          slot = this.slotByFieldId.get(id as string);
          seenIds[j] = id;
          seenSlots[j] = slot;
        }
        if (slot === undefined) continue;
        values[base + slot] = field!.value;
        if (field!.type === 'organizationPulldown') pulldowns |= 1 << slot;
      }
    }
    this.pulldowns.push(pulldowns);
  }

  /** The value of `slot` of member `i`. */
  value(i: number, slot: number): unknown {
    return this.values[i * SLOT_COUNT + slot];
  }

  /**
   * A member's content as one comparable string: whether two copies of a member id differ
   * (J4) depends on what the sync reads of them only, so a read with `columns=` or a compact
   * read tells them apart exactly as a full one does.
   */
  canonical(i: number): string {
    const start = i * SLOT_COUNT;
    return JSON.stringify([
      this.ids[i],
      this.pulldowns[i],
      ...this.values.slice(start, start + SLOT_COUNT),
    ]);
  }
}

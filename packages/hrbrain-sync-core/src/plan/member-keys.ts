// Step 1 of the employee plan: one record per member id, and the e-mail keys (E1, E4)
// known before anything is decided.

import { InvalidSnapshotError } from '../errors';
import { Slot } from '../mapping/fields';
import type { MemberTable } from '../mapping/member-table';
import { asText } from '../mapping/text';

/** The members to plan, one per id, in the order the source listed them. */
export interface MemberKeys {
  /**
   * Indexes into the member table: one per distinct member id (each differing copy of a
   * J4 duplicate too), in table order. Visiting them in that order reads the table front to
   * back (issue 12: a sort by key here cost a cache miss per comparison on a large tenant);
   * the planner sorts what it outputs instead.
   */
  order: number[];
  /** Trimmed source address by member index (E1). */
  emails: string[];
  /** E1 match key (trimmed, lower case) by member index; '' when there is none. */
  keys: string[];
  /** J4: ids listed more than once with different contents (each copy is in `order`). */
  duplicateIds: ReadonlySet<string>;
  /** E4: keys (not '') that more than one entry of `order` has. */
  sharedKeys: ReadonlySet<string>;
  /** Every key (not '') of `order` → an index of a member with it (the last one). */
  byKey: ReadonlyMap<string, number>;
}

/**
 * Dedupes members by id (identical copies of a member, e.g. pages shifting while HRBrain is
 * edited, are one record) and reads each one's e-mail key. J4: copies of an id with
 * different contents are one source record each, listed in `duplicateIds` (the planner
 * skips them all with a row: picking one would drop the other without a word). "Contents"
 * are what the sync reads of a member (its mapped values, see `MemberTable.canonical`), so a
 * read with `columns=` tells copies apart exactly as a full read does. E4: a key that two
 * records of `order` share is in `sharedKeys` (a differing copy of an id shares its address
 * with itself).
 *
 * @throws {InvalidSnapshotError} when a member has no id.
 */
export function memberKeys(table: MemberTable): MemberKeys {
  const count = table.length;
  const ids = table.ids;
  const emails: string[] = new Array(count);
  const keys: string[] = new Array(count);
  const order: number[] = [];
  // Hash-map operations dominate on large tenants: one `add` per member and set here (a
  // set that does not grow already held the value).
  const seenIds = new Set<string>();
  const duplicateIds = new Set<string>();
  const byKey = new Map<string, number>();
  const sharedKeys = new Set<string>();
  // Built on the first repeated id only: member id → its slots in `order`.
  let slotsById: Map<string, number[]> | undefined;
  for (let i = 0; i < count; i++) {
    const id = ids[i];
    if (typeof id !== 'string' || id === '') {
      throw new InvalidSnapshotError(
        'A member has no id; pass the members as HRBrain returns them.',
      );
    }
    const seen = seenIds.size;
    seenIds.add(id);
    const slot = order.length;
    if (seenIds.size === seen) {
      slotsById ??= indexSlots(ids as string[], order);
      const slots = slotsById.get(id)!;
      const content = table.canonical(i);
      if (slots.some((s) => table.canonical(order[s]!) === content)) continue;
      duplicateIds.add(id);
      slots.push(slot);
    } else {
      slotsById?.set(id, [slot]);
    }
    const email = asText(table.value(i, Slot.email)).trim();
    const key = email.toLowerCase(); // E1
    emails[i] = email;
    keys[i] = key;
    if (key !== '') {
      const known = byKey.size;
      byKey.set(key, i);
      if (byKey.size === known) sharedKeys.add(key);
    }
    order.push(i);
  }
  return { order, emails, keys, duplicateIds, sharedKeys, byKey };
}

/** E4: whether the member visited `visit`-th shares its address with another record. */
export function sharesKey({ order, keys, sharedKeys }: MemberKeys, visit: number): boolean {
  return sharedKeys.size > 0 && sharedKeys.has(keys[order[visit]!]!);
}

/** Member id → its slots in `order` (for the rare snapshot listing a member twice). */
function indexSlots(ids: readonly string[], order: number[]): Map<string, number[]> {
  const slots = new Map<string, number[]>();
  for (let slot = 0; slot < order.length; slot++) slots.set(ids[order[slot]!]!, [slot]);
  return slots;
}

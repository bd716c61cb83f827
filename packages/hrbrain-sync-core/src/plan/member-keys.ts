// Step 1 of the employee plan: one record per member id, and the e-mail keys (E1, E4)
// known before anything is decided.

import { InvalidSnapshotError } from '../errors';
import { asText } from '../mapping/text';
import type { HrbrainMember } from '../model/snapshot';

/** The members to plan, one per id, in (e-mail key, id) order. */
export interface MemberKeys {
  /** Indexes into the snapshot's members: one per distinct member id, sorted by key then id. */
  order: number[];
  /** Trimmed source address by member index (E1). */
  emails: string[];
  /** E1 match key (trimmed, lower case) by member index; '' when there is none. */
  keys: string[];
  /** J4: ids listed more than once with different contents (each copy is in `order`). */
  duplicateIds: ReadonlySet<string>;
}

/**
 * Dedupes members by id (identical copies of a member, e.g. pages shifting while HRBrain is
 * edited, are one record) and reads each one's e-mail key. J4: copies of an id with
 * different contents are one source record each, listed in `duplicateIds` (the planner
 * skips them all with a row: picking one would drop the other without a word).
 *
 * @throws {InvalidSnapshotError} when a member has no id.
 */
export function memberKeys(
  members: readonly HrbrainMember[],
  emailFieldId: string | undefined,
): MemberKeys {
  const emails: string[] = new Array(members.length);
  const keys: string[] = new Array(members.length);
  const order: number[] = [];
  // Hash-map operations dominate on large tenants: one `add` per member here (a set that
  // does not grow already held the id); shared e-mails are found after sorting instead.
  const seenIds = new Set<string>();
  const duplicateIds = new Set<string>();
  // Built on the first repeated id only: member id → its slots in `order`.
  let slotsById: Map<string, number[]> | undefined;
  const emailAt = { position: 0 };
  for (let i = 0; i < members.length; i++) {
    const member = members[i];
    const id = member?.id;
    if (typeof id !== 'string' || id === '') {
      throw new InvalidSnapshotError(
        'A member has no id; pass the members as HRBrain returns them.',
      );
    }
    const seen = seenIds.size;
    seenIds.add(id);
    const slot = order.length;
    if (seenIds.size === seen) {
      slotsById ??= indexSlots(members, order);
      const slots = slotsById.get(id)!;
      const content = canonical(member!);
      if (slots.some((s) => canonical(members[order[s]!]!) === content)) continue;
      duplicateIds.add(id);
      slots.push(slot);
    } else {
      slotsById?.set(id, [slot]);
    }
    const email = asText(fieldValue(member!, emailFieldId, emailAt)).trim();
    emails[i] = email;
    keys[i] = email.toLowerCase(); // E1
    order.push(i);
  }
  // Visiting members in key order makes creates/updates/unchanged come out sorted.
  order.sort((a, b) => {
    const ka = keys[a]!;
    const kb = keys[b]!;
    if (ka !== kb) return ka < kb ? -1 : 1;
    const ia = members[a]!.id;
    const ib = members[b]!.id;
    if (ia !== ib) return ia < ib ? -1 : 1;
    // J4: copies of one id (rare), in an order that does not depend on the input's.
    const ca = canonical(members[a]!);
    const cb = canonical(members[b]!);
    return ca < cb ? -1 : ca > cb ? 1 : 0;
  });
  return { order, emails, keys, duplicateIds };
}

/** E4: whether the member visited `visit`-th shares its address (sorted: neighbours do). */
export function sharesKey({ order, keys }: MemberKeys, visit: number): boolean {
  const key = keys[order[visit]!]!;
  return (
    key !== '' &&
    ((visit > 0 && keys[order[visit - 1]!] === key) ||
      (visit + 1 < order.length && keys[order[visit + 1]!] === key))
  );
}

/** Member id → its slots in `order` (for the rare snapshot listing a member twice). */
function indexSlots(members: readonly HrbrainMember[], order: number[]): Map<string, number[]> {
  const slots = new Map<string, number[]>();
  for (let slot = 0; slot < order.length; slot++) slots.set(members[order[slot]!]!.id, [slot]);
  return slots;
}

/** A member's content as one comparable string. */
function canonical(member: HrbrainMember): string {
  return JSON.stringify(member);
}

/**
 * The value of one field of a member (the last one, as the mapping reads it). `at`
 * remembers where the previous member had it: members list their fields in the same order.
 */
function fieldValue(
  member: HrbrainMember,
  fieldId: string | undefined,
  at: { position: number },
): unknown {
  const fields = member.fields;
  if (fieldId === undefined || !Array.isArray(fields)) return undefined;
  const guess = at.position;
  if (fields[guess]?.id === fieldId && !hasLater(fields, fieldId, guess)) {
    return fields[guess]!.value;
  }
  let value: unknown;
  for (let j = 0; j < fields.length; j++) {
    if (fields[j]?.id === fieldId) {
      value = fields[j]!.value;
      at.position = j;
    }
  }
  return value;
}

function hasLater(fields: HrbrainMember['fields'], fieldId: string, from: number): boolean {
  for (let j = from + 1; j < fields.length; j++) if (fields[j]?.id === fieldId) return true;
  return false;
}

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
}

/**
 * Dedupes members by id (the same member listed twice, e.g. pages shifting while HRBrain is
 * edited, is one record; which copy counts does not depend on input order: the smaller
 * canonical form) and reads each one's e-mail key.
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
  let positionById: Map<string, number> | undefined; // built on the first repeated id only
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
    let slot = order.length;
    if (seenIds.size === seen) {
      positionById ??= indexPositions(members, order);
      slot = positionById.get(id)!;
      if (canonical(member!) >= canonical(members[order[slot]!]!)) continue;
    }
    const email = asText(fieldValue(member!, emailFieldId, emailAt)).trim();
    emails[i] = email;
    keys[i] = email.toLowerCase(); // E1
    order[slot] = i;
    positionById?.set(id, slot);
  }
  // Visiting members in key order makes creates/updates/unchanged come out sorted.
  order.sort((a, b) => {
    const ka = keys[a]!;
    const kb = keys[b]!;
    if (ka !== kb) return ka < kb ? -1 : 1;
    const ia = members[a]!.id;
    const ib = members[b]!.id;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
  return { order, emails, keys };
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

/** Member id → its position in `order` (for the rare snapshot listing a member twice). */
function indexPositions(members: readonly HrbrainMember[], order: number[]): Map<string, number> {
  const positions = new Map<string, number>();
  for (let position = 0; position < order.length; position++) {
    positions.set(members[order[position]!]!.id, position);
  }
  return positions;
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

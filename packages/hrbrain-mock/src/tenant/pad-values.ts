import type { DepartmentTree } from './departments';
import type { FieldKey } from './fields';
import type { MemberDraft } from './members';
import type { Random } from './random';

// Half- and full-width spaces, before or after: what copy-paste from Excel leaves behind.
const PADS: readonly ((text: string) => string)[] = [
  (t) => ` ${t}`,
  (t) => `${t} `,
  (t) => `\u3000${t}`,
  (t) => `${t}\u3000`,
];

// Fields the rules trim (E1, E13, D9). Employee numbers are left alone: E5 treats inner
// spaces as invalid and says nothing about outer ones.
const MEMBER_KEYS: readonly FieldKey[] = [
  'lastName',
  'firstName',
  'lastNameKana',
  'firstNameKana',
  'email',
];

/**
 * `variety.paddedValues`: wraps one trimmed value of a `share` of members and departments in
 * whitespace. Blank values (defects) are left as they are, so trimming the result gives back
 * exactly the unpadded tenant.
 */
export function padValues(
  random: Random,
  share: number,
  members: MemberDraft[],
  tree: DepartmentTree,
): void {
  if (share <= 0) return;
  for (const member of members) {
    if (!random.chance(share)) continue;
    const key = random.pick(MEMBER_KEYS);
    const value = member.values[key];
    if (value !== undefined && value.trim() !== '') member.values[key] = random.pick(PADS)(value);
  }
  for (const node of tree.nodes) {
    if (!random.chance(share)) continue;
    const { item } = node;
    if (random.chance(0.5)) item.value = random.pick(PADS)(item.value);
    else if (item.code !== undefined && item.code.trim() !== '')
      item.code = random.pick(PADS)(item.code);
  }
}

import { InvalidSnapshotError } from '../errors';
import type {
  HrbrainOrganizationItem,
  HrbrainOrganizationItems,
  HrbrainSnapshot,
} from '../model/snapshot';
import { asText } from './text';

/** One organization item, flattened out of its tree with its parent's id. */
export interface FlatItem {
  item: HrbrainOrganizationItem;
  id: string;
  /** The enclosing item in the tree, else a top-level `parentId` the item carries, else null. */
  parentId: string | null;
}

/**
 * Every item of an organization with its parent: children nest in `items` (a tree); a
 * top-level item may instead name its parent in `parentId` (flat lists), which is how a
 * parent can be missing or a cycle can exist (D5).
 */
export function flattenItems(organization: HrbrainOrganizationItems | undefined): FlatItem[] {
  const out: FlatItem[] = [];
  const items = organization?.items;
  if (!Array.isArray(items)) return out;
  const stack: { item: HrbrainOrganizationItem; parentId: string | null }[] = [];
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item) stack.push({ item, parentId: ownParentId(item) });
  }
  while (stack.length > 0) {
    const { item, parentId } = stack.pop()!;
    if (typeof item?.id !== 'string' || item.id === '') {
      throw new InvalidSnapshotError(
        'An organization item has no id; pass the items as HRBrain returns them.',
      );
    }
    out.push({ item, id: item.id, parentId });
    const children = item.items;
    if (Array.isArray(children)) {
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child) stack.push({ item: child, parentId: item.id });
      }
    }
  }
  return out;
}

function ownParentId(item: HrbrainOrganizationItem): string | null {
  const parent = asText(item.parentId).trim();
  return parent === '' ? null : parent;
}

/**
 * An id listed twice is one item; which copy counts must not depend on input order, so the
 * copy with the smaller (code, name, parent) wins. True when `candidate` beats `current`.
 */
export function preferItem(candidate: FlatItem, current: FlatItem): boolean {
  return itemKey(candidate) < itemKey(current);
}

function itemKey(flat: FlatItem): string {
  return JSON.stringify([asText(flat.item.code), asText(flat.item.value), flat.parentId]);
}

/**
 * Item id → item, for resolving pulldown values (F3). Identical copies of an id are one item;
 * an id whose copies differ (J4: codes `A` and `A2`) is left out, so it resolves to nothing
 * rather than to a copy picked for it; its ids are in {@link ItemIndex.ambiguous}.
 */
export interface ItemIndex extends Map<string, HrbrainOrganizationItem> {
  ambiguous: Set<string>;
}

export function indexItems(organization: HrbrainOrganizationItems | undefined): ItemIndex {
  const index = Object.assign(new Map<string, HrbrainOrganizationItem>(), {
    ambiguous: new Set<string>(),
  });
  const seen = new Map<string, string>();
  for (const flat of flattenItems(organization)) {
    const key = itemKey(flat);
    const current = seen.get(flat.id);
    if (current === undefined) {
      seen.set(flat.id, key);
      index.set(flat.id, flat.item);
    } else if (current !== key) {
      index.ambiguous.add(flat.id);
      index.delete(flat.id);
    }
  }
  return index;
}

/** F3: the department tree is the organization behind 主部署; it must be in the snapshot. */
export function departmentOrganization(
  snapshot: HrbrainSnapshot,
  organizationId: string | undefined,
): HrbrainOrganizationItems {
  if (organizationId === undefined) {
    throw new InvalidSnapshotError(
      'The 主部署 field definition names no organizationId, so the department tree cannot be found.',
    );
  }
  const organization = snapshot.organizations[organizationId];
  if (!organization || !Array.isArray(organization.items)) {
    throw new InvalidSnapshotError(
      `The snapshot has no items for organization "${organizationId}" (behind 主部署); fetch it with the snapshot.`,
    );
  }
  return organization;
}

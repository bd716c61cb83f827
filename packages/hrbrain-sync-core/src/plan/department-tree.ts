// Step 1 of the department plan: the HRBrain item tree as nodes with levels, cycles and
// the nearest synced ancestor (D3, D5), one node per distinct item (J4).

import { type FlatItem, flattenItems, preferItem } from '../mapping/organizations';
import { asText } from '../mapping/text';
import type { ErrorCode } from '../model/plan';
import type { HrbrainOrganizationItems } from '../model/snapshot';

/** One source department. */
export interface Node {
  id: string;
  name: string;
  code: string;
  parentId: string | null;
  /** Level in the HRBrain tree (root = 1). */
  depth: number;
  errors: ErrorCode[];
  inCycle: boolean;
  /** Its item id is listed again with other contents (J4): none of the copies is synced. */
  duplicateId: boolean;
  synced: boolean;
  /** Nearest synced ancestor (D5), resolved lazily. */
  anchor: Node | null | undefined;
  /** Level in the Mikiwame tree, for ordering creates parents first. */
  level: number;
}

/** The source departments: `nodes` by item id (the tree), plus `copies` that share an id. */
export interface DepartmentTree {
  /** Item id → its node; for an id listed with different contents, the preferred copy. */
  nodes: Map<string, Node>;
  /** The other distinct copies of a duplicated id: source records too, never synced (J4). */
  copies: Node[];
}

/**
 * Reads the tree. An item listed twice with the same contents (code, name, parent) is one
 * record. One id with different contents (codes `A` and `A2`) is several source records,
 * all marked `duplicateId`: which one HRBrain means cannot be told, so none is synced and
 * each gets a row (J4: a run never drops one silently).
 */
export function readDepartmentTree(organization: HrbrainOrganizationItems): DepartmentTree {
  const groups = new Map<string, FlatItem[]>();
  for (const flat of flattenItems(organization)) {
    const group = groups.get(flat.id);
    if (group === undefined) groups.set(flat.id, [flat]);
    else if (!group.some((kept) => sameItem(kept, flat))) group.push(flat);
  }
  const nodes = new Map<string, Node>();
  const copies: Node[] = [];
  for (const [id, group] of groups) {
    if (group.length === 1) {
      nodes.set(id, nodeOf(group[0]!, false));
      continue;
    }
    // Input order must not matter: the preferred copy stands in the tree.
    group.sort((a, b) => (preferItem(a, b) ? -1 : preferItem(b, a) ? 1 : 0));
    nodes.set(id, nodeOf(group[0]!, true));
    for (let i = 1; i < group.length; i++) copies.push(nodeOf(group[i]!, true));
  }
  assignDepths(nodes);
  for (const copy of copies) {
    const parent = copy.parentId === null ? undefined : nodes.get(copy.parentId);
    copy.depth = parent === undefined || parent.inCycle ? 1 : parent.depth + 1;
  }
  return { nodes, copies };
}

function sameItem(a: FlatItem, b: FlatItem): boolean {
  return !preferItem(a, b) && !preferItem(b, a);
}

function nodeOf(flat: FlatItem, duplicateId: boolean): Node {
  return {
    id: flat.id,
    name: asText(flat.item.value).trim(), // D9
    code: asText(flat.item.code).trim(), // D9
    parentId: flat.parentId,
    depth: 0,
    errors: [],
    inCycle: false,
    duplicateId,
    synced: false,
    anchor: undefined,
    level: 0,
  };
}

/**
 * HRBrain levels (root = 1) and parent cycles. An item under a missing parent counts as a
 * root; items below a cycle count from just under it.
 */
function assignDepths(nodes: Map<string, Node>): void {
  const state = new Map<string, 1 | 2>(); // 1 = on the current path, 2 = done
  const path: Node[] = [];
  for (const start of nodes.values()) {
    if (state.has(start.id)) continue;
    let node: Node | undefined = start;
    let base = 0;
    while (node !== undefined) {
      const seen = state.get(node.id);
      if (seen === 2) {
        base = node.inCycle ? 0 : node.depth;
        break;
      }
      if (seen === 1) {
        // The path from `node` to its end is a cycle.
        for (let i = path.indexOf(node); i < path.length; i++) {
          const member = path[i]!;
          member.inCycle = true;
          member.depth = 0;
          state.set(member.id, 2);
        }
        base = 0;
        break;
      }
      state.set(node.id, 1);
      path.push(node);
      node = node.parentId === null ? undefined : nodes.get(node.parentId);
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const member = path[i]!;
      if (member.inCycle) {
        base = 0;
        continue;
      }
      base += 1;
      member.depth = base;
      state.set(member.id, 2);
    }
    path.length = 0;
  }
}

/** D5: the nearest synced ancestor (null: none, so the department becomes a root). */
export function anchorOf(node: Node, nodes: Map<string, Node>): Node | null {
  if (node.anchor !== undefined) return node.anchor;
  const chain: Node[] = [];
  let current: Node = node;
  let anchor: Node | null = null;
  for (;;) {
    const parent = current.parentId === null ? undefined : nodes.get(current.parentId);
    if (parent === undefined || parent.inCycle) break;
    if (parent.synced) {
      anchor = parent;
      break;
    }
    if (parent.anchor !== undefined) {
      anchor = parent.anchor;
      break;
    }
    chain.push(parent);
    current = parent;
  }
  node.anchor = anchor;
  for (const link of chain) link.anchor = anchor;
  return anchor;
}

/** The Mikiwame level of a synced department (root = 1), for ordering creates. */
export function levelOf(node: Node, nodes: Map<string, Node>): number {
  if (node.level > 0) return node.level;
  const anchor = anchorOf(node, nodes);
  node.level = anchor === null ? 1 : levelOf(anchor, nodes) + 1;
  return node.level;
}

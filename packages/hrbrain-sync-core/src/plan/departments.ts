import type { HrbrainSnapshot } from '@mikiwame/hrbrain-client';
import { DEPARTMENT_REQUIRED_SLOTS, resolveFields, Slot } from '../mapping/fields';
import {
  departmentOrganization,
  type FlatItem,
  flattenItems,
  preferItem,
} from '../mapping/organizations';
import { asText } from '../mapping/text';
import type {
  DepartmentCreate,
  DepartmentPlan,
  DepartmentUpdate,
  ErrorCode,
  ErrorRow,
  FieldChange,
  SkippedRecord,
  UnchangedRecord,
} from '../model/plan';
import type { Department, DepartmentFields } from '../model/records';
import { compareRows, errorRow } from '../report/error-rows';
import { assertInput, assertRecords } from './input';
import { byString, indexSmallest } from './order';

/** Input of {@link planDepartmentSync}. */
export interface PlanDepartmentSyncInput {
  /** What `client.snapshot()` returned. */
  snapshot: HrbrainSnapshot;
  /** The tenant's departments now (any order). */
  existing: readonly Department[];
}

/** D3: levels reflected (root = 1). */
export const MAX_DEPARTMENT_DEPTH = 10;

// The Mikiwame field each department row is about.
const rowField: Partial<Record<ErrorCode, keyof DepartmentFields>> = {
  DEPARTMENT_CODE_MISSING: 'code',
  DEPARTMENT_CODE_DUPLICATE: 'code',
  DEPARTMENT_CODE_CHANGED: 'code',
  DEPARTMENT_PARENT_SKIPPED: 'parentCode',
  DEPARTMENT_PARENT_CYCLE: 'parentCode',
  DEPARTMENT_PARENT_NOT_FOUND: 'parentCode',
};

interface Node {
  id: string;
  name: string;
  code: string;
  parentId: string | null;
  /** Level in the HRBrain tree (root = 1). */
  depth: number;
  errors: ErrorCode[];
  inCycle: boolean;
  synced: boolean;
  /** Nearest synced ancestor (D5), resolved lazily. */
  anchor: Node | null | undefined;
  /** Level in the Mikiwame tree, for ordering creates parents first. */
  level: number;
}

/**
 * Plans the department sync (rules D1–D10, F1–F3): the item tree of the organization behind
 * 主部署 against the tenant's departments, matched by code. Pure and deterministic: the
 * same input in any order gives a deep-equal plan.
 *
 * @throws {FieldNotFoundError} when 主部署 is found neither by alias nor by label (F2).
 * @throws {InvalidSnapshotError} when the snapshot lacks the organization behind 主部署.
 * @throws {HrbrainSyncError} `INVALID_ARGUMENT` when `existing` is not an array of `{ id, code }`.
 */
export function planDepartmentSync(input: PlanDepartmentSyncInput): DepartmentPlan {
  assertInput('planDepartmentSync', input);
  const { snapshot, existing } = input;
  assertRecords('planDepartmentSync', 'existing', existing, 'code');
  const fields = resolveFields(snapshot, DEPARTMENT_REQUIRED_SLOTS);
  const organization = departmentOrganization(snapshot, fields.organizationIds[Slot.department]);

  const nodes = new Map<string, Node>();
  const flats = new Map<string, FlatItem>();
  for (const flat of flattenItems(organization)) {
    // An item listed twice is one record; the copy kept does not depend on input order.
    const kept = flats.get(flat.id);
    if (kept !== undefined && !preferItem(flat, kept)) continue;
    flats.set(flat.id, flat);
    nodes.set(flat.id, {
      id: flat.id,
      name: asText(flat.item.value).trim(), // D9
      code: asText(flat.item.code).trim(), // D9
      parentId: flat.parentId,
      depth: 0,
      errors: [],
      inCycle: false,
      synced: false,
      anchor: undefined,
      level: 0,
    });
  }

  assignDepths(nodes);

  const codeCounts = new Map<string, number>();
  for (const node of nodes.values()) {
    if (node.code !== '') codeCounts.set(node.code, (codeCounts.get(node.code) ?? 0) + 1);
  }

  const errors: ErrorRow[] = [];
  const rowFor = (node: Node, code: ErrorCode, extra: { other?: string; level?: number } = {}) =>
    errors.push(
      errorRow(code, {
        sourceId: node.id,
        sourceKey: node.code,
        field: rowField[code],
        value: code === 'DEPARTMENT_CODE_DUPLICATE' ? node.code : undefined,
        name: node.name,
        ...extra,
      }),
    );

  for (const node of nodes.values()) {
    if (node.parentId !== null && !nodes.has(node.parentId)) {
      node.errors.push('DEPARTMENT_PARENT_NOT_FOUND'); // D5
      rowFor(node, 'DEPARTMENT_PARENT_NOT_FOUND', { other: node.parentId });
    }
    if (node.inCycle) {
      node.errors.push('DEPARTMENT_PARENT_CYCLE'); // D5
      rowFor(node, 'DEPARTMENT_PARENT_CYCLE');
    }
    if (node.code === '') {
      node.errors.push('DEPARTMENT_CODE_MISSING'); // D2
      rowFor(node, 'DEPARTMENT_CODE_MISSING');
    } else if ((codeCounts.get(node.code) ?? 0) > 1) {
      node.errors.push('DEPARTMENT_CODE_DUPLICATE'); // D4
      rowFor(node, 'DEPARTMENT_CODE_DUPLICATE');
    }
    if (!node.inCycle && node.depth > MAX_DEPARTMENT_DEPTH) {
      node.errors.push('DEPARTMENT_TOO_DEEP'); // D3
      rowFor(node, 'DEPARTMENT_TOO_DEEP', { level: node.depth });
    }
    node.synced = node.errors.length === 0;
  }

  const byCode = new Map<string, Department>();
  const bySourceId = new Map<string, Department>();
  for (const department of existing) {
    indexSmallest(byCode, department.code, department);
    if (typeof department.sourceId === 'string' && department.sourceId !== '') {
      indexSmallest(bySourceId, department.sourceId, department);
    }
  }

  const creates: (DepartmentCreate & { level: number })[] = [];
  const updates: DepartmentUpdate[] = [];
  const unchanged: UnchangedRecord[] = [];
  const skipped: SkippedRecord[] = [];

  for (const node of nodes.values()) {
    if (!node.synced) {
      skipped.push({ sourceId: node.id, sourceKey: node.code, codes: node.errors });
      continue;
    }
    const anchor = anchorOf(node, nodes);
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent !== undefined && !parent.synced) {
      rowFor(
        node,
        'DEPARTMENT_PARENT_SKIPPED',
        anchor ? { other: anchor.name || anchor.code } : {},
      ); // D5 (a nameless ancestor is named by its code)
    }
    const values: DepartmentFields = {
      code: node.code,
      name: node.name,
      parentCode: anchor ? anchor.code : null,
    };

    const match = byCode.get(node.code); // D1
    // D10: an item matched to the department that already holds its id has not moved.
    const previous = match?.sourceId === node.id ? undefined : bySourceId.get(node.id);
    if (previous !== undefined && previous.code !== node.code) {
      rowFor(node, 'DEPARTMENT_CODE_CHANGED', { other: previous.code });
    }
    if (match === undefined) {
      creates.push({ ...values, sourceId: node.id, level: levelOf(node, nodes) });
      continue;
    }
    // D8: only mapped values that differ; D10: record the source id when it is new.
    const changes: FieldChange<keyof DepartmentFields | 'sourceId'>[] = [];
    if (match.name !== values.name)
      changes.push({ field: 'name', from: match.name, to: values.name });
    const fromParent = match.parentCode ?? null;
    if (fromParent !== values.parentCode) {
      changes.push({ field: 'parentCode', from: fromParent, to: values.parentCode });
    }
    const fromSource = match.sourceId ?? null;
    if (fromSource !== node.id) changes.push({ field: 'sourceId', from: fromSource, to: node.id });
    if (changes.length === 0) {
      unchanged.push({ id: match.id, sourceId: node.id, key: node.code });
    } else {
      updates.push({ id: match.id, sourceId: node.id, values, changes });
    }
  }

  // D7: target departments whose code appears nowhere in the source stay as they are.
  const notInSource: DepartmentPlan['notInSource'] = [];
  for (const department of existing) {
    if (!codeCounts.has(department.code))
      notInSource.push({ id: department.id, code: department.code });
  }

  creates.sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  updates.sort(byString((u) => u.values.code));
  unchanged.sort(byString((u) => u.key));
  skipped.sort(byString((s) => s.sourceId));
  notInSource.sort(byString((d) => `${d.code}\u0000${d.id}`));
  errors.sort(compareRows);

  return {
    kind: 'departments',
    creates: creates.map(({ level: _level, ...create }) => create),
    updates,
    unchanged,
    skipped,
    notInSource,
    errors,
    summary: {
      source: nodes.size,
      created: creates.length,
      updated: updates.length,
      unchanged: unchanged.length,
      skipped: skipped.length,
      warnings: errors.reduce((n, row) => n + (row.severity === 'warning' ? 1 : 0), 0),
      notInSource: notInSource.length,
    },
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
function anchorOf(node: Node, nodes: Map<string, Node>): Node | null {
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

function levelOf(node: Node, nodes: Map<string, Node>): number {
  if (node.level > 0) return node.level;
  const anchor = anchorOf(node, nodes);
  node.level = anchor === null ? 1 : levelOf(anchor, nodes) + 1;
  return node.level;
}

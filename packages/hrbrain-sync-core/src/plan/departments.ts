import { DEPARTMENT_REQUIRED_SLOTS, resolveFields, Slot } from '../mapping/fields';
import { departmentOrganization } from '../mapping/organizations';
import type {
  DepartmentCreate,
  DepartmentPlan,
  DepartmentUpdate,
  ErrorCode,
  ErrorRow,
} from '../model/plan';
import { DEPARTMENT_SYNCED_FIELDS, type Department, type DepartmentFields } from '../model/records';
import type { HrbrainSnapshot } from '../model/snapshot';
import { errorRow, type RowContext } from '../report/error-rows';
import {
  anchorOf,
  type DepartmentTree,
  levelOf,
  type Node,
  readDepartmentTree,
} from './department-tree';
import { mappedFieldsOf, outcomeOf } from './diff';
import { assertInput, assertRecords } from './input';
import { byString, indexSmallest } from './order';
import { PlanOutcomes } from './outcomes';

/** Input of {@link planDepartmentSync}. */
export interface PlanDepartmentSyncInput {
  /** What `client.snapshot()` returned. */
  snapshot: HrbrainSnapshot;
  /** The tenant's departments now (any order). */
  existing: readonly Department[];
  /**
   * List each unchanged department in `plan.unchanged` (default `true`); `false` only
   * counts them (`summary.unchanged`), as `runSync` plans unless asked to list them.
   */
  listUnchanged?: boolean | undefined;
}

/** D3: levels reflected (root = 1). */
export const MAX_DEPARTMENT_DEPTH = 10;

/** D8: the department fields compared and written (DEPARTMENT_SYNCED_FIELDS but `sourceId`). */
const DEPARTMENT_MAPPED_FIELDS = mappedFieldsOf(DEPARTMENT_SYNCED_FIELDS);

// The Mikiwame field each department row is about.
const rowField: Partial<Record<ErrorCode, keyof DepartmentFields>> = {
  DEPARTMENT_CODE_MISSING: 'code',
  DEPARTMENT_CODE_DUPLICATE: 'code',
  DEPARTMENT_CODE_CHANGED: 'code',
  DEPARTMENT_PARENT_SKIPPED: 'parentCode',
  DEPARTMENT_PARENT_CYCLE: 'parentCode',
  DEPARTMENT_PARENT_NOT_FOUND: 'parentCode',
};

type DepartmentOutcomes = PlanOutcomes<DepartmentCreate & { level: number }, DepartmentUpdate>;

/**
 * Plans the department sync (rules D1–D10, F1–F3): the item tree of the organization behind
 * 主部署 against the tenant's departments, matched by code. Pure and deterministic: the
 * same input in any order gives a deep-equal plan. Three steps: read the tree (D3, D5, J4),
 * check each department (D2–D5), then decide against its match (D1, D8, D10, J4).
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

  const tree = readDepartmentTree(organization); // step 1
  const out: DepartmentOutcomes = new PlanOutcomes(input.listUnchanged ?? true);
  const sourceCodes = checkDepartments(tree, out.errors); // step 2
  const targets = new DepartmentTargets(existing);
  for (const node of [...tree.nodes.values(), ...tree.copies]) {
    if (!node.synced) {
      out.skipped.push({ sourceId: node.id, sourceKey: node.code, codes: node.errors });
      continue;
    }
    decide(out, node, tree.nodes, targets); // step 3
  }

  // D7: target departments whose code appears nowhere in the source stay as they are.
  const notInSource: DepartmentPlan['notInSource'] = [];
  for (const department of existing) {
    if (!sourceCodes.has(department.code))
      notInSource.push({ id: department.id, code: department.code });
  }
  notInSource.sort(byString((d) => `${d.code}\u0000${d.id}`));
  out.creates.sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  out.updates.sort(byString((u) => u.values.code));
  out.links.sort(byString((l) => l.key));
  out.unchanged.sort(byString((u) => u.key));
  out.sortReport();

  return {
    kind: 'departments',
    creates: out.creates.map(({ level: _level, ...create }) => create),
    updates: out.updates,
    links: out.links,
    unchanged: out.unchanged,
    skipped: out.skipped,
    notInSource,
    errors: out.errors,
    summary: out.summary(tree.nodes.size + tree.copies.length, notInSource.length),
  };
}

/** A row about a source department, naming it (J3: subjectName 部署名, subjectCode 部署コード). */
function rowFor(node: Node, code: ErrorCode, extra: Partial<RowContext> = {}): ErrorRow {
  return errorRow(code, {
    sourceId: node.id,
    sourceKey: node.code,
    field: rowField[code],
    value: code === 'DEPARTMENT_CODE_DUPLICATE' ? node.code : undefined,
    name: node.name,
    subjectName: node.name,
    subjectCode: node.code,
    ...extra,
  });
}

/**
 * Step 2: the errors that keep a department from being synced (D2–D5, J4), one row each;
 * sets `synced`. Returns every code the source uses (for D7).
 */
function checkDepartments(tree: DepartmentTree, errors: ErrorRow[]): Set<string> {
  const { nodes, copies } = tree;
  // D4 counts departments, not copies: one id listing the same code twice is one.
  const codeCounts = new Map<string, number>();
  const codesById = new Map<string, Set<string>>();
  for (const node of [...nodes.values(), ...copies]) {
    if (node.code === '') continue;
    let codes = codesById.get(node.id);
    if (codes === undefined) {
      codes = new Set();
      codesById.set(node.id, codes);
    }
    if (codes.has(node.code)) continue;
    codes.add(node.code);
    codeCounts.set(node.code, (codeCounts.get(node.code) ?? 0) + 1);
  }
  const fail = (node: Node, code: ErrorCode, extra: Partial<RowContext> = {}) => {
    node.errors.push(code);
    errors.push(rowFor(node, code, extra));
  };
  for (const node of [...nodes.values(), ...copies]) {
    if (node.duplicateId) fail(node, 'DEPARTMENT_ID_DUPLICATE'); // J4
    if (node.parentId !== null && !nodes.has(node.parentId)) {
      fail(node, 'DEPARTMENT_PARENT_NOT_FOUND', { other: node.parentId }); // D5
    }
    if (node.inCycle) fail(node, 'DEPARTMENT_PARENT_CYCLE'); // D5
    if (node.code === '')
      fail(node, 'DEPARTMENT_CODE_MISSING'); // D2
    else if ((codeCounts.get(node.code) ?? 0) > 1) fail(node, 'DEPARTMENT_CODE_DUPLICATE'); // D4
    if (!node.inCycle && node.depth > MAX_DEPARTMENT_DEPTH) {
      fail(node, 'DEPARTMENT_TOO_DEEP', { level: node.depth }); // D3
    }
    node.synced = node.errors.length === 0;
  }
  return new Set(codeCounts.keys());
}

/** The tenant's departments by code (D1) and by HRBrain item id (D10). */
class DepartmentTargets {
  readonly byCode = new Map<string, Department>();
  readonly bySourceId = new Map<string, Department>();

  constructor(existing: readonly Department[]) {
    for (const department of existing) {
      indexSmallest(this.byCode, department.code, department);
      if (typeof department.sourceId === 'string' && department.sourceId !== '') {
        indexSmallest(this.bySourceId, department.sourceId, department);
      }
    }
  }
}

/** Step 3: create (D1), update (D8), link or leave (J4) a synced department. */
function decide(
  out: DepartmentOutcomes,
  node: Node,
  nodes: Map<string, Node>,
  targets: DepartmentTargets,
): void {
  const anchor = anchorOf(node, nodes);
  const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
  if (parent !== undefined && !parent.synced) {
    // D5 (a nameless ancestor is named by its code)
    out.errors.push(
      rowFor(
        node,
        'DEPARTMENT_PARENT_SKIPPED',
        anchor ? { other: anchor.name || anchor.code } : {},
      ),
    );
  }
  const values: DepartmentFields = {
    code: node.code,
    name: node.name,
    parentCode: anchor ? anchor.code : null,
  };

  const match = targets.byCode.get(node.code); // D1
  // D10: an item matched to the department that already holds its id has not moved.
  const previous = match?.sourceId === node.id ? undefined : targets.bySourceId.get(node.id);
  if (previous !== undefined && previous.code !== node.code) {
    out.errors.push(rowFor(node, 'DEPARTMENT_CODE_CHANGED', { other: previous.code }));
  }
  if (match === undefined) {
    out.creates.push({ ...values, sourceId: node.id, level: levelOf(node, nodes) });
    return;
  }
  const outcome = outcomeOf(DEPARTMENT_MAPPED_FIELDS, match, values, node.id);
  if (outcome.kind === 'unchanged') {
    out.leave(match.id, node.id, node.code);
  } else if (outcome.kind === 'linked') {
    out.links.push({ id: match.id, sourceId: node.id, key: node.code });
  } else {
    out.updates.push({ id: match.id, sourceId: node.id, values, changes: outcome.changes });
  }
}

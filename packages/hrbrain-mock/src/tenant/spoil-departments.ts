import { FakeHrbrainOptionsError } from '../errors';
import type { FakeHrbrainDefectReport } from './defect-report';
import type { DepartmentNode, DepartmentTree } from './departments';
import type { Random } from './random';

/** Rule D3: levels 1–10 are synced, so the chain reaches level 10 + N. */
export const MAX_SYNCED_LEVEL = 10;

/**
 * Spoils department codes (D2, D4). Leaves are chosen first, so the only side effect on
 * the department sync is the one asked for (no D5 re-parenting warnings) as long as the
 * tree has enough leaves. Returns the departments that will not be synced.
 */
export function spoilDepartmentCodes(
  random: Random,
  tree: DepartmentTree,
  missing: number,
  duplicates: number,
  report: FakeHrbrainDefectReport,
): Set<DepartmentNode> {
  const unsynced = new Set<DepartmentNode>();
  const needed = missing + 2 * duplicates;
  if (needed === 0) return unsynced;
  const candidates = tree.nodes.filter((n) => n !== tree.root);
  const leaves = random.shuffle(candidates.filter((n) => n.children.length === 0));
  const inner = random.shuffle(candidates.filter((n) => n.children.length > 0));
  const pool = [...leaves, ...inner];
  if (needed > pool.length) {
    throw new FakeHrbrainOptionsError(
      `missingDepartmentCodes + 2 × duplicateDepartmentCodes = ${needed} departments to spoil, but the tenant has only ${pool.length} besides the root; raise departments.count.`,
      { option: 'defects' },
    );
  }
  let next = 0;
  for (let k = 0; k < missing; k++) {
    const node = pool[next++] as DepartmentNode;
    // D2 counts missing, empty and whitespace-only codes alike; serve all three.
    if (k % 3 === 0) delete node.item.code;
    else node.item.code = k % 3 === 1 ? '' : '  ';
    unsynced.add(node);
    report.missingDepartmentCodes.push(node.item.id);
  }
  for (let k = 0; k < duplicates; k++) {
    const copier = pool[next++] as DepartmentNode;
    const original = pool[next++] as DepartmentNode;
    copier.item.code = original.item.code as string;
    unsynced.add(copier).add(original);
    report.duplicateDepartmentCodes.push(original.item.id, copier.item.id);
  }
  return unsynced;
}

/**
 * D3: adds a chain of departments under the root that reaches level 10 + `count`; the last
 * `count` links are too deep. The chain's shallower links are valid departments.
 */
export function addTooDeepChain(
  tree: DepartmentTree,
  count: number,
  report: FakeHrbrainDefectReport,
): DepartmentNode[] {
  const tooDeep: DepartmentNode[] = [];
  if (count === 0) return tooDeep;
  let parent = tree.root;
  while (parent.level < MAX_SYNCED_LEVEL + count) {
    parent = tree.add(parent, `特命プロジェクト第${parent.level + 1}階層`);
    if (parent.level > MAX_SYNCED_LEVEL) {
      tooDeep.push(parent);
      report.tooDeepDepartments.push(parent.item.id);
    }
  }
  return tooDeep;
}

import type { RawOrganizationItem } from './payload';
import type { Random } from './random';

/** A generated department and where it sits in the tree. */
export interface DepartmentNode {
  item: RawOrganizationItem;
  /** Root = level 1 (rule D3). */
  level: number;
  parent: DepartmentNode | undefined;
  children: DepartmentNode[];
}

const FUNCTIONS = [
  '営業',
  '開発',
  '管理',
  '人事',
  '経理',
  '財務',
  '総務',
  '法務',
  '企画',
  'マーケティング',
  '製造',
  '品質保証',
  '物流',
  '購買',
  '情報システム',
  '広報',
  '研究',
  'カスタマーサポート',
  '事業推進',
  '海外事業',
];
const REGIONS = ['東日本', '西日本', '関東', '関西', '九州', '東北', '北海道', '中部', '首都圏'];
const NUMERALS = ['第一', '第二', '第三', '第四', '第五'];
const COMPANIES = ['株式会社サンプル', '株式会社ミキワメ商事', '日本テスト工業株式会社'];

function departmentName(random: Random, level: number): string {
  const fn = random.pick(FUNCTIONS);
  switch (level) {
    case 2:
      return `${fn}本部`;
    case 3:
      return random.chance(0.4) ? `${random.pick(REGIONS)}${fn}部` : `${fn}部`;
    case 4:
      return `${random.pick(NUMERALS)}${fn}課`;
    default:
      return `${fn}${random.pick(['グループ', 'チーム', 'ユニット'])}`;
  }
}

/** Sequential 組織情報コード: the root is `0001`, the rest count up from `1001`. */
export function departmentCode(index: number): string {
  return index === 0 ? '0001' : String(1000 + index);
}

export class DepartmentTree {
  readonly nodes: DepartmentNode[] = [];
  readonly root: DepartmentNode;

  constructor(random: Random) {
    this.root = this.add(undefined, random.pick(COMPANIES));
  }

  /** Adds a department with the next id and code under `parent` (or as a root). */
  add(parent: DepartmentNode | undefined, name: string): DepartmentNode {
    const index = this.nodes.length;
    const item: RawOrganizationItem = {
      id: `dept-${index + 1}`,
      value: name,
      code: departmentCode(index),
    };
    const node: DepartmentNode = {
      item,
      level: parent ? parent.level + 1 : 1,
      parent,
      children: [],
    };
    if (parent) {
      parent.children.push(node);
      parent.item.items ??= [];
      parent.item.items.push(item);
    }
    this.nodes.push(node);
    return node;
  }
}

/**
 * A random tree of `count` departments (root included) at most `maxDepth` levels deep.
 * Each department hangs under a random earlier one that still has room below it, which
 * gives the bushy-at-the-top shape real companies have.
 */
export function generateDepartments(
  random: Random,
  count: number,
  maxDepth: number,
): DepartmentTree {
  const tree = new DepartmentTree(random);
  const openParents: DepartmentNode[] = maxDepth > 1 ? [tree.root] : [];
  for (let i = 1; i < count; i++) {
    const parent = random.pick(openParents);
    const node = tree.add(parent, departmentName(random, parent.level + 1));
    if (node.level < maxDepth) openParents.push(node);
  }
  return tree;
}

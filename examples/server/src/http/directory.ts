import type { Department, Employee } from '@mikiwame/hrbrain-sync-core';

/** 雇用形態 as the admin page shows it (E6). */
const EMPLOYMENT_LABELS: Record<string, string> = {
  regular: '正社員',
  contract: '契約社員',
  dispatched: '派遣社員',
  part_time: 'パート・アルバイト',
  outsourced: '業務委託',
  other: 'その他',
};

/**
 * 部署管理: departments as a tree, parents before their children (depth-first, siblings by
 * code), each with its depth. A department whose parent is not stored (or that sits in a
 * cycle) is listed as a root, so no stored row is ever hidden.
 */
export function departmentTree(departments: readonly Department[]) {
  const byCode = new Map(departments.map((d) => [d.code, d]));
  const children = new Map<string | null, Department[]>();
  for (const department of departments) {
    const parent =
      department.parentCode !== null && byCode.has(department.parentCode)
        ? department.parentCode
        : null;
    const list = children.get(parent) ?? [];
    list.push(department);
    children.set(parent, list);
  }
  const byCodeOrder = (a: Department, b: Department) =>
    a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  const rows: { code: string; name: string; parentCode: string | null; depth: number }[] = [];
  const seen = new Set<string>();
  // Iterative, so a very deep tree cannot overflow the stack.
  const visit = (roots: Department[]) => {
    const stack = [...roots]
      .sort(byCodeOrder)
      .reverse()
      .map((d) => ({ d, depth: 0 }));
    while (stack.length > 0) {
      const { d, depth } = stack.pop()!;
      if (seen.has(d.code)) continue;
      seen.add(d.code);
      rows.push({ code: d.code, name: d.name, parentCode: d.parentCode, depth });
      const below = [...(children.get(d.code) ?? [])].sort(byCodeOrder).reverse();
      for (const child of below) stack.push({ d: child, depth: depth + 1 });
    }
  };
  visit(children.get(null) ?? []);
  // Departments only reachable through a cycle: listed as roots.
  visit(departments.filter((d) => !seen.has(d.code)));
  return { departments: rows, total: departments.length };
}

const fold = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/**
 * 自社社員管理: one page of employees ordered by 従業員番号 (then e-mail), optionally only
 * those whose name, kana, e-mail or employee number contains `q` (NFKC, case and spaces
 * ignored, so 「山田花子」 finds 「山田 花子」).
 */
export function employeePage(
  employees: readonly Employee[],
  departments: readonly Department[],
  options: { q: string; page: number; limit: number },
) {
  const names = new Map(departments.map((d) => [d.code, d.name]));
  const needle = fold(options.q);
  const matching = employees.filter(
    (e) =>
      needle === '' ||
      [
        `${e.lastName}${e.firstName}`,
        `${e.lastNameKana}${e.firstNameKana}`,
        e.email,
        e.employeeNumber ?? '',
      ].some((value) => fold(value).includes(needle)),
  );
  matching.sort((a, b) => {
    const an = a.employeeNumber ?? '\uffff';
    const bn = b.employeeNumber ?? '\uffff';
    if (an !== bn) return an < bn ? -1 : 1;
    return a.email < b.email ? -1 : a.email > b.email ? 1 : 0;
  });
  const start = (options.page - 1) * options.limit;
  return {
    employees: matching.slice(start, start + options.limit).map((e) => ({
      id: e.id,
      employeeNumber: e.employeeNumber,
      name: `${e.lastName} ${e.firstName}`,
      kana: `${e.lastNameKana} ${e.firstNameKana}`,
      email: e.email,
      departmentCode: e.departmentCode,
      departmentName: e.departmentCode === null ? null : (names.get(e.departmentCode) ?? null),
      position: e.position,
      employmentType: e.employmentType,
      employmentTypeLabel:
        e.employmentType === null
          ? null
          : (EMPLOYMENT_LABELS[e.employmentType] ?? e.employmentType),
      retired: e.retired,
    })),
    total: matching.length,
    page: options.page,
    limit: options.limit,
  };
}

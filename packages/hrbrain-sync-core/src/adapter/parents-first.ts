import type { DepartmentCreate } from '../model/plan';

/**
 * Department creates ordered so that every parent the plan creates comes before its
 * children (D5). The planner already lists parents first and keeps its order; a plan built
 * by hand may not. Stable; a cycle among creates ends at the first repeated code.
 */
export function parentsFirst<C extends Pick<DepartmentCreate, 'code' | 'parentCode'>>(
  creates: readonly C[],
): C[] {
  const parentOf = new Map(creates.map((c) => [c.code, c.parentCode ?? null]));
  const depth = new Map<string, number>();
  const depthOf = (code: string): number => {
    const known = depth.get(code);
    if (known !== undefined) return known;
    const path: string[] = [];
    const seen = new Set<string>();
    let at: string | null = code;
    let base = -1;
    while (at !== null && parentOf.has(at) && !seen.has(at)) {
      const cached = depth.get(at);
      if (cached !== undefined) {
        base = cached;
        break;
      }
      seen.add(at);
      path.push(at);
      at = parentOf.get(at) ?? null;
    }
    for (let i = path.length - 1; i >= 0; i--) depth.set(path[i]!, ++base);
    return depth.get(code)!;
  };
  return creates
    .map((create, index) => ({ create, index, depth: depthOf(create.code) }))
    .sort((a, b) => a.depth - b.depth || a.index - b.index)
    .map((entry) => entry.create);
}

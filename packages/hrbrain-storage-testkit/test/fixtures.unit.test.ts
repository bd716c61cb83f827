import { describe, expect, it } from 'vitest';
import {
  buildDepartmentChain,
  buildDepartmentCreate,
  buildDepartmentPlan,
  buildDepartmentUpdate,
  buildEmployeeCreate,
  buildEmployeePlan,
  buildEmployeeUpdate,
  buildErrorRows,
  buildPlanSummary,
  hostileStrings,
} from '../src/index';

describe('plan builders', () => {
  it('D8 buildDepartmentUpdate names exactly the fields that differ, with the stored `from`', () => {
    const current = { id: 'd1', code: 'A', name: '旧', parentCode: 'ROOT', sourceId: 's1' };
    const update = buildDepartmentUpdate(current, { name: '新', parentCode: 'ROOT' });
    expect(update).toEqual({
      id: 'd1',
      sourceId: 's1',
      values: { code: 'A', name: '新', parentCode: 'ROOT' },
      changes: [{ field: 'name', from: '旧', to: '新' }],
    });
    expect(buildDepartmentUpdate(current, { parentCode: null }).changes).toEqual([
      { field: 'parentCode', from: 'ROOT', to: null },
    ]);
  });

  it('E10 buildEmployeeUpdate keeps unnamed values and names changed ones only', () => {
    const created = buildEmployeeCreate({ email: 'a@example.com', retired: true });
    const { sourceId: _s, ...fields } = created;
    const update = buildEmployeeUpdate(
      { ...fields, id: 'e1', sourceId: null },
      { position: '部長', retired: true, sourceId: 'm-9' },
    );
    expect(update.values).toEqual({ ...fields, position: '部長' });
    expect(update.changes).toEqual([
      { field: 'position', from: null, to: '部長' },
      { field: 'sourceId', from: null, to: 'm-9' },
    ]);
    expect(update.sourceId).toBe('m-9');
  });

  it('J4 plan summaries account for every record', () => {
    const plan = buildDepartmentPlan({
      creates: buildDepartmentChain('x', 3),
      notInSource: [{ id: 'n', code: 'N' }],
      errors: buildErrorRows(6),
    });
    expect(plan.summary).toEqual({
      source: 3,
      created: 3,
      updated: 0,
      linked: 0,
      unchanged: 0,
      skipped: 0,
      warnings: 2,
      notInSource: 1,
    });
    expect(buildEmployeePlan().summary.source).toBe(0);
    const summary = buildPlanSummary({ created: 1 });
    expect(summary.source).toBe(
      summary.created + summary.updated + summary.linked + summary.unchanged + summary.skipped,
    );
  });

  it('D3 buildDepartmentChain orders parents first', () => {
    const chain = buildDepartmentChain('c', 10, 'ROOT');
    expect(chain.map((d) => d.parentCode)).toEqual([
      'ROOT',
      ...chain.slice(0, 9).map((d) => d.code),
    ]);
    expect(buildDepartmentCreate({ code: 'Q' })).toEqual({
      code: 'Q',
      name: '部署 Q',
      parentCode: null,
      sourceId: 'org-item-Q',
    });
  });

  it('hostile strings hold no NUL and no lone surrogate', () => {
    for (const text of hostileStrings) {
      expect(text.includes('\u0000')).toBe(false);
      expect(text).not.toMatch(
        /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
      );
    }
  });
});

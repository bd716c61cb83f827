import { describe, expect, it } from 'vitest';
import { type EmployeePlan, planEmployeeSync, restrictPlan } from '../src/index';
import { person, snapshot, storedEmployee } from './support/snapshot';

// A records store that keeps only some fields (a mapping that leaves fields out).
const stored = storedEmployee({ id: 'e1', email: 'm1@example.com', sourceId: null });
const plan = (lastName: string): EmployeePlan =>
  planEmployeeSync({
    snapshot: snapshot({ members: [person('m1', { lastName })] }),
    existing: [stored],
    departments: [],
  });

describe('restrictPlan', () => {
  it('J4: an update left with no kept change is unchanged; one left with only its sourceId is a link', () => {
    const renamed = plan('佐藤');
    expect(renamed.updates[0]?.changes.map((c) => c.field).sort()).toEqual([
      'lastName',
      'sourceId',
    ]);

    const noNames = restrictPlan(renamed, ['email', 'sourceId']);
    expect(noNames.updates).toEqual([]);
    expect(noNames.links).toEqual([{ id: 'e1', sourceId: 'm1', key: 'm1@example.com' }]);
    expect(noNames.summary).toMatchObject({ updated: 0, linked: 1, unchanged: 0, source: 1 });

    const nothing = restrictPlan(renamed, ['email']);
    expect(nothing.updates).toEqual([]);
    expect(nothing.links).toEqual([]);
    expect(nothing.unchanged).toEqual([{ id: 'e1', sourceId: 'm1', key: 'm1@example.com' }]);
    expect(nothing.summary).toMatchObject({ updated: 0, linked: 0, unchanged: 1, source: 1 });
  });

  it('E10: kept changes stay as they are; a store that keeps everything gets the plan itself', () => {
    const renamed = plan('佐藤');
    const kept = restrictPlan(renamed, ['lastName']);
    expect(kept.updates[0]?.changes.map((c) => c.field)).toEqual(['lastName']);
    expect(kept.summary).toMatchObject({ updated: 1, linked: 0, unchanged: 0 });
    expect(restrictPlan(renamed, undefined)).toBe(renamed);
    // DECISIONS #2: a record whose values match gets only its sourceId written, as a link.
    const matching = plan('山田');
    const linkOnly: EmployeePlan = {
      ...matching,
      updates: [],
      links: [{ id: 'e1', sourceId: 'm1', key: 'm1@example.com' }],
      summary: { ...matching.summary, updated: 0, linked: 1 },
    };
    expect(restrictPlan(linkOnly, ['email', 'sourceId'])).toBe(linkOnly);
    // Links of a store without a sourceId column: nothing to write, unchanged.
    expect(restrictPlan(linkOnly, ['email']).summary).toMatchObject({ linked: 0, unchanged: 1 });
  });
});

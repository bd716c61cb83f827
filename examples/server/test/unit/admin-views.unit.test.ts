import type { Department, Employee, PlanSummary, SyncRun } from '@mikiwame/hrbrain-sync-core';
import { describe, expect, it } from 'vitest';
import { departmentTree, employeePage } from '../../src/http/directory.ts';
import { toRunView } from '../../src/http/run-view.ts';

const run = (overrides: Partial<SyncRun> = {}): SyncRun => ({
  id: '00000000-0000-4000-8000-000000000001',
  tenantId: 't',
  kind: 'employees',
  status: 'running',
  dryRun: false,
  trigger: { type: 'manual', by: null, deliveryId: null },
  createdAt: new Date('2026-12-01T00:00:00Z'),
  startedAt: new Date('2026-12-01T00:00:01Z'),
  finishedAt: null,
  summary: null,
  errorCount: 0,
  warningCount: 0,
  failure: null,
  ...overrides,
});
const none = { preview: null, guard: null };

describe('run view (admin page)', () => {
  it('J1: a running run shows its phase: 取得中 300/1000, 計画中, 反映中; a queued one 待機中', () => {
    expect(
      toRunView(run(), { ...none, progress: { phase: 'fetching', fetched: 300, total: 1000 } })
        .progress?.label,
    ).toBe('取得中 300/1000');
    expect(
      toRunView(run(), { ...none, progress: { phase: 'fetching', fetched: null, total: null } })
        .progress?.label,
    ).toBe('取得中');
    expect(toRunView(run(), { ...none, progress: { phase: 'planning' } }).progress?.label).toBe(
      '計画中',
    );
    expect(
      toRunView(run(), { ...none, progress: { phase: 'applying', creates: 3, updates: 1 } })
        .progress?.label,
    ).toBe('反映中');
    expect(toRunView(run({ status: 'queued' })).progress?.label).toBe('待機中');
    // A finished run has no progress, even if a stale row is left.
    expect(
      toRunView(run({ status: 'succeeded' }), { ...none, progress: { phase: 'planning' } })
        .progress,
    ).toBeNull();
  });

  it('J4 / DECISIONS #2: a summary stored before `linked` existed reads linked 0', () => {
    const summary = {
      source: 1,
      created: 1,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      warnings: 0,
      notInSource: 0,
    } as PlanSummary; // as stored before J4 had `linked`
    expect(toRunView(run({ status: 'succeeded', summary })).summary).toMatchObject({
      linked: 0,
      created: 1,
    });
    expect(
      toRunView(run({ status: 'succeeded', summary: { ...summary, linked: 4 } })).summary,
    ).toMatchObject({ linked: 4 });
  });
});

describe('部署管理 / 自社社員管理 views', () => {
  const dept = (code: string, parentCode: string | null): Department => ({
    id: code,
    code,
    name: `部署${code}`,
    parentCode,
  });

  it('the department tree lists parents before children, and never hides an orphan or a cycle', () => {
    const tree = departmentTree([
      dept('1100', '1000'),
      dept('2000', '0001'),
      dept('0001', null),
      dept('1000', '0001'),
      dept('9000', 'gone'),
      dept('C1', 'C2'),
      dept('C2', 'C1'),
    ]);
    expect(tree.departments.map((d) => [d.code, d.depth])).toEqual([
      ['0001', 0],
      ['1000', 1],
      ['1100', 2],
      ['2000', 1],
      ['9000', 0],
      ['C1', 0],
      ['C2', 1],
    ]);
    expect(tree.total).toBe(7);
  });

  it('the employee list is searchable by name (spaces ignored), e-mail and number, and paged', () => {
    const employee = (n: number, overrides: Partial<Employee> = {}): Employee => ({
      id: `e${n}`,
      email: `user${n}@example.com`,
      lastName: '山田',
      firstName: `${n}郎`,
      lastNameKana: 'ヤマダ',
      firstNameKana: 'ロウ',
      employeeNumber: `A-${String(n).padStart(4, '0')}`,
      birthDate: null,
      departmentCode: '1000',
      position: null,
      gender: null,
      employmentType: 'regular',
      retired: n === 3,
      ...overrides,
    });
    const employees = [5, 3, 1, 2, 4].map((n) => employee(n));
    const departments = [dept('1000', null)];
    const page = (q: string, p = 1, limit = 2) =>
      employeePage(employees, departments, { q, page: p, limit });
    expect(page('').employees.map((e) => e.employeeNumber)).toEqual(['A-0001', 'A-0002']);
    expect(page('', 3).employees.map((e) => e.employeeNumber)).toEqual(['A-0005']);
    expect(page('').total).toBe(5);
    expect(page('山田 3郎').employees.map((e) => e.id)).toEqual(['e3']);
    expect(page('USER4@').employees.map((e) => e.id)).toEqual(['e4']);
    expect(page('ａ－０００２').employees.map((e) => e.id)).toEqual(['e2']);
    expect(page('山田3郎').employees[0]).toMatchObject({
      retired: true,
      departmentName: '部署1000',
      employmentTypeLabel: '正社員',
    });
  });
});

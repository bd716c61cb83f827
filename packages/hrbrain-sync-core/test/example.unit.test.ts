import type { HrbrainSnapshot } from '@mikiwame/hrbrain-client';
import { describe, expect, it } from 'vitest';
import { planDepartmentSync, planEmployeeSync } from '../src/index';
import example from './fixtures/example-snapshot.json' with { type: 'json' };
import { applyDepartments, applyEmployees } from './support/apply';

// The worked example of docs/example.md, for a tenant whose Mikiwame side starts empty.
const snapshot = example as HrbrainSnapshot;

describe('worked example (example.md)', () => {
  const departmentPlan = planDepartmentSync({ snapshot, existing: [] });
  const departments = applyDepartments([], departmentPlan);
  const employeePlan = planEmployeeSync({ snapshot, existing: [], departments });
  const employees = applyEmployees([], employeePlan);

  it('D1/D2: creates four departments parents first and skips the one without a code', () => {
    expect(departmentPlan.creates).toEqual([
      { code: '0001', name: '株式会社サンプル', parentCode: null, sourceId: 'org-1' },
      { code: '1000', name: '営業本部', parentCode: '0001', sourceId: 'org-2' },
      { code: '2000', name: '開発本部', parentCode: '0001', sourceId: 'org-5' },
      { code: '1100', name: '東日本営業部', parentCode: '1000', sourceId: 'org-3' },
    ]);
    expect(departmentPlan.skipped).toEqual([
      { sourceId: 'org-4', sourceKey: '', codes: ['DEPARTMENT_CODE_MISSING'] },
    ]);
    expect(departmentPlan.errors.map((r) => [r.sourceId, r.code, r.rule, r.severity])).toEqual([
      ['org-4', 'DEPARTMENT_CODE_MISSING', 'D2', 'error'],
    ]);
    expect(departmentPlan.errors[0]?.messageJa).toContain('プロジェクト室');
    expect(departmentPlan.summary).toEqual({
      source: 5,
      created: 4,
      updated: 0,
      linked: 0,
      unchanged: 0,
      skipped: 1,
      warnings: 0,
      notInSource: 0,
    });
  });

  it('E1–E7: creates mem-1, mem-2 and mem-7 with the mapped values', () => {
    const byId = new Map(employeePlan.creates.map((c) => [c.sourceId, c]));
    expect([...byId.keys()].sort()).toEqual(['mem-1', 'mem-2', 'mem-7']);
    expect(byId.get('mem-1')).toEqual({
      sourceId: 'mem-1',
      email: 'hanako.yamada@example.co.jp',
      lastName: '山田',
      firstName: '花子',
      lastNameKana: 'ヤマダ',
      firstNameKana: 'ハナコ',
      employeeNumber: 'A-0001',
      birthDate: '1988-07-01',
      departmentCode: '1100',
      position: '課長',
      gender: 'female',
      employmentType: 'regular',
      retired: false,
    });
    expect(byId.get('mem-2')).toEqual({
      sourceId: 'mem-2',
      email: 'ichiro@example.co.jp',
      lastName: '佐藤',
      firstName: '一郎',
      lastNameKana: 'サトウ',
      firstNameKana: 'イチロウ',
      employeeNumber: null,
      birthDate: null,
      departmentCode: '2000',
      position: null,
      gender: null,
      employmentType: 'part_time',
      retired: true,
    });
    expect(byId.get('mem-7')).toMatchObject({
      lastName: '中村',
      firstName: '六花',
      departmentCode: null,
      employmentType: 'outsourced',
      retired: false,
    });
  });

  it('E2/E4/E5: skips mem-3..mem-6 with their codes and warns about mem-2', () => {
    expect(employeePlan.skipped).toEqual([
      { sourceId: 'mem-3', sourceKey: 'jiro@example.co.jp', codes: ['EMPLOYEE_KANA_MISSING'] },
      { sourceId: 'mem-4', sourceKey: 'shared@example.co.jp', codes: ['EMPLOYEE_EMAIL_DUPLICATE'] },
      { sourceId: 'mem-5', sourceKey: 'Shared@example.co.jp', codes: ['EMPLOYEE_EMAIL_DUPLICATE'] },
      {
        sourceId: 'mem-6',
        sourceKey: 'satsuki@example.co.jp',
        codes: ['EMPLOYEE_DEPARTMENT_UNKNOWN'],
      },
    ]);
    const warnings = employeePlan.errors.filter((r) => r.severity === 'warning');
    expect(warnings.map((r) => [r.sourceId, r.code, r.field, r.value])).toEqual([
      ['mem-2', 'EMPLOYEE_NUMBER_INVALID', 'employeeNumber', '０００２'],
    ]);
    expect(employeePlan.summary).toEqual({
      source: 7,
      created: 3,
      updated: 0,
      linked: 0,
      unchanged: 0,
      skipped: 4,
      warnings: 1,
      notInSource: 0,
    });
  });

  it('J4/D8/E10: planning both syncs again against the result changes nothing', () => {
    const again = planDepartmentSync({ snapshot, existing: departments });
    expect(again.creates).toEqual([]);
    expect(again.updates).toEqual([]);
    expect(again.summary.unchanged).toBe(4);
    const employeesAgain = planEmployeeSync({ snapshot, existing: employees, departments });
    expect(employeesAgain.creates).toEqual([]);
    expect(employeesAgain.updates).toEqual([]);
    expect(employeesAgain.summary).toMatchObject({ unchanged: 3, skipped: 4, warnings: 1 });
  });
});

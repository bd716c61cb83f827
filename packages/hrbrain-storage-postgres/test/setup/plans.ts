import type {
  DepartmentCreate,
  DepartmentPlan,
  DepartmentUpdate,
  EmployeeCreate,
  EmployeePlan,
  EmployeeUpdate,
  PlanSummary,
} from '@mikiwame/hrbrain-sync-core';

function summary(created: number, updated: number): PlanSummary {
  return {
    source: created + updated,
    created,
    updated,
    linked: 0,
    unchanged: 0,
    skipped: 0,
    warnings: 0,
    notInSource: 0,
  };
}

export function departmentPlan(
  creates: DepartmentCreate[],
  updates: DepartmentUpdate[] = [],
): DepartmentPlan {
  return {
    kind: 'departments',
    creates,
    updates,
    links: [],
    unchanged: [],
    skipped: [],
    errors: [],
    notInSource: [],
    summary: summary(creates.length, updates.length),
  };
}

export function employeePlan(
  creates: EmployeeCreate[],
  updates: EmployeeUpdate[] = [],
): EmployeePlan {
  return {
    kind: 'employees',
    creates,
    updates,
    links: [],
    unchanged: [],
    skipped: [],
    errors: [],
    notInSource: [],
    summary: summary(creates.length, updates.length),
  };
}

export function employee(i: number, overrides: Partial<EmployeeCreate> = {}): EmployeeCreate {
  return {
    sourceId: `m-${i}`,
    email: `person${i}@example.com`,
    lastName: '山田',
    firstName: `太郎${i}`,
    lastNameKana: 'ヤマダ',
    firstNameKana: 'タロウ',
    employeeNumber: `E${String(i).padStart(6, '0')}`,
    birthDate: '1990-04-01',
    departmentCode: 'DEV',
    position: '主任',
    gender: 'male',
    employmentType: 'regular',
    retired: false,
    ...overrides,
  };
}

export function employees(count: number, from = 0): EmployeeCreate[] {
  return Array.from({ length: count }, (_, i) => employee(from + i));
}

import { planDepartmentSync, planEmployeeSync } from '@mikiwame/hrbrain-sync-core';
import { describe, expect, it } from 'vitest';
import { buildHrbrainSnapshot } from '../src/index';

const snapshot = buildHrbrainSnapshot({
  departments: [
    {
      id: 'i-root',
      name: '本社',
      code: 'R',
      children: [
        { id: 'i-a', name: '営業部', code: 'A' },
        { id: 'i-nocode', name: 'コードなし' },
      ],
    },
  ],
  members: [
    {
      id: 'm-1',
      email: 'Hanako@Example.com',
      lastName: '山田',
      firstName: '花子',
      lastNameKana: 'ヤマダ',
      firstNameKana: 'ハナコ',
      departmentId: 'i-a',
      status: '退職済み',
      birthDate: '1988/07/01',
      gender: '女性',
      employmentType: 'パートタイム',
      position: '部長',
      employeeNumber: 'E-1',
    },
  ],
});

describe('buildHrbrainSnapshot', () => {
  it('D1/D2 plans as the planners read HRBrain: codes, parents, a department without code skipped', () => {
    const plan = planDepartmentSync({ snapshot, existing: [] });
    expect(plan.creates).toEqual([
      { code: 'R', name: '本社', parentCode: null, sourceId: 'i-root' },
      { code: 'A', name: '営業部', parentCode: 'R', sourceId: 'i-a' },
    ]);
    expect(plan.errors.map((row) => row.code)).toEqual(['DEPARTMENT_CODE_MISSING']);
  });

  it('E1–E9 maps every member field through the default labels and pulldowns (F1, F3)', () => {
    const plan = planEmployeeSync({
      snapshot,
      existing: [],
      departments: [{ code: 'A' }],
    });
    expect(plan.errors).toEqual([]);
    expect(plan.creates).toEqual([
      {
        email: 'Hanako@Example.com',
        lastName: '山田',
        firstName: '花子',
        lastNameKana: 'ヤマダ',
        firstNameKana: 'ハナコ',
        employeeNumber: 'E-1',
        birthDate: '1988-07-01',
        departmentCode: 'A',
        position: '部長',
        gender: 'female',
        employmentType: 'part_time',
        retired: true,
        sourceId: 'm-1',
      },
    ]);
  });
});

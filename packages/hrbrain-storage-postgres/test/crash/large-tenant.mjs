// The HRBrain data of the crash test: a large tenant whose departments were never synced, so
// most members only produce error rows (EMPLOYEE_DEPARTMENT_UNKNOWN) and a few are created —
// the shape of the report (a few hundred creates, tens of thousands of error rows).
import { buildHrbrainSnapshot } from '@mikiwame/hrbrain-storage-testkit';

export function largeTenantSnapshot({ members = 20_000, withoutDepartment = 500 } = {}) {
  const departments = Array.from({ length: 10 }, (_, i) => ({
    id: `item-${i}`,
    name: `部署${i}`,
    code: `D${i}`,
  }));
  const list = [];
  for (let i = 0; i < members; i++) {
    list.push({
      id: `mem-${i}`,
      email: `member-${String(i).padStart(6, '0')}@example.co.jp`,
      lastName: '山田',
      firstName: `花子${i}`,
      lastNameKana: 'ヤマダ',
      firstNameKana: 'ハナコ',
      ...(i < withoutDepartment ? {} : { departmentId: `item-${i % 10}` }),
    });
  }
  return buildHrbrainSnapshot({ departments, members: list });
}

// The departments run of the crash test: a few thousand departments to create (parents
// first) and thousands of error rows (no 部署コード, D2).
export function largeDepartmentSnapshot({ departments = 3_000, withoutCode = 8_000 } = {}) {
  const list = [];
  for (let i = 0; i < departments; i++) {
    list.push({
      id: `item-${i}`,
      name: `部署${i}`,
      code: `D${i}`,
      ...(i < 10 ? {} : { parentId: `item-${i % 10}` }),
    });
  }
  for (let i = 0; i < withoutCode; i++) {
    list.push({ id: `nocode-${i}`, name: `コードなし${i}`, code: '' });
  }
  return buildHrbrainSnapshot({ departments: list, members: [] });
}

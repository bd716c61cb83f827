import type { Department, Employee } from '@mikiwame/hrbrain-sync-core';
import type { Tables } from './schema-name';
import type { Driver } from './session';

export async function loadDepartments(driver: Driver, t: Tables, tenantId: string) {
  const { rows } = await driver.query<Department>(
    `select d.id::text as id, d.code, d.name, p.code as "parentCode", d.source_id as "sourceId"
     from ${t.departments} d
     left join ${t.departments} p on p.tenant_id = d.tenant_id and p.id = d.parent_id
     where d.tenant_id = $1`,
    [tenantId],
  );
  return rows;
}

export async function loadEmployees(driver: Driver, t: Tables, tenantId: string) {
  // Dates leave the database as text: a JS Date would drag a time zone in (E13).
  const { rows } = await driver.query<Employee>(
    `select id::text as id, email, last_name as "lastName", first_name as "firstName",
       last_name_kana as "lastNameKana", first_name_kana as "firstNameKana",
       employee_number as "employeeNumber", to_char(birth_date, 'YYYY-MM-DD') as "birthDate",
       department_code as "departmentCode", position, gender, employment_type as "employmentType",
       retired, source_id as "sourceId"
     from ${t.employees} where tenant_id = $1`,
    [tenantId],
  );
  return rows;
}

import type { Department, Employee } from '@mikiwame/hrbrain-sync-core';
import type { SqlSession } from '../session';
import type { ResolvedField } from './mapping';
import type { MappedSql, TableSql } from './sql';

/** How a mapped field is read: SQL on row `d`, plus a conversion of codes back to values. */
function readExpr(t: TableSql, field: ResolvedField, departments: TableSql, join: string): string {
  if (field.kind === 'link') {
    return field.by === 'id' ? `${join}.${departments.field('code')!.quoted}` : `d.${field.quoted}`;
  }
  if (field.kind === 'date' && t.isDateColumn(field)) {
    // Dates leave the database as text: a JS Date would drag a time zone in (E13).
    return `to_char(d.${field.quoted}, 'YYYY-MM-DD')`;
  }
  if (field.fromCode) return `d.${field.quoted}::text`;
  return `d.${field.quoted}`;
}

/** Codes back to sync values; a code the map does not know is read back as it is. */
function decode(rows: Record<string, unknown>[], fields: ResolvedField[]): void {
  const coded = fields.filter((f) => f.fromCode);
  if (coded.length === 0) return;
  for (const row of rows) {
    for (const field of coded) {
      const code = row[field.field];
      if (code === null || code === undefined) continue;
      const value = field.fromCode!.get(code as string) ?? code;
      row[field.field] =
        field.field === 'retired' && (value === 'true' || value === 'false')
          ? value === 'true'
          : value;
    }
  }
}

function selectList(
  t: TableSql,
  departments: TableSql,
  join: string,
  defaults: Record<string, string>,
) {
  const list = [`d.${t.table.id.quoted}::text as id`];
  for (const [field, fallback] of Object.entries(defaults)) {
    const mapped = t.field(field);
    list.push(`${mapped ? readExpr(t, mapped, departments, join) : fallback} as "${field}"`);
  }
  list.push(`${t.table.sourceId ? `d.${t.table.sourceId.quoted}` : 'null::text'} as "sourceId"`);
  return list.join(',\n       ');
}

/** A left join to the department a by-id link points at, when there is one. */
function linkJoin(
  _t: TableSql,
  departments: TableSql,
  field: ResolvedField | undefined,
  alias: string,
) {
  if (field?.kind !== 'link' || field.by !== 'id') return '';
  const id = departments.table.id.quoted;
  return `left join ${departments.name} ${alias} on ${departments.tenantIs(alias)} and ${alias}.${id} = d.${field.quoted}`;
}

export async function loadMappedDepartments(
  session: Pick<SqlSession, 'query'>,
  sql: MappedSql,
  tenantId: string,
): Promise<Department[]> {
  const t = sql.departments;
  const { rows } = await session.query<Department & Record<string, unknown>>(
    `select ${selectList(t, t, 'p', { code: "''", name: "''", parentCode: 'null::text' })}
     from ${t.name} d
     ${linkJoin(t, t, t.field('parentCode'), 'p')}
     where ${t.tenantIs('d')}`,
    [tenantId],
  );
  return rows;
}

export async function loadMappedEmployees(
  session: Pick<SqlSession, 'query'>,
  sql: MappedSql,
  tenantId: string,
): Promise<Employee[]> {
  const t = sql.employees;
  const { rows } = await session.query<Employee & Record<string, unknown>>(
    `select ${selectList(t, sql.departments, 'dep', {
      email: "''",
      lastName: "''",
      firstName: "''",
      lastNameKana: "''",
      firstNameKana: "''",
      employeeNumber: 'null::text',
      birthDate: 'null::text',
      departmentCode: 'null::text',
      position: 'null::text',
      gender: 'null::text',
      employmentType: 'null::text',
      retired: 'false',
    })}
     from ${t.name} d
     ${linkJoin(t, sql.departments, t.field('departmentCode'), 'dep')}
     where ${t.tenantIs('d')}`,
    [tenantId],
  );
  decode(rows, t.table.fields);
  return rows;
}

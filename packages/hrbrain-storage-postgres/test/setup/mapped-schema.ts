import type { StorageInspector } from '@mikiwame/hrbrain-storage-testkit';
import type { SyncKind } from '@mikiwame/hrbrain-sync-core';
import { defineRecordsMapping, type RecordsMapping } from '../../src/index';
import { postgresInspector, type Queryable } from './inspector';

/**
 * An application's own tables, unlike the adapter's in every way the mapping covers: other
 * table and column names, bigint ids (serial and identity), a renamed text tenant column,
 * the parent department by id, the employee's department by code, smallint gender codes and
 * text employment codes, an updated_at-style column, and an unmapped `note` column.
 * `departmentLink: 'id'` links the employee's department by the department's id instead.
 */
export function mappedDdl(schema: string, options: MappedOptions = {}): string {
  const s = `"${schema}"`;
  const link =
    options.departmentLink === 'id'
      ? `unit_id    bigint references ${s}.units (unit_id)`
      : 'unit_code  text';
  return `
    create schema ${s};
    create table ${s}.units (
      unit_id     bigserial primary key,
      org         text not null,
      unit_code   text not null,
      title       text not null,
      parent_unit bigint references ${s}.units (unit_id),
      hr_item     text,
      note        text,
      touched_at  timestamptz not null default now(),
      unique (org, unit_code)
    );
    create table ${s}.people (
      person_id  bigint generated always as identity primary key,
      org        text not null,
      mail       text not null,
      sei        text not null,
      mei        text not null,
      sei_kana   text not null,
      mei_kana   text not null,
      badge      varchar(40),
      born       date,
      ${link},
      title      text,
      sex        smallint,
      kind       text,
      gone       boolean not null default false,
      hr_member  text,
      note       text,
      touched_at timestamptz not null default now()
    );
    create unique index people_org_mail on ${s}.people (org, lower(mail));`;
}

export const GENDER_CODES = { male: 1, female: 2, other: 9 } as const;
export const EMPLOYMENT_CODES = {
  regular: 'R',
  contract: 'C',
  dispatched: 'D',
  part_time: 'P',
  outsourced: 'O',
  other: 'X',
} as const;

/** How the employee's department is linked: by the department's code (default) or its id. */
export interface MappedOptions {
  departmentLink?: 'code' | 'id';
}

export function mappedMapping(schema: string, options: MappedOptions = {}): RecordsMapping {
  return defineRecordsMapping({
    tenant: { type: 'text' },
    departments: {
      table: `${schema}.units`,
      tenantColumn: 'org',
      id: { column: 'unit_id', type: 'bigint' },
      columns: {
        code: 'unit_code',
        name: 'title',
        parentCode: { column: 'parent_unit', by: 'id' },
      },
      sourceIdColumn: 'hr_item',
      updatedAtColumn: 'touched_at',
    },
    employees: {
      table: `${schema}.people`,
      tenantColumn: 'org',
      id: { column: 'person_id', type: 'bigint' },
      columns: {
        email: 'mail',
        lastName: 'sei',
        firstName: 'mei',
        lastNameKana: 'sei_kana',
        firstNameKana: 'mei_kana',
        employeeNumber: 'badge',
        birthDate: 'born',
        departmentCode:
          options.departmentLink === 'id'
            ? { column: 'unit_id', by: 'id' }
            : { column: 'unit_code', by: 'code' },
        position: 'title',
        gender: { column: 'sex', values: GENDER_CODES },
        employmentType: { column: 'kind', values: EMPLOYMENT_CODES },
        retired: 'gone',
      },
      sourceIdColumn: 'hr_member',
      updatedAtColumn: 'touched_at',
    },
  });
}

const reverse = (codes: Record<string, string | number>, column: string) =>
  `case ${column}::text ${Object.entries(codes)
    .map(([value, code]) => `when '${code}' then '${value}'`)
    .join(' ')} else ${column}::text end`;

/** What is really in the mapped tables, in SQL, with the codes translated back (for the testkit). */
export function mappedInspector(db: Queryable, schema: string): StorageInspector {
  const s = `"${schema}"`;
  const rows = async <T>(sql: string, params: unknown[]) =>
    (await db.query(sql, params)).rows as T[];
  const table = (kind: SyncKind) => (kind === 'departments' ? 'units' : 'people');
  const idOf = (kind: SyncKind) => (kind === 'departments' ? 'unit_id' : 'person_id');
  return {
    // Runs, error rows and connections live in the adapter's own schema, as without a mapping.
    ...postgresInspector(db, schema),
    departments: (tenantId) =>
      rows(
        `select d.unit_id::text as id, d.unit_code as code, d.title as name,
           p.unit_code as "parentCode", d.hr_item as "sourceId"
         from ${s}.units d left join ${s}.units p on p.org = d.org and p.unit_id = d.parent_unit
         where d.org = $1`,
        [tenantId],
      ),
    employees: (tenantId) =>
      rows(
        `select person_id::text as id, hr_member as "sourceId", mail as email, sei as "lastName",
           mei as "firstName", sei_kana as "lastNameKana", mei_kana as "firstNameKana",
           badge as "employeeNumber", to_char(born, 'YYYY-MM-DD') as "birthDate",
           unit_code as "departmentCode", title as position,
           ${reverse(GENDER_CODES, 'sex')} as gender,
           ${reverse(EMPLOYMENT_CODES, 'kind')} as "employmentType", gone as retired
         from ${s}.people where org = $1`,
        [tenantId],
      ),
    revisions: async (kind, tenantId) => {
      const stored = await rows<{ id: string; xmin: string }>(
        `select ${idOf(kind)}::text as id, xmin::text as xmin from ${s}.${table(kind)} where org = $1`,
        [tenantId],
      );
      return Object.fromEntries(stored.map((r) => [r.id, r.xmin]));
    },
    unmapped: {
      async set(kind, tenantId, id, value) {
        await db.query(
          `update ${s}.${table(kind)} set note = $3 where org = $1 and ${idOf(kind)}::text = $2`,
          [tenantId, id, value],
        );
      },
      async get(kind, tenantId, id) {
        const found = await rows<{ note: string | null }>(
          `select note from ${s}.${table(kind)} where org = $1 and ${idOf(kind)}::text = $2`,
          [tenantId, id],
        );
        return found[0]?.note ?? null;
      },
    },
  };
}

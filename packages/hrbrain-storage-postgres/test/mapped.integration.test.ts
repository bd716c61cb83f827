import type { PGlite } from '@electric-sql/pglite';
import { buildHrbrainSnapshot } from '@mikiwame/hrbrain-storage-testkit';
import { runSync, StalePlanError, StorageError } from '@mikiwame/hrbrain-sync-core';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresStorage, MappingError, type RecordsMapping } from '../src/index';
import { newPglite } from './setup/databases';
import { mappedDdl, mappedMapping } from './setup/mapped-schema';
import { departmentPlan, employee, employeePlan } from './setup/plans';

// The mapping onto an application's own tables, beyond the conformance kit: the start-up
// check, id and tenant types, value codes in the stale check, fields left out.

let db: PGlite;
beforeEach(async () => {
  db = await newPglite();
});
afterEach(() => db?.close());
afterAll(() => {});

const fixtureDdl = `
  create schema app;
  create table app.units (unit_id bigserial primary key, org text not null, unit_code text not null,
    title text not null, parent_unit bigint, hr_item text, touched_at timestamptz not null default now(),
    unique (org, unit_code));
  create table app.people (person_id bigserial primary key, org text not null, mail text not null,
    sei text not null, mei text not null, sei_kana text not null, mei_kana text not null,
    badge varchar(40), born date, unit_code text, title text, sex smallint, kind text,
    gone boolean not null default false, hr_member text, touched_at timestamptz not null default now());
  create unique index people_org_mail on app.people (org, lower(mail));`;

describe('storage.check(): every problem names the column and the DDL that fixes it', () => {
  it('E1: a missing unique index on (tenant, lower(email)) is reported with its create unique index', async () => {
    await db.exec(fixtureDdl.replace(/create unique index people_org_mail[^;]*;/, ''));
    const storage = createPostgresStorage({
      client: db,
      schema: 'app',
      mapping: mappedMapping('app'),
    });
    const result = await storage.check();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      {
        table: 'app.people',
        column: 'mail',
        problem:
          'no unique index on (org, lower(mail)): e-mail addresses must be unique per tenant, case-insensitively (E1)',
        fix: 'create unique index people_org_lower_mail_key on app.people (org, lower(mail));',
      },
    ]);
    // Loads and applies run the same check and refuse, naming it; nothing is written.
    await expect(storage.loadEmployees('t')).rejects.toThrow(MappingError);
    await expect(
      storage.applyPlan({ tenantId: 't', plan: employeePlan([employee(1)]) }),
    ).rejects.toThrow(
      /create unique index people_org_lower_mail_key on app\.people \(org, lower\(mail\)\);/,
    );
    expect((await db.query('select count(*)::int as n from app.people')).rows).toEqual([{ n: 0 }]);
    // Fixed by the DDL it printed, the same storage goes ahead.
    await db.exec(result.problems[0]!.fix);
    expect(await storage.check()).toEqual({ ok: true, problems: [] });
    await storage.migrate();
    await storage.applyPlan({ tenantId: 't', plan: employeePlan([employee(1)]) });
    expect(await storage.loadEmployees('t')).toHaveLength(1);
  });

  it('D1/E1: unknown column, wrong type, NOT NULL, missing table, unmapped NOT NULL column: each named with its fix', async () => {
    await db.exec(`${fixtureDdl}
      alter table app.people drop column badge;
      alter table app.people alter column born type timestamptz;
      alter table app.people alter column title set not null;
      alter table app.people add column tenant_owner text not null;
      alter table app.people alter column sex type text;
      alter table app.units drop constraint units_org_unit_code_key;`);
    const storage = createPostgresStorage({
      client: db,
      schema: 'app',
      mapping: mappedMapping('app'),
    });
    const { ok, problems } = await storage.check();
    expect(ok).toBe(false);
    const byColumn = Object.fromEntries(problems.map((p) => [`${p.table}.${p.column}`, p]));
    expect(byColumn['app.people.badge']).toMatchObject({
      problem: 'column app.people.badge (columns.employeeNumber) does not exist',
      fix: 'alter table app.people add column badge text;  -- or correct mapping.employees.columns.employeeNumber',
    });
    expect(byColumn['app.people.born']).toMatchObject({
      problem:
        'column app.people.born (columns.birthDate) is timestamp with time zone; it must be a date (or text) column',
      fix: 'alter table app.people alter column born type date using born::date;',
    });
    expect(byColumn['app.people.title']?.fix).toBe(
      'alter table app.people alter column title drop not null;',
    );
    expect(byColumn['app.people.tenant_owner']?.problem).toMatch(
      /NOT NULL without a default and not mapped/,
    );
    expect(byColumn['app.people.sex']?.fix).toBe(
      'alter table app.people alter column sex type smallint using sex::smallint;',
    );
    expect(byColumn['app.units.unit_code']?.fix).toBe(
      'create unique index units_org_unit_code_key on app.units (org, unit_code);',
    );
    expect(problems).toHaveLength(6);

    const missing = createPostgresStorage({
      client: db,
      schema: 'app',
      mapping: {
        ...mappedMapping('app'),
        departments: { ...mappedMapping('app').departments, table: 'app.nope' },
      },
    });
    expect((await missing.check()).problems[0]).toMatchObject({
      table: 'app.nope',
      column: null,
      problem: 'table app.nope does not exist (or is not a table) in this database',
    });
  });

  it('rejects a malformed mapping at once, listing every problem with its option path', () => {
    const base = mappedMapping('app');
    expect(() =>
      createPostgresStorage({
        client: db,
        mapping: {
          ...base,
          employees: {
            ...base.employees,
            table: 'people',
            columns: {
              ...base.employees.columns,
              gender: { column: 'sex', values: { male: 1, female: 1, other: 9 } },
              nickname: 'nick',
            } as RecordsMapping['employees']['columns'],
          },
        },
      }),
    ).toThrow(
      /mapping\.employees\.table: must be a schema-qualified table name[\s\S]*mapping\.employees\.columns\.nickname: is not a employees field[\s\S]*mapping\.employees\.columns\.gender\.values\.female: code 1 is also the code of male/,
    );
  });
});

describe('mapped tables: ids, tenants and codes', () => {
  it('E8/E6: the stale check compares like with like through the value codes', async () => {
    await db.exec(mappedDdl('m'));
    const storage = createPostgresStorage({ client: db, schema: 'm', mapping: mappedMapping('m') });
    await storage.migrate();
    await storage.applyPlan({
      tenantId: 't',
      plan: employeePlan([employee(1, { gender: 'male', employmentType: 'part_time' })]),
    });
    expect((await db.query('select sex, kind from m.people')).rows).toEqual([
      { sex: 1, kind: 'P' },
    ]);
    const [stored] = await storage.loadEmployees('t');
    expect(stored).toMatchObject({ gender: 'male', employmentType: 'part_time' });
    const update = (from: string) => ({
      id: stored!.id,
      sourceId: 'm-1',
      values: { ...stored!, gender: 'female' as const },
      changes: [{ field: 'gender' as const, from, to: 'female' }],
    });
    // Someone changed the code behind the plan's back: refused, nothing written.
    await db.query('update m.people set sex = 9');
    await expect(
      storage.applyPlan({ tenantId: 't', plan: employeePlan([], [update('male')]) }),
    ).rejects.toThrow(StalePlanError);
    expect((await db.query('select sex from m.people')).rows).toEqual([{ sex: 9 }]);
    // The plan made from what is stored now goes through and writes the code.
    await storage.applyPlan({ tenantId: 't', plan: employeePlan([], [update('other')]) });
    expect((await db.query('select sex from m.people')).rows).toEqual([{ sex: 2 }]);
  });

  it('a mapped column dropped after the check: the next call says so and checks again (not "run migrate()")', async () => {
    await db.exec(mappedDdl('m'));
    const storage = createPostgresStorage({ client: db, schema: 'm', mapping: mappedMapping('m') });
    await storage.migrate();
    expect(await storage.loadEmployees('t')).toEqual([]);
    await db.exec('alter table m.people drop column title');
    await expect(storage.loadEmployees('t')).rejects.toThrow(
      /a mapped table or column is gone since the mapping was checked .*Run storage\.check\(\)/,
    );
    await expect(storage.loadEmployees('t')).rejects.toThrow(
      /column m\.people\.title \(columns\.position\) does not exist/,
    );
  });

  it('E7: a plan that would clear the retired flag is refused', async () => {
    await db.exec(mappedDdl('m'));
    const storage = createPostgresStorage({ client: db, schema: 'm', mapping: mappedMapping('m') });
    await storage.migrate();
    await storage.applyPlan({
      tenantId: 't',
      plan: employeePlan([employee(1, { retired: true })]),
    });
    const [stored] = await storage.loadEmployees('t');
    await expect(
      storage.applyPlan({
        tenantId: 't',
        plan: employeePlan(
          [],
          [
            {
              id: stored!.id,
              sourceId: 'm-1',
              values: { ...stored!, retired: false },
              changes: [{ field: 'retired', from: true, to: false }],
            },
          ],
        ),
      }),
    ).rejects.toThrow(/never clears it \(E7\)/);
    expect((await db.query('select gone from m.people')).rows).toEqual([{ gone: true }]);
  });

  it.each([
    ['uuid', 'uuid primary key default gen_random_uuid()', 'uuid'],
    ['uuid without a default', 'uuid primary key', 'uuid'],
    ['text', 'text primary key', 'text'],
  ] as const)(
    'id columns of type %s; a single-tenant app without a tenant column',
    async (_name, idDdl, type) => {
      await db.exec(`create schema one;
      create table one.dept (id ${idDdl}, code text not null unique, name text not null, parent_code text);
      create table one.emp (id ${idDdl}, email text not null, ln text not null, fn text not null,
        lk text not null, fk text not null, dept text, hr text);
      create unique index on one.emp (lower(email));`);
      const mapping: RecordsMapping = {
        tenant: { single: 'acme' },
        departments: {
          table: 'one.dept',
          id: { column: 'id', type },
          columns: {
            code: 'code',
            name: 'name',
            parentCode: { column: 'parent_code', by: 'code' },
          },
        },
        employees: {
          table: 'one.emp',
          id: { column: 'id', type },
          columns: {
            email: 'email',
            lastName: 'ln',
            firstName: 'fn',
            lastNameKana: 'lk',
            firstNameKana: 'fk',
            departmentCode: { column: 'dept', by: 'code' },
          },
          sourceIdColumn: 'hr',
        },
      };
      const storage = createPostgresStorage({ client: db, schema: 'one', mapping });
      expect(await storage.check()).toEqual({ ok: true, problems: [] });
      await storage.migrate();
      await storage.applyPlan({
        tenantId: 'acme',
        plan: departmentPlan([
          { code: 'A', name: 'HQ', parentCode: null, sourceId: 'o1' },
          { code: 'B', name: 'Dev', parentCode: 'A', sourceId: 'o2' },
        ]),
      });
      await storage.applyPlan({
        tenantId: 'acme',
        plan: employeePlan([employee(1, { departmentCode: 'B' })]),
      });
      expect(
        (await storage.loadDepartments('acme')).map(({ code, parentCode }) => ({
          code,
          parentCode,
        })),
      ).toEqual([
        { code: 'A', parentCode: null },
        { code: 'B', parentCode: 'A' },
      ]);
      const [person] = await storage.loadEmployees('acme');
      // Fields left out of the mapping read as empty; the sync keeps its hands off them.
      expect(person).toMatchObject({
        departmentCode: 'B',
        position: null,
        gender: null,
        sourceId: 'm-1',
      });
      // A single-tenant store serves its one tenant only (J: tenant isolation).
      await expect(storage.loadEmployees('other')).rejects.toThrow(StorageError);
      await expect(
        storage.applyPlan({ tenantId: 'other', plan: employeePlan([employee(2)]) }),
      ).rejects.toThrow(/the mapped tables hold tenant "acme" only/);
    },
  );

  it('a tenant id that does not fit a bigint tenant column is refused, naming the column', async () => {
    await db.exec(`create schema b;
      create table b.d (id bigserial primary key, company bigint not null, code text not null, name text not null, unique (company, code));
      create table b.e (id bigserial primary key, company bigint not null, email text not null, ln text not null,
        fn text not null, lk text not null, fk text not null);
      create unique index on b.e (company, lower(email));`);
    const storage = createPostgresStorage({
      client: db,
      schema: 'b',
      mapping: {
        tenant: { type: 'bigint' },
        departments: {
          table: 'b.d',
          tenantColumn: 'company',
          id: { column: 'id', type: 'bigint' },
          columns: { code: 'code', name: 'name' },
        },
        employees: {
          table: 'b.e',
          tenantColumn: 'company',
          id: { column: 'id', type: 'bigint' },
          columns: {
            email: 'email',
            lastName: 'ln',
            firstName: 'fn',
            lastNameKana: 'lk',
            firstNameKana: 'fk',
          },
        },
      },
    });
    await expect(storage.loadEmployees('acme')).rejects.toThrow(
      'Postgres storage: tenant id "acme" is not a bigint (mapping.tenant.type: the tenant column company holds bigint values).',
    );
  });

  it('J4/E10: a field left out of the mapping is not synced, and never reported as an update run after run', async () => {
    await db.exec(mappedDdl('m'));
    const base = mappedMapping('m');
    const { position: _position, ...columns } = base.employees.columns;
    const { sourceIdColumn: _source, ...employees } = base.employees;
    const storage = createPostgresStorage({
      client: db,
      schema: 'm',
      mapping: { ...base, employees: { ...employees, columns } },
    });
    await storage.migrate();
    const snapshot = buildHrbrainSnapshot({
      departments: [{ id: 'o1', name: '本社', code: 'HQ' }],
      members: [
        {
          id: 'mem-1',
          email: 'hanako@example.com',
          lastName: '山田',
          firstName: '花子',
          lastNameKana: 'ヤマダ',
          firstNameKana: 'ハナコ',
          departmentId: 'o1',
          position: '課長',
          gender: '女性',
        },
      ],
    });
    const source = { snapshot: async () => structuredClone(snapshot) };
    await runSync({ tenantId: 't', kind: 'departments', source, storage });
    const first = await runSync({ tenantId: 't', kind: 'employees', source, storage });
    expect(first.summary).toMatchObject({ created: 1, updated: 0 });
    expect((await db.query('select title, hr_member, sex from m.people')).rows).toEqual([
      { title: null, hr_member: null, sex: 2 },
    ]);
    const second = await runSync({ tenantId: 't', kind: 'employees', source, storage });
    expect(second.status).toBe('succeeded');
    expect(second.summary).toMatchObject({ created: 0, updated: 0, linked: 0, unchanged: 1 });
  });
});

import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type HrbrainSnapshot,
  planDepartmentSync,
  planEmployeeSync,
} from '@mikiwame/hrbrain-sync-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createFakeTenant } from '../src/fake-hrbrain.ts';
import { mapping } from '../src/mapping.ts';

// The example against a real PostgreSQL server loaded with the application's own tables
// (test/fixtures/existing-backend.sql), two companies and rows the application made itself.

const main = join(import.meta.dirname, '..', 'src', 'main.ts');
// The server test/setup/embedded-postgres.ts started for this run; `url(db)` names a database.
const url = (database: string) => {
  const server = new URL(inject('databaseUrl'));
  server.pathname = `/${database}`;
  return server.toString();
};

function runSyncCli(env: Record<string, string>) {
  const {
    DATABASE_URL: _d,
    COMPANY_ID: _c,
    HRBRAIN_URL: _u,
    HRBRAIN_CLIENT_ID: _i,
    HRBRAIN_CLIENT_SECRET: _s,
    ...inherited
  } = process.env;
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', main],
      { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Load the fixture (the application's DDL, as it ships it) into a new database. */
async function newDatabase(name: string): Promise<pg.Pool> {
  const admin = new pg.Client({ connectionString: url('postgres') });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: url(name), max: 2 });
  await pool.query(
    await readFile(join(import.meta.dirname, 'fixtures', 'existing-backend.sql'), 'utf8'),
  );
  return pool;
}

// What the seeded fake HRBrain holds, planned as into an empty company: the values to expect.
const tenant = createFakeTenant();
const snapshot = tenant.payload as unknown as HrbrainSnapshot;
const departmentPlan = planDepartmentSync({ snapshot, existing: [] });
const employeePlan = planEmployeeSync({
  snapshot,
  existing: [],
  departments: departmentPlan.creates,
});
const sexCode = mapping.employees.columns.gender.values;
const kindCode = mapping.employees.columns.employmentType.values;

const tables = (db: pg.Pool) =>
  db
    .query<{ t: string }>(
      `select schemaname || '.' || tablename as t from pg_tables
       where schemaname not in ('pg_catalog', 'information_schema') order by 1`,
    )
    .then((r) => r.rows.map((row) => row.t));
const columns = (db: pg.Pool) =>
  db
    .query(
      `select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
       where table_schema = 'public' order by table_name, ordinal_position`,
    )
    .then((r) => r.rows);
/** Every row of both tables with its row version (xmin changes whenever a row is written). */
const rowsOf = (db: pg.Pool, companyId: number) =>
  db
    .query<Record<string, unknown>>(
      `select 'unit' as t, xmin::text as xmin, to_jsonb(u) as row from org_units u where company_id = $1
       union all
       select 'staff', xmin::text, to_jsonb(s) from staff s where company_id = $1
       order by 1, 3`,
      [companyId],
    )
    .then((r) => r.rows);

describe('pnpm --filter @example/existing-tables sync, into existing-backend.sql', () => {
  let db: pg.Pool;
  const root = departmentPlan.creates.find((d) => d.parentCode === null)!;
  const changed = employeePlan.creates[0]!;
  const env = () => ({ DATABASE_URL: url('app'), COMPANY_ID: '1' });

  beforeAll(async () => {
    db = await newDatabase('app');
    await db.query(`insert into companies (id, name) values (1, 'Acme'), (2, 'Other Co')`);
    await db.query(`select setval('companies_id_seq', 2)`);
    const old = '2020-01-02T03:04:05Z';
    // Company 1: the root department exists already (the app's own sort order), one unit of
    // its own that HRBrain does not know, one employee HRBrain knows (another job title) and
    // one it does not; both have logged in.
    await db.query(
      `insert into org_units (company_id, unit_code, display_name, sort_order, created_at, updated_at)
       values (1, $1, $2, 7, $3, $3), (1, 'LOCAL-ONLY', 'App-only unit', 5, $3, $3),
              (2, $1, 'Other company root', 1, $3, $3)`,
      [root.code, root.name, old],
    );
    await db.query(
      `insert into staff (company_id, work_email, family_name, given_name, family_name_kana,
         given_name_kana, job_title, last_login_at, created_at, updated_at)
       values (1, $1, $2, $3, $4, $5, '旧役職', '2026-11-30T08:00:00Z', $6, $6),
              (1, 'contractor@acme.example', '外部', '太郎', 'ガイブ', 'タロウ', null, '2026-11-29T08:00:00Z', $6, $6),
              (2, $1, '別会社', '花子', 'ベツガイシャ', 'ハナコ', '社長', '2026-11-28T08:00:00Z', $6, $6)`,
      [
        changed.email,
        changed.lastName,
        changed.firstName,
        changed.lastNameKana,
        changed.firstNameKana,
        old,
      ],
    );
  });
  afterAll(() => db?.end());

  it('maps every value into the application columns and codes, keeps its own columns, touches no other company and writes nothing on a second run', async () => {
    const tablesBefore = await tables(db);
    const columnsBefore = await columns(db);
    const otherBefore = await rowsOf(db, 2);
    const untouchedBefore = (await rowsOf(db, 1)).filter(
      (r) =>
        JSON.stringify(r.row).includes('LOCAL-ONLY') ||
        JSON.stringify(r.row).includes('contractor@acme.example'),
    );

    const first = await runSyncCli(env());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^departments {2}\S+ +source \d+, created \d+/m);
    expect(first.stdout).toMatch(/^employees {4}\S+ +source \d+, created \d+/m);

    // D1/D10: every HRBrain department, its parent by id, its item id; the root kept its sort_order.
    const { rows: units } = await db.query<{
      id: string;
      unit_code: string;
      display_name: string;
      parent_code: string | null;
      hrbrain_item_id: string | null;
      sort_order: number;
    }>(
      `select u.id::text, u.unit_code, u.display_name, p.unit_code as parent_code, u.hrbrain_item_id, u.sort_order
       from org_units u left join org_units p on p.id = u.parent_id where u.company_id = 1`,
    );
    const unitByCode = new Map(units.map((u) => [u.unit_code, u]));
    for (const d of departmentPlan.creates) {
      expect(unitByCode.get(d.code), d.code).toMatchObject({
        display_name: d.name,
        parent_code: d.parentCode,
        hrbrain_item_id: d.sourceId,
      });
    }
    expect(unitByCode.get(root.code)?.sort_order).toBe(7);
    expect(unitByCode.get('LOCAL-ONLY')?.sort_order).toBe(5);

    // E1–E13: every employee in the application's columns and codes; org_unit_id → the right unit.
    const { rows: staff } = await db.query<Record<string, unknown>>(
      `select s.work_email, s.family_name, s.given_name, s.family_name_kana, s.given_name_kana,
         s.staff_no, to_char(s.birthday, 'YYYY-MM-DD') as birthday, u.unit_code, s.job_title,
         s.sex, s.contract_kind, s.is_retired, s.hrbrain_member_id, s.last_login_at
       from staff s left join org_units u on u.id = s.org_unit_id and u.company_id = s.company_id
       where s.company_id = 1`,
    );
    const staffByEmail = new Map(staff.map((s) => [String(s.work_email).toLowerCase(), s]));
    for (const e of employeePlan.creates) {
      expect(staffByEmail.get(e.email.toLowerCase()), e.email).toMatchObject({
        family_name: e.lastName,
        given_name: e.firstName,
        family_name_kana: e.lastNameKana,
        given_name_kana: e.firstNameKana,
        staff_no: e.employeeNumber,
        birthday: e.birthDate,
        unit_code: e.departmentCode,
        job_title: e.position,
        sex: e.gender === null ? null : sexCode[e.gender],
        contract_kind: e.employmentType === null ? null : kindCode[e.employmentType],
        is_retired: e.retired,
        hrbrain_member_id: e.sourceId,
      });
    }
    // The codes really are the application's: sex 1/2/9, contract_kind its six words.
    const sexes = new Set(staff.map((s) => s.sex).filter((v) => v !== null));
    expect([...sexes].every((v) => [1, 2, 9].includes(v as number))).toBe(true);
    expect(sexes.size).toBeGreaterThan(1);
    const kinds = new Set(staff.map((s) => s.contract_kind).filter((v) => v !== null));
    expect([...kinds].every((v) => Object.values(kindCode).includes(v as never))).toBe(true);
    expect(kinds.size).toBeGreaterThan(2);
    // The employee who existed keeps last_login_at; the app-only rows are not written at all.
    expect(staffByEmail.get(changed.email.toLowerCase())?.last_login_at).toEqual(
      new Date('2026-11-30T08:00:00Z'),
    );
    const untouchedAfter = (await rowsOf(db, 1)).filter(
      (r) =>
        JSON.stringify(r.row).includes('LOCAL-ONLY') ||
        JSON.stringify(r.row).includes('contractor@acme.example'),
    );
    expect(untouchedAfter).toEqual(untouchedBefore); // updated_at and xmin included

    // Nothing for the other company; no table created, altered or dropped outside "hrbrain".
    expect(await rowsOf(db, 2)).toEqual(otherBefore);
    const tablesAfter = await tables(db);
    expect(tablesAfter.filter((t) => !t.startsWith('hrbrain.'))).toEqual(tablesBefore);
    expect(tablesAfter).toContain('hrbrain.sync_runs');
    expect(await columns(db)).toEqual(columnsBefore);

    // A second run writes nothing: every row keeps its version and its updated_at.
    const company1 = await rowsOf(db, 1);
    const second = await runSyncCli(env());
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^departments .* created 0, updated 0, linked 0,/m);
    expect(second.stdout).toMatch(/^employees .* created 0, updated 0, linked 0,/m);
    expect(await rowsOf(db, 1)).toEqual(company1);
    expect(await rowsOf(db, 2)).toEqual(otherBefore);
  });

  it('refuses at start, in one line naming the column and the DDL, when the e-mail is not unique per company', async () => {
    const broken = await newDatabase('broken');
    try {
      await broken.query(`insert into companies (id, name) values (1, 'Acme')`);
      await broken.query('drop index staff_company_email');
      const result = await runSyncCli({ DATABASE_URL: url('broken'), COMPANY_ID: '1' });
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('public.staff');
      expect(lines[0]).toContain('lower(work_email)');
      expect(lines[0]).toContain('create unique index');
      expect(lines[0]).toContain('on public.staff (company_id, lower(work_email));');
      // Nothing was created: not even the adapter's own schema.
      expect((await tables(broken)).filter((t) => t.startsWith('hrbrain.'))).toEqual([]);
    } finally {
      await broken.end();
    }
  });

  it('says which settings are missing, in one line', async () => {
    const result = await runSyncCli({
      DATABASE_URL: url('app'),
      COMPANY_ID: '1',
      HRBRAIN_URL: 'http://127.0.0.1:1',
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      'existing-tables: Set all of HRBRAIN_URL, HRBRAIN_CLIENT_ID and HRBRAIN_CLIENT_SECRET, or none (a seeded fake HRBrain); missing: HRBRAIN_CLIENT_ID, HRBRAIN_CLIENT_SECRET.',
    );
  });
});

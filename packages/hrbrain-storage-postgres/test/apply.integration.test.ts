import { applyDepartmentPlan, applyEmployeePlan } from '@mikiwame/hrbrain-storage-testkit';
import { type EmployeeUpdate, StalePlanError, type SyncStorage } from '@mikiwame/hrbrain-sync-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PgPoolLike } from '../src/client';
import { createPostgresStorage } from '../src/index';
import { newPglite, serverPool, uniqueSchema } from './setup/databases';
import { departmentPlan, employee, employeePlan, employees } from './setup/plans';

const pool = serverPool();
afterAll(() => pool.end());

async function freshStorage(client: PgPoolLike = pool) {
  const schema = uniqueSchema('apply');
  const storage = createPostgresStorage({ client, schema });
  await storage.migrate();
  return { storage, schema };
}

/** Row versions: `xmin` changes whenever Postgres writes a row. */
async function xmins(schema: string, table: string): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ id: string; xmin: string }>(
    `select id::text, xmin::text from "${schema}".${table}`,
  );
  return new Map(rows.map((r) => [r.id, r.xmin]));
}

const hostile = [
  "'); drop table employees; --",
  'Robert"); DROP TABLE "hrbrain"."departments"; --',
  '😀👨‍👩‍👧‍👦 絵文字 🏢',
  '\\N',
  'NULL',
  '{"a",b}',
  'tab\there\nnew line',
  '  leading and trailing  ',
  'ｶﾀｶﾅ ﾊﾝｶｸ',
];

describe.each([
  ['pg.Pool on a real server', async () => ({ client: pool as PgPoolLike, close: async () => {} })],
  [
    'PGlite',
    async () => {
      const db = await newPglite();
      return { client: db as unknown as PgPoolLike, close: () => db.close() };
    },
  ],
])('hostile strings via %s', (_name, open) => {
  let storage: SyncStorage;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const opened = await open();
    close = opened.close;
    const created = createPostgresStorage({
      client: opened.client,
      schema: uniqueSchema('hostile'),
    });
    await created.migrate();
    storage = created;
  });
  afterAll(() => close());

  it('stores SQL-injection strings and emoji as parameters and reads them back exactly', async () => {
    const tenantId = "tenant'); delete from departments; --";
    await applyDepartmentPlan(
      storage,
      tenantId,
      departmentPlan(
        hostile.map((name, i) => ({
          code: `${name}#${i}`,
          name,
          parentCode: i === 0 ? null : `${hostile[0]}#0`,
          sourceId: name,
        })),
      ),
    );
    const stored = await storage.loadDepartments(tenantId);
    expect(
      stored
        .map(({ code, name, parentCode, sourceId }) => ({ code, name, parentCode, sourceId }))
        .sort((a, b) => a.code.localeCompare(b.code)),
    ).toEqual(
      hostile
        .map((name, i) => ({
          code: `${name}#${i}`,
          name,
          parentCode: i === 0 ? null : `${hostile[0]}#0`,
          sourceId: name,
        }))
        .sort((a, b) => a.code.localeCompare(b.code)),
    );
    await applyEmployeePlan(
      storage,
      tenantId,
      employeePlan(
        hostile.map((text, i) =>
          employee(i, {
            lastName: text,
            firstName: text,
            position: text,
            email: `${i}.😀@example.com`,
          }),
        ),
      ),
    );
    const people = await storage.loadEmployees(tenantId);
    expect(people.map((p) => p.lastName).sort()).toEqual([...hostile].sort());
    expect(people.map((p) => p.email).sort()).toEqual(
      hostile.map((_, i) => `${i}.😀@example.com`).sort(),
    );
    await storage.saveConnection({
      tenantId,
      clientId: hostile[0]!,
      clientSecret: hostile[2]!,
      connectedAt: new Date('2026-01-02T03:04:05.678Z'),
      connectedBy: hostile[1]!,
    });
    expect(await storage.getConnection(tenantId)).toEqual({
      tenantId,
      clientId: hostile[0],
      clientSecret: hostile[2],
      connectedAt: new Date('2026-01-02T03:04:05.678Z'),
      connectedBy: hostile[1],
    });
    // Nothing was dropped: the other tables still answer.
    expect(await storage.listRuns(tenantId)).toEqual({ runs: [], nextCursor: null });
  });
});

describe('applying plans on a real server', () => {
  it('D1/D5 resolves parents by code in SQL: a 12-level chain created in one plan, in any order', async () => {
    const { storage } = await freshStorage();
    const chain = Array.from({ length: 12 }, (_, i) => ({
      code: `L${i}`,
      name: `Level ${i}`,
      parentCode: i === 0 ? null : `L${i - 1}`,
      sourceId: `o-${i}`,
    }));
    const shuffled = [...chain].reverse();
    expect(await applyDepartmentPlan(storage, 't', departmentPlan(shuffled))).toMatchObject({
      created: 12,
      updated: 0,
    });
    const stored = new Map((await storage.loadDepartments('t')).map((d) => [d.code, d.parentCode]));
    for (const d of chain) expect(stored.get(d.code)).toBe(d.parentCode);
  });

  it('applies thousands of rows with a constant number of statements (set-based, never per row)', async () => {
    const { schema } = await freshStorage();
    const statements: string[] = [];
    const counting: PgPoolLike = {
      query: (text: string, values?: unknown[]) => {
        statements.push(text);
        return pool.query(text, values) as never;
      },
      connect: async () => {
        const client = await pool.connect();
        return {
          query: (text: string, values?: unknown[]) => {
            statements.push(text);
            return client.query(text, values) as never;
          },
          release: (destroy?: Error | boolean) => client.release(destroy),
        };
      },
    };
    Object.assign(counting, { totalCount: 0 });
    const storage = createPostgresStorage({ client: counting, schema });
    await applyEmployeePlan(storage, 't', employeePlan(employees(5_000)));
    const stored = await storage.loadEmployees('t');
    statements.length = 0;
    const updates: EmployeeUpdate[] = stored.slice(0, 3_000).map((e) => ({
      id: e.id,
      sourceId: e.sourceId ?? '',
      values: { ...e, position: '課長' },
      changes: [{ field: 'position', from: e.position, to: '課長' }],
    }));
    const result = await applyEmployeePlan(
      storage,
      't',
      employeePlan(employees(4_000, 5_000), updates),
    );
    expect(result).toMatchObject({ created: 4_000, updated: 3_000 });
    // begin, insert, update, commit — whatever the number of rows.
    expect(statements.map((sql) => sql.trim().split(/\s+/)[0]?.toLowerCase())).toEqual([
      'begin',
      'insert',
      'update',
      'commit',
    ]);
  });

  it('D8/E10 writes only the fields in `changes`, leaves unchanged rows and unmapped columns alone', async () => {
    const { storage, schema } = await freshStorage();
    await pool.query(`alter table "${schema}".employees add column note text`);
    await applyEmployeePlan(storage, 't', employeePlan(employees(3)));
    await pool.query(
      `update "${schema}".employees set note = 'kept by the app', extra = '{"slack":"@x"}'`,
    );
    const [a, b, c] = (await storage.loadEmployees('t')).sort((x, y) =>
      x.email.localeCompare(y.email),
    );
    const before = await xmins(schema, 'employees');
    // `values` says more than `changes`: only `changes` may be written.
    const update: EmployeeUpdate = {
      id: a!.id,
      sourceId: a!.sourceId ?? '',
      values: { ...a!, firstName: '次郎', position: 'ignored', retired: true },
      changes: [{ field: 'firstName', from: a!.firstName, to: '次郎' }],
    };
    expect(await applyEmployeePlan(storage, 't', employeePlan([], [update]))).toMatchObject({
      created: 0,
      updated: 1,
    });
    const after = await xmins(schema, 'employees');
    expect(after.get(a!.id)).not.toBe(before.get(a!.id));
    expect(after.get(b!.id)).toBe(before.get(b!.id));
    expect(after.get(c!.id)).toBe(before.get(c!.id));
    const reread = (await storage.loadEmployees('t')).find((e) => e.id === a!.id);
    expect(reread).toEqual({ ...a, firstName: '次郎' });
    const { rows } = await pool.query(`select note, extra from "${schema}".employees`);
    expect(rows).toEqual(Array(3).fill({ note: 'kept by the app', extra: { slack: '@x' } }));
  });

  it('E13 keeps birth dates as calendar dates whatever the session time zone', async () => {
    const { storage, schema } = await freshStorage();
    // UTC+14: a date turned into a JS Date at local midnight would shift a day.
    const tz = new pg.Pool({
      connectionString: inject('databaseUrl'),
      options: '-c TimeZone=Pacific/Kiritimati',
      max: 1,
    });
    try {
      const s = createPostgresStorage({ client: tz, schema });
      await applyEmployeePlan(s, 't', employeePlan([employee(1, { birthDate: '2000-01-01' })]));
      expect((await storage.loadEmployees('t'))[0]?.birthDate).toBe('2000-01-01');
      expect((await s.loadEmployees('t'))[0]?.birthDate).toBe('2000-01-01');
    } finally {
      await tz.end();
    }
  });

  it('J5 refuses a stale plan: a row changed between planning and applying → StalePlanError, nothing written', async () => {
    const { storage, schema } = await freshStorage();
    await applyEmployeePlan(storage, 't', employeePlan(employees(10)));
    const planned = (await storage.loadEmployees('t')).sort((x, y) =>
      x.email.localeCompare(y.email),
    );
    // Someone edits employee #5 in the app after the plan was made.
    await pool.query(`update "${schema}".employees set position = '部長' where id = $1`, [
      planned[5]!.id,
    ]);
    const before = await pool.query(`select *, xmin::text from "${schema}".employees order by id`);
    const updates: EmployeeUpdate[] = planned.map((e) => ({
      id: e.id,
      sourceId: e.sourceId ?? '',
      values: { ...e, position: '係長' },
      changes: [{ field: 'position', from: e.position, to: '係長' }],
    }));
    const error = await applyEmployeePlan(
      storage,
      't',
      employeePlan(employees(5, 100), updates),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StalePlanError);
    expect((error as StalePlanError).details).toEqual({
      id: planned[5]!.id,
      key: planned[5]!.email,
    });
    const after = await pool.query(`select *, xmin::text from "${schema}".employees order by id`);
    expect(after.rows).toEqual(before.rows);
  });

  it('E1 refuses a create whose e-mail was stored (in any case) after planning, naming it', async () => {
    const { storage } = await freshStorage();
    await applyEmployeePlan(
      storage,
      't',
      employeePlan([employee(1, { email: 'Taken@Example.com' })]),
    );
    const error = await applyEmployeePlan(
      storage,
      't',
      employeePlan([employee(2), employee(3, { email: 'taken@example.COM' })]),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StalePlanError);
    expect((error as Error).message).toContain('"taken@example.com" already exists');
    expect((error as StalePlanError).details).toEqual({ key: 'taken@example.com' });
    expect((await storage.loadEmployees('t')).map((e) => e.email)).toEqual(['Taken@Example.com']);
  });

  it('D1 refuses a department update whose new parent no longer exists', async () => {
    const { storage } = await freshStorage();
    await applyDepartmentPlan(
      storage,
      't',
      departmentPlan([
        { code: 'A', name: 'A', parentCode: null, sourceId: '1' },
        { code: 'B', name: 'B', parentCode: null, sourceId: '2' },
      ]),
    );
    const b = (await storage.loadDepartments('t')).find((d) => d.code === 'B')!;
    const error = await applyDepartmentPlan(
      storage,
      't',
      departmentPlan(
        [],
        [
          {
            id: b.id,
            sourceId: '2',
            values: { code: 'B', name: 'B', parentCode: 'GONE' },
            changes: [{ field: 'parentCode', from: null, to: 'GONE' }],
          },
        ],
      ),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StalePlanError);
  });
});

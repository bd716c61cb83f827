import {
  applyEmployeePlan,
  buildHrbrainSnapshot,
  type SnapshotDepartment,
  type SnapshotMember,
} from '@mikiwame/hrbrain-storage-testkit';
import {
  planEmployeeSync,
  runFullSync,
  runSync,
  StalePlanError,
} from '@mikiwame/hrbrain-sync-core';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createPostgresStorage } from '../src/index';
import { serverPool, uniqueSchema } from './setup/databases';
import { mappedDdl, mappedMapping } from './setup/mapped-schema';

// The real planners and runSync from @mikiwame/hrbrain-sync-core over this adapter on a real
// server: what the adapter loads must be exactly what the planner compares (the `from`
// values of the next plan), or the second run would not be a no-op.

const pool = serverPool(6);
afterAll(() => pool.end());

function departmentTree(): SnapshotDepartment[] {
  return [
    {
      id: 'o-root',
      name: '本社',
      code: 'HQ',
      children: Array.from({ length: 8 }, (_, i) => ({
        id: `o-${i}`,
        name: `第${i + 1}事業部`,
        code: `BU${i}`,
        children: [{ id: `o-${i}-1`, name: `開発${i}課`, code: `BU${i}-DEV` }],
      })),
    },
  ];
}

function members(
  count: number,
  positionOf: (i: number) => '部長' | '課長' | '一般',
): SnapshotMember[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `m-${i}`,
    email: i % 7 === 0 ? `Person${i}@Example.co.jp` : `person${i}@example.co.jp`,
    lastName: '佐藤',
    firstName: `花子${i}`,
    lastNameKana: 'さとう',
    firstNameKana: 'ﾊﾅｺ',
    departmentId: `o-${i % 8}-1`,
    status: i % 25 === 0 ? '退職済み' : '在籍',
    employeeNumber: `E-${i}`,
    birthDate: `1985/0${(i % 9) + 1}/1${i % 10}`,
    gender: i % 2 ? '女性' : '男性',
    employmentType: '正社員',
    position: positionOf(i),
  }));
}

async function rowVersions(schema: string): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ id: string; xmin: string }>(
    `select id::text, xmin::text from "${schema}".employees`,
  );
  return new Map(rows.map((r) => [r.id, r.xmin]));
}

describe('runSync over the Postgres adapter', () => {
  it('J1/J4 syncs departments then employees, a second run is a no-op, a 2 % change writes only those rows', async () => {
    const schema = uniqueSchema('runsync');
    const storage = createPostgresStorage({ client: pool, schema });
    await storage.migrate();
    const tenantId = 'acme';
    let snapshot = buildHrbrainSnapshot({
      departments: departmentTree(),
      members: members(500, () => '一般'),
    });
    const source = { snapshot: async () => snapshot };

    const departments = await runSync({ tenantId, kind: 'departments', source, storage });
    expect(departments.status).toBe('succeeded');
    expect(departments.summary).toMatchObject({ created: 17, updated: 0 });
    const employees = await runSync({ tenantId, kind: 'employees', source, storage });
    expect(employees.status).toBe('succeeded');
    expect(employees.summary).toMatchObject({ created: 500, updated: 0, skipped: 0 });

    // E13: kana normalised, dates as ISO calendar dates, E7: retired from 退職済み.
    const stored = await storage.loadEmployees(tenantId);
    const first = stored.find((e) => e.sourceId === 'm-0');
    expect(first).toMatchObject({
      email: 'Person0@Example.co.jp',
      lastNameKana: 'サトウ',
      firstNameKana: 'ハナコ',
      birthDate: '1985-01-10',
      retired: true,
      departmentCode: 'BU0-DEV',
    });

    const before = await rowVersions(schema);
    const again = await runSync({ tenantId, kind: 'employees', source, storage });
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 500 });
    expect(await rowVersions(schema)).toEqual(before);
    const departmentsAgain = await runSync({ tenantId, kind: 'departments', source, storage });
    expect(departmentsAgain.summary).toMatchObject({ created: 0, updated: 0, unchanged: 17 });

    // 10 of 500 promoted in HRBrain: exactly those rows are written.
    snapshot = buildHrbrainSnapshot({
      departments: departmentTree(),
      members: members(500, (i) => (i % 50 === 3 ? '課長' : '一般')),
    });
    const changed = await runSync({ tenantId, kind: 'employees', source, storage });
    expect(changed.summary).toMatchObject({ created: 0, updated: 10, unchanged: 490 });
    const after = await rowVersions(schema);
    const rewritten = [...after].filter(([id, xmin]) => before.get(id) !== xmin).map(([id]) => id);
    const promoted = (await storage.loadEmployees(tenantId))
      .filter((e) => e.position === '課長')
      .map((e) => e.id);
    expect(rewritten.sort()).toEqual(promoted.sort());
    expect(promoted).toHaveLength(10);

    const { runs } = await storage.listRuns(tenantId);
    expect(runs.map((r) => [r.kind, r.status])).toEqual([
      ['employees', 'succeeded'],
      ['departments', 'succeeded'],
      ['employees', 'succeeded'],
      ['employees', 'succeeded'],
      ['departments', 'succeeded'],
    ]);
  });

  it('J5 a plan made by the real planner is refused when a row changes before it is applied', async () => {
    const schema = uniqueSchema('stale');
    const storage = createPostgresStorage({ client: pool, schema });
    await storage.migrate();
    const tenantId = 'acme';
    const source = {
      snapshot: async () =>
        buildHrbrainSnapshot({ departments: departmentTree(), members: members(50, () => '一般') }),
    };
    await runSync({ tenantId, kind: 'departments', source, storage });
    await runSync({ tenantId, kind: 'employees', source, storage });

    // HRBrain promotes three people; plan against the store as it is now.
    const snapshot = buildHrbrainSnapshot({
      departments: departmentTree(),
      members: members(60, (i) => (i < 3 ? '部長' : '一般')),
    });
    const plan = planEmployeeSync({
      snapshot,
      existing: await storage.loadEmployees(tenantId),
      departments: await storage.loadDepartments(tenantId),
    });
    expect(plan.creates).toHaveLength(10);
    expect(plan.updates).toHaveLength(3);

    // Meanwhile an admin sets the position of one of them by hand in the app.
    const edited = plan.updates[2]!;
    await pool.query(`update "${schema}".employees set position = '課長' where id = $1`, [
      edited.id,
    ]);
    const before = await pool.query(`select *, xmin::text from "${schema}".employees order by id`);
    const error = await applyEmployeePlan(storage, tenantId, plan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StalePlanError);
    expect((error as StalePlanError).details.id).toBe(edited.id);
    const after = await pool.query(`select *, xmin::text from "${schema}".employees order by id`);
    expect(after.rows).toEqual(before.rows);

    // Planning again from the current data applies cleanly.
    const replanned = planEmployeeSync({
      snapshot,
      existing: await storage.loadEmployees(tenantId),
      departments: await storage.loadDepartments(tenantId),
    });
    expect(await applyEmployeePlan(storage, tenantId, replanned)).toMatchObject({
      created: 10,
      updated: 3,
    });
  });

  it.each([
    ['a pool of two connections (room for one run lock only)', 2],
    ['a pool of three', 3],
    ['one pg.Client', 0],
  ])(
    'E11/J5: runFullSync over %s (its early employees lock fits, or is skipped): the runs succeed and the second full sync is a no-op',
    async (_label, max) => {
      const client =
        max === 0 ? new pg.Client({ connectionString: inject('databaseUrl') }) : serverPool(max);
      if (client instanceof pg.Client) await client.connect();
      try {
        const storage = createPostgresStorage({ client, schema: uniqueSchema('fullsync') });
        await storage.migrate();
        const snapshot = buildHrbrainSnapshot({
          departments: departmentTree(),
          members: members(200, () => '一般'),
        });
        const source = { snapshot: async () => structuredClone(snapshot) };
        const first = await runFullSync({ tenantId: 'acme', source, storage });
        expect(first.departments.status).not.toBe('failed');
        expect(first.employees?.status).not.toBe('failed');
        expect(first.employees?.summary?.created).toBeGreaterThan(150);
        const again = await runFullSync({ tenantId: 'acme', source, storage });
        expect(again.departments.summary).toMatchObject({ created: 0, updated: 0 });
        expect(again.employees?.summary).toMatchObject({
          created: 0,
          updated: 0,
          unchanged: first.employees?.summary?.created,
        });
      } finally {
        await client.end();
      }
    },
  );

  it("E11/D10: runFullSync over tables that link an employee's 主部署 by id: a section whose code changed in HRBrain is a new department (D1) and its 10 employees move to it in the same full sync, nothing stale", async () => {
    const schema = uniqueSchema('byid');
    const app = `${schema}_app`;
    await pool.query(mappedDdl(app, { departmentLink: 'id' }));
    const storage = createPostgresStorage({
      client: pool,
      schema,
      mapping: mappedMapping(app, { departmentLink: 'id' }),
    });
    await storage.migrate();
    const tree = departmentTree();
    const snapshot = buildHrbrainSnapshot({
      departments: tree,
      members: members(80, () => '一般'),
    });
    const source = { snapshot: async () => structuredClone(snapshot) };
    const first = await runFullSync({ tenantId: 'acme', source, storage });
    expect(first.employees?.status).not.toBe('failed');
    expect(first.employees?.summary?.created).toBeGreaterThan(50);

    // HR renames a section's code (same HRBrain id): 10 employees sit in it.
    const renamed = structuredClone(tree);
    const section = renamed[0]?.children?.[3]?.children?.[0];
    if (!section) throw new Error('fixture');
    section.code = 'BU3-DEV-NEW';
    const changed = buildHrbrainSnapshot({
      departments: renamed,
      members: members(80, () => '一般'),
    });
    const again = await runFullSync({
      tenantId: 'acme',
      source: { snapshot: async () => structuredClone(changed) },
      storage,
    });
    // D1/D10: the new code is a new department; the old one stays (warning DEPARTMENT_CODE_CHANGED).
    expect(again.departments.summary).toMatchObject({ created: 1, updated: 0, notInSource: 1 });
    // The employees run plans against the departments as the departments run left them.
    expect(again.employees?.status, JSON.stringify(again.employees?.failure)).not.toBe('failed');
    expect(again.employees?.summary).toMatchObject({ created: 0, updated: 10 });
    const { rows } = await pool.query(
      `select count(*)::int as n from "${app}".people p join "${app}".units u using (unit_id)
        where u.unit_code = 'BU3-DEV-NEW'`,
    );
    expect(rows[0].n).toBe(10);
  });
});

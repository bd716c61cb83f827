import { describe, expect, it } from 'vitest';
import { createPostgresStorage, migrations } from '../src/index';
import { serverPool, uniqueSchema } from './setup/databases';

// Issue 10: a user on the release before contract v2 (schema 0001 only) runs migrate() and
// keeps every row; old error rows read back without display fields, old summaries with
// `linked: 0`, and new runs store the display fields.

describe('upgrading a database populated under schema 0001', () => {
  it('migrate() applies 0002 only, keeps every row, and the upgraded store works', async () => {
    const pool = serverPool(4);
    const schema = uniqueSchema('upgrade');
    const s = `"${schema}"`;
    try {
      // The state a user of the previous release has: 0001 applied and recorded, data in it.
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(`create schema ${s}`);
        await client.query(
          `create table ${s}.schema_migrations (name text primary key, applied_at timestamptz not null default now())`,
        );
        await client.query(`set local search_path to ${s}`);
        await client.query(migrations[0]!.sql);
        await client.query(`insert into ${s}.schema_migrations (name) values ('0001_init')`);
        await client.query(`insert into ${s}.departments (tenant_id, id, code, name, source_id)
          values ('t', '00000000-0000-4000-8000-000000000001', 'HQ', '本社', 'item-hq')`);
        await client.query(`insert into ${s}.employees (tenant_id, email, last_name, first_name,
            last_name_kana, first_name_kana, department_code, source_id)
          values ('t', 'Taro@Example.co.jp', '鈴木', '太郎', 'スズキ', 'タロウ', 'HQ', 'mem-1')`);
        await client.query(`insert into ${s}.sync_runs (tenant_id, id, kind, status, started_at,
            finished_at, summary, error_count, warning_count)
          values ('t', '00000000-0000-4000-8000-0000000000aa', 'employees', 'completed_with_errors',
            now(), now(), '{"source":2,"created":1,"updated":0,"unchanged":0,"skipped":1,"warnings":0,"notInSource":0}',
            1, 0)`);
        await client.query(`insert into ${s}.sync_run_errors (tenant_id, run_id, position, severity,
            code, rule, source_id, source_key, field, value, message_ja, message_en)
          values ('t', '00000000-0000-4000-8000-0000000000aa', 1, 'error', 'EMPLOYEE_EMAIL_MISSING',
            'E3', 'mem-2', '', 'email', null, 'メールアドレスがありません', 'No e-mail')`);
        await client.query(`insert into ${s}.connections (tenant_id, client_id, client_secret, connected_at)
          values ('t', 'acme', 'sealed-secret', now())`);
        await client.query('commit');
      } finally {
        client.release();
      }
      const counts = async () =>
        (
          await pool.query(
            `select (select count(*) from ${s}.departments)::int as d,
               (select count(*) from ${s}.employees)::int as e,
               (select count(*) from ${s}.sync_runs)::int as r,
               (select count(*) from ${s}.sync_run_errors)::int as x,
               (select count(*) from ${s}.connections)::int as c`,
          )
        ).rows[0];
      const before = await counts();

      const storage = createPostgresStorage({ client: pool, schema });
      expect(await storage.migrate()).toEqual({
        applied: ['0002_contract_v2', '0003_run_trigger', '0004_email_key_trim'],
      });
      expect(await counts()).toEqual(before);

      const oldRun = await storage.getRun('t', '00000000-0000-4000-8000-0000000000aa');
      expect(oldRun?.summary).toMatchObject({ created: 1, linked: 0 });
      // T1: runs stored before 0003 were started by hand.
      expect(oldRun?.trigger).toEqual({ type: 'manual', by: null, deliveryId: null });
      expect(await storage.listRunErrors('t', oldRun!.id)).toEqual([
        {
          severity: 'error',
          code: 'EMPLOYEE_EMAIL_MISSING',
          rule: 'E3',
          sourceId: 'mem-2',
          sourceKey: '',
          field: 'email',
          messageJa: 'メールアドレスがありません',
          messageEn: 'No e-mail',
        },
      ]);
      expect((await storage.loadEmployees('t')).map((e) => e.email)).toEqual([
        'Taro@Example.co.jp',
      ]);
      expect((await storage.getConnection('t'))?.clientSecret).toBe('sealed-secret');

      // New runs on the upgraded schema keep the display fields (DECISIONS #1).
      const run = await storage.createRun({
        tenantId: 't',
        kind: 'employees',
        dryRun: false,
        status: 'running',
      });
      const row = {
        severity: 'warning' as const,
        code: 'EMPLOYEE_NUMBER_INVALID' as const,
        rule: 'E5',
        sourceId: 'mem-1',
        sourceKey: 'taro@example.co.jp',
        messageJa: '従業員番号',
        messageEn: 'Employee number',
        subjectName: '鈴木 太郎',
        subjectCode: 'A-1',
      };
      await storage.finishRun({
        tenantId: 't',
        runId: run.id,
        outcome: { status: 'completed_with_errors', summary: null, failure: null, errors: [row] },
      });
      expect(await storage.listRunErrors('t', run.id)).toEqual([row]);
      expect(await storage.migrate()).toEqual({ applied: [] });
    } finally {
      await pool.end();
    }
  });

  it('E1 migrate() 0003 trims the e-mail key: a stored " Taro@Example.co.jp " blocks a create of taro@example.co.jp; rows that would clash stop the migration with every row kept', async () => {
    const pool = serverPool(2);
    const s = (schema: string) => `"${schema}"`;
    const underV2 = async (schema: string, emails: string[]) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(`create schema ${s(schema)}`);
        await client.query(
          `create table ${s(schema)}.schema_migrations (name text primary key, applied_at timestamptz not null default now())`,
        );
        await client.query(`set local search_path to ${s(schema)}`);
        for (const m of migrations.slice(0, 3)) {
          await client.query(m.sql);
          await client.query(`insert into ${s(schema)}.schema_migrations (name) values ($1)`, [
            m.name,
          ]);
        }
        for (const [i, email] of emails.entries()) {
          await client.query(
            `insert into ${s(schema)}.employees (tenant_id, email, last_name, first_name,
              last_name_kana, first_name_kana, source_id) values ('t', $1, '鈴木', '太郎', 'スズキ', 'タロウ', $2)`,
            [email, `mem-${i}`],
          );
        }
        await client.query('commit');
      } finally {
        client.release();
      }
    };
    try {
      const clean = uniqueSchema('upgrade_trim');
      await underV2(clean, [' Taro@Example.co.jp ']);
      const storage = createPostgresStorage({ client: pool, schema: clean });
      expect(await storage.migrate()).toEqual({ applied: ['0004_email_key_trim'] });
      await expect(
        pool.query(
          `insert into ${s(clean)}.employees (tenant_id, email, last_name, first_name,
            last_name_kana, first_name_kana) values ('t', '\u3000taro@example.co.jp', '鈴木', '太郎', 'スズキ', 'タロウ')`,
        ),
      ).rejects.toMatchObject({ code: '23505', constraint: 'employees_email_key' });

      const clashing = uniqueSchema('upgrade_clash');
      await underV2(clashing, [
        ' Taro@Example.co.jp ',
        'taro@example.co.jp',
        'hanako@example.co.jp',
      ]);
      const blocked = createPostgresStorage({ client: pool, schema: clashing });
      const error = await blocked.migrate().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(String((error as Error | undefined)?.message ?? error)).toMatch(/migration 0004/);
      expect(JSON.stringify(error)).not.toMatch(/taro@example/i);
      const { rows } = await pool.query(`select count(*)::int as n from ${s(clashing)}.employees`);
      expect(rows[0].n).toBe(3);
      const recorded = await pool.query(`select name from ${s(clashing)}.schema_migrations`);
      expect(recorded.rows.map((r) => r.name).sort()).toEqual([
        '0001_init',
        '0002_contract_v2',
        '0003_run_trigger',
      ]);
    } finally {
      await pool.end();
    }
  });
});

import type { StorageInspector } from '@mikiwame/hrbrain-storage-testkit';
import type { ErrorRow, SyncKind } from '@mikiwame/hrbrain-sync-core';

/** Anything that runs a parameterised query: a pg.Pool or PGlite. */
export interface Queryable {
  // biome-ignore lint/suspicious/noExplicitAny: pg and PGlite type their params as any[].
  query(text: string, params?: any[]): Promise<{ rows: unknown[] }>;
}

/**
 * Adds a column the sync does not map, as an application would (D8/E10: it must survive).
 * Run once after `migrate()`.
 */
export async function addNoteColumns(db: Queryable, schema: string) {
  await db.query(`alter table "${schema}".departments add column if not exists note text`);
  await db.query(`alter table "${schema}".employees add column if not exists note text`);
  // Fault injection for the atomic-outcome checks: while a tenant is listed, finishing one of
  // its runs raises — after applyPlan's data writes, inside the same transaction.
  await db.query(
    `create table if not exists "${schema}".test_outcome_faults (tenant_id text primary key)`,
  );
  await db.query(`create or replace function "${schema}".test_outcome_fault() returns trigger
    language plpgsql as $$
    begin
      if exists (select 1 from "${schema}".test_outcome_faults f where f.tenant_id = new.tenant_id) then
        raise exception 'injected fault: the outcome write failed';
      end if;
      return new;
    end $$`);
  await db.query(`drop trigger if exists test_outcome_fault on "${schema}".sync_runs`);
  await db.query(`create trigger test_outcome_fault before update on "${schema}".sync_runs
    for each row when (new.finished_at is not null and old.finished_at is null)
    execute function "${schema}".test_outcome_fault()`);
}

/**
 * Reads what is really stored, in SQL, bypassing the adapter (for the conformance kit).
 * `revisions` are Postgres row versions (`xmin`): they change whenever a row is written.
 */
export function postgresInspector(db: Queryable, schema: string): StorageInspector {
  const s = `"${schema}"`;
  const rows = async <T>(sql: string, params: unknown[]) =>
    (await db.query(sql, params)).rows as T[];
  const tableOf = (kind: SyncKind) => (kind === 'departments' ? 'departments' : 'employees');
  return {
    departments: (tenantId) =>
      rows(
        `select d.id::text as id, d.code, d.name, p.code as "parentCode", d.source_id as "sourceId"
         from ${s}.departments d
         left join ${s}.departments p on p.tenant_id = d.tenant_id and p.id = d.parent_id
         where d.tenant_id = $1`,
        [tenantId],
      ),
    employees: (tenantId) =>
      rows(
        `select id::text as id, source_id as "sourceId", email, last_name as "lastName",
           first_name as "firstName", last_name_kana as "lastNameKana",
           first_name_kana as "firstNameKana", employee_number as "employeeNumber",
           to_char(birth_date, 'YYYY-MM-DD') as "birthDate", department_code as "departmentCode",
           position, gender, employment_type as "employmentType", retired
         from ${s}.employees where tenant_id = $1`,
        [tenantId],
      ),
    runs: (tenantId) =>
      rows(`select id::text as id, kind, status from ${s}.sync_runs where tenant_id = $1`, [
        tenantId,
      ]),
    connection: async (tenantId) =>
      (
        await rows<{ clientId: string; clientSecret: string }>(
          `select client_id as "clientId", client_secret as "clientSecret"
           from ${s}.connections where tenant_id = $1`,
          [tenantId],
        )
      )[0] ?? null,
    runErrors: async (tenantId, runId) => {
      const stored = await rows<Record<string, string | null>>(
        `select severity, code, rule, source_id, source_key, field, value, message_ja, message_en,
           subject_name, subject_code
         from ${s}.sync_run_errors where tenant_id = $1 and run_id::text = $2 order by position`,
        [tenantId, runId],
      );
      return stored.map((r) => {
        const row = {
          severity: r.severity,
          code: r.code,
          rule: r.rule,
          sourceId: r.source_id,
          sourceKey: r.source_key,
          messageJa: r.message_ja,
          messageEn: r.message_en,
        } as ErrorRow;
        if (r.field !== null) row.field = r.field as string;
        if (r.value !== null) row.value = r.value as string;
        if (r.subject_name !== null) row.subjectName = r.subject_name as string;
        if (r.subject_code !== null) row.subjectCode = r.subject_code as string;
        return row;
      });
    },
    revisions: async (kind, tenantId) => {
      const stored = await rows<{ id: string; xmin: string }>(
        `select id::text as id, xmin::text as xmin from ${s}.${tableOf(kind)} where tenant_id = $1`,
        [tenantId],
      );
      return Object.fromEntries(stored.map((r) => [r.id, r.xmin]));
    },
    async failOutcomeWrites(tenantId) {
      await db.query(`insert into ${s}.test_outcome_faults (tenant_id) values ($1)`, [tenantId]);
      return {
        async remove() {
          await db.query(`delete from ${s}.test_outcome_faults where tenant_id = $1`, [tenantId]);
        },
      };
    },
    unmapped: {
      async set(kind, tenantId, id, value) {
        await db.query(
          `update ${s}.${tableOf(kind)} set note = $3 where tenant_id = $1 and id::text = $2`,
          [tenantId, id, value],
        );
      },
      async get(kind, tenantId, id) {
        const found = await rows<{ note: string | null }>(
          `select note from ${s}.${tableOf(kind)} where tenant_id = $1 and id::text = $2`,
          [tenantId, id],
        );
        return found[0]?.note ?? null;
      },
    },
  };
}

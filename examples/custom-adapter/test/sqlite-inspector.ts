import type { DatabaseSync } from 'node:sqlite';
import type { StorageInspector, StoredEmployee } from '@mikiwame/hrbrain-storage-testkit';
import type { ErrorRow, SyncKind } from '@mikiwame/hrbrain-sync-core';

type Row = Record<string, string | number | null>;

const tables: Record<SyncKind, string> = { departments: 'departments', employees: 'employees' };

/**
 * How the testkit sees what was REALLY stored: plain SQL on the tables, never the adapter's
 * own reads, so an adapter bug cannot hide itself.
 */
export function createSqliteInspector(db: DatabaseSync): StorageInspector {
  const rows = (sql: string, ...params: (string | number)[]) =>
    db.prepare(sql).all(...params) as Row[];
  const text = (value: string | number | null | undefined) =>
    value === null || value === undefined ? null : String(value);

  return {
    async departments(tenantId) {
      return rows(
        `select d.id, d.code, d.name, p.code as parent_code, d.source_id
           from departments d
           left join departments p on p.tenant_id = d.tenant_id and p.id = d.parent_id
          where d.tenant_id = ?`,
        tenantId,
      ).map((row) => ({
        id: String(row.id),
        code: String(row.code),
        name: String(row.name),
        parentCode: text(row.parent_code),
        sourceId: text(row.source_id),
      }));
    },

    async employees(tenantId) {
      return rows('select * from employees where tenant_id = ?', tenantId).map(
        (row): StoredEmployee => ({
          id: String(row.id),
          email: String(row.email),
          lastName: String(row.last_name),
          firstName: String(row.first_name),
          lastNameKana: String(row.last_name_kana),
          firstNameKana: String(row.first_name_kana),
          employeeNumber: text(row.employee_number),
          birthDate: text(row.birth_date),
          departmentCode: text(row.department_code),
          position: text(row.position),
          gender: text(row.gender) as StoredEmployee['gender'],
          employmentType: text(row.employment_type) as StoredEmployee['employmentType'],
          retired: row.retired === 1,
          sourceId: text(row.source_id),
        }),
      );
    },

    async runs(tenantId) {
      return rows('select id, kind, status from sync_runs where tenant_id = ?', tenantId).map(
        (row) => ({
          id: String(row.id),
          kind: String(row.kind) as SyncKind,
          status: String(row.status) as never,
        }),
      );
    },

    async connection(tenantId) {
      const [row] = rows(
        'select client_id, client_secret from hrbrain_connections where tenant_id = ?',
        tenantId,
      );
      return row
        ? { clientId: String(row.client_id), clientSecret: String(row.client_secret) }
        : null;
    },

    async runErrors(tenantId, runId) {
      return rows(
        'select * from sync_run_errors where tenant_id = ? and run_id = ? order by position',
        tenantId,
        runId,
      ).map((row) => {
        const error: ErrorRow = {
          severity: String(row.severity) as ErrorRow['severity'],
          code: String(row.code) as ErrorRow['code'],
          rule: String(row.rule),
          sourceId: String(row.source_id),
          sourceKey: String(row.source_key),
          messageJa: String(row.message_ja),
          messageEn: String(row.message_en),
        };
        if (row.field !== null) error.field = String(row.field);
        if (row.value !== null) error.value = String(row.value);
        if (row.subject_name !== null) error.subjectName = String(row.subject_name);
        if (row.subject_code !== null) error.subjectCode = String(row.subject_code);
        return error;
      });
    },

    // Fault injection (atomic outcome): a trigger that aborts the finishing write of a run.
    async failOutcomeWrites(tenantId) {
      db.exec(`create table if not exists test_outcome_faults (tenant_id text primary key);
        create trigger if not exists test_outcome_fault before update of finished_at on sync_runs
        when new.finished_at is not null and old.finished_at is null
          and exists (select 1 from test_outcome_faults f where f.tenant_id = new.tenant_id)
        begin select raise(abort, 'injected fault: the outcome write failed'); end;`);
      db.prepare('insert into test_outcome_faults (tenant_id) values (?)').run(tenantId);
      return {
        async remove() {
          db.prepare('delete from test_outcome_faults where tenant_id = ?').run(tenantId);
        },
      };
    },

    // The trigger in schema.ts bumps `revision` on every UPDATE of a row.
    async revisions(kind, tenantId) {
      return Object.fromEntries(
        rows(`select id, revision from ${tables[kind]} where tenant_id = ?`, tenantId).map(
          (row) => [String(row.id), Number(row.revision)],
        ),
      );
    },

    // `note` is a column the app owns; a sync must never write it (D8/E10).
    unmapped: {
      async set(kind, tenantId, id, value) {
        db.prepare(`update ${tables[kind]} set note = ? where tenant_id = ? and id = ?`).run(
          value,
          tenantId,
          id,
        );
      },
      async get(kind, tenantId, id) {
        const [row] = rows(
          `select note from ${tables[kind]} where tenant_id = ? and id = ?`,
          tenantId,
          id,
        );
        return text(row?.note);
      },
    },
  };
}

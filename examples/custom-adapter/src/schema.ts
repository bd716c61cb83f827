import type { DatabaseSync } from 'node:sqlite';

/**
 * The tables, keyed by `tenant_id` first like the Postgres adapter's. Your app probably has
 * `departments` and `employees` tables already: map the adapter's queries onto yours instead
 * of creating these. `note` stands for every column your app owns and a sync must never
 * touch (D8/E10); `revision` is bumped by a trigger on every write so a test can prove that
 * unchanged rows are not rewritten.
 */
const SCHEMA = `
create table if not exists departments (
  tenant_id  text not null,
  id         text not null,
  code       text not null,
  name       text not null,
  parent_id  text,
  source_id  text,
  note       text,
  revision   integer not null default 0,
  primary key (tenant_id, id),
  unique (tenant_id, code)
);

create table if not exists employees (
  tenant_id        text not null,
  id               text not null,
  email            text not null,
  -- E1: the match key is the e-mail compared case-insensitively.
  email_key        text not null,
  last_name        text not null,
  first_name       text not null,
  last_name_kana   text not null,
  first_name_kana  text not null,
  employee_number  text,
  birth_date       text,
  department_code  text,
  position         text,
  gender           text,
  employment_type  text,
  retired          integer not null default 0,
  source_id        text,
  note             text,
  revision         integer not null default 0,
  primary key (tenant_id, id),
  unique (tenant_id, email_key)
);

create table if not exists sync_runs (
  -- A monotonic sequence gives "newest first" a total order even within one millisecond.
  seq            integer primary key autoincrement,
  id             text not null unique,
  tenant_id      text not null,
  kind           text not null,
  status         text not null,
  dry_run        integer not null,
  created_at     integer not null,
  started_at     integer,
  finished_at    integer,
  summary        text,
  error_count    integer not null default 0,
  warning_count  integer not null default 0,
  failure        text,
  trigger_type   text not null default 'manual',
  trigger_by     text,
  trigger_delivery_id text
);
create index if not exists sync_runs_by_tenant on sync_runs (tenant_id, kind, seq);

create table if not exists sync_run_errors (
  tenant_id   text not null,
  run_id      text not null references sync_runs (id) on delete cascade,
  position    integer not null,
  severity    text not null,
  code        text not null,
  rule        text not null,
  source_id   text not null,
  source_key  text not null,
  field       text,
  value       text,
  message_ja  text not null,
  message_en  text not null,
  subject_name text,
  subject_code text,
  primary key (run_id, position)
);

create table if not exists hrbrain_connections (
  tenant_id      text primary key,
  client_id      text not null,
  client_secret  text not null,
  connected_at   integer not null,
  connected_by   text
);

create trigger if not exists departments_revision after update on departments
begin
  update departments set revision = old.revision + 1
  where tenant_id = new.tenant_id and id = new.id;
end;

create trigger if not exists employees_revision after update on employees
begin
  update employees set revision = old.revision + 1
  where tenant_id = new.tenant_id and id = new.id;
end;
`;

/** Creates the tables if they are missing. Idempotent, so it runs on every start. */
export function migrate(db: DatabaseSync): void {
  db.exec('pragma foreign_keys = on');
  db.exec(SCHEMA);
  // Upgrading a database made before the error rows had display fields (DECISIONS #1).
  const columns = db.prepare('pragma table_info(sync_run_errors)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'subject_name')) {
    db.exec('alter table sync_run_errors add column subject_name text');
    db.exec('alter table sync_run_errors add column subject_code text');
  }
  // ... and before runs recorded what started them (T1): old runs read as manual.
  const runColumns = db.prepare('pragma table_info(sync_runs)').all() as { name: string }[];
  if (!runColumns.some((c) => c.name === 'trigger_type')) {
    db.exec("alter table sync_runs add column trigger_type text not null default 'manual'");
    db.exec('alter table sync_runs add column trigger_by text');
    db.exec('alter table sync_runs add column trigger_delivery_id text');
  }
}

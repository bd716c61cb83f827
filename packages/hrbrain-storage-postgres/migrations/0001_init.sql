-- @mikiwame/hrbrain-storage-postgres, migration 0001: the sync tables.
-- `storage.migrate()` runs this inside one transaction with `search_path` set to the
-- adapter's schema (default "hrbrain"), so names here are unqualified. To run it with your
-- own migration tool, do the same: `create schema hrbrain; set local search_path to hrbrain;`.
-- Every table is keyed by tenant_id first: every query the adapter makes is per tenant.

-- Departments (rule D). `code` is the match key (D1, compared exactly: D9); the parent is a
-- real foreign key within the tenant. Add your own columns (or use `extra`): a sync only
-- writes code, name, parent_id, source_id and updated_at (D8).
create table departments (
  tenant_id  text        not null,
  id         uuid        not null default gen_random_uuid(),
  code       text        not null,
  name       text        not null,
  parent_id  uuid,
  source_id  text,
  extra      jsonb       not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint departments_pkey primary key (tenant_id, id),
  constraint departments_code_key unique (tenant_id, code),
  constraint departments_parent_fkey foreign key (tenant_id, parent_id)
    references departments (tenant_id, id)
);
create index departments_parent_idx on departments (tenant_id, parent_id);

-- Employees (rule E). The match key is the e-mail, compared case-insensitively (E1). The
-- department is kept by its code, the department's stable key (D1), so an employee may
-- point at a department your application manages itself. A sync writes only the mapped
-- columns below plus updated_at (E10); anything else you add survives.
create table employees (
  tenant_id       text        not null,
  id              uuid        not null default gen_random_uuid(),
  email           text        not null,
  last_name       text        not null,
  first_name      text        not null,
  last_name_kana  text        not null,
  first_name_kana text        not null,
  employee_number text,
  birth_date      date,
  department_code text,
  position        text,
  gender          text
    constraint employees_gender_check check (gender in ('male', 'female', 'other')),
  employment_type text
    constraint employees_employment_type_check check (employment_type in
      ('regular', 'contract', 'dispatched', 'part_time', 'outsourced', 'other')),
  retired         boolean     not null default false,
  source_id       text,
  extra           jsonb       not null default '{}'::jsonb,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  constraint employees_pkey primary key (tenant_id, id)
);
create unique index employees_email_key on employees (tenant_id, lower(email));
-- Deliberately no more indexes: each one slows every bulk create. Add the ones your
-- application's queries need (e.g. on (tenant_id, department_code)).

-- Sync runs (J1, J2). `seq` orders runs newest first and is the paging cursor.
create table sync_runs (
  tenant_id     text        not null,
  id            uuid        not null default gen_random_uuid(),
  seq           bigint      generated always as identity,
  kind          text        not null
    constraint sync_runs_kind_check check (kind in ('departments', 'employees')),
  status        text        not null
    constraint sync_runs_status_check check (status in
      ('queued', 'running', 'succeeded', 'completed_with_errors', 'failed')),
  dry_run       boolean     not null default false,
  created_at    timestamptz not null default now(),
  started_at    timestamptz,
  finished_at   timestamptz,
  summary       jsonb,
  error_count   integer     not null default 0,
  warning_count integer     not null default 0,
  failure       jsonb,
  constraint sync_runs_pkey primary key (tenant_id, id)
);
create index sync_runs_list_idx on sync_runs (tenant_id, seq desc);
create index sync_runs_kind_list_idx on sync_runs (tenant_id, kind, seq desc);

-- The error rows of a run (J3), in the order they were stored.
create table sync_run_errors (
  tenant_id  text    not null,
  run_id     uuid    not null,
  position   integer not null,
  severity   text    not null
    constraint sync_run_errors_severity_check check (severity in ('error', 'warning')),
  code       text    not null,
  rule       text    not null,
  source_id  text    not null,
  source_key text    not null,
  field      text,
  value      text,
  message_ja text    not null,
  message_en text    not null,
  constraint sync_run_errors_pkey primary key (tenant_id, run_id, position),
  constraint sync_run_errors_run_fkey foreign key (tenant_id, run_id)
    references sync_runs (tenant_id, id) on delete cascade
);

-- The tenant's HRBrain connection (C1, C3): one per tenant. `client_secret` is stored as
-- the application hands it over: encrypt it before saveConnection().
create table connections (
  tenant_id     text        not null,
  client_id     text        not null,
  client_secret text        not null,
  connected_at  timestamptz not null,
  connected_by  text,
  updated_at    timestamptz not null default now(),
  constraint connections_pkey primary key (tenant_id)
);

-- @mikiwame/hrbrain-storage-postgres, migration 0003 (T1: what started a run). Keeps every row.
-- Runs like 0001: inside one transaction, `search_path` set to the adapter's schema.

-- Runs stored before this migration were all started by hand: they read back as `manual`.
alter table sync_runs add column trigger_type text not null default 'manual';
alter table sync_runs add constraint sync_runs_trigger_type_check
  check (trigger_type in ('manual', 'schedule', 'webhook'));
-- Who or what (an admin's id, a cron expression) and the webhook delivery id, when known.
alter table sync_runs add column trigger_by text;
alter table sync_runs add column trigger_delivery_id text;

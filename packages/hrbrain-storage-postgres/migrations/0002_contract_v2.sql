-- @mikiwame/hrbrain-storage-postgres, migration 0002 (storage contract v2). Keeps every row.
-- Runs like 0001: inside one transaction, `search_path` set to the adapter's schema.

-- DECISIONS #1 / J3: display fields of an error row (氏名 or 部署名, 従業員番号 or 部署コード).
-- Nullable: rows stored before this migration have none, and read back without them.
alter table sync_run_errors add column subject_name text;
alter table sync_run_errors add column subject_code text;

-- The open runs of a tenant and kind (`listOpenRuns`): what runSync looks at when it takes the
-- lock, to close runs whose process died (ABANDONED). Few rows match, so a partial index.
create index sync_runs_open_idx on sync_runs (tenant_id, kind, seq)
  where status in ('queued', 'running');

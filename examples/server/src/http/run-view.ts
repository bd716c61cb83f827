import type { SyncKind, SyncRun, SyncRunStatus } from '@mikiwame/hrbrain-sync-core';

/** 実行内容, as the manual's バックグラウンド処理一覧 names each kind (J1). */
export const RUN_LABELS: Record<SyncKind, string> = {
  departments: 'HRBrain部署情報取込',
  employees: 'HRBrain社員情報取込',
};

/** ステータス (J2). The manual shows 成功; the others follow the same wording. */
export const STATUS_LABELS: Record<SyncRunStatus, string> = {
  queued: '待機中',
  running: '実行中',
  succeeded: '成功',
  completed_with_errors: '一部エラー',
  failed: '失敗',
};

/** Japanese for the failure codes a run can end with, for the page's tooltip. */
const FAILURE_JA: Record<string, string> = {
  SYNC_IN_PROGRESS: '同じ種類の同期が実行中のため、実行しませんでした。',
  HRBRAIN_NOT_CONNECTED: 'HRBrain連携が設定されていません。設定から連携してください。',
  SECRET_UNREADABLE: '保存された連携情報を復号できません。再度連携してください。',
  WORKER_LOST: '処理が途中で停止しました。反映されたデータはありません。再度実行してください。',
  FIELD_NOT_FOUND:
    'HRBrainの社員項目が見つかりません。項目名がデフォルトから変更されていないか確認してください。',
  AUTHENTICATION_FAILED: 'HRBrainの認証に失敗しました。再度連携してください。',
  PERMISSION_DENIED: 'クライアントシークレットのスコープが不足しています。再度連携してください。',
  CONNECTION_FAILED: 'HRBrainに接続できませんでした。しばらくしてから再度実行してください。',
};

/** A run as the API returns it: the record plus the labels and link the page shows. */
export function toRunView(run: SyncRun) {
  const hasErrorFile = run.errorCount + run.warningCount > 0;
  return {
    id: run.id,
    kind: run.kind,
    label: RUN_LABELS[run.kind],
    status: run.status,
    statusLabel: STATUS_LABELS[run.status],
    dryRun: run.dryRun,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    summary: run.summary,
    errorCount: run.errorCount,
    warningCount: run.warningCount,
    failure: run.failure
      ? { ...run.failure, messageJa: FAILURE_JA[run.failure.code] ?? run.failure.message }
      : null,
    errorFileUrl: hasErrorFile ? `/sync-runs/${encodeURIComponent(run.id)}/errors.csv` : null,
  };
}

export type RunView = ReturnType<typeof toRunView>;

import type { HrbrainErrorCode } from '@mikiwame/hrbrain-client';
import type {
  HrbrainSyncErrorCode,
  RunTriggerType,
  SyncKind,
  SyncRun,
  SyncRunStatus,
} from '@mikiwame/hrbrain-sync-core';
import type { RunDetails } from '../jobs/run-details.ts';

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

/** 実行契機 (T1): what started the run, as the run list shows it. */
export const TRIGGER_LABELS: Record<RunTriggerType, string> = {
  manual: '手動',
  schedule: 'スケジュール',
  webhook: 'Webhook',
};

/**
 * Japanese for the failure codes a run can end with (J2: a failed run applied nothing). The
 * stored `failure.message` is English and may quote HRBrain's own text; it is never shown as
 * `messageJa`, only kept as `detail` beside it.
 */
/** Codes of this server's own that a run can fail with. */
type ServerFailureCode =
  | 'HRBRAIN_NOT_CONNECTED'
  | 'SECRET_UNREADABLE'
  | 'WORKER_LOST'
  | 'ENQUEUE_FAILED'
  | 'ABANDONED'
  | 'DEPARTMENTS_RUN_FAILED';

/**
 * Every code of the client and the core has its wording: the type makes a code added to either
 * package a compile error here until it is worded (no run shows the generic fallback for it).
 */
const FAILURE_JA: Record<HrbrainErrorCode | HrbrainSyncErrorCode | ServerFailureCode, string> = {
  SYNC_IN_PROGRESS: '同じ種類の同期が実行中のため、実行しませんでした。',
  HRBRAIN_NOT_CONNECTED: 'HRBrain連携が設定されていません。設定から連携してください。',
  SECRET_UNREADABLE: '保存された連携情報を復号できません。再度連携してください。',
  WORKER_LOST: '処理が途中で停止しました。反映されたデータはありません。再度実行してください。',
  ENQUEUE_FAILED:
    '処理を登録できませんでした。反映されたデータはありません。再度実行してください。',
  ABANDONED: '処理が途中で停止しました。反映されたデータはありません。再度実行してください。',
  FIELD_NOT_FOUND:
    'HRBrainの社員項目が見つかりません。項目名がデフォルトから変更されていないか確認してください。',
  AUTHENTICATION_FAILED: 'HRBrainの認証に失敗しました。再度連携してください。',
  PERMISSION_DENIED: 'クライアントシークレットのスコープが不足しています。再度連携してください。',
  NOT_FOUND: 'HRBrainにテナントまたはデータが見つかりませんでした。連携の設定を確認してください。',
  CONNECTION_FAILED: 'HRBrainに接続できませんでした。しばらくしてから再度実行してください。',
  TIMEOUT: 'HRBrainからの応答がタイムアウトしました。しばらくしてから再度実行してください。',
  RATE_LIMITED:
    'HRBrainへのリクエストが多すぎるため中断しました。しばらくしてから再度実行してください。',
  SERVER_ERROR: 'HRBrain側でエラーが発生しました。しばらくしてから再度実行してください。',
  API_ERROR: 'HRBrainがエラーを返しました。反映されたデータはありません。詳細を確認してください。',
  INVALID_RESPONSE:
    'HRBrainから想定外の形式の応答がありました。反映されたデータはありません。詳細を確認してください。',
  INVALID_SNAPSHOT:
    'HRBrainから取得したデータの形式が想定と異なります。反映されたデータはありません。',
  CHANGE_GUARD_TRIPPED:
    '変更件数が上限を超えたため反映を中止しました。連携先のテナントと項目名を確認してください。',
  STALE_PLAN: '同期中にデータが変更されたため反映を中止しました。再度実行してください。',
  STORAGE_ERROR:
    'データベースへの保存に失敗しました。反映されたデータはありません。再度実行してください。',
  ABORTED: '処理が中断されました。反映されたデータはありません。再度実行してください。',
  REDIRECT_REFUSED:
    'HRBrainのURLが別の場所へ転送されたため接続を中止しました。連携設定のURLを確認してください。',
  INCONSISTENT_PAGING:
    'HRBrainのページ分割された応答の件数が合わないため中止しました。反映されたデータはありません。しばらくしてから再度実行してください。',
  INTERNAL_ERROR:
    'HRBrainクライアント内部でエラーが発生しました。反映されたデータはありません。詳細を確認してください。',
  INVALID_CONFIG: 'HRBrain連携の設定が正しくありません。連携の設定を確認してください。',
  INVALID_ARGUMENT:
    '同期の指定が正しくありません。反映されたデータはありません。詳細を確認してください。',
  RUN_NOT_FOUND: '対象の処理が見つかりません。再度実行してください。',
  RUN_NOT_QUEUED: 'この処理はすでに開始されています。処理一覧を確認してください。',
  RUN_ALREADY_FINISHED: 'この処理はすでに終了しています。処理一覧を確認してください。',
  INVALID_CURSOR: '一覧の続きを読み込めませんでした。最初から表示し直してください。',
  DEPARTMENTS_RUN_FAILED:
    'HRBrain部署情報取込が失敗したため、実行しませんでした。部署の処理の内容を確認して再度実行してください。',
};

/** For a code this server has no wording for (a new client or core error, a bug). */
const FAILURE_JA_FALLBACK =
  '同期中にエラーが発生しました。反映されたデータはありません。詳細を確認して再度実行してください。';

function failureMessageJa(code: string, message: string): string {
  if (code === 'FIELD_NOT_FOUND') {
    // The core names the field: `The HRBrain member field "氏（カナ）" was not found …`.
    const field = /field "([^"]{1,100})"/.exec(message)?.[1];
    if (field) {
      return `HRBrainの社員項目「${field}」が見つかりません。項目名がデフォルトから変更されていないか確認してください。`;
    }
  }
  return Object.hasOwn(FAILURE_JA, code)
    ? (FAILURE_JA[code as keyof typeof FAILURE_JA] as string)
    : FAILURE_JA_FALLBACK;
}

/** Where a running run is (J1): 取得中 300/1000 → 計画中 → 反映中. */
const PHASE_LABELS = { fetching: '取得中', planning: '計画中', applying: '反映中' } as const;

function progressView(run: SyncRun, details: RunDetails | undefined) {
  if (run.status === 'queued') return { phase: 'queued', label: '待機中' };
  if (run.status !== 'running') return null;
  const progress = details?.progress;
  if (!progress) return { phase: 'starting', label: '開始中' };
  if (progress.phase === 'fetching') {
    const counted = progress.fetched !== null && progress.total !== null;
    return {
      ...progress,
      label: counted
        ? `${PHASE_LABELS.fetching} ${progress.fetched}/${progress.total}`
        : PHASE_LABELS.fetching,
    };
  }
  return { ...progress, label: PHASE_LABELS[progress.phase] };
}

/**
 * A run as the API returns it: the record plus the labels and link the page shows, its
 * progress while it runs, and (from the server's own table) a dry run's preview (J6) and a
 * tripped change guard's counts (J7). `summary.linked` is 0 for runs recorded before it existed.
 */
/**
 * The worker records a dry run's preview and a tripped guard's counts just after the run is
 * finished; for that moment the run is done but its details are not there yet. So that a
 * page that stops polling when nothing runs does not stop on such a run, the view says so
 * (`detailsPending`), for at most this long after the run finished (a failed write is logged
 * and never retried).
 */
const DETAILS_PENDING_MS = 15_000;

function detailsPending(run: SyncRun, details: RunDetails | undefined, now: number): boolean {
  if (run.finishedAt === null || now - run.finishedAt.getTime() > DETAILS_PENDING_MS) return false;
  if (run.failure?.code === 'CHANGE_GUARD_TRIPPED') return !details?.guard;
  return run.dryRun && run.status !== 'failed' && !details?.preview;
}

export function toRunView(run: SyncRun, details?: RunDetails, now = Date.now()) {
  const hasErrorFile = run.errorCount + run.warningCount > 0;
  return {
    id: run.id,
    kind: run.kind,
    label: RUN_LABELS[run.kind],
    status: run.status,
    statusLabel: STATUS_LABELS[run.status],
    dryRun: run.dryRun,
    trigger: {
      type: run.trigger.type,
      by: run.trigger.by ?? null,
      deliveryId: run.trigger.deliveryId ?? null,
    },
    triggerLabel: TRIGGER_LABELS[run.trigger.type] ?? TRIGGER_LABELS.manual,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    // Summaries stored before J4 had `linked` read as 0.
    summary: run.summary === null ? null : { ...run.summary, linked: run.summary.linked ?? 0 },
    progress: progressView(run, details),
    preview: details?.preview ?? null,
    changeGuard: details?.guard ?? null,
    detailsPending: detailsPending(run, details, now),
    errorCount: run.errorCount,
    warningCount: run.warningCount,
    // `message` as stored (English), `messageJa` always Japanese, `detail` the original text.
    failure: run.failure
      ? {
          ...run.failure,
          messageJa: failureMessageJa(run.failure.code, run.failure.message),
          detail: run.failure.message,
        }
      : null,
    errorFileUrl: hasErrorFile ? `/sync-runs/${encodeURIComponent(run.id)}/errors.csv` : null,
  };
}

export type RunView = ReturnType<typeof toRunView>;

import {
  AuthenticationError,
  ConnectionError,
  HrbrainConfigError,
  HrbrainError,
  HrbrainResponseValidationError,
  NotFoundError,
  PermissionDeniedError,
  TimeoutError,
} from '@mikiwame/hrbrain-client';
import { ApiError } from '../http/api-error.ts';

/** Node's code for "this host name does not exist": a subdomain HRBrain does not know. */
function isUnknownHost(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause && depth < 5; depth++) {
    if ((cause as { code?: unknown }).code === 'ENOTFOUND') return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * HRBrain's error bodies are not documented (hrbrain-api.md). A token refusal that names the
 * client rather than the secret (`invalid_client`, as `@mikiwame/hrbrain-mock` answers) means the
 * subdomain is not a tenant; on the real service an unknown subdomain fails DNS (ENOTFOUND).
 */
function isUnknownClient(error: unknown): boolean {
  if (!AuthenticationError.isInstance(error)) return false;
  const body = error.body as { code?: unknown; error?: unknown } | null | undefined;
  return body?.code === 'invalid_client' || body?.error === 'invalid_client';
}

/**
 * C2: turns what the client threw while verifying into the specific reason an admin can act
 * on — unknown tenant, bad secret, missing scope (named), HRBrain unreachable. The client's
 * messages are already secret-free (C5); ours are written here and never echo input.
 */
export function connectErrorToApiError(error: unknown, clientId: string): ApiError {
  if (HrbrainConfigError.isInstance(error)) {
    return new ApiError(
      400,
      'HRBRAIN_CLIENT_ID_INVALID',
      'The client ID is not an HRBrain subdomain: enter the `xxx` of https://xxx.members.hrbrain.jp.',
      'クライアントIDが正しくありません。HRBrainのURL（https://xxx.members.hrbrain.jp）の「xxx」の部分を入力してください。',
    );
  }
  if (NotFoundError.isInstance(error) || isUnknownHost(error) || isUnknownClient(error)) {
    return new ApiError(
      422,
      'HRBRAIN_TENANT_NOT_FOUND',
      `HRBrain has no tenant "${clientId}": check the subdomain in your HRBrain URL.`,
      `HRBrainにテナント「${clientId}」が見つかりません。HRBrainのURLのサブドメインを確認してください。`,
    );
  }
  if (AuthenticationError.isInstance(error)) {
    return new ApiError(
      422,
      'HRBRAIN_SECRET_INVALID',
      'HRBrain refused the client secret: paste the token again, or create a new one in HRBrain (開発者向けサイト → 公開API/Token設定).',
      'クライアントシークレットが正しくありません。HRBrainの「開発者向けサイト」→「公開API/Token設定」で作成したトークンを貼り付けてください。',
    );
  }
  if (PermissionDeniedError.isInstance(error)) {
    const scope = error.requiredScope ?? 'member:read / organization:read';
    return new ApiError(
      422,
      'HRBRAIN_SCOPE_MISSING',
      `The client secret is missing the "${scope}" scope: create a token with member:read and organization:read.`,
      `クライアントシークレットに「${scope}」スコープがありません。スコープ「member:read」と「organization:read」にチェックを入れてトークンを作成し直してください。`,
      { scope },
    );
  }
  if (
    ConnectionError.isInstance(error) ||
    TimeoutError.isInstance(error) ||
    (HrbrainError.isInstance(error) &&
      (error.code === 'SERVER_ERROR' || error.code === 'RATE_LIMITED'))
  ) {
    return new ApiError(
      502,
      'HRBRAIN_UNREACHABLE',
      'HRBrain could not be reached; nothing was saved. Try again in a few minutes.',
      'HRBrainに接続できませんでした。連携情報は保存されていません。しばらくしてから再度お試しください。',
    );
  }
  if (HrbrainResponseValidationError.isInstance(error)) {
    return new ApiError(
      502,
      'HRBRAIN_UNEXPECTED_RESPONSE',
      'HRBrain answered in an unexpected format; nothing was saved.',
      'HRBrainから想定外の応答がありました。連携情報は保存されていません。',
    );
  }
  return new ApiError(
    500,
    'INTERNAL_ERROR',
    'The connection could not be verified because of an internal error; nothing was saved.',
    '内部エラーのため連携を確認できませんでした。連携情報は保存されていません。',
  );
}

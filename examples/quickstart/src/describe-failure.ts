import {
  AuthenticationError,
  ConnectionError,
  HrbrainConfigError,
  HrbrainError,
  NotFoundError,
  PermissionDeniedError,
  TimeoutError,
} from '@mikiwame/hrbrain-client';
import { HrbrainSyncError, StorageError } from '@mikiwame/hrbrain-sync-core';
import { ConfigError } from './config-error.ts';

/** What the failure message may mention: where HRBrain was and how the user chose it. */
export interface FailureContext {
  hrbrainUrl: string | null;
  clientId: string;
  /** `--data-dir`, named when a file under it cannot be written. */
  dataDir?: string;
}

const FLAG_FOR_OPTION: Record<string, string> = {
  clientId: '--client-id (or HRBRAIN_CLIENT_ID)',
  clientSecret: '--client-secret (or HRBRAIN_CLIENT_SECRET)',
  baseUrl: '--hrbrain-url',
};

/**
 * Turns any failure into the ONE line the user sees: what went wrong and what to change.
 * The typed errors of the client and the sync core carry what is needed; `isInstance` (not
 * `instanceof`) keeps this right even when two copies of a package are installed.
 */
export function describeFailure(error: unknown, context: FailureContext): string {
  if (error instanceof ConfigError) return error.message;
  const where = context.hrbrainUrl ?? 'the fake HRBrain';

  // C4: rejected before any request.
  // C4 and the other options the client checks: name the flag that sets the option at fault.
  if (HrbrainConfigError.isInstance(error)) {
    const fix = FLAG_FOR_OPTION[error.option];
    return fix ? `${error.message} Fix ${fix}.` : error.message;
  }
  // C2: the specific reasons a connection is refused.
  if (AuthenticationError.isInstance(error)) {
    return `HRBrain refused the credentials for client ID "${context.clientId}": the secret is wrong or revoked, or the ID is not your tenant. Fix --client-secret (or HRBRAIN_CLIENT_SECRET) or --client-id; tokens are made in HRBrain under 開発者向けサイト → 公開API/Token設定.`;
  }
  if (PermissionDeniedError.isInstance(error)) {
    const scope = error.requiredScope ? `the scope ${error.requiredScope}` : 'a scope it needs';
    return `The HRBrain token for "${context.clientId}" lacks ${scope}. Create a token with member:read and organization:read and pass it as --client-secret.`;
  }
  if (NotFoundError.isInstance(error)) {
    return `HRBrain has no tenant "${context.clientId}" at ${where} (${error.endpoint}: 404). Fix --client-id: it is the xxx of https://xxx.members.hrbrain.jp.`;
  }
  if (ConnectionError.isInstance(error) || TimeoutError.isInstance(error)) {
    const reason = TimeoutError.isInstance(error) ? 'timed out' : 'could not connect';
    return `HRBrain is unreachable at ${where} (${reason}). Fix --hrbrain-url, or leave it out to start the fake HRBrain.`;
  }
  if (HrbrainError.isInstance(error)) return `HRBrain: ${error.message}`;

  // FIELD_NOT_FOUND (F2), SYNC_IN_PROGRESS (J5), STALE_PLAN …: their messages say what to do.
  if (StorageError.isInstance(error)) {
    return `Storage failed: ${firstLine(error)} Check the database (DATABASE_URL or the data directory).`;
  }
  if (HrbrainSyncError.isInstance(error)) return `${error.code}: ${error.message}`;

  // PGlite, the key file and the error CSVs all live under --data-dir: a file system error
  // (a file in the way, no permission, a full or read-only disk) is fixed by choosing another.
  const fsError = fileSystemError(error);
  if (fsError) {
    const dir = context.dataDir ?? 'the data directory';
    return `Cannot use the data directory ${dir}: ${fsError.code} on ${fsError.path}. Fix --data-dir (a writable directory), or free the disk space.`;
  }

  return `Unexpected error: ${firstLine(error)} (run again with --verbose for details).`;
}

function fileSystemError(error: unknown): { code: string; path: string } | null {
  if (!(error instanceof Error)) return null;
  const { code, path, syscall } = error as { code?: unknown; path?: unknown; syscall?: unknown };
  return typeof code === 'string' && typeof path === 'string' && typeof syscall === 'string'
    ? { code, path }
    : null;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? '';
}

/** The error and its causes, for `--verbose`. */
export function describeCauses(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    lines.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\ncaused by: ');
}

import {
  HrbrainSyncError,
  renderErrorCsv,
  type SyncKind,
  type SyncRun,
  type SyncStorage,
} from '@mikiwame/hrbrain-sync-core';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ApiKeyRing } from '../auth/api-keys.ts';
import type { ConnectionService } from '../hrbrain/connection-service.ts';
import type { RunDetailsStore } from '../jobs/run-details.ts';
import type { SyncService } from '../jobs/sync-service.ts';
import type { Logger } from '../log/logger.ts';
import { mountTriggerRoutes, type TriggerRoutesOptions } from '../triggers/trigger-routes.ts';
import { WEBHOOK_PATH_PREFIX } from '../triggers/webhook-endpoints.ts';
import { mountWebhookReceiver, type WebhookReceiverOptions } from '../triggers/webhook-receiver.ts';
import { mountAdminPage } from './admin-page.ts';
import { ApiError } from './api-error.ts';
import { departmentTree, employeePage } from './directory.ts';
import { RUN_LABELS, toRunView } from './run-view.ts';
import { type TenantEnv, tenantAuth } from './tenant-auth.ts';

export interface AppOptions {
  storage: SyncStorage;
  apiKeys: ApiKeyRing;
  connections: ConnectionService;
  syncs: SyncService;
  /** Progress, previews and guard counts of runs (the server's own table). */
  details?: RunDetailsStore;
  logger: Logger;
  /** Opt-in triggers: the webhook receiver (no API key: its URL token) and the tenant's settings. */
  triggers?: { receiver: WebhookReceiverOptions; routes: TriggerRoutesOptions } | undefined;
}

const badRequest = (message: string, messageJa: string) =>
  new ApiError(400, 'VALIDATION_FAILED', message, messageJa);

// The Postgres adapter's run ids are UUIDs; anything else cannot name a run (and would make
// the database reject the query instead of answering "not found").
const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// A cursor the run log did not hand out (garbled, another tenant's) is `InvalidCursorError`
// (code INVALID_CURSOR) in every adapter: a bad request here.
const badCursor = () =>
  badRequest(
    '`cursor` must be the nextCursor of a previous page (leave it out for the first page).',
    'cursor の指定が正しくありません。',
  );

/** The query parameters `GET /sync-runs` takes. */
const SYNC_RUNS_QUERY = new Set(['kind', 'limit', 'cursor']);

const runNotFound = () =>
  new ApiError(404, 'RUN_NOT_FOUND', 'No such sync run.', '指定された処理が見つかりません。');

async function readJson(c: {
  req: { json(): Promise<unknown> };
}): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw badRequest('The request body must be JSON.', 'リクエストの形式が正しくありません。');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(
      'The request body must be a JSON object.',
      'リクエストの形式が正しくありません。',
    );
  }
  return body as Record<string, unknown>;
}

/**
 * Optional `{ "dryRun": true }` (J6: preview counts without applying) and
 * `{ "ignoreChangeGuard": true }` (J7: apply although the change guard trips; an admin's
 * explicit choice). No body at all (zero bytes) is a real, guarded sync; any other body must
 * be a JSON object, whatever its Content-Type: a preview sent as `curl -d '{"dryRun":true}'`
 * (form-encoded by default) or `dryRun=true` must never be taken for a real sync and applied.
 * A body of only whitespace is not JSON either: it is refused (400) rather than guessed to
 * mean `{}` — send `{}` or nothing.
 */
async function readSyncOptions(c: { req: { text(): Promise<string> } }) {
  const text = await c.req.text();
  if (text === '') return { dryRun: false, ignoreChangeGuard: false };
  if (text.trim() === '') {
    throw badRequest(
      'The request body is only whitespace: send no body for a sync, or a JSON object such as {"dryRun":true}.',
      'リクエストの形式が正しくありません。',
    );
  }
  const body = await readJson({ req: { json: async () => JSON.parse(text) as unknown } });
  if (body.dryRun !== undefined && typeof body.dryRun !== 'boolean') {
    throw badRequest(
      '`dryRun` must be true or false.',
      'dryRun は true か false で指定してください。',
    );
  }
  if (body.ignoreChangeGuard !== undefined && typeof body.ignoreChangeGuard !== 'boolean') {
    throw badRequest(
      '`ignoreChangeGuard` must be true or false.',
      'ignoreChangeGuard は true か false で指定してください。',
    );
  }
  return { dryRun: body.dryRun === true, ignoreChangeGuard: body.ignoreChangeGuard === true };
}

/** Content-Disposition with an ASCII fallback and the Japanese name for Excel users (RFC 6266). */
function attachment(asciiName: string, utf8Name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(utf8Name)}`;
}

/**
 * The HTTP API and the admin page. Errors are `{ error: { code, message, messageJa } }`.
 * Every route under the API is tenant-scoped by the bearer key (see `tenant-auth.ts`).
 */
export async function createApp(options: AppOptions): Promise<Hono<TenantEnv>> {
  const { storage, connections, syncs, details, logger } = options;
  // Runs with their progress, preview and guard counts (J1, J6, J7).
  const viewsOf = async (tenantId: string, runs: SyncRun[]) => {
    const found = details
      ? await details.get(
          tenantId,
          runs.map((run) => run.id),
        )
      : new Map();
    return runs.map((run) => toRunView(run, found.get(run.id)));
  };
  const app = new Hono<TenantEnv>();

  // Request log: method, path, status, time, tenant. Never headers or bodies (C5).
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    logger.info('request', {
      method: c.req.method,
      // A webhook URL's token is a credential: never logged.
      path: c.req.path.startsWith(WEBHOOK_PATH_PREFIX) ? `${WEBHOOK_PATH_PREFIX}…` : c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      tenantId: c.get('tenantId'),
    });
  });

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.toJSON(), error.status);
    logger.error('unhandled error', { error, path: c.req.path });
    const internal = new ApiError(
      500,
      'INTERNAL_ERROR',
      'Something went wrong on the server; try again.',
      'サーバーでエラーが発生しました。再度お試しください。',
    );
    return c.json(internal.toJSON(), 500);
  });
  app.notFound((c) =>
    c.json(
      new ApiError(404, 'NOT_FOUND', 'No such route.', 'ページが見つかりません。').toJSON(),
      404,
    ),
  );

  await mountAdminPage(app);
  app.get('/healthz', (c) => c.json({ ok: true }));

  // Before the API's middleware: a delivery carries no API key, its URL token names the tenant.
  if (options.triggers) mountWebhookReceiver(app, options.triggers.receiver);

  const api = new Hono<TenantEnv>();
  api.use(tenantAuth(options.apiKeys));
  // The API takes small JSON bodies only; refuse anything larger before reading it.
  api.use(
    bodyLimit({
      maxSize: 16 * 1024,
      onError: () => {
        throw new ApiError(
          413,
          'BODY_TOO_LARGE',
          'The request body is larger than 16 KiB.',
          'リクエストが大きすぎます。',
        );
      },
    }),
  );

  api.get('/me', (c) => c.json({ tenantId: c.get('tenantId') }));

  // C1–C3: the tenant's HRBrain connection.
  api.get('/integrations/hrbrain', async (c) =>
    c.json(await connections.status(c.get('tenantId'))),
  );

  api.post('/integrations/hrbrain', async (c) => {
    const body = await readJson(c);
    const { clientId, clientSecret } = body;
    if (typeof clientId !== 'string' || clientId.trim() === '') {
      throw badRequest('`clientId` is required.', 'クライアントIDを入力してください。');
    }
    if (typeof clientSecret !== 'string' || clientSecret.trim() === '') {
      throw badRequest(
        '`clientSecret` is required.',
        'クライアントシークレットを入力してください。',
      );
    }
    const status = await connections.connect(c.get('tenantId'), {
      clientId,
      clientSecret: clientSecret.trim(),
    });
    return c.json(
      { ...status, message: 'Connected to HRBrain.', messageJa: '連携が完了しました' },
      200,
    );
  });

  api.delete('/integrations/hrbrain', async (c) => {
    const removed = await connections.disconnect(c.get('tenantId'));
    if (!removed) {
      throw new ApiError(
        404,
        'HRBRAIN_NOT_CONNECTED',
        'HRBrain is not connected for this tenant.',
        'HRBrain連携は設定されていません。',
      );
    }
    return c.json({
      connected: false,
      message: 'Disconnected from HRBrain. Syncs are refused until someone connects again.',
      messageJa: '連携を解除しました',
    });
  });

  // J1: start a sync as a background job; 202 with the queued run.
  for (const kind of ['departments', 'employees'] as const satisfies SyncKind[]) {
    api.post(`/${kind}/sync`, async (c) => {
      const run = await syncs.start(c.get('tenantId'), kind, {
        ...(await readSyncOptions(c)),
        by: c.get('actor'),
      });
      return c.json({ run: toRunView(run) }, 202);
    });
  }

  // "Sync all" (E11): departments, then employees, from one HRBrain read; 202 with both
  // queued runs (departments first). A plain guarded sync: a preview (J6) or a guard override
  // (J7) is asked for per kind, where its result is shown.
  api.post('/sync', async (c) => {
    const input = await readSyncOptions(c);
    if (input.dryRun || input.ignoreChangeGuard) {
      throw badRequest(
        'POST /sync takes no options: preview (dryRun) or override the change guard per kind, with POST /departments/sync or /employees/sync.',
        'プレビューと変更ガードの解除は、部署・社員それぞれの同期で指定してください。',
      );
    }
    const { departments, employees } = await syncs.startAll(c.get('tenantId'), {
      by: c.get('actor'),
    });
    return c.json({ runs: [toRunView(departments), toRunView(employees)] }, 202);
  });

  // バックグラウンド処理一覧, newest first.
  api.get('/sync-runs', async (c) => {
    // Only `kind`, `limit` and `cursor`, each at most once: `kind[]=x`, `kind=a&kind=b` or a
    // misspelt key must be refused, never answered with the unfiltered list.
    for (const [key, values] of Object.entries(c.req.queries())) {
      if (!SYNC_RUNS_QUERY.has(key)) {
        throw badRequest(
          `Unknown query parameter \`${key.slice(0, 40)}\`: use kind, limit and cursor (each once).`,
          '検索条件の指定が正しくありません。',
        );
      }
      if (values.length > 1) {
        throw badRequest(`\`${key}\` may be given once.`, '検索条件の指定が正しくありません。');
      }
    }
    const kind = c.req.query('kind');
    if (kind !== undefined && kind !== 'departments' && kind !== 'employees') {
      throw badRequest(
        '`kind` must be departments or employees.',
        'kind の指定が正しくありません。',
      );
    }
    const limitText = c.req.query('limit');
    const limit = limitText === undefined ? 20 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw badRequest(
        '`limit` must be an integer from 1 to 100.',
        'limit は1〜100で指定してください。',
      );
    }
    const cursor = c.req.query('cursor') || null;
    const page = await storage
      .listRuns(c.get('tenantId'), { limit, cursor, ...(kind === undefined ? {} : { kind }) })
      .catch((error: unknown) => {
        throw HrbrainSyncError.isInstance(error) && error.code === 'INVALID_CURSOR'
          ? badCursor()
          : error;
      });
    return c.json({
      runs: await viewsOf(c.get('tenantId'), page.runs),
      nextCursor: page.nextCursor,
    });
  });

  api.get('/sync-runs/:id', async (c) => {
    const id = c.req.param('id');
    const run = RUN_ID.test(id) ? await storage.getRun(c.get('tenantId'), id) : null;
    if (run === null) throw runNotFound();
    const [view] = await viewsOf(c.get('tenantId'), [run]);
    return c.json({ run: view });
  });

  // 部署管理: the tenant's departments as a tree (code, name, parent), read from the storage.
  api.get('/departments', async (c) =>
    c.json(departmentTree(await storage.loadDepartments(c.get('tenantId')))),
  );

  // 自社社員管理: the tenant's employees, searchable (name, kana, e-mail, number) and paged.
  api.get('/employees', async (c) => {
    const q = c.req.query('q') ?? '';
    if (q.length > 200) {
      throw badRequest('`q` is at most 200 characters.', '検索語は200文字以内で入力してください。');
    }
    const pageText = c.req.query('page') ?? '1';
    const page = Number(pageText);
    const limitText = c.req.query('limit') ?? '20';
    const limit = Number(limitText);
    if (!/^\d{1,6}$/.test(pageText) || page < 1) {
      throw badRequest('`page` must be an integer ≥ 1.', 'page は1以上の整数で指定してください。');
    }
    if (!/^\d{1,3}$/.test(limitText) || limit < 1 || limit > 100) {
      throw badRequest(
        '`limit` must be an integer from 1 to 100.',
        'limit は1〜100で指定してください。',
      );
    }
    const tenantId = c.get('tenantId');
    const [employees, departments] = await Promise.all([
      storage.loadEmployees(tenantId),
      storage.loadDepartments(tenantId),
    ]);
    return c.json(employeePage(employees, departments, { q, page, limit }));
  });

  // J3: the error file (UTF-8 with BOM, CRLF, formula-safe: all done by renderErrorCsv).
  api.get('/sync-runs/:id/errors.csv', async (c) => {
    const tenantId = c.get('tenantId');
    const id = c.req.param('id');
    const run = RUN_ID.test(id) ? await storage.getRun(tenantId, id) : null;
    if (run === null) throw runNotFound();
    const rows = await storage.listRunErrors(tenantId, run.id);
    if (rows.length === 0) {
      throw new ApiError(
        404,
        'NO_ERROR_FILE',
        'This run reported no errors or warnings, so it has no error file.',
        'この処理にはエラーファイルがありません。',
      );
    }
    const stamp = run.createdAt.toISOString().slice(0, 16).replace(/[-:T]/g, '');
    c.header('content-type', 'text/csv; charset=utf-8');
    c.header('cache-control', 'no-store');
    c.header(
      'content-disposition',
      attachment(
        `hrbrain-${run.kind}-errors-${stamp}.csv`,
        `${RUN_LABELS[run.kind]}_エラーファイル_${stamp}.csv`,
      ),
    );
    // ?lang=en: the English header and raw values, for programs (J3); default Japanese.
    const language = c.req.query('lang') === 'en' ? 'en' : 'ja';
    return c.body(renderErrorCsv(rows, { kind: run.kind, language }));
  });

  if (options.triggers) mountTriggerRoutes(api, options.triggers.routes);

  app.route('/', api);
  return app;
}

import type { Hono } from 'hono';
import { ApiError } from '../http/api-error.ts';
import type { TenantEnv } from '../http/tenant-auth.ts';
import type { ScheduleService } from './schedules.ts';
import { WEBHOOK_PATH_PREFIX, type WebhookEndpoints } from './webhook-endpoints.ts';

export interface TriggerRoutesOptions {
  endpoints: WebhookEndpoints;
  schedules: ScheduleService;
  debounceSeconds: number;
}

const badRequest = (message: string) =>
  new ApiError(400, 'VALIDATION_FAILED', message, 'リクエストの形式が正しくありません。');

async function readObject(c: {
  req: { text(): Promise<string> };
}): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest('The request body must be JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/**
 * The tenant's opt-in triggers (all off by default: D6/E11, an admin presses the button):
 *
 * - `GET /triggers`: the webhook endpoint (never its URL: it is shown once) and the schedule;
 * - `POST /triggers/webhook` `{ "signed"?: boolean }`: create or rotate the URL (and the
 *   signing secret when `signed`); 201 with `url` (and `signingSecret`) — shown this once;
 * - `DELETE /triggers/webhook`: turn webhooks off (the URL answers 404 from then on);
 * - `PUT /triggers/schedule` `{ "cron": "0 2 * * *", "timezone": "Asia/Tokyo" }`;
 * - `DELETE /triggers/schedule`.
 */
export function mountTriggerRoutes(api: Hono<TenantEnv>, options: TriggerRoutesOptions): void {
  const { endpoints, schedules } = options;

  api.get('/triggers', async (c) => {
    const tenantId = c.get('tenantId');
    return c.json({
      webhook: await endpoints.status(tenantId),
      schedule: await schedules.status(tenantId),
      debounceSeconds: options.debounceSeconds,
    });
  });

  api.post('/triggers/webhook', async (c) => {
    const body = await readObject(c);
    if (body.signed !== undefined && typeof body.signed !== 'boolean') {
      throw badRequest('`signed` must be true or false.');
    }
    const rotated = await endpoints.rotate(c.get('tenantId'), { signed: body.signed === true });
    const url = `${new URL(c.req.url).origin}${WEBHOOK_PATH_PREFIX}${rotated.token}`;
    c.header('cache-control', 'no-store');
    return c.json(
      {
        webhook: rotated.status,
        url,
        signingSecret: rotated.signingSecret,
        message:
          'Copy the URL (and secret) now: they are not shown again. Rotating again replaces them.',
        messageJa: 'URLは今だけ表示されます。HRBrainの公開API/Webhook設定に登録してください。',
      },
      201,
    );
  });

  api.delete('/triggers/webhook', async (c) => {
    const removed = await endpoints.disable(c.get('tenantId'));
    return c.json({ webhook: await endpoints.status(c.get('tenantId')), removed });
  });

  api.put('/triggers/schedule', async (c) => {
    const body = await readObject(c);
    const { cron } = body;
    const timezone = body.timezone ?? 'Asia/Tokyo';
    if (typeof cron !== 'string' || cron.trim() === '') {
      throw badRequest('`cron` is required, e.g. "0 2 * * *" (02:00 daily).');
    }
    if (typeof timezone !== 'string') throw badRequest('`timezone` must be a string.');
    return c.json({ schedule: await schedules.set(c.get('tenantId'), { cron, timezone }) });
  });

  api.delete('/triggers/schedule', async (c) => {
    const removed = await schedules.clear(c.get('tenantId'));
    return c.json({ schedule: await schedules.status(c.get('tenantId')), removed });
  });
}

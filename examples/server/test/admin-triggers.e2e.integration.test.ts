import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CLIENT_ID, FAKE_SECRET, startFakeHrbrain } from './helpers/fake-hrbrain.ts';
import { createTestDatabase } from './helpers/test-database.ts';
import { API_KEYS, startTestServer, type TestServer } from './helpers/test-server.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let fake: Awaited<ReturnType<typeof startFakeHrbrain>>;
let server: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium).`,
    );
  }
  database = await createTestDatabase();
  fake = await startFakeHrbrain({ members: 10 });
  server = await startTestServer({
    databaseUrl: database.url,
    hrbrainBaseUrl: fake.url,
    env: { WEBHOOK_DEBOUNCE_SECONDS: '0' },
  });
  const connected = await server.request('a', 'POST', '/integrations/hrbrain', {
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_SECRET,
  });
  expect(connected.status).toBe(200);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run'],
  });
  page = await browser.newPage({ locale: 'ja-JP' });
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${server.url}/`);
  await page.fill('#api-key', API_KEYS.a);
  await page.click('#api-key-form button[type=submit]');
  await page.waitForFunction(() =>
    document.querySelector('#webhook-status')?.textContent?.includes('無効'),
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
  await database?.drop();
});

describe('admin page: 自動同期 (opt-in triggers)', () => {
  it('T4: the admin issues a signed webhook URL (shown once), a delivery to it runs a reconcile, and the run list says Webhook', async () => {
    await page.click('#webhook-rotate');
    await expect
      .poll(() => page.inputValue('#webhook-url'))
      .toMatch(/\/hooks\/hrbrain\/[\w-]{43}$/);
    const url = await page.inputValue('#webhook-url');
    const secret = await page.inputValue('#webhook-secret');
    expect(secret).toMatch(/^whsec_/);
    await expect.poll(() => page.textContent('#webhook-status')).toContain('有効（署名あり');

    fake.webhook = { url, secret };
    expect((await fake.sendWebhook()).status).toBe(202);
    await page.click('#refresh-runs');
    await expect
      .poll(
        async () => {
          await page.click('#refresh-runs');
          return await page
            .locator('#runs-body tr', { hasText: 'HRBrain社員情報取込' })
            .first()
            .locator('td.trigger')
            .textContent()
            .catch(() => null);
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe('Webhook');

    // Rotating replaces the URL: the old one is refused at once.
    await page.click('#webhook-rotate');
    await expect.poll(() => page.inputValue('#webhook-url')).not.toBe(url);
    expect((await fake.sendWebhook()).status).toBe(404);
    await page.click('#webhook-disable');
    await expect.poll(() => page.textContent('#webhook-status')).toContain('無効');
  });

  it('T5: the admin sets a nightly schedule in Asia/Tokyo, sees its next slots, and clears it', async () => {
    await page.fill('#schedule-cron', '0 2 * * *');
    await page.fill('#schedule-timezone', 'Asia/Tokyo');
    await page.click('#schedule-form button[type=submit]');
    await expect
      .poll(() => page.textContent('#schedule-status'))
      .toMatch(/^有効: 0 2 \* \* \*（Asia\/Tokyo）次回 \d{4}\/\d{2}\/\d{2} \d{2}:00/);
    await page.fill('#schedule-cron', '* * * * *');
    await page.click('#schedule-form button[type=submit]');
    // The refusal's own text (the previous save's 「スケジュールを保存しました。」 also says スケジュール).
    await expect
      .poll(() => page.textContent('#triggers-message'))
      .toContain('スケジュールの指定が正しくありません');
    expect(await page.getAttribute('#triggers-message', 'class')).toContain('error');
    await page.click('#schedule-clear');
    await expect.poll(() => page.textContent('#schedule-status')).toContain('無効');
  });
});

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CLIENT_ID, FAKE_SECRET, startFakeHrbrain } from './helpers/fake-hrbrain.ts';
import { createTestDatabase } from './helpers/test-database.ts';
import { API_KEYS, startTestServer, type TestServer } from './helpers/test-server.ts';

// Debian's chromium (`.ci/run` installs it when missing); never a downloaded browser.
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
  // One duplicated e-mail (E4): the employee sync reports it in its error file.
  fake = await startFakeHrbrain({ members: 30, defects: { duplicateEmails: 1 } });
  server = await startTestServer({ databaseUrl: database.url, hrbrainBaseUrl: fake.url });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({ acceptDownloads: true, locale: 'ja-JP' });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
  await database?.drop();
});

const statusOf = (label: string) =>
  page.locator('#runs-body tr', { hasText: label }).first().locator('.status');

describe('admin page in headless Chromium (manual 手順1–4)', () => {
  it('手順1: enters the API key, then connects HRBrain with a pasted URL and the secret', async () => {
    await page.goto(`${server.url}/`);
    await page.fill('#api-key', API_KEYS.a);
    await page.click('#api-key-form button[type=submit]');
    await expect.poll(() => page.textContent('#tenant')).toBe('テナント: tenant-a');
    await expect.poll(() => page.textContent('#connection-status')).toContain('未連携');
    // The sync menu items are hidden until HRBrain is connected.
    expect(await page.locator('#departments button.sync').isVisible()).toBe(false);

    await page.fill('#client-id', `https://${FAKE_CLIENT_ID}.members.hrbrain.jp/home`);
    await page.fill('#client-secret', FAKE_SECRET);
    await page.click('#connect');
    await expect.poll(() => page.textContent('#connect-message')).toBe('✔ 連携が完了しました');
    await expect.poll(() => page.textContent('#connection-status')).toContain(FAKE_CLIENT_ID);
    // The secret does not stay in the page.
    expect(await page.inputValue('#client-secret')).toBe('');
  });

  it('手順2: 部署管理 → 一括操作 → HRBrainと同期, then 成功 in バックグラウンド処理一覧', async () => {
    await page.click('#departments summary');
    await page.click('#departments button.sync');
    await expect
      .poll(() => page.textContent('#page-message'))
      .toContain('バックグラウンド処理が始まります');
    await expect
      .poll(() => statusOf('HRBrain部署情報取込').textContent(), { timeout: 30_000 })
      .toBe('成功');
    const row = page.locator('#runs-body tr', { hasText: 'HRBrain部署情報取込' }).first();
    expect(await row.locator('td').nth(2).textContent()).toMatch(
      /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/,
    );
    expect(await row.locator('td').nth(3).textContent()).toBe('-');
  });

  it('手順3: 自社社員管理 → 社員情報を一括操作 → HRBrainと同期, then the error file downloads (J3)', async () => {
    await page.click('#employees summary');
    await page.click('#employees button.sync');
    await expect
      .poll(() => statusOf('HRBrain社員情報取込').textContent(), { timeout: 30_000 })
      .toBe('一部エラー');
    const row = page.locator('#runs-body tr', { hasText: 'HRBrain社員情報取込' }).first();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.locator('a.error-file').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^hrbrain-employees-.+-errors\.csv$/);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for Excel
    expect(bytes.toString('utf8')).toContain('EMPLOYEE_EMAIL_DUPLICATE');
  });

  it('手順4: 連携を解除する asks for confirmation, then hides HRBrainと同期', async () => {
    let dialogMessage = '';
    page.once('dialog', (dialog) => {
      dialogMessage = dialog.message();
      void dialog.accept();
    });
    await page.click('#disconnect');
    await expect.poll(() => page.textContent('#connect-message')).toBe('連携を解除しました');
    expect(dialogMessage).toContain('連携を解除しますか');
    await expect.poll(() => page.textContent('#connection-status')).toContain('未連携');
    expect(await page.locator('#departments button.sync').isVisible()).toBe(false);
    expect((await server.request('a', 'GET', '/integrations/hrbrain')).json().connected).toBe(
      false,
    );
  });
});

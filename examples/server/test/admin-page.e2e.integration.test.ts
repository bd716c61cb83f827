import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CLIENT_ID, FAKE_SECRET, startFakeHrbrain } from './helpers/fake-hrbrain.ts';
import { createTestDatabase } from './helpers/test-database.ts';
import { API_KEYS, type Json, startTestServer, type TestServer } from './helpers/test-server.ts';

// Debian's chromium (`.ci/run` installs it when missing); never a downloaded browser.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Screenshots are test artefacts (gitignored): look at them after a change to the page.
const SCREENSHOTS = join(import.meta.dirname, '../test-output/screenshots');
const MEMBERS = 250; // three pages of 100: the run list shows 取得中 100/250, 200/250

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let fake: Awaited<ReturnType<typeof startFakeHrbrain>>;
let server: TestServer;
let browser: Browser;
let page: Page;
/** Every response the page got with status 401 (the favicon used to be one). */
const unauthorized: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium).`,
    );
  }
  // Emptied first: the docs build (turbo `site:verify`) shows only what this run took, never a
  // picture left by an older run of a page that has changed since.
  await rm(SCREENSHOTS, { recursive: true, force: true });
  await mkdir(SCREENSHOTS, { recursive: true });
  database = await createTestDatabase();
  // One duplicated e-mail (E4): the employee sync skips two members and has an error file.
  fake = await startFakeHrbrain({ members: MEMBERS, defects: { duplicateEmails: 1 } });
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
  page = await browser.newPage({
    acceptDownloads: true,
    locale: 'ja-JP',
    viewport: { width: 1280, height: 900 },
  });
  page.on('response', (response) => {
    if (response.status() === 401) unauthorized.push(response.url());
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
  await database?.drop();
});

const rowOf = (label: string) => page.locator('#runs-body tr', { hasText: label }).first();
const statusOf = (label: string) => rowOf(label).locator('.status-label');
const api = async (path: string): Promise<Json> => (await server.request('a', 'GET', path)).json();
const latestRun = async (kind: string): Promise<Json> =>
  (await api(`/sync-runs?kind=${kind}`)).runs[0];

/** The page fits its viewport: no horizontal scroll (scrollWidth ≤ innerWidth). */
const horizontalOverflow = () =>
  page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));

async function waitUntilIdle(kind: string) {
  await expect
    .poll(async () => (await latestRun(kind))?.status, { timeout: 60_000 })
    .not.toMatch(/^(queued|running)$/);
}

describe('admin page in headless Chromium (manual 手順1–4, issue 14)', () => {
  it('serves a real favicon without the API key (no 401)', async () => {
    const ico = await fetch(`${server.url}/favicon.ico`);
    expect(ico.status).toBe(200);
    expect(ico.headers.get('content-type')).toBe('image/x-icon');
    expect([...new Uint8Array(await ico.arrayBuffer()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    const svg = await fetch(`${server.url}/favicon.svg`);
    expect(svg.status).toBe(200);
    expect(await svg.text()).toContain('<svg');
  });

  it('手順1 + C4: the API key, then a pasted URL is shown reduced to its subdomain, then connect', async () => {
    await page.goto(`${server.url}/`);
    await page.fill('#api-key', API_KEYS.a);
    await page.click('#api-key-form button[type=submit]');
    await expect.poll(() => page.textContent('#tenant')).toBe('テナント: tenant-a');
    await expect.poll(() => page.textContent('#connection-status')).toContain('未連携');
    // The sync menu items are hidden until HRBrain is connected.
    expect(await page.locator('#departments button.sync').isVisible()).toBe(false);

    await page.fill('#client-id', `https://${FAKE_CLIENT_ID}.members.hrbrain.jp/home`);
    // C4: what the admin sees is the subdomain alone, between https:// and .members.hrbrain.jp.
    expect(await page.inputValue('#client-id')).toBe(FAKE_CLIENT_ID);
    await page.fill('#client-secret', FAKE_SECRET);
    await page.click('#connect');
    await expect.poll(() => page.textContent('#connect-message')).toBe('✔ 連携が完了しました');
    await expect.poll(() => page.textContent('#connection-status')).toContain(FAKE_CLIENT_ID);
    // The secret does not stay in the page.
    expect(await page.inputValue('#client-secret')).toBe('');
  });

  it('a11y basics: every control has a label, status messages are live regions, focus is visible', async () => {
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, button, select, textarea, summary')]
        .filter((node) => {
          const element = node as HTMLInputElement;
          const labelled =
            (element.labels?.length ?? 0) > 0 ||
            element.getAttribute('aria-label') ||
            element.getAttribute('aria-labelledby') ||
            (element.tagName !== 'INPUT' && element.textContent?.trim());
          return !labelled;
        })
        .map((node) => node.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
    for (const id of ['#page-message', '#connect-message', '#sync-message', '#announcer']) {
      expect(await page.getAttribute(id, 'aria-live')).toBe('polite');
    }
    // Keyboard focus is visible: what Tab reaches is outlined.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({
      text: document.activeElement?.textContent,
      outline: getComputedStyle(document.activeElement as Element).outlineStyle,
    }));
    expect(focused.text).not.toBe('');
    expect(focused.outline).toBe('solid');
  });

  it('手順2 by keyboard: 一括操作 → HRBrainと同期; the run shows its counts (作成 … 警告, 連携 0) and the 部署管理 tree fills', async () => {
    await page.focus('#departments summary');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('HRBrainと同期');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.textContent('#sync-message'))
      .toContain('バックグラウンド処理が始まります');
    // The connect message belonged to the connect action; the next action ends it.
    expect(await page.isHidden('#connect-message')).toBe(true);
    await expect.poll(() => statusOf('HRBrain部署情報取込').textContent()).toBe('成功');
    // The sync banner described a running run; it is gone now that the run ended.
    await expect.poll(() => page.isHidden('#sync-message')).toBe(true);
    await expect.poll(() => page.textContent('#announcer')).toContain('HRBrain部署情報取込: 成功');

    const run = await latestRun('departments');
    const counts = await rowOf('HRBrain部署情報取込').locator('ul.counts li').allTextContents();
    expect(counts).toEqual([
      `作成 ${run.summary.created}`,
      `更新 ${run.summary.updated}`,
      '連携 0',
      `変更なし ${run.summary.unchanged}`,
      `スキップ ${run.summary.skipped}`,
      `警告 ${run.summary.warnings}`,
    ]);
    expect(run.summary.created).toBeGreaterThan(0);

    // 部署管理: the synced tree, read from the storage (code, name, parent).
    const tree = (await api('/departments')).departments;
    expect(tree.length).toBe(run.summary.created);
    await expect.poll(() => page.locator('#department-tree tr').count()).toBe(tree.length);
    const rows = await page
      .locator('#department-tree tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)),
      );
    expect(rows[0]).toEqual([tree[0].code, tree[0].name, '-']);
    const child = tree.findIndex((d: Json) => d.parentCode !== null);
    expect(rows[child]).toEqual([
      tree[child].code,
      `└ ${tree[child].name}`,
      tree[child].parentCode,
    ]);
  });

  let employeeSummary: Json;

  it('J6 / FAQ Q2: a preview shows 作成 N 件 / 更新 N 件 / スキップ N 件 with samples and applies nothing', async () => {
    await page.click('#employees summary');
    await page.click('#employees button.preview');
    await expect.poll(() => page.isVisible('#preview-panel'), { timeout: 60_000 }).toBe(true);
    const run = await latestRun('employees');
    expect(run).toMatchObject({ dryRun: true });
    employeeSummary = run.summary;
    expect(await page.textContent('#preview-counts')).toContain(
      `作成 ${run.summary.created} 件 / 更新 ${run.summary.updated} 件 / スキップ ${run.summary.skipped} 件`,
    );
    const samples = await page.locator('#preview-samples li').allTextContents();
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.join('\n')).toContain(run.preview.creates[0].key);
    expect(await page.textContent('#preview-samples')).toContain('スキップされる例');
    // Nothing was applied.
    expect((await api('/employees')).total).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'preview-desktop.png'), fullPage: true });
  });

  it('J1/J5: applying the preview shows 取得中 n/250 while running; a second click says 実行中 and links the run, with no failed row', async () => {
    fake.faults.latencyMs = 2500; // slow HRBrain: the run stays in 取得中 for seconds
    try {
      await page.click('#preview-apply');
      await expect.poll(() => page.isHidden('#preview-panel')).toBe(true);
      await expect
        .poll(() => rowOf('HRBrain社員情報取込').locator('.progress').textContent(), {
          timeout: 30_000,
          interval: 200,
        })
        .toMatch(new RegExp(`^取得中 (100|200)/${MEMBERS}$`));
      const running = await latestRun('employees');
      expect(running, JSON.stringify(running)).toMatchObject({ status: 'running', dryRun: false });
      // Hold the run before it can finish, without timing luck: its apply locks its own run row
      // first (data and outcome in one transaction), so a row lock held here keeps it running
      // until the double start below has been refused.
      const holder = new pg.Client({ connectionString: database.url });
      await holder.connect();
      try {
        await holder.query('begin');
        await holder.query('select 1 from hrbrain.sync_runs where id = $1 for update', [
          running.id,
        ]);
        fake.faults.latencyMs = 0;
        await page.screenshot({ path: join(SCREENSHOTS, 'running-desktop.png'), fullPage: true });

        // Double start: refused, the page points at the running run, nothing recorded.
        await page.click('#employees summary');
        await page.click('#employees button.sync');
        await expect
          .poll(() => page.textContent('#sync-message'))
          .toContain('HRBrain社員情報取込は実行中です');
        expect(await page.getAttribute('#sync-message a', 'href')).toBe(`#run-${running.id}`);
        expect(await page.locator('#runs-body .status-failed').count()).toBe(0);
      } finally {
        await holder.query('rollback').catch(() => {});
        await holder.end();
      }
    } finally {
      fake.faults.latencyMs = 0;
    }
    await waitUntilIdle('employees');
    await expect.poll(() => statusOf('HRBrain社員情報取込').textContent()).toBe('一部エラー');
    await expect.poll(() => page.isHidden('#sync-message')).toBe(true);
    const runs = (await api('/sync-runs?kind=employees')).runs;
    // The real run and the preview before it; the refused second click left no run at all.
    expect(runs.map((r: Json) => [r.dryRun, r.status])).toEqual([
      [false, 'completed_with_errors'],
      [true, 'completed_with_errors'],
    ]);
    expect(runs[0].summary.created).toBe(employeeSummary.created);
    expect(await rowOf('HRBrain社員情報取込').locator('ul.counts li').first().textContent()).toBe(
      `作成 ${employeeSummary.created}`,
    );
  });

  it('自社社員管理: the list is paged, searchable by name, e-mail and number, and shows 退職済み', async () => {
    const all = await api('/employees?limit=100');
    expect(all.total).toBe(employeeSummary.created);
    await expect.poll(() => page.locator('#employee-list tr').count()).toBe(20);
    expect(await page.textContent('#employees-range')).toContain(`1〜20件目 / 全${all.total}件`);
    await page.click('#employees-next');
    await expect.poll(() => page.textContent('#employees-range')).toContain('21〜40件目');

    const someone = all.employees.find((e: Json) => e.employeeNumber !== null);
    for (const q of [someone.name.replace(' ', ''), someone.email, someone.employeeNumber]) {
      await page.fill('#employee-q', q);
      await page.press('#employee-q', 'Enter');
      await expect
        .poll(() => page.locator('#employee-list tr').first().textContent())
        .toContain(someone.email);
    }
    const retired = (await api('/employees?limit=100&page=1')).employees
      .concat((await api('/employees?limit=100&page=2')).employees)
      .concat((await api('/employees?limit=100&page=3')).employees)
      .find((e: Json) => e.retired);
    expect(retired).toBeDefined();
    await page.fill('#employee-q', retired.email);
    await page.press('#employee-q', 'Enter');
    await expect
      .poll(() => page.locator('#employee-list tr').first().locator('.badge').textContent())
      .toBe('退職済み');
    await page.fill('#employee-q', '');
    await page.press('#employee-q', 'Enter');
    await expect.poll(() => page.textContent('#employees-range')).toContain('1〜20件目');
  });

  it('J3: the error file downloads with a Japanese header and the 氏名 / 従業員番号 columns', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      rowOf('HRBrain社員情報取込').locator('a.error-file').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^hrbrain-employees-.+-errors\.csv$/);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for Excel
    const [header, ...rows] = bytes.toString('utf8').slice(1).split('\r\n');
    expect(header).toBe(
      'HRBrain社員ID,氏名,従業員番号,メールアドレス,種別,エラーコード,項目,値,内容,内容（英語）',
    );
    expect(rows.join('\n')).toContain('EMPLOYEE_EMAIL_DUPLICATE');
    // The 氏名 column is filled (the planner's subjectName, stored by the Postgres adapter).
    const cells = (line: string) =>
      [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, ''));
    const data = rows.filter((line) => line !== '').map(cells);
    expect(data.length).toBeGreaterThan(0);
    for (const row of data) expect(row[1], row.join(',')).toMatch(/^\S+ \S+$/);
  });

  it('J7: when the change guard trips, the page shows its counts and the admin applies anyway, explicitly', async () => {
    // HR edits 40 % of the members' 名 in HRBrain: more than the default guard (20 %).
    const firstName = fake.tenant.ids.fields.firstName;
    const members = fake.tenant.payload.members;
    const edited = Math.ceil(members.length * 0.4);
    for (const member of members.slice(0, edited)) {
      const field = member.fields.find((f) => f.id === firstName);
      if (field) field.value = `${String(field.value)}改`;
    }
    fake.handlers.refresh();

    const before = (await latestRun('employees')).id;
    await page.click('#employees summary');
    await page.click('#employees button.sync');
    await expect.poll(async () => (await latestRun('employees')).id).not.toBe(before);
    await waitUntilIdle('employees');
    // The worker records the guard's counts just after it finishes the run (the page polls
    // until they are there): wait for them, not for luck.
    await expect
      .poll(async () => (await latestRun('employees')).changeGuard, { timeout: 30_000 })
      .not.toBeNull();
    const tripped = await latestRun('employees');
    expect(tripped, JSON.stringify(tripped)).toMatchObject({
      status: 'failed',
      failure: { code: 'CHANGE_GUARD_TRIPPED' },
    });
    expect(tripped.changeGuard).toMatchObject({
      existing: employeeSummary.created,
      created: 0,
      maxChangeRatio: 0.2,
    });
    const updated = tripped.changeGuard.updated;
    expect(updated).toBeGreaterThan(employeeSummary.created * 0.2);
    await expect.poll(() => page.isVisible('#guard-panel')).toBe(true);
    await expect
      .poll(() => page.textContent('#guard-text'))
      .toContain(`既存 ${employeeSummary.created} 件に対して 作成 0 件 / 更新 ${updated} 件`);
    // Nothing was applied.
    expect(
      (await api('/employees?limit=100')).employees.some((e: Json) => e.name.endsWith('改')),
    ).toBe(false);
    await page.screenshot({ path: join(SCREENSHOTS, 'guard-desktop.png'), fullPage: true });

    // Explicit: a dialog must be accepted; dismissing it starts nothing.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.click('#guard-apply');
    expect((await latestRun('employees')).id).toBe(tripped.id);
    let dialogMessage = '';
    page.once('dialog', (dialog) => {
      dialogMessage = dialog.message();
      void dialog.accept();
    });
    await page.click('#guard-apply');
    await expect.poll(async () => (await latestRun('employees')).id).not.toBe(tripped.id);
    expect(dialogMessage).toContain('変更ガードを解除');
    await waitUntilIdle('employees');
    const applied = await latestRun('employees');
    expect(applied.status).not.toBe('failed');
    expect(applied.summary.updated).toBeGreaterThanOrEqual(updated);
    await expect.poll(() => page.isHidden('#guard-panel')).toBe(true);
  });

  it('E11: 部署と社員をまとめて同期 records both runs, departments then employees, from one HRBrain read', async () => {
    const before = {
      departments: (await latestRun('departments')).id,
      employees: (await latestRun('employees')).id,
    };
    const from = fake.requests.length;
    await page.click('#employees summary');
    await page.click('#employees button.sync-all');
    // The start records the departments run, then the employees run: wait for both.
    await expect
      .poll(async () => [
        (await latestRun('departments')).id !== before.departments,
        (await latestRun('employees')).id !== before.employees,
      ])
      .toEqual([true, true]);
    await waitUntilIdle('employees');
    const departments = await latestRun('departments');
    const employees = await latestRun('employees');
    expect(departments).toMatchObject({ status: 'succeeded', triggerLabel: '手動' });
    // The duplicated e-mail is still reported (J3); nothing else changed since the last run.
    expect(employees).toMatchObject({ status: 'completed_with_errors', triggerLabel: '手動' });
    expect(employees.startedAt >= departments.finishedAt).toBe(true);
    await expect.poll(() => statusOf('HRBrain部署情報取込').textContent()).toBe('成功');
    await expect.poll(() => statusOf('HRBrain社員情報取込').textContent()).toBe('一部エラー');
    await expect.poll(() => page.isHidden('#sync-message')).toBe(true);
    // One read for both runs: the field definitions once, each members page once.
    const requests = fake.requests.slice(from);
    expect(requests.filter((r) => r.path === '/members/v1/fields')).toHaveLength(1);
    expect(requests.filter((r) => r.path === '/members/v1/members')).toHaveLength(
      Math.ceil(MEMBERS / 100),
    );
  });

  it('layout: 390 px and 360 px wide have no horizontal scroll; the エラーファイル link stays on one line', async () => {
    await page.screenshot({ path: join(SCREENSHOTS, 'desktop.png'), fullPage: true });
    for (const width of [390, 360]) {
      await page.setViewportSize({ width, height: 844 });
      await page.waitForTimeout(100);
      const { scrollWidth, innerWidth } = await horizontalOverflow();
      expect(scrollWidth, `${width} px`).toBeLessThanOrEqual(innerWidth);
      const link = await rowOf('HRBrain社員情報取込').locator('a.error-file').boundingBox();
      expect(link?.height ?? 0).toBeLessThan(30);
      await page.screenshot({ path: join(SCREENSHOTS, `mobile-${width}.png`), fullPage: true });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SCREENSHOTS, `mobile-${width}-top.png`) });
      await page
        .locator('#runs')
        .screenshot({ path: join(SCREENSHOTS, `mobile-${width}-runs.png`) });
      await page
        .locator('#employee-list tr')
        .first()
        .screenshot({ path: join(SCREENSHOTS, `mobile-${width}-employee.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('手順4: 連携を解除する confirms, then the form is empty, the banners are gone and a pasted URL is reduced again', async () => {
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
    expect(await page.inputValue('#client-id')).toBe('');
    expect(await page.inputValue('#client-secret')).toBe('');
    expect(await page.isHidden('#sync-message')).toBe(true);
    expect(await page.isHidden('#preview-panel')).toBe(true);
    expect(await page.isHidden('#guard-panel')).toBe(true);
    expect((await server.request('a', 'GET', '/integrations/hrbrain')).json().connected).toBe(
      false,
    );
    await page.fill('#client-id', 'https://other-co.members.hrbrain.jp/home');
    expect(await page.inputValue('#client-id')).toBe('other-co');
    await page.screenshot({ path: join(SCREENSHOTS, 'disconnected-desktop.png'), fullPage: true });
  });

  it('the page declares its icons, each served 200 without a key; no request was answered 401', async () => {
    const icons = await page.evaluate(async () =>
      Promise.all(
        [...document.querySelectorAll<HTMLLinkElement>('link[rel~=icon]')].map(async (link) => {
          const response = await fetch(link.href);
          return { status: response.status, type: response.headers.get('content-type') };
        }),
      ),
    );
    expect(icons.length).toBeGreaterThan(0);
    for (const icon of icons) {
      expect(icon.status).toBe(200);
      expect(icon.type).toMatch(/^image\//);
    }
    expect(unauthorized).toEqual([]);
  });
});

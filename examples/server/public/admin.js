// The admin page: plain DOM + fetch, no build step. The API key is kept in sessionStorage
// (gone when the tab closes) and sent as `Authorization: Bearer <key>` on every call.
// Every text from the API is set with textContent, never as HTML.

const KEY_STORAGE = 'mikiwame-example-api-key';
const POLL_MS = 1500;
const EMPLOYEE_PAGE_SIZE = 20;
const KIND_LABELS = { departments: 'HRBrain部署情報取込', employees: 'HRBrain社員情報取込' };
const FIELD_LABELS = {
  code: '部署コード',
  name: '部署名',
  parentCode: '親部署',
  sourceId: 'HRBrain ID',
  email: 'メールアドレス',
  lastName: '氏',
  firstName: '名',
  lastNameKana: '氏（カナ）',
  firstNameKana: '名（カナ）',
  employeeNumber: '従業員番号',
  birthDate: '生年月日',
  departmentCode: '主部署',
  position: '役職',
  gender: '性別',
  employmentType: '雇用形態',
  retired: '退職者フラグ',
};

const $ = (selector) => document.querySelector(selector);
const isActive = (run) => run.status === 'queued' || run.status === 'running';

const state = {
  pollTimer: null,
  runs: [],
  /** Run ids seen active, to notice when one ends. */
  active: new Set(),
  /** The banner of the last sync action: `{ runId }`; it goes when that run ends. */
  syncBanner: null,
  /** The dry run whose result the preview panel shows. */
  previewRunId: null,
  /** A guard-tripped run the admin closed the panel of. */
  dismissedGuard: null,
  employeePage: 1,
  employeeQuery: '',
};

function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) ?? '';
}

class ApiFailure extends Error {
  constructor(status, error) {
    super(error?.messageJa ?? error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = error?.code ?? null;
    this.details = error ?? {};
  }
}

async function api(method, path, body) {
  const headers = { authorization: `Bearer ${apiKey()}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
  const payload = isJson ? await response.json() : null;
  if (!response.ok) throw new ApiFailure(response.status, payload?.error);
  return payload;
}

function show(element, text, kind) {
  element.hidden = false;
  element.textContent = text;
  element.className = `message ${kind ?? ''}`;
}

function hide(element) {
  element.hidden = true;
  element.textContent = '';
}

/** Messages that belong to one action go when the next action starts. */
function clearActionMessages() {
  hide($('#connect-message'));
  hide($('#page-message'));
}

function announce(text) {
  // Reset first so the same text is announced again.
  $('#announcer').textContent = '';
  setTimeout(() => {
    $('#announcer').textContent = text;
  }, 50);
}

function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

function formatDate(iso) {
  if (!iso) return '-';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * C4: a pasted `https://acme.members.hrbrain.jp/home` becomes `acme`. Anything else is left
 * as typed (the server refuses what is not a single DNS label).
 */
export function reduceToSubdomain(text) {
  const value = text.trim();
  const match = /^(?:https?:\/\/)?([a-z0-9-]+)\.members\.hrbrain\.jp(?::\d+)?(?:[/?#].*)?$/i.exec(
    value,
  );
  return match ? match[1].toLowerCase() : value;
}

// ---- connection ----------------------------------------------------------------------

async function refreshConnection() {
  const status = await api('GET', '/integrations/hrbrain');
  document.body.classList.toggle('connected', status.connected);
  $('#disconnect').hidden = !status.connected;
  $('#connect-form').hidden = status.connected;
  $('#connection-status').textContent = status.connected
    ? `連携済み（クライアントID: ${status.clientId}、連携日時: ${formatDate(status.connectedAt)}）`
    : '未連携です。クライアントIDとクライアントシークレットを入力して「連携する」を押してください。';
  return status;
}

// ---- runs ------------------------------------------------------------------------------

async function downloadErrorFile(run) {
  // A plain link cannot carry the bearer key, so fetch the file and hand the browser a blob.
  const response = await fetch(run.errorFileUrl, {
    headers: { authorization: `Bearer ${apiKey()}` },
  });
  if (!response.ok) {
    show($('#page-message'), 'エラーファイルを取得できませんでした。', 'error');
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `hrbrain-${run.kind}-${run.id}-errors.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** 作成 / 更新 / 連携 / 変更なし / スキップ / 警告 (J4; 連携 is 0 for older runs). */
function countsOf(summary) {
  const list = el('ul', { className: 'counts' });
  const items = [
    ['作成', summary.created],
    ['更新', summary.updated],
    ['連携', summary.linked ?? 0],
    ['変更なし', summary.unchanged],
    ['スキップ', summary.skipped],
    ['警告', summary.warnings],
  ];
  for (const [label, value] of items) {
    list.append(
      el('li', { className: value > 0 ? 'count nonzero' : 'count', text: `${label} ${value}` }),
    );
  }
  return list;
}

function renderRuns(runs) {
  const body = $('#runs-body');
  body.replaceChildren();
  if (runs.length === 0) {
    const row = body.insertRow();
    const cell = row.insertCell();
    cell.colSpan = 6;
    cell.className = 'muted';
    cell.textContent = '処理はまだありません。';
    return;
  }
  for (const run of runs) {
    const row = body.insertRow();
    row.id = `run-${run.id}`;
    row.tabIndex = -1;
    row.dataset.runId = run.id;
    const what = row.insertCell();
    what.dataset.label = '実行内容';
    what.textContent = run.label + (run.dryRun ? '（プレビュー）' : '');

    const status = row.insertCell();
    status.dataset.label = 'ステータス';
    status.className = `status status-${run.status}`;
    // One wrapper, so the cell is one grid item in the phone layout.
    const statusBox = el('div');
    statusBox.append(el('span', { className: 'status-label', text: run.statusLabel }));
    if (run.progress && run.status === 'running') {
      statusBox.append(el('div', { className: 'progress', text: run.progress.label }));
    }
    if (run.failure) {
      // A failed run says why (e.g. 連携が設定されていません), in the manual's language.
      statusBox.append(
        el('div', {
          className: 'muted failure',
          text: run.failure.messageJa ?? run.failure.message,
        }),
      );
    }
    status.append(statusBox);

    const counts = row.insertCell();
    counts.dataset.label = '件数';
    if (run.summary) counts.append(countsOf(run.summary));
    else counts.textContent = '-';

    // 実行契機 (T1): 手動 / スケジュール / Webhook.
    const trigger = row.insertCell();
    trigger.dataset.label = '実行契機';
    trigger.className = `trigger trigger-${run.trigger?.type ?? 'manual'}`;
    trigger.textContent = run.triggerLabel ?? '手動';

    const when = row.insertCell();
    when.dataset.label = '実行日時';
    when.className = 'when';
    when.textContent = formatDate(run.startedAt ?? run.createdAt);

    const file = row.insertCell();
    file.dataset.label = 'エラーファイル';
    if (run.errorFileUrl) {
      const link = el('a', {
        className: 'error-file',
        text: 'エラーファイル',
        attrs: { href: run.errorFileUrl },
      });
      link.addEventListener('click', (event) => {
        event.preventDefault();
        void downloadErrorFile(run);
      });
      file.append(link);
    } else {
      file.textContent = '-';
    }
  }
}

/** The sync banner: shown while its run is queued or running, gone when it ends. */
function renderSyncBanner() {
  const banner = $('#sync-message');
  const current = state.syncBanner;
  const run = current && state.runs.find((r) => r.id === current.runId);
  if (!current || (run && !isActive(run))) {
    state.syncBanner = null;
    hide(banner);
    return;
  }
  banner.hidden = false;
  banner.className = `message ${current.refused ? 'info' : 'success'}`;
  const progress = run?.progress?.label ? `（${run.progress.label}）` : '';
  banner.replaceChildren(
    document.createTextNode(`${current.text}${progress} `),
    el('a', { text: current.linkText, attrs: { href: `#run-${current.runId}` } }),
  );
}

function samplesList(title, samples, describe) {
  if (!samples || samples.length === 0) return null;
  const box = el('div', { className: 'samples' });
  box.append(el('h4', { text: title }));
  const list = el('ul');
  for (const sample of samples) list.append(el('li', { text: describe(sample) }));
  box.append(list);
  return box;
}

function sampleNodes(preview) {
  if (!preview) return [];
  const who = (s) => [s.name, s.number ? `（${s.number}）` : '', s.key ? ` ${s.key}` : ''].join('');
  return [
    samplesList('作成される例', preview.creates, who),
    samplesList(
      '更新される例',
      preview.updates,
      (s) => `${who(s)}: ${(s.fields ?? []).map((f) => FIELD_LABELS[f] ?? f).join('、')}`,
    ),
    samplesList(
      'スキップされる例',
      preview.skips,
      (s) => `${who(s)}${s.reason ? ` — ${s.reason}` : ''}`,
    ),
  ].filter((node) => node !== null);
}

function guardText(guard) {
  const pct = (ratio) => `${Math.round(ratio * 1000) / 10}%`;
  const changed = guard.created + guard.updated;
  return `既存 ${guard.existing} 件に対して 作成 ${guard.created} 件 / 更新 ${guard.updated} 件（${pct(changed / guard.existing)}）となり、上限の ${pct(guard.maxChangeRatio)} を超えています。連携先のテナントや項目名が正しいか確認してください。`;
}

/** J6: the preview of the dry run the admin asked for, once it has finished. */
function renderPreview() {
  const panel = $('#preview-panel');
  const run = state.previewRunId && state.runs.find((r) => r.id === state.previewRunId);
  const newer =
    run && state.runs.find((r) => r.kind === run.kind && !r.dryRun && r.createdAt > run.createdAt);
  if (!run || isActive(run) || newer || !run.summary) {
    const wasOpen = !panel.hidden;
    panel.hidden = true;
    if (run && !isActive(run) && !run.summary) {
      // The preview failed before planning: the run list says why.
      state.previewRunId = null;
    }
    if (newer) state.previewRunId = null;
    return wasOpen;
  }
  const wasHidden = panel.hidden;
  panel.hidden = false;
  const s = run.summary;
  $('#preview-counts').textContent =
    `作成 ${s.created} 件 / 更新 ${s.updated} 件 / スキップ ${s.skipped} 件` +
    `（連携 ${s.linked ?? 0} 件 / 変更なし ${s.unchanged} 件 / 警告 ${s.warnings} 件）`;
  const guardBox = $('#preview-guard');
  if (run.changeGuard) {
    show(guardBox, `変更ガード: ${guardText(run.changeGuard)}`, 'error');
    $('#preview-apply').textContent = '変更ガードを解除して反映する';
    $('#preview-apply').dataset.ignoreGuard = 'true';
  } else {
    hide(guardBox);
    $('#preview-apply').textContent = 'この内容で反映する';
    delete $('#preview-apply').dataset.ignoreGuard;
  }
  $('#preview-samples').replaceChildren(...sampleNodes(run.preview));
  if (wasHidden) panel.focus();
  return false;
}

/** J7: the latest real run of a kind was stopped by the change guard; the admin may apply. */
function renderGuard() {
  const panel = $('#guard-panel');
  const tripped = ['employees', 'departments']
    .map((kind) => state.runs.find((r) => r.kind === kind && !r.dryRun))
    .find(
      (run) =>
        run && run.failure?.code === 'CHANGE_GUARD_TRIPPED' && run.id !== state.dismissedGuard,
    );
  if (!tripped) {
    panel.hidden = true;
    return;
  }
  const wasHidden = panel.hidden;
  panel.hidden = false;
  panel.dataset.kind = tripped.kind;
  panel.dataset.runId = tripped.id;
  $('#guard-title').textContent = `変更ガードにより反映していません（${tripped.label}）`;
  $('#guard-text').textContent = tripped.changeGuard
    ? guardText(tripped.changeGuard)
    : (tripped.failure.messageJa ?? tripped.failure.message);
  $('#guard-samples').replaceChildren(...sampleNodes(tripped.preview));
  if (wasHidden) panel.focus();
}

async function refreshRuns() {
  const page = await api('GET', '/sync-runs?limit=20');
  state.runs = page.runs;
  renderRuns(page.runs);
  const finished = [];
  for (const id of state.active) {
    const run = page.runs.find((r) => r.id === id);
    if (!run || !isActive(run)) {
      state.active.delete(id);
      if (run) finished.push(run);
    }
  }
  for (const run of page.runs) if (isActive(run)) state.active.add(run.id);
  renderSyncBanner();
  renderPreview();
  renderGuard();
  for (const run of finished) {
    announce(`${run.label}${run.dryRun ? '（プレビュー）' : ''}: ${run.statusLabel}`);
  }
  if (finished.some((run) => !run.dryRun)) void refreshDirectory();
  // Poll while something runs, or a finished run's preview / guard counts are still being
  // recorded (detailsPending); stop when nothing does.
  clearTimeout(state.pollTimer);
  state.pollTimer = null;
  if (page.runs.some((run) => isActive(run) || run.detailsPending)) {
    state.pollTimer = setTimeout(() => void refreshRuns().catch(() => {}), POLL_MS);
  }
}

async function startSync(kind, body, bannerText) {
  clearActionMessages();
  try {
    const { run } = await api('POST', `/${kind}/sync`, body);
    state.syncBanner = { runId: run.id, text: bannerText, linkText: '同期の実行状況を確認する' };
    state.active.add(run.id);
    if (body?.dryRun) state.previewRunId = run.id;
    await refreshRuns();
    return run;
  } catch (error) {
    if (error.code === 'SYNC_IN_PROGRESS' && error.details.runningRunId) {
      // J5: refused before anything was recorded; point at the run that holds the slot.
      state.syncBanner = {
        runId: error.details.runningRunId,
        refused: true,
        text: `${KIND_LABELS[kind]}は実行中です。完了してから再度実行してください。`,
        linkText: '実行中の処理を表示',
      };
      await refreshRuns();
    } else {
      show($('#page-message'), error.message, 'error');
    }
    return null;
  }
}

/**
 * 部署と社員をまとめて同期 (E11): two runs, departments then employees, from one HRBrain read.
 * The banner follows the employees run, the one that ends last.
 */
async function startSyncAll() {
  clearActionMessages();
  try {
    const { runs } = await api('POST', '/sync');
    const employees = runs[runs.length - 1];
    state.syncBanner = {
      runId: employees.id,
      text: 'バックグラウンド処理が始まります（部署、社員の順に同期します）。',
      linkText: '同期の実行状況を確認する',
    };
    for (const run of runs) state.active.add(run.id);
    await refreshRuns();
    return runs;
  } catch (error) {
    if (error.code === 'SYNC_IN_PROGRESS' && error.details.runningRunId) {
      // J5: refused before anything was recorded; the message names the kind that is busy.
      state.syncBanner = {
        runId: error.details.runningRunId,
        refused: true,
        text: error.message,
        linkText: '実行中の処理を表示',
      };
      await refreshRuns();
    } else {
      show($('#page-message'), error.message, 'error');
    }
    return null;
  }
}

// ---- 部署管理 / 自社社員管理 -------------------------------------------------------------

async function refreshDepartments() {
  const { departments, total } = await api('GET', '/departments');
  $('#department-count').textContent = `（${total}件）`;
  const body = $('#department-tree');
  body.replaceChildren();
  if (departments.length === 0) {
    const cell = body.insertRow().insertCell();
    cell.colSpan = 3;
    cell.className = 'muted';
    cell.textContent = '部署はまだありません。';
    return;
  }
  for (const d of departments) {
    const row = body.insertRow();
    row.dataset.depth = String(d.depth);
    const code = row.insertCell();
    code.dataset.label = '部署コード';
    code.textContent = d.code;
    const name = row.insertCell();
    name.dataset.label = '部署名';
    name.className = 'tree-name';
    // Indent by depth (capped so a deep tree stays inside a phone screen).
    name.style.setProperty('--depth', String(Math.min(d.depth, 6)));
    name.textContent = d.depth > 0 ? `└ ${d.name}` : d.name;
    const parent = row.insertCell();
    parent.dataset.label = '親部署コード';
    parent.textContent = d.parentCode ?? '-';
  }
}

async function refreshEmployees() {
  const params = new URLSearchParams({
    page: String(state.employeePage),
    limit: String(EMPLOYEE_PAGE_SIZE),
  });
  if (state.employeeQuery) params.set('q', state.employeeQuery);
  const result = await api('GET', `/employees?${params}`);
  const pages = Math.max(1, Math.ceil(result.total / result.limit));
  if (state.employeePage > pages) {
    state.employeePage = pages;
    return refreshEmployees();
  }
  $('#employee-count').textContent = `（${result.total}件）`;
  const body = $('#employee-list');
  body.replaceChildren();
  if (result.employees.length === 0) {
    const cell = body.insertRow().insertCell();
    cell.colSpan = 6;
    cell.className = 'muted';
    cell.textContent = state.employeeQuery ? '該当する社員はいません。' : '社員はまだいません。';
  }
  for (const e of result.employees) {
    const row = body.insertRow();
    const cells = [
      ['従業員番号', e.employeeNumber ?? '-'],
      ['氏名', e.name],
      ['メールアドレス', e.email],
      ['部署', e.departmentName ?? e.departmentCode ?? '-'],
      ['雇用形態', e.employmentTypeLabel ?? '-'],
    ];
    for (const [label, text] of cells) {
      const cell = row.insertCell();
      cell.dataset.label = label;
      cell.textContent = text;
    }
    const retired = row.insertCell();
    retired.dataset.label = '在籍';
    retired.append(
      el('span', {
        className: e.retired ? 'badge retired' : 'badge',
        text: e.retired ? '退職済み' : '在籍',
      }),
    );
    if (e.retired) row.classList.add('retired-row');
  }
  const first = result.total === 0 ? 0 : (result.page - 1) * result.limit + 1;
  const last = Math.min(result.total, result.page * result.limit);
  $('#employees-range').textContent =
    `${first}〜${last}件目 / 全${result.total}件（${result.page}/${pages}ページ）`;
  $('#employees-prev').disabled = result.page <= 1;
  $('#employees-next').disabled = result.page >= pages;
}

async function refreshDirectory() {
  try {
    await Promise.all([refreshDepartments(), refreshEmployees()]);
  } catch (error) {
    show($('#page-message'), error.message, 'error');
  }
}

async function refreshAll() {
  if (!apiKey()) return;
  try {
    const me = await api('GET', '/me');
    $('#tenant').textContent = `テナント: ${me.tenantId}`;
    await Promise.all([
      refreshConnection(),
      refreshRuns(),
      refreshDepartments(),
      refreshEmployees(),
    ]);
  } catch (error) {
    show($('#page-message'), error.message, 'error');
  }
}

// ---- wiring ----------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('#api-key').value = apiKey();

  $('#api-key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, $('#api-key').value.trim());
    clearActionMessages();
    void refreshAll();
  });

  // C4: show a pasted URL reduced to its subdomain at once.
  const clientId = $('#client-id');
  const reduce = () => {
    const reduced = reduceToSubdomain(clientId.value);
    if (reduced !== clientId.value) clientId.value = reduced;
  };
  clientId.addEventListener('input', reduce);
  clientId.addEventListener('change', reduce);

  $('#connect-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    clearActionMessages();
    reduce();
    const button = $('#connect');
    button.disabled = true;
    try {
      const result = await api('POST', '/integrations/hrbrain', {
        clientId: clientId.value,
        clientSecret: $('#client-secret').value,
      });
      $('#client-secret').value = '';
      await refreshConnection();
      show($('#connect-message'), `✔ ${result.messageJa}`, 'success');
      $('#disconnect').focus();
    } catch (error) {
      show($('#connect-message'), error.message, 'error');
    } finally {
      button.disabled = false;
    }
  });

  $('#disconnect').addEventListener('click', async () => {
    // 手順4-3: the manual confirms with an alert before disconnecting (it affects every admin).
    if (!confirm('HRBrain連携を解除しますか？全ての管理者の連携が解除されます。')) return;
    clearActionMessages();
    try {
      const result = await api('DELETE', '/integrations/hrbrain');
      // Nothing of the old connection stays on the page.
      $('#connect-form').reset();
      state.syncBanner = null;
      state.previewRunId = null;
      await refreshConnection();
      await refreshRuns();
      show($('#connect-message'), result.messageJa, 'success');
      clientId.focus();
    } catch (error) {
      show($('#connect-message'), error.message, 'error');
    }
  });

  for (const button of document.querySelectorAll('button.sync')) {
    button.addEventListener('click', async () => {
      button.closest('details').open = false;
      button.disabled = true; // one click, one request
      try {
        await startSync(button.dataset.kind, undefined, 'バックグラウンド処理が始まります。');
      } finally {
        button.disabled = false;
      }
    });
  }

  for (const button of document.querySelectorAll('button.sync-all')) {
    button.addEventListener('click', async () => {
      button.closest('details').open = false;
      button.disabled = true; // one click, one request
      try {
        await startSyncAll();
      } finally {
        button.disabled = false;
      }
    });
  }

  for (const button of document.querySelectorAll('button.preview')) {
    button.addEventListener('click', async () => {
      button.closest('details').open = false;
      button.disabled = true;
      try {
        await startSync(
          button.dataset.kind,
          { dryRun: true },
          'プレビューを作成しています。完了すると反映前の件数が表示されます。',
        );
      } finally {
        button.disabled = false;
      }
    });
  }

  $('#preview-apply').addEventListener('click', async () => {
    const run = state.runs.find((r) => r.id === state.previewRunId);
    if (!run) return;
    const ignoreChangeGuard = $('#preview-apply').dataset.ignoreGuard === 'true';
    if (ignoreChangeGuard && !confirm('変更ガードを解除して反映します。よろしいですか？')) return;
    state.previewRunId = null;
    $('#preview-panel').hidden = true;
    await startSync(
      run.kind,
      ignoreChangeGuard ? { ignoreChangeGuard: true } : undefined,
      'バックグラウンド処理が始まります。',
    );
  });

  $('#preview-close').addEventListener('click', () => {
    state.previewRunId = null;
    $('#preview-panel').hidden = true;
  });

  $('#guard-apply').addEventListener('click', async () => {
    const panel = $('#guard-panel');
    const kind = panel.dataset.kind;
    if (!confirm(`変更ガードを解除して${KIND_LABELS[kind]}を反映します。内容を確認しましたか？`))
      return;
    state.dismissedGuard = panel.dataset.runId;
    panel.hidden = true;
    await startSync(
      kind,
      { ignoreChangeGuard: true },
      'バックグラウンド処理が始まります（変更ガード解除）。',
    );
  });

  $('#employee-search').addEventListener('submit', (event) => {
    event.preventDefault();
    state.employeeQuery = $('#employee-q').value.trim();
    state.employeePage = 1;
    void refreshEmployees().catch((error) => show($('#page-message'), error.message, 'error'));
  });
  $('#employees-prev').addEventListener('click', () => {
    state.employeePage = Math.max(1, state.employeePage - 1);
    void refreshEmployees();
  });
  $('#employees-next').addEventListener('click', () => {
    state.employeePage += 1;
    void refreshEmployees();
  });

  $('#refresh-runs').addEventListener('click', () => void refreshRuns());

  void refreshAll();
});

// The admin page: plain DOM + fetch, no build step. The API key is kept in sessionStorage
// (gone when the tab closes) and sent as `Authorization: Bearer <key>` on every call.

const KEY_STORAGE = 'mikiwame-example-api-key';
const POLL_MS = 1500;

const $ = (selector) => document.querySelector(selector);
let pollTimer = null;

function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) ?? '';
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
  if (!response.ok) {
    const error = payload?.error;
    throw new Error(error?.messageJa ?? error?.message ?? `HTTP ${response.status}`);
  }
  return payload;
}

function show(element, text, kind) {
  element.hidden = false;
  element.textContent = text;
  element.className = `message ${kind ?? ''}`;
}

function formatDate(iso) {
  if (!iso) return '-';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

async function refreshConnection() {
  const status = await api('GET', '/integrations/hrbrain');
  document.body.classList.toggle('connected', status.connected);
  $('#disconnect').hidden = !status.connected;
  $('#connect-form').hidden = status.connected;
  $('#connection-status').textContent = status.connected
    ? `連携済み（クライアントID: ${status.clientId}、連携日時: ${formatDate(status.connectedAt)}）`
    : '未連携です。クライアントIDとクライアントシークレットを入力して「連携する」を押してください。';
}

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

function renderRuns(runs) {
  const body = $('#runs-body');
  body.replaceChildren();
  if (runs.length === 0) {
    const row = body.insertRow();
    const cell = row.insertCell();
    cell.colSpan = 4;
    cell.className = 'muted';
    cell.textContent = '処理はまだありません。';
    return;
  }
  for (const run of runs) {
    const row = body.insertRow();
    row.dataset.runId = run.id;
    row.insertCell().textContent = run.label + (run.dryRun ? '（プレビュー）' : '');
    const status = row.insertCell();
    status.textContent = run.statusLabel;
    status.className = `status status-${run.status}`;
    if (run.failure) {
      // A failed run says why (e.g. 連携が設定されていません), in the manual's language.
      const reason = document.createElement('div');
      reason.className = 'muted failure';
      reason.textContent = run.failure.messageJa ?? run.failure.message;
      status.append(reason);
    }
    row.insertCell().textContent = formatDate(run.startedAt ?? run.createdAt);
    const file = row.insertCell();
    if (run.errorFileUrl) {
      const button = document.createElement('a');
      button.href = '#';
      button.className = 'error-file';
      button.textContent = 'エラーファイル';
      button.addEventListener('click', (event) => {
        event.preventDefault();
        void downloadErrorFile(run);
      });
      file.append(button);
    } else {
      file.textContent = '-';
    }
  }
}

async function refreshRuns() {
  const page = await api('GET', '/sync-runs?limit=20');
  renderRuns(page.runs);
  const busy = page.runs.some((run) => run.status === 'queued' || run.status === 'running');
  clearTimeout(pollTimer);
  if (busy) pollTimer = setTimeout(() => void refreshRuns().catch(() => {}), POLL_MS);
}

async function refreshAll() {
  if (!apiKey()) return;
  try {
    const me = await api('GET', '/me');
    $('#tenant').textContent = `テナント: ${me.tenantId}`;
    await Promise.all([refreshConnection(), refreshRuns()]);
  } catch (error) {
    show($('#page-message'), error.message, 'error');
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('#api-key').value = apiKey();

  $('#api-key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, $('#api-key').value.trim());
    $('#page-message').hidden = true;
    void refreshAll();
  });

  $('#connect-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('#connect');
    button.disabled = true;
    try {
      const result = await api('POST', '/integrations/hrbrain', {
        clientId: $('#client-id').value,
        clientSecret: $('#client-secret').value,
      });
      $('#client-secret').value = '';
      show($('#connect-message'), `✔ ${result.messageJa}`, 'success');
      await refreshConnection();
    } catch (error) {
      show($('#connect-message'), error.message, 'error');
    } finally {
      button.disabled = false;
    }
  });

  $('#disconnect').addEventListener('click', async () => {
    // 手順4-3: the manual confirms with an alert before disconnecting (it affects every admin).
    if (!confirm('HRBrain連携を解除しますか？全ての管理者の連携が解除されます。')) return;
    try {
      const result = await api('DELETE', '/integrations/hrbrain');
      show($('#connect-message'), result.messageJa, 'success');
      await refreshConnection();
    } catch (error) {
      show($('#connect-message'), error.message, 'error');
    }
  });

  for (const button of document.querySelectorAll('button.sync')) {
    button.addEventListener('click', async () => {
      button.closest('details').open = false;
      button.disabled = true; // one click, one run
      try {
        await api('POST', `/${button.dataset.kind}/sync`);
        const message = $('#page-message');
        show(message, 'バックグラウンド処理が始まります。', 'success');
        const link = document.createElement('a');
        link.href = '#runs';
        link.textContent = '同期の実行状況を確認する';
        message.append(' ', link);
        await refreshRuns();
      } catch (error) {
        show($('#page-message'), error.message, 'error');
      } finally {
        button.disabled = false;
      }
    });
  }

  $('#refresh-runs').addEventListener('click', () => void refreshRuns());

  void refreshAll();
});

// 自動同期 (opt-in triggers, T1–T5): the tenant's webhook URL and schedule. A separate module
// from admin.js on purpose: it only adds a card to 設定 and reads the same API key.

const KEY_STORAGE = 'mikiwame-example-api-key';
const $ = (selector) => document.querySelector(selector);

async function call(method, path, body) {
  const headers = { authorization: `Bearer ${sessionStorage.getItem(KEY_STORAGE) ?? ''}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = await response.json().catch(() => null);
  if (!response.ok) {
    const error = payload?.error;
    throw new Error(error?.messageJa ?? error?.message ?? `HTTP ${response.status}`);
  }
  return payload;
}

function say(text, kind) {
  const element = $('#triggers-message');
  element.hidden = false;
  element.textContent = text;
  element.className = `message ${kind ?? ''}`;
}

function formatDate(iso) {
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function render(state) {
  const { webhook, schedule } = state;
  $('#webhook-status').textContent = webhook.enabled
    ? `有効（${webhook.signed ? '署名あり' : '署名なし'}、発行日時: ${formatDate(webhook.rotatedAt)}）`
    : '無効（HRBrainからの通知では同期しません）';
  $('#webhook-rotate').textContent = webhook.enabled ? 'URLを再発行' : 'URLを発行';
  $('#webhook-disable').hidden = !webhook.enabled;
  $('#schedule-status').textContent = schedule.enabled
    ? `有効: ${schedule.cron}（${schedule.timezone}）次回 ${schedule.next.map(formatDate).join('、')}`
    : '無効（スケジュールでは同期しません）';
  $('#schedule-clear').hidden = !schedule.enabled;
  if (schedule.enabled) {
    $('#schedule-cron').value = schedule.cron;
    $('#schedule-timezone').value = schedule.timezone;
  }
}

async function refresh() {
  if (!sessionStorage.getItem(KEY_STORAGE)) return;
  try {
    render(await call('GET', '/triggers'));
  } catch (error) {
    say(error.message, 'error');
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('#api-key-form').addEventListener('submit', () => void refresh());

  $('#webhook-rotate').addEventListener('click', async () => {
    if ($('#webhook-disable').hidden === false) {
      if (!confirm('URLを再発行しますか？これまでのURLは使えなくなります。')) return;
    }
    try {
      const result = await call('POST', '/triggers/webhook', {
        signed: $('#webhook-signed').checked,
      });
      // Shown once: the server keeps only a hash of the URL token.
      $('#webhook-url').value = result.url;
      $('#webhook-secret').value = result.signingSecret ?? '';
      $('#webhook-issued').hidden = false;
      $('#webhook-secret-row').hidden = result.signingSecret === null;
      say(result.messageJa, 'success');
      render({ ...(await call('GET', '/triggers')) });
    } catch (error) {
      say(error.message, 'error');
    }
  });

  $('#webhook-disable').addEventListener('click', async () => {
    if (!confirm('Webhookによる自動同期を無効にしますか？')) return;
    try {
      await call('DELETE', '/triggers/webhook');
      $('#webhook-issued').hidden = true;
      say('Webhookによる自動同期を無効にしました。', 'success');
      await refresh();
    } catch (error) {
      say(error.message, 'error');
    }
  });

  $('#schedule-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await call('PUT', '/triggers/schedule', {
        cron: $('#schedule-cron').value,
        timezone: $('#schedule-timezone').value || 'Asia/Tokyo',
      });
      say('スケジュールを保存しました。', 'success');
      await refresh();
    } catch (error) {
      say(error.message, 'error');
    }
  });

  $('#schedule-clear').addEventListener('click', async () => {
    try {
      await call('DELETE', '/triggers/schedule');
      say('スケジュールを解除しました。', 'success');
      await refresh();
    } catch (error) {
      say(error.message, 'error');
    }
  });

  void refresh();
});

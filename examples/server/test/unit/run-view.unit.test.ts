import type { SyncRun } from '@mikiwame/hrbrain-sync-core';
import { describe, expect, it } from 'vitest';
import { toRunView } from '../../src/http/run-view.ts';

const failedRun = (code: string, message: string): SyncRun => ({
  id: '00000000-0000-4000-8000-000000000001',
  tenantId: 'tenant-a',
  kind: 'employees',
  status: 'failed',
  dryRun: false,
  trigger: { type: 'manual', by: null, deliveryId: null },
  createdAt: new Date('2026-12-01T00:00:00Z'),
  startedAt: new Date('2026-12-01T00:00:01Z'),
  finishedAt: new Date('2026-12-01T00:00:02Z'),
  summary: null,
  errorCount: 0,
  warningCount: 0,
  failure: { code, message },
});

// Any character of the Japanese scripts: a messageJa must be written in Japanese.
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/u;

describe('toRunView: failure messages (J2)', () => {
  it.each([
    ['SERVER_ERROR', 'HRBrain answered 503 Service Unavailable: upstream connect error'],
    ['RATE_LIMITED', 'HRBrain rate limit exceeded; retry after 30 s'],
    ['INVALID_RESPONSE', 'HRBrain returned an unexpected response from /members: items[3].id'],
    ['TIMEOUT', 'The request to HRBrain timed out after 30000 ms'],
    ['API_ERROR', 'HRBrain answered 418 I am a teapot'],
    ['CHANGE_GUARD_TRIPPED', 'The plan would create 0 and update 300 records against 987'],
    ['STORAGE_ERROR', 'connection terminated unexpectedly'],
    ['REDIRECT_REFUSED', 'HRBrain answered 302 with a Location on another host'],
    ['INCONSISTENT_PAGING', 'page 3 of /members had 0 items although totalCount is 250'],
    ['INTERNAL_ERROR', 'the client failed while parsing: RangeError'],
    ['TypeError', 'Cannot read properties of undefined (reading "x")'],
    ['SOMETHING_NEW', 'an English message from a code this server does not know'],
  ])(
    'J2 %s: raw English text is never messageJa; it is kept as detail beside a Japanese message',
    (code, message) => {
      const view = toRunView(failedRun(code, message));
      expect(view.failure?.messageJa).not.toBe(message);
      expect(view.failure?.messageJa).not.toContain(message);
      expect(view.failure?.messageJa).toMatch(JAPANESE);
      expect(view.failure).toMatchObject({ code, message, detail: message });
    },
  );

  it.each(['REDIRECT_REFUSED', 'INCONSISTENT_PAGING', 'INTERNAL_ERROR'])(
    'J2 the client code %s has its own Japanese wording, not the generic fallback',
    (code) => {
      const fallback = toRunView(failedRun('SOMETHING_NEW', 'x')).failure?.messageJa;
      expect(toRunView(failedRun(code, 'x')).failure?.messageJa).not.toBe(fallback);
    },
  );

  it('J2 FIELD_NOT_FOUND names the field in the Japanese message', () => {
    const view = toRunView(
      failedRun(
        'FIELD_NOT_FOUND',
        'The HRBrain member field "氏（カナ）" was not found (neither by its alias "lastNameKana" nor by its label). Rename it back.',
      ),
    );
    expect(view.failure?.messageJa).toContain('氏（カナ）');
    expect(view.failure?.messageJa).toMatch(/項目/);
  });
});

describe('the run view shows what started a run (T1)', () => {
  it('T1: trigger and its label (手動 / スケジュール / Webhook)', () => {
    const base = failedRun('ABORTED', 'stopped');
    expect(toRunView(base)).toMatchObject({
      trigger: { type: 'manual', by: null, deliveryId: null },
      triggerLabel: '手動',
    });
    expect(toRunView({ ...base, trigger: { type: 'webhook', deliveryId: 'evt_1' } })).toMatchObject(
      { trigger: { type: 'webhook', by: null, deliveryId: 'evt_1' }, triggerLabel: 'Webhook' },
    );
    expect(
      toRunView({ ...base, trigger: { type: 'schedule', by: '0 2 * * * (Asia/Tokyo)' } })
        .triggerLabel,
    ).toBe('スケジュール');
  });
});

describe('detailsPending: a finished run whose preview / guard counts are still being written', () => {
  const finishedAt = new Date('2026-12-01T00:00:02Z');
  const at = (ms: number) => finishedAt.getTime() + ms;
  it('J7 a tripped guard without its counts is pending for a while, then not; with them, never', () => {
    const tripped = failedRun('CHANGE_GUARD_TRIPPED', 'The plan would update 300 of 987');
    expect(toRunView(tripped, undefined, at(100)).detailsPending).toBe(true);
    expect(toRunView(tripped, undefined, at(60_000)).detailsPending).toBe(false);
    const guard = { existing: 987, created: 0, updated: 300, maxChangeRatio: 0.2 };
    const details = { progress: null, preview: null, guard };
    expect(toRunView(tripped, details, at(100)).detailsPending).toBe(false);
  });

  it('J6 a finished dry run without its preview is pending; a failed one or a plain run is not', () => {
    const dry = {
      ...failedRun('X', 'x'),
      status: 'succeeded' as const,
      failure: null,
      dryRun: true,
    };
    expect(toRunView(dry, undefined, at(100)).detailsPending).toBe(true);
    expect(toRunView({ ...dry, dryRun: false }, undefined, at(100)).detailsPending).toBe(false);
    expect(toRunView(failedRun('TIMEOUT', 'x'), undefined, at(100)).detailsPending).toBe(false);
  });
});

import type { HrbrainSnapshotProgress } from '@mikiwame/hrbrain-client';
import type { SyncKind, SyncProgressEvent } from '@mikiwame/hrbrain-sync-core';
import type { ProgressBar, ProgressReporter } from './progress.ts';

/** A progress callback plus `finish()`, which closes whatever bar is still open. */
export interface ProgressHandler<E> {
  update: (event: E) => void;
  finish: () => void;
}

/**
 * A bar for `client.snapshot({ onProgress })`. Only the member pages get one: fields and
 * organizations are a handful of requests and would only add noise to a CI log.
 */
export function snapshotProgressHandler(
  progress: ProgressReporter,
): ProgressHandler<HrbrainSnapshotProgress> {
  let bar: ProgressBar | null = null;
  return {
    update(event) {
      if (event.phase !== 'members') return;
      bar ??= progress.bar('fetching members');
      bar.update(event.completed, event.total);
    },
    finish() {
      bar?.finish();
      bar = null;
    },
  };
}

/**
 * Bars for `runSync({ onProgress })`. Applying is one transaction (J5), so its bar goes from
 * 0 to the plan's size when the transaction commits; fetching is reported by the snapshot.
 */
export function syncProgressHandler(
  progress: ProgressReporter,
  kind: SyncKind,
): ProgressHandler<SyncProgressEvent> & { snapshot: ProgressHandler<HrbrainSnapshotProgress> } {
  const snapshot = snapshotProgressHandler(progress);
  let applying: { bar: ProgressBar; total: number } | null = null;
  return {
    snapshot,
    update(event) {
      if (event.phase === 'fetched') snapshot.finish();
      if (event.phase === 'applying') {
        const total = event.creates + event.updates;
        applying = { bar: progress.bar(`applying ${kind}`), total };
        applying.bar.update(0, total);
      }
      if (event.phase === 'done') {
        snapshot.finish();
        if (applying && event.status !== 'failed')
          applying.bar.update(applying.total, applying.total);
        applying?.bar.finish();
        applying = null;
      }
    },
    finish() {
      snapshot.finish();
      applying?.bar.finish();
      applying = null;
    },
  };
}

import { SyncInProgressError, type SyncKind, type SyncLock } from '@mikiwame/hrbrain-sync-core';

/** J5 in one process: one holder per tenant and kind. */
export class SyncLocks {
  readonly #held = new Map<string, symbol>();

  acquire(tenantId: string, kind: SyncKind): SyncLock {
    const key = JSON.stringify([tenantId, kind]);
    if (this.#held.has(key)) throw new SyncInProgressError(undefined, { tenantId, kind });
    // A token per acquisition: a late second release() of an old lock must not free a newer one.
    const token = Symbol(key);
    this.#held.set(key, token);
    return {
      release: async () => {
        if (this.#held.get(key) === token) this.#held.delete(key);
      },
    };
  }
}

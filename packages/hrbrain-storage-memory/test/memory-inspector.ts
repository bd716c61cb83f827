import type { StorageInspector } from '@mikiwame/hrbrain-storage-testkit';
import type { MemoryStorage } from '../src/index';

const failing = new Set<string>();

/**
 * `beforeOutcomeWrite` hook for storages under test: throws for a tenant the inspector's
 * `failOutcomeWrites` named, until removed (a fault between the data writes and the outcome write).
 */
export function outcomeFault(tenantId: string): void {
  if (failing.has(tenantId)) throw new Error('injected fault: the outcome write failed');
}

/**
 * The testkit's view into a memory storage: everything comes from `snapshot()`, which reads
 * the maps directly, not through the SyncStorage methods under test.
 */
export function inspectMemoryStorage(current: () => MemoryStorage): StorageInspector {
  return {
    async departments(tenantId) {
      return current()
        .snapshot(tenantId)
        .departments.map(({ id, code, name, parentCode, sourceId }) => ({
          id,
          code,
          name,
          parentCode,
          sourceId,
        }));
    },
    async employees(tenantId) {
      return current()
        .snapshot(tenantId)
        .employees.map(({ extra: _extra, revision: _revision, ...employee }) => employee);
    },
    async runs(tenantId) {
      return current()
        .snapshot(tenantId)
        .runs.map(({ id, kind, status }) => ({ id, kind, status }));
    },
    async runErrors(tenantId, runId) {
      return (
        current()
          .snapshot(tenantId)
          .runs.find((run) => run.id === runId)?.errors ?? []
      );
    },
    async connection(tenantId) {
      const connection = current().snapshot(tenantId).connection;
      return connection && { clientId: connection.clientId, clientSecret: connection.clientSecret };
    },
    async revisions(kind, tenantId) {
      const rows = current().snapshot(tenantId)[kind];
      return Object.fromEntries(rows.map((row) => [row.id, row.revision]));
    },
    async failOutcomeWrites(tenantId) {
      failing.add(tenantId);
      return {
        async remove() {
          failing.delete(tenantId);
        },
      };
    },
    unmapped: {
      async set(kind, tenantId, id, value) {
        if (kind === 'departments')
          current().editDepartment(tenantId, id, { extra: { note: value } });
        else current().editEmployee(tenantId, id, { extra: { note: value } });
      },
      async get(kind, tenantId, id) {
        const row = current()
          .snapshot(tenantId)
          [kind].find((r) => r.id === id);
        return typeof row?.extra.note === 'string' ? row.extra.note : null;
      },
    },
  };
}

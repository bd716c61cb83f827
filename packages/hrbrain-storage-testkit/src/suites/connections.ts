import type { HrbrainConnection } from '@mikiwame/hrbrain-sync-core';
import { expect } from 'vitest';
import type { ConformanceSuite } from '../suite';

/** `connectedBy` is optional: a store may give back `null` or leave it out. */
const normalise = (connection: HrbrainConnection | null) =>
  connection && { ...connection, connectedBy: connection.connectedBy ?? null };

export const connectionSuite: ConformanceSuite = {
  id: 'connections',
  title: 'the HRBrain connection (C1, C3)',
  cases: [
    {
      title: 'C1 a saved connection is read back exactly, the secret kept as given',
      async run({ storage, inspect, tenantId }) {
        expect(await storage.getConnection(tenantId)).toBeNull();
        const connection: HrbrainConnection = {
          tenantId,
          clientId: 'test-leadingmark',
          clientSecret: 'v1:aes-256-gcm:3q2+7w==:bm90IGEgcmVhbCBzZWNyZXQ=',
          connectedAt: new Date('2026-07-12T01:02:03.456Z'),
          connectedBy: 'admin-42',
        };
        await storage.saveConnection(connection);
        expect(normalise(await storage.getConnection(tenantId))).toEqual(connection);
        expect(await inspect.connection(tenantId)).toEqual({
          clientId: 'test-leadingmark',
          clientSecret: connection.clientSecret,
        });
      },
    },
    {
      title: 'C1 a connection saved without connectedBy reads back with none',
      async run({ storage, tenantId }) {
        await storage.saveConnection({
          tenantId,
          clientId: 'acme',
          clientSecret: 'secret',
          connectedAt: new Date('2026-01-01T00:00:00.000Z'),
        });
        expect(normalise(await storage.getConnection(tenantId))).toEqual({
          tenantId,
          clientId: 'acme',
          clientSecret: 'secret',
          connectedAt: new Date('2026-01-01T00:00:00.000Z'),
          connectedBy: null,
        });
      },
    },
    {
      title: 'C3 one connection per tenant: saving again replaces it',
      async run({ storage, inspect, tenantId }) {
        await storage.saveConnection({
          tenantId,
          clientId: 'old-subdomain',
          clientSecret: 'old-secret',
          connectedAt: new Date('2026-01-01T00:00:00.000Z'),
          connectedBy: 'admin-1',
        });
        const replacement: HrbrainConnection = {
          tenantId,
          clientId: 'new-subdomain',
          clientSecret: 'new-secret',
          connectedAt: new Date('2026-02-01T00:00:00.000Z'),
          connectedBy: 'admin-2',
        };
        await storage.saveConnection(replacement);
        expect(normalise(await storage.getConnection(tenantId))).toEqual(replacement);
        expect(await inspect.connection(tenantId)).toEqual({
          clientId: 'new-subdomain',
          clientSecret: 'new-secret',
        });
      },
    },
    {
      title: 'C3 deleting removes the connection for everyone: true, then false, then none',
      async run({ storage, inspect, tenantId }) {
        await storage.saveConnection({
          tenantId,
          clientId: 'acme',
          clientSecret: 'secret',
          connectedAt: new Date(),
        });
        expect(await storage.deleteConnection(tenantId)).toBe(true);
        expect(await storage.getConnection(tenantId)).toBeNull();
        expect(await inspect.connection(tenantId)).toBeNull();
        expect(await storage.deleteConnection(tenantId)).toBe(false);
        // Reconnecting after a disconnect works.
        await storage.saveConnection({
          tenantId,
          clientId: 'acme',
          clientSecret: 'secret-2',
          connectedAt: new Date(),
        });
        expect((await storage.getConnection(tenantId))?.clientSecret).toBe('secret-2');
      },
    },
    {
      title: 'C3 connections are per tenant: saving, replacing or deleting A leaves B alone',
      async run({ storage, inspect, tenantId: a, otherTenantId: b }) {
        const connectionB: HrbrainConnection = {
          tenantId: b,
          clientId: 'tenant-b',
          clientSecret: 'secret-b',
          connectedAt: new Date('2026-03-03T03:03:03.003Z'),
          connectedBy: 'admin-b',
        };
        await storage.saveConnection(connectionB);
        await storage.saveConnection({ ...connectionB, tenantId: a, clientSecret: 'secret-a' });
        await storage.saveConnection({ ...connectionB, tenantId: a, clientId: 'tenant-a2' });
        expect(await storage.deleteConnection(a)).toBe(true);
        expect(normalise(await storage.getConnection(b))).toEqual(connectionB);
        expect(await inspect.connection(b)).toEqual({
          clientId: 'tenant-b',
          clientSecret: 'secret-b',
        });
      },
    },
  ],
};

import { createHrbrainClient, type HrbrainClient, parseClientId } from '@mikiwame/hrbrain-client';
import type { HrbrainConnection, SyncStorage } from '@mikiwame/hrbrain-sync-core';
import type { SecretBox } from '../crypto/secret-box.ts';
import { ApiError } from '../http/api-error.ts';
import type { Logger } from '../log/logger.ts';
import { connectErrorToApiError } from './connect-errors.ts';

/** What the API shows about a connection: never the secret (C5). */
export interface ConnectionStatus {
  connected: boolean;
  clientId: string | null;
  connectedAt: string | null;
}

export interface ConnectionServiceOptions {
  storage: SyncStorage;
  secretBox: SecretBox;
  /** `https://{clientId}.oapi.hrbrain.jp` style template, or null for the client's default. */
  hrbrainBaseUrl: string | null;
  logger: Logger;
  /** Per-request timeout for HRBrain calls, ms. */
  timeoutMs?: number;
}

export const notConnected = () =>
  new ApiError(
    409,
    'HRBRAIN_NOT_CONNECTED',
    'HRBrain is not connected for this tenant: connect it in Settings → HRBrain連携 first.',
    'HRBrain連携が設定されていません。設定の「HRBrain連携」から連携してください。',
  );

/**
 * The tenant's HRBrain connection (C1–C3): verify and store, read, remove, and build a client
 * for a worker. The secret is sealed with AES-256-GCM bound to the tenant id before it reaches
 * storage and opened only in `openClient`.
 */
export function createConnectionService(options: ConnectionServiceOptions) {
  const { storage, secretBox, logger } = options;

  const baseUrlFor = (clientId: string) =>
    options.hrbrainBaseUrl === null
      ? undefined
      : options.hrbrainBaseUrl.replaceAll('{clientId}', clientId);

  const buildClient = (clientId: string, clientSecret: string): HrbrainClient => {
    const baseUrl = baseUrlFor(clientId);
    return createHrbrainClient({
      clientId,
      clientSecret,
      ...(baseUrl === undefined ? {} : { baseUrl }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      // The client's log entries are redacted at the source (C5): method, path, status only.
      logger: {
        debug: (message, entry) => logger.debug(message, { hrbrain: entry }),
        warn: (message, entry) => logger.warn(message, { hrbrain: entry }),
      },
    });
  };

  return {
    async status(tenantId: string): Promise<ConnectionStatus> {
      const connection = await storage.getConnection(tenantId);
      return connection === null
        ? { connected: false, clientId: null, connectedAt: null }
        : {
            connected: true,
            clientId: connection.clientId,
            connectedAt: connection.connectedAt.toISOString(),
          };
    },

    /** C2: verify against HRBrain, then store; nothing is stored when verification fails. */
    async connect(
      tenantId: string,
      input: { clientId: string; clientSecret: string },
    ): Promise<ConnectionStatus> {
      let clientId: string;
      try {
        clientId = parseClientId(input.clientId); // C4: URL → subdomain, hostile input refused
      } catch (error) {
        throw connectErrorToApiError(error, '');
      }
      try {
        await buildClient(clientId, input.clientSecret).verifyConnection();
      } catch (error) {
        const apiError = connectErrorToApiError(error, clientId);
        logger.info('hrbrain connect refused', { tenantId, clientId, reason: apiError.code });
        throw apiError;
      }
      const connection: HrbrainConnection = {
        tenantId,
        clientId,
        clientSecret: secretBox.seal(input.clientSecret, tenantId),
        connectedAt: new Date(),
      };
      await storage.saveConnection(connection);
      logger.info('hrbrain connected', { tenantId, clientId });
      return {
        connected: true,
        clientId,
        connectedAt: connection.connectedAt.toISOString(),
      };
    },

    /** C3: removes the connection for every admin of the tenant. */
    async disconnect(tenantId: string): Promise<boolean> {
      const removed = await storage.deleteConnection(tenantId);
      if (removed) logger.info('hrbrain disconnected', { tenantId });
      return removed;
    },

    /** For a worker: the tenant's client, or a typed reason it cannot have one. */
    async openClient(tenantId: string): Promise<HrbrainClient> {
      const connection = await storage.getConnection(tenantId);
      if (connection === null) throw notConnected();
      // Throws SecretUnreadableError (no secret in it) for a tampered value or a rotated key.
      const secret = secretBox.open(connection.clientSecret, tenantId);
      return buildClient(connection.clientId, secret);
    },
  };
}

export type ConnectionService = ReturnType<typeof createConnectionService>;

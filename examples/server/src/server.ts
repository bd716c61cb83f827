import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createPostgresStorage } from '@mikiwame/hrbrain-storage-postgres';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import type { ServerConfig } from './config.ts';
import { createSecretBox } from './crypto/secret-box.ts';
import { openDatabase } from './db/database.ts';
import { createOutageLog } from './db/outage-log.ts';
import { migrateServerTables } from './db/server-migrations.ts';
import { createConnectionService } from './hrbrain/connection-service.ts';
import { createApp } from './http/app.ts';
import { createRunDetails } from './jobs/run-details.ts';
import { createSyncQueues } from './jobs/sync-queue.ts';
import { createSyncService } from './jobs/sync-service.ts';
import { startSyncWorker } from './jobs/sync-worker.ts';
import type { Logger } from './log/logger.ts';
import { startOtlpExport } from './telemetry/otlp.ts';
import { createDeliveryRateLimit } from './triggers/delivery-rate-limit.ts';
import { createReconcileQueues } from './triggers/reconcile-queue.ts';
import { startReconcileWorker } from './triggers/reconcile-worker.ts';
import { createScheduleService } from './triggers/schedules.ts';
import { createWebhookEndpoints } from './triggers/webhook-endpoints.ts';

export interface RunningServer {
  /** `http://host:port` of the API and admin page; null for a worker-only process. */
  url: string | null;
  close(): Promise<void>;
}

/**
 * Composes the server: database (embedded or `DATABASE_URL`) → storage + migrations →
 * pg-boss → worker and/or HTTP. Every part is closed in reverse order by `close()`.
 */
export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  const closers: (() => Promise<void>)[] = [];
  // One log line when the database becomes unreachable and one when it is back. The probe
  // opens a connection of its own: a pooled one may predate the outage and prove nothing.
  let probeConnectionString: string | null = null;
  const outages = createOutageLog({
    logger,
    probe: async () => {
      if (probeConnectionString === null) throw new Error('no database yet');
      const client = new pg.Client({
        connectionString: probeConnectionString,
        connectionTimeoutMillis: 4000,
      });
      client.on('error', () => {}); // a probe's failure is its answer, not an event to log
      try {
        await client.connect();
        await client.query('select 1');
      } finally {
        await client.end().catch(() => {});
      }
    },
  });
  const close = async () => {
    // While closing, lost connections are expected (the embedded server may stop first on a signal).
    outages.close();
    for (const closer of closers.reverse()) {
      await closer().catch((error: unknown) => logger.warn('error while closing', { error }));
    }
  };

  try {
    if (config.otlpEndpoint !== null) {
      // Closed last (pushed first): spans of runs that finish while stopping are still sent.
      closers.push(
        startOtlpExport({
          endpoint: config.otlpEndpoint,
          serviceName: 'hrbrain-example-server',
          role: config.role,
          logger,
        }),
      );
    }
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      logger,
      onPoolError: (error) => outages.report(error, 'postgres pool'),
    });
    closers.push(() => database.close());
    probeConnectionString = database.connectionString;

    const storage = createPostgresStorage({ client: database.pool });
    await storage.migrate();
    const details = createRunDetails(database.pool);
    await details.migrate();
    await migrateServerTables(database.pool);

    const boss = new PgBoss({
      connectionString: database.connectionString,
      max: 4,
      application_name: 'hrbrain-example-server',
      // Schedules: every process may run pg-boss's scheduler; one wins each pass.
      cronMonitorIntervalSeconds: config.triggers.scheduleCheckSeconds,
    });
    // While PostgreSQL is down every pg-boss loop fails on its own, about twice a second:
    // the outage log turns that into one line per state change.
    boss.on('error', (error) => outages.report(error, 'pg-boss'));
    boss.on('warning', (warning) => logger.warn('pg-boss warning', { warning: warning.message }));
    await boss.start();
    // `graceful` lets a running sync finish (up to the timeout) before the process exits.
    closers.push(() => boss.stop({ graceful: true, timeout: 30_000 }));
    await createSyncQueues(boss);
    await createReconcileQueues(boss);

    const secretBox = createSecretBox(config.secretKey);
    const connections = createConnectionService({
      storage,
      secretBox,
      hrbrainBaseUrl: config.hrbrainBaseUrl,
      logger,
    });

    if (config.role !== 'web') {
      await startSyncWorker({
        boss,
        storage,
        connections,
        logger,
        concurrency: config.workerConcurrency,
        details,
        maxChangeRatio: config.maxChangeRatio,
      });
      await startReconcileWorker({
        boss,
        storage,
        connections,
        logger,
        retryDelaySeconds: Math.max(config.triggers.debounceSeconds, 5),
        maxChangeRatio: config.maxChangeRatio,
      });
      logger.info('sync worker started', { concurrency: config.workerConcurrency });
    }

    let url: string | null = null;
    if (config.role !== 'worker') {
      const syncs = createSyncService({ storage, boss, pool: database.pool, connections, logger });
      const endpoints = createWebhookEndpoints({ pool: database.pool, secretBox });
      const { debounceSeconds } = config.triggers;
      const app = await createApp({
        storage,
        apiKeys: config.apiKeys,
        connections,
        syncs,
        details,
        logger,
        triggers: {
          receiver: {
            boss,
            endpoints,
            connections,
            logger,
            debounceSeconds,
            maxBodyBytes: config.triggers.maxBodyBytes,
            rateLimit: createDeliveryRateLimit({
              pool: database.pool,
              perMinute: config.triggers.ratePerMinute,
              burst: config.triggers.burst,
            }),
          },
          routes: {
            endpoints,
            debounceSeconds,
            schedules: createScheduleService({
              boss,
              minIntervalMinutes: config.triggers.scheduleMinIntervalMinutes,
            }),
          },
        },
      });
      const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
        const started = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
          resolve(started),
        );
        started.once('error', reject);
      });
      closers.push(
        () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            // Keep-alive sockets of browsers would hold close() open.
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      );
      const address = server.address() as AddressInfo;
      url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${address.port}`;
    }

    return { url, close };
  } catch (error) {
    await close();
    throw error;
  }
}

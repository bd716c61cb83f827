import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPostgresStorage, type PostgresStorage } from '@mikiwame/hrbrain-storage-postgres';
import pg from 'pg';
import { ConfigError } from './config-error.ts';
import {
  makePrivateDir,
  PRIVATE_FILE_MODE,
  restrictDataDir,
  restrictTree,
} from './private-files.ts';

/** The storage the quickstart syncs into, plus what to tell the user about it. */
export interface OpenedStorage {
  storage: PostgresStorage;
  /** e.g. `PGlite at /…/.data/pglite` or `PostgreSQL at db.example:5432/app`. */
  description: string;
  close(): Promise<void>;
}

export interface OpenStorageOptions {
  databaseUrl: string | null;
  dataDir: string;
}

/** Where the quickstart keeps its PGlite database. */
export function pgliteDir(dataDir: string): string {
  return join(dataDir, 'pglite');
}

/**
 * Whether there is a database to read yet. A dry run must write nothing, so with no PGlite
 * directory it plans against an empty tenant instead of creating one.
 */
export function hasDatabase(options: OpenStorageOptions): boolean {
  return options.databaseUrl !== null || existsSync(pgliteDir(options.dataDir));
}

/**
 * `DATABASE_URL` set → a `pg.Pool` on that server; otherwise PGlite persisted under the data
 * directory. Both go through the same `createPostgresStorage({ client })`: the adapter takes
 * any pg-compatible queryable, so this is the only place that knows which one it is.
 */
export async function openStorage(options: OpenStorageOptions): Promise<OpenedStorage> {
  if (options.databaseUrl !== null) return openServer(options.databaseUrl);

  const dir = pgliteDir(options.dataDir);
  // C5 files at rest: 0700 directories, 0600 files (see private-files.ts).
  await makePrivateDir(options.dataDir);
  await makePrivateDir(dir);
  const unlock = await lockDataDir(options.dataDir);
  let db: PGlite | null = null;
  try {
    db = await PGlite.create(dir);
    const storage = createPostgresStorage({ client: db });
    await storage.migrate();
    // PGlite creates its files 0666 (it ignores the umask): tighten what it has written so
    // far (and anything an older quickstart left readable), and again on close for the
    // files a run adds.
    await restrictDataDir(options.dataDir);
    const opened = db;
    return {
      storage,
      description: `PGlite at ${dir}`,
      close: async () => {
        try {
          await opened.close();
          await restrictTree(dir);
        } finally {
          await unlock();
        }
      },
    };
  } catch (error) {
    await db?.close().catch(() => {});
    await unlock();
    throw error;
  }
}

/**
 * PGlite is a whole PostgreSQL inside this process, with no cross-process locking: a second
 * `pnpm demo` on the same directory would write the same files, and one run's changes would
 * be silently lost (J5 asks for a refusal instead). A lock file holding our pid is the guard;
 * one left by a run that was killed (its pid is gone) is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = join(dataDir, 'pglite.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx', mode: PRIVATE_FILE_MODE });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && isRunning(pid)) {
      throw new ConfigError(
        `Another demo (pid ${pid}) is using ${dataDir}: wait for it to finish, or give this one another --data-dir.`,
      );
    }
    await rm(file, { force: true }); // left behind by a run that was killed
  }
  throw new ConfigError(`Could not lock ${join(dataDir, 'pglite.lock')}; run again.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function openServer(databaseUrl: string): Promise<OpenedStorage> {
  const where = describeDatabaseUrl(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  // A pool connects lazily; ask once now so a bad URL fails here with a clear line.
  pool.on('error', () => {}); // idle-client errors surface on the next query instead
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw new ConfigError(
      `${explainPgError(error, where)} Fix DATABASE_URL, or unset it to use PGlite.`,
    );
  }
  const storage = createPostgresStorage({ client: pool });
  await storage.migrate();
  return { storage, description: `PostgreSQL at ${where}`, close: () => pool.end() };
}

/** `host:port/database` — never the password (C5 applies to database credentials too). */
export function describeDatabaseUrl(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new ConfigError(
      'DATABASE_URL is not a URL; expected postgres://user:password@host:5432/database.',
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(
      `DATABASE_URL must start with postgres:// or postgresql://, not ${url.protocol}//.`,
    );
  }
  return `${url.hostname || 'localhost'}:${url.port || '5432'}${url.pathname === '/' ? '' : url.pathname}`;
}

function explainPgError(error: unknown, where: string): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'ECONNREFUSED':
      return `Nothing is listening at ${where} (DATABASE_URL): is PostgreSQL running?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The database host in DATABASE_URL (${where}) does not resolve.`;
    case 'ETIMEDOUT':
      return `Connecting to ${where} (DATABASE_URL) timed out.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} refused the user or password in DATABASE_URL.`;
    case '3D000':
      return `The database in DATABASE_URL (${where}) does not exist; create it first.`;
    default: {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return `Could not connect to PostgreSQL at ${where} (DATABASE_URL): ${message}.`;
    }
  }
}

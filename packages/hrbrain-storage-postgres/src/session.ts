import { StorageError } from '@mikiwame/hrbrain-sync-core';
import type {
  PGliteLike,
  PGliteTransactionLike,
  PgClientLike,
  PgPoolClientLike,
  PgPoolLike,
  PostgresClient,
  QueryResultLike,
} from './client';
import { copyClientOf, copyFromStdin } from './copy-in';
import { PostgresStorageConfigError } from './errors';

/** One database session as the adapter uses it. */
export interface SqlSession {
  query<R>(text: string, params?: readonly unknown[]): Promise<{ rows: R[]; rowCount: number }>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
  /**
   * Run a `COPY … FROM STDIN` with `pieces` (COPY text) as its data; resolves with the rows
   * copied. Present only on a session that can stream a COPY (a `pg.Client` or pool client);
   * absent on PGlite and on pg-compatible clients without it: insert the plain way there.
   */
  copyFrom?(sql: string, pieces: Iterable<string>): Promise<number>;
}

/** A session kept for a while (a sync lock); `release` gives it back. */
export interface HeldSession extends SqlSession {
  /**
   * Count this session as held by a sync lock until `release`; throws `StorageError` when that
   * would leave the pool no connection to work with (a run would then wait forever).
   */
  claim(): void;
  release(broken: boolean): void;
}

/** The adapter's view of a client: plain queries, transactions, and a held session. */
export interface Driver {
  /** `pool`: many sessions; `single`: one session shared by everything (pg.Client, PGlite). */
  readonly sessions: 'pool' | 'single';
  query: SqlSession['query'];
  transaction<T>(work: (tx: SqlSession) => Promise<T>): Promise<T>;
  /** A session for session-scoped state (advisory locks). With `single` it is the only one. */
  hold(): Promise<HeldSession>;
}

function isFunction(value: unknown): value is (...args: never[]) => unknown {
  return typeof value === 'function';
}

function normalise<R>(result: QueryResultLike): { rows: R[]; rowCount: number } {
  return {
    rows: result.rows as R[],
    rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length,
  };
}

/**
 * Tell the clients apart by shape. PGlite has `transaction()`; a pool has `connect()` and
 * pool counters (a `pg.Client` has `connect()` too, but calling it twice throws).
 */
export function createDriver(client: PostgresClient): Driver {
  const candidate = client as unknown as Record<string, unknown> | null;
  if (typeof candidate !== 'object' || candidate === null || !isFunction(candidate.query)) {
    throw new PostgresStorageConfigError(
      'createPostgresStorage: `client` must be a pg.Pool, a pg.Client or a PGlite instance (an object with query()).',
      { option: 'client' },
    );
  }
  if (isFunction(candidate.transaction) && isFunction(candidate.exec)) {
    return pgliteDriver(client as PGliteLike);
  }
  if (
    isFunction(candidate.connect) &&
    !isFunction(candidate.release) &&
    ('totalCount' in candidate || 'idleCount' in candidate)
  ) {
    return poolDriver(client as PgPoolLike);
  }
  return singleClientDriver(client as PgClientLike);
}

function pgSession(client: PgClientLike): SqlSession {
  const session: SqlSession = {
    async query<R>(text: string, params?: readonly unknown[]) {
      return normalise<R>(await client.query(text, params ? [...params] : undefined));
    },
    async exec(text: string) {
      await client.query(text);
    },
  };
  const copyClient = copyClientOf(client);
  if (copyClient) session.copyFrom = (sql, pieces) => copyFromStdin(copyClient, sql, pieces);
  return session;
}

async function inTransaction<T>(session: SqlSession, work: (tx: SqlSession) => Promise<T>) {
  await session.query('begin');
  let result: T;
  try {
    result = await work(session);
  } catch (error) {
    await session.query('rollback').catch(() => {
      // The connection is gone (e.g. terminated): the server rolled back for us.
    });
    throw error;
  }
  await session.query('commit');
  return result;
}

/** `pg.Pool` keeps its size in `options.max`; other pools may not say. */
function poolSize(pool: PgPoolLike): number | undefined {
  const max = (pool as { options?: { max?: unknown } }).options?.max;
  return typeof max === 'number' && Number.isFinite(max) && max > 0 ? max : undefined;
}

/** Connections of each pool held by sync locks right now (any storage object on that pool). */
const lockSessions = new WeakMap<object, number>();

function poolDriver(pool: PgPoolLike): Driver {
  // A checked-out pg client has no 'error' listener; a backend terminated between queries
  // would otherwise crash the process with an unhandled 'error' event.
  const ignore = () => {};
  async function checkout() {
    const client: PgPoolClientLike = await pool.connect();
    client.on?.('error', ignore);
    return client;
  }
  function giveBack(client: PgPoolClientLike, broken: boolean) {
    client.off?.('error', ignore);
    client.release(broken ? true : undefined);
  }
  return {
    sessions: 'pool',
    async query<R>(text: string, params?: readonly unknown[]) {
      return normalise<R>(await pool.query(text, params ? [...params] : undefined));
    },
    async transaction(work) {
      const client = await checkout();
      let broken = false;
      try {
        return await inTransaction(pgSession(client), work);
      } catch (error) {
        broken = isConnectionLoss(error);
        throw error;
      } finally {
        giveBack(client, broken);
      }
    },
    async hold() {
      const client = await checkout();
      let released = false;
      let claimed = false;
      return {
        ...pgSession(client),
        claim() {
          // J5: a run holds one connection for its lock and needs another for everything it
          // does meanwhile. If the locks held the pool's last connection, every run would wait
          // for a connection forever: refuse with advice instead of hanging.
          const holding = lockSessions.get(pool) ?? 0;
          const max = poolSize(pool);
          if (max !== undefined && holding + 1 >= max) {
            throw new StorageError(
              `Postgres storage: acquireSyncLock failed: the pg.Pool has max ${max} connection(s) and ${holding} ` +
                'are already held by running syncs; a sync holds one connection for its lock for the whole run ' +
                "and needs another to read and write, so it would wait forever. Raise the pool's `max` " +
                '(at least the number of syncs that run at once, plus 1).',
            );
          }
          lockSessions.set(pool, holding + 1);
          claimed = true;
        },
        release(broken) {
          if (released) return;
          released = true;
          if (claimed) lockSessions.set(pool, (lockSessions.get(pool) ?? 1) - 1);
          giveBack(client, broken);
        },
      };
    },
  };
}

/** One connection for everything: operations queue so a transaction never interleaves. */
function singleClientDriver(client: PgClientLike): Driver {
  const session = pgSession(client);
  let tail: Promise<unknown> = Promise.resolve();
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = tail.then(work, work);
    tail = run.catch(() => {});
    return run;
  }
  return {
    sessions: 'single',
    query: (text, params) => serial(() => session.query(text, params)),
    transaction: (work) => serial(() => inTransaction(session, work)),
    async hold() {
      return {
        query: (text, params) => serial(() => session.query(text, params)),
        exec: (text) => serial(() => session.exec(text)),
        claim() {},
        release() {},
      };
    },
  };
}

function pgliteSession(db: PGliteTransactionLike): SqlSession {
  return {
    async query<R>(text: string, params?: readonly unknown[]) {
      return normalise<R>(await db.query(text, params ? [...params] : undefined));
    },
    async exec(text: string) {
      await db.exec(text);
    },
  };
}

/** PGlite queues queries and transactions itself. */
function pgliteDriver(db: PGliteLike): Driver {
  const session = pgliteSession(db);
  return {
    sessions: 'single',
    query: session.query,
    transaction: (work) => db.transaction((tx) => work(pgliteSession(tx))),
    async hold() {
      return { ...session, claim() {}, release() {} };
    },
  };
}

const connectionLossCodes = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006']);

/** The session died (terminated backend, network): the server has rolled back. */
export function isConnectionLoss(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (connectionLossCodes.has(code) || code.startsWith('ECONN'))) {
    return true;
  }
  return (
    typeof message === 'string' &&
    /Connection terminated|connection (?:is )?closed|Client has encountered a connection error/i.test(
      message,
    )
  );
}

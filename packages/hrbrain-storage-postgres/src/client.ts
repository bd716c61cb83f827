/**
 * The database clients the adapter accepts, described by shape only so that neither `pg` nor
 * PGlite is imported at runtime (both are optional peer dependencies).
 */

/** The result shape shared by `pg` and PGlite. */
export interface QueryResultLike {
  rows: unknown[];
  /** `pg` */
  rowCount?: number | null;
  /** PGlite */
  affectedRows?: number;
}

/** Anything with `pg`'s `query(text, values)`: a `pg.Client` or a checked-out `pg.PoolClient`. */
export interface PgClientLike {
  // biome-ignore lint/suspicious/noExplicitAny: pg's own `values` type is `any[]`; narrower types make a real pg.Client unassignable.
  query(text: string, values?: any[]): Promise<QueryResultLike>;
}

/** A `pg.Pool` (or anything with its `connect()` handing out releasable clients). */
export interface PgPoolLike extends PgClientLike {
  connect(): Promise<PgPoolClientLike>;
}

/** A client checked out of a pool. */
export interface PgPoolClientLike extends PgClientLike {
  release(destroy?: Error | boolean): void;
  on?(event: 'error', listener: (error: Error) => void): unknown;
  off?(event: 'error', listener: (error: Error) => void): unknown;
}

/** A PGlite transaction. */
export interface PGliteTransactionLike {
  // biome-ignore lint/suspicious/noExplicitAny: as PGlite declares it.
  query(text: string, params?: any[]): Promise<QueryResultLike>;
  exec(text: string): Promise<unknown>;
}

/** A PGlite instance (`new PGlite()` from `@electric-sql/pglite`). */
export interface PGliteLike extends PGliteTransactionLike {
  transaction<T>(callback: (tx: PGliteTransactionLike) => Promise<T>): Promise<T>;
}

/** What `createPostgresStorage({ client })` accepts: a `pg.Pool`, a `pg.Client` or PGlite. */
export type PostgresClient = PgPoolLike | PgClientLike | PGliteLike;

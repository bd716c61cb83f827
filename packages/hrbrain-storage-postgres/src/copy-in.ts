/**
 * `COPY … FROM STDIN` over a `pg` client, written against pg's query-object interface (the
 * `submit()` objects pg-cursor and pg-query-stream use too), so the adapter needs no runtime
 * dependency for it. Nothing here imports `pg`: a client is recognised by its shape.
 */

/** The parts of a `pg.Client`'s `connection` the COPY sub-protocol uses. */
interface PgWire {
  query(text: string): void;
  sendCopyFromChunk(chunk: Uint8Array): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream?: {
    writableNeedDrain?: boolean;
    once?(event: 'drain' | 'close', listener: () => void): unknown;
    off?(event: 'drain' | 'close', listener: () => void): unknown;
  };
}

/** A client that can run a COPY: pg's `query(submittable)` plus its wire connection. */
export interface CopyClient {
  query(submittable: object): unknown;
  connection: PgWire;
}

const isFunction = (value: unknown): value is (...args: never[]) => unknown =>
  typeof value === 'function';

/**
 * Is `client` a `pg.Client` (or a checked-out `pg.PoolClient`) that can stream a COPY? Anything
 * else — pg-native, a wrapper with only `query(text, values)`, a client in pipeline mode
 * (which refuses query objects) — is not, and the caller inserts the plain way.
 */
export function copyClientOf(client: unknown): CopyClient | null {
  if (typeof client !== 'object' || client === null) return null;
  const candidate = client as { query?: unknown; connection?: unknown; pipeline?: unknown };
  if (!isFunction(candidate.query) || candidate.pipeline) return null;
  const wire = candidate.connection as Partial<Record<keyof PgWire, unknown>> | null | undefined;
  if (typeof wire !== 'object' || wire === null) return null;
  const ok =
    isFunction(wire.query) &&
    isFunction(wire.sendCopyFromChunk) &&
    isFunction(wire.endCopyFrom) &&
    isFunction(wire.sendCopyFail);
  return ok ? (client as CopyClient) : null;
}

const mustEscape = /[\\\t\n\r]/;
const escapeChars = /[\\\t\n\r]/g;
const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeOne = (c: string) => escapes[c]!;

/**
 * One value in COPY's text format: `\N` for null/undefined, `t`/`f` for booleans, anything else
 * as its string with backslash, tab (the delimiter), newline and carriage return escaped — the
 * only characters that format gives a meaning. The column's own input function then parses it,
 * exactly as it parses an element of the array literals of the plain insert (a date as
 * `YYYY-MM-DD`, a code as its digits). U+0000 cannot be stored in Postgres text by either path;
 * a lone UTF-16 surrogate becomes U+FFFD when the client encodes the text as UTF-8, as it does
 * for every bound parameter.
 */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (value === true) return 't';
  if (value === false) return 'f';
  const text = typeof value === 'string' ? value : String(value);
  return mustEscape.test(text) ? text.replace(escapeChars, escapeOne) : text;
}

/** Rows per CopyData message: ~100–300 kB each, small enough to interleave with the server. */
const LINES_PER_MESSAGE = 1_000;

/**
 * The COPY text of `rows`, in pieces: row `i`'s values are `fields.map((f) => f(rows[i], i))`.
 * Serialised lazily, piece by piece, so the client encodes the next rows while the server
 * inserts the previous ones (and the whole text is never held at once).
 */
export function* copyText<R>(
  rows: readonly R[],
  fields: readonly ((row: R, index: number) => unknown)[],
): Generator<string> {
  const count = rows.length;
  const width = fields.length;
  const values = new Array<string>(width);
  for (let start = 0; start < count; start += LINES_PER_MESSAGE) {
    const end = Math.min(count, start + LINES_PER_MESSAGE);
    const lines = new Array<string>(end - start + 1);
    for (let i = start; i < end; i++) {
      const row = rows[i]!;
      for (let f = 0; f < width; f++) values[f] = copyValue(fields[f]!(row, i));
      lines[i - start] = values.join('\t');
    }
    lines[end - start] = ''; // the piece ends with a newline
    yield lines.join('\n');
  }
}

/**
 * pg's protocol writer copies chunks with `Buffer#copy`; `Buffer` is a global wherever `pg`
 * runs, and taken from there so that PGlite-only (browser) bundles need no `node:buffer`.
 */
const utf8 = (text: string): Uint8Array =>
  (
    globalThis as unknown as { Buffer: { from(text: string, encoding: 'utf8'): Uint8Array } }
  ).Buffer.from(text, 'utf8');

/** Wait until the socket takes more (or closes); `null` when it does not say. */
function drained(stream: PgWire['stream']): Promise<void> | null {
  if (!stream?.writableNeedDrain || !isFunction(stream.once)) return null;
  return new Promise((resolve) => {
    const done = () => {
      stream.off?.('drain', done);
      stream.off?.('close', done);
      resolve();
    };
    stream.once?.('drain', done);
    stream.once?.('close', done);
  });
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** pg's query-object interface for one `COPY … FROM STDIN` (simple-query protocol). */
class CopyFromStdin {
  private rowCount = 0;
  private settled = false;
  /** A failure of our own (the rows could not be produced), reported instead of the server's. */
  private ownError: unknown;

  private readonly sql: string;
  private readonly pieces: Iterator<string>;
  private readonly resolve: (rowCount: number) => void;
  private readonly reject: (error: unknown) => void;

  constructor(
    sql: string,
    pieces: Iterator<string>,
    resolve: (rowCount: number) => void,
    reject: (error: unknown) => void,
  ) {
    this.sql = sql;
    this.pieces = pieces;
    this.resolve = resolve;
    this.reject = reject;
  }

  submit(connection: PgWire): void {
    connection.query(this.sql);
  }

  handleCopyInResponse(connection: PgWire): void {
    void this.pump(connection);
  }

  /** Send the pieces, yielding between them so an error the server sends stops the stream. */
  private async pump(connection: PgWire): Promise<void> {
    try {
      for (;;) {
        if (this.settled) return;
        const next = this.pieces.next();
        if (next.done) break;
        connection.sendCopyFromChunk(utf8(next.value));
        await (drained(connection.stream) ?? nextTurn());
      }
      if (!this.settled) connection.endCopyFrom();
    } catch (error) {
      this.ownError = error;
      try {
        // The server answers with an error (and rolls the COPY back): handleError reports ours.
        if (!this.settled) connection.sendCopyFail('the rows to copy could not be produced');
      } catch {
        this.handleError(error); // cannot even say so: the connection is gone
      }
    }
  }

  handleCommandComplete(message: { text?: string }): void {
    this.rowCount = Number(/(\d+)$/.exec(message.text ?? '')?.[1] ?? 0);
  }

  handleReadyForQuery(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(this.rowCount);
  }

  handleError(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(this.ownError ?? error);
  }

  // Messages a COPY FROM does not produce; pg calls these on any active query object.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/**
 * Run `sql` (a `COPY <table> (<columns>) FROM STDIN`) on `client` with `pieces` as its data;
 * resolves with the number of rows copied. It runs in whatever transaction the client is in:
 * a failure (a unique violation, a bad value) fails that transaction like any statement.
 */
export function copyFromStdin(
  client: CopyClient,
  sql: string,
  pieces: Iterable<string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    client.query(new CopyFromStdin(sql, pieces[Symbol.iterator](), resolve, reject));
  });
}

/** A session that may be able to COPY (see `SqlSession.copyFrom`). */
interface MaybeCopySession {
  copyFrom?(sql: string, pieces: Iterable<string>): Promise<number>;
}

/**
 * The one way both record stores write their creates when they can: one `COPY <table>
 * (<columns>) FROM STDIN` of `rows`, row `i` being `fields.map((f) => f(rows[i], i))` (already
 * in the form the column's input function reads). Resolves with the rows copied, or `null`
 * when the session cannot COPY (PGlite, a pg-compatible client without it): the caller then
 * inserts the plain way. `table` and `columns` are quoted SQL, never data.
 */
export async function copyRows<R>(
  session: MaybeCopySession,
  table: string,
  columns: readonly string[],
  rows: readonly R[],
  fields: readonly ((row: R, index: number) => unknown)[],
): Promise<number | null> {
  if (!session.copyFrom) return null;
  if (rows.length === 0) return 0;
  return session.copyFrom(
    `copy ${table} (${columns.join(', ')}) from stdin`,
    copyText(rows, fields),
  );
}

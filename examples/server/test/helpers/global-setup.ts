import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../../../scripts/test-support/embedded-postgres.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the test cluster's `postgres` database (for CREATE DATABASE). */
    adminDatabaseUrl: string;
  }
}

/**
 * Starts one real PostgreSQL server (the `embedded-postgres` package) for the run, or uses
 * `DATABASE_URL` when CI provides a server. The server runs in a child process:
 * `embedded-postgres` installs an exit hook that would otherwise end vitest with exit code 0
 * after failed tests.
 */
export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide('adminDatabaseUrl', process.env.DATABASE_URL);
    return;
  }
  const server = await startEmbeddedPostgres({
    databaseDir: await mkdtemp(join(tmpdir(), 'example-server-pg-test-')),
    password: 'mikiwame-dev',
    resolveFrom: join(import.meta.dirname, '../..'),
  });
  project.provide('adminDatabaseUrl', server.url());
  return () => server.stop();
}

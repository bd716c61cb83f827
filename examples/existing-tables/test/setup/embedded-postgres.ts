import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../../../scripts/test-support/embedded-postgres.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser connection string (to `postgres`) of the server started for this run. */
    databaseUrl: string;
  }
}

/**
 * One real PostgreSQL server for the integration run, in a child process (embedded-postgres
 * installs an exit hook that would otherwise end vitest with exit code 0 after failed tests),
 * stopped after every test file has finished and closed its connections.
 */
export default async function setup(project: TestProject) {
  const server = await startEmbeddedPostgres({
    databaseDir: await mkdtemp(join(tmpdir(), 'existing-tables-pg-')),
    password: 'existing-tables-test',
    postgresFlags: ['-c', 'fsync=off'],
    resolveFrom: join(import.meta.dirname, '../..'),
  });
  project.provide('databaseUrl', server.url());
  return () => server.stop();
}

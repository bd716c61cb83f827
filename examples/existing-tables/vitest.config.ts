import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The integration test starts a PostgreSQL server and runs the CLI in child processes.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The integration tests spawn the CLI, which starts PGlite and a fake HRBrain per run.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // The integration files mostly wait on child processes: run them side by side even on
    // a 2-core machine, where vitest would otherwise use a single worker.
    maxWorkers: 3,
  },
});

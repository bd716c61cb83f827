import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The integration tests spawn the CLI, which starts PGlite and a fake HRBrain per run.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});

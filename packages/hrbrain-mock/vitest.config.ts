import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CI runs every package's tests at once on 2 cores; generous limits keep a loaded
    // machine from failing tests that are not about time.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

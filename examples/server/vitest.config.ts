import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One embedded PostgreSQL server for the whole run; each test file gets its own database.
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll gives up after 1 s by default: too short for a browser and a job queue on a
    // loaded 2-core CI machine. Polls end as soon as they pass, so a generous bound costs nothing.
    expect: { poll: { timeout: 20_000, interval: 100 } },
  },
});

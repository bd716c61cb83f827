import { defineConfig } from 'vitest/config';
import { defineTestProjects } from '../../vitest.shared';

export default defineConfig(
  defineTestProjects({
    // An example is a consumer: it runs against the packages as built (dist/).
    source: false,
    shared: {
      testTimeout: 60_000,
      hookTimeout: 60_000,
      // expect.poll gives up after 1 s by default: too short for a browser and a job queue on a
      // loaded 2-core CI machine. Polls end as soon as they pass, so a generous bound costs nothing.
      expect: { poll: { timeout: 20_000, interval: 100 } },
    },
    integration: {
      // One embedded PostgreSQL server for the whole run; each test file gets its own database.
      globalSetup: ['test/helpers/global-setup.ts'],
    },
  }),
);

import { defineConfig } from 'vitest/config';
import { defineTestProjects } from '../../vitest.shared';

export default defineConfig(
  defineTestProjects({
    // An example is a consumer: it runs against the packages as built (dist/).
    source: false,
    shared: {
      // The integration tests spawn the CLI, which starts PGlite and a fake HRBrain per run.
      testTimeout: 120_000,
      hookTimeout: 60_000,
      // The integration files mostly wait on child processes: run them side by side even on
      // a 2-core machine, where vitest would otherwise use a single worker.
      maxWorkers: 3,
    },
  }),
);

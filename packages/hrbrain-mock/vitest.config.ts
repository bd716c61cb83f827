import { defineConfig } from 'vitest/config';
import { defineTestProjects } from '../../vitest.shared';

export default defineConfig(
  defineTestProjects({
    // CI runs every package's tests at once on 2 cores; generous limits keep a loaded
    // machine from failing tests that are not about time.
    shared: { testTimeout: 30_000, hookTimeout: 30_000 },
  }),
);

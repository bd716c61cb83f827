import { defineConfig } from 'vitest/config';
import { defineTestProjects } from '../../vitest.shared';

// An example is a consumer: it runs against the packages as built (dist/).
export default defineConfig(defineTestProjects({ source: false }));

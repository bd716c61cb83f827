import { defineConfig } from 'vitest/config';
import { defineTestProjects } from '../../vitest.shared';

export default defineConfig(defineTestProjects());

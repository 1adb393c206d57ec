import { defineConfig } from 'vitest/config';
import { workspaceAlias } from './vitest.config';

// The fault scenarios kill databases and measure latency, so they run one file at a time.
export default defineConfig({
  resolve: { alias: workspaceAlias },
  test: {
    include: ['test/faults/**/*.test.ts'],
    globalSetup: ['./test/faults/harness/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
  },
});

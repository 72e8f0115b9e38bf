import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // Builds the Lambda bundles and finds Chromium once, before the workers start.
    globalSetup: ['test/global-setup.ts'],
    // End-to-end tests start servers and Lambda processes: two workers fit a 2-core machine.
    maxWorkers: 2,
    setupFiles: ['test/setup.ts'],
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // Stack tests bundle Lambdas and end-to-end tests start servers: two workers fit a 2-core machine.
    maxWorkers: 2,
    setupFiles: ['test/setup.ts'],
  },
});

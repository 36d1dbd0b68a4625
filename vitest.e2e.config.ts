import { defineConfig } from 'vitest/config';

// Browser tests: drive the built dist/ in Debian's Chromium. One file at a time (2-core machines).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});

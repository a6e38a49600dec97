import { defineConfig } from 'vitest/config';

// Unit and integration tests run in parallel forks (each integration file gets its own database
// cloned from a migrated template); the e2e project drives the built app and headless Chromium.
export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    include: ['server/**/*.test.ts', 'contracts/**/*.test.ts', 'e2e/**/*.test.ts'],
    reporters: ['default'],
  },
});

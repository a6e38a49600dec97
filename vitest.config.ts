import { configDefaults, defineConfig } from 'vitest/config';

// Three projects, each runnable alone (`npm run test:unit`, `test:int`, `test:e2e`); `npm test` runs
// all three. Files run in parallel forks, at most 2 at once across the projects (2-core machines).
//   unit         pure *.test.ts beside the code (server, contracts, web logic): no database, no build,
//                no peer beyond loopback
//   integration  *.int.test.ts: the real app on real PostgreSQL, a fresh database per file cloned
//                from a migrated template (test/global-setup.ts, test/db.ts)
//   e2e          e2e/**: the built app (`npm run build`, done by the pretest scripts), headless
//                Chromium, sipp and baresip; the browser tests take their database like integration
const INTEGRATION = [
  'server/**/*.int.test.ts',
  'contracts/**/*.int.test.ts',
  // A unit-named test that clones a database (test/db.ts) belongs with the integration tests.
  'server/src/modules/telephony/recordings/recording-store.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for what a browser or the outbox does next: 1 s (vitest's default) is too
    // short on a loaded 2-core CI machine; a passing poll returns as soon as it holds.
    expect: { poll: { timeout: 10_000, interval: 100 } },
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['server/**/*.test.ts', 'contracts/**/*.test.ts', 'web/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...INTEGRATION],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: INTEGRATION,
          globalSetup: ['./test/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['./test/global-setup.ts'],
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

const tiny = process.env.MINGA_BENCH !== 'full';

export default defineConfig({
  test: {
    // Unit and integration files two at a time (the default on 2 cores is one: cores - 1);
    // the browser and benchmark files, without file parallelism, run one at a time after them.
    maxWorkers: 2,
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/realtime/**/*.test.ts'],
          environment: 'node',
          // One module graph per worker, not one per file: importing the app for each of ~125
          // files cost minutes of CI. Every test builds its own app and database, so nothing
          // module-level is shared between files but what is keyed by database.
          isolate: false,
          testTimeout: 20_000,
          // Setting up a world (argon2 for each account, a seeded database) is slow on a busy machine.
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'bench',
          include: ['tests/bench/**/*.bench.ts'],
          environment: 'node',
          testTimeout: tiny ? 60_000 : 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Test files that mock a module (vi.mock) need a module graph of their own:
// they run isolated; every other file shares its worker's (see below).
const MOCKING = ['tests/build-check.test.ts'];
// tests/e2e: `npm run test:e2e`; tests/package: `npm run test:package` (both run by .ci/run).
const EXCLUDE = ['tests/e2e/**', 'tests/package/**', 'node_modules/**'];

export default defineConfig({
  test: {
    // Child processes, not worker threads: some tests change the working
    // folder (process.chdir, which threads may not), and tests/cli.ts runs
    // the command line in the test process.
    pool: 'forks',
    // vitest leaves one core idle by default (cores - 1: one worker on a
    // 2-core machine); the tests wait on child processes and the disk often
    // enough that every core can take a file.
    maxWorkers: Math.max(2, availableParallelism()),
    // TEI_EDITION_TEST_CPU=<file>: the CPU seconds of each test file (tests/cpu-report.ts).
    setupFiles: ['tests/cpu-report.ts'],
    // Generous: the machine (2 cores) is shared, and a build in a child process can take 30 s under load.
    testTimeout: 120_000,
    // A cold start (SaxonJS, the Typst compiler, a first stylesheet) on a busy
    // 2-core machine can take longer than vitest's 10 s default; a hook that
    // times out skips every test after it.
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['tests/**/*.test.ts'],
          exclude: [...EXCLUDE, ...MOCKING],
          // The files of a worker share one module graph: SaxonJS, the compiled
          // stylesheets, the Typst compiler, libxml2 and the build's memory cache
          // are loaded once per worker, not once per file. Safe because these
          // files mock no module and every test that changes process state
          // (working folder, environment, stdout) restores it.
          isolate: false,
        },
      },
      { extends: true, test: { name: 'isolated', include: MOCKING, isolate: true } },
    ],
  },
});

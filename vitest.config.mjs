import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer } from 'vitest/node';

/**
 * The files that take longest, longest first: they start first, so that no long file starts last and runs alone
 * while the other worker idles. By the CPU seconds of the test process plus those of what it spawns (builds, serves
 * and their worker processes, LaTeX, epubcheck), measured with TEI_EDITION_TEST_CPU (tests/cpu-report.ts) in two
 * cold runs of 2 December 2026, 18:31 and 18:43 UTC (fresh clones, every cache empty, main at 9d6523e) under load
 * 10-19 from other work (inflated, but in proportion): the mean of the two, test process + spawned. vitest orders
 * by the durations of the previous run when it has them, but a clean checkout has none and it would order by file
 * size. The other files follow in vitest's order.
 */
const LONGEST_FIRST = [
  'tests/serve/serve.test.ts', // 6.3 s + 11.5 s in serve's worker process and a spawned serve; the longest wall time
  'tests/build/incremental.test.ts', // 10.5 s + 4.4 s (the spawned first build)
  'tests/book.test.ts', // 6.4 s + 6.4 s (epubcheck, Java)
  'tests/web/build-web.test.ts', // 7.7 s + 4.9 s (the determinism build, tests/fresh-builds.ts)
  'tests/cite.test.ts', // 3.0 s + 9.2 s (LaTeX, bibtex and biber)
  'tests/consumers/citeproc.test.ts', // 10.3 s (citeproc-js builds an engine per style)
  'tests/build-safety.test.ts', // 2.9 s + 5.7 s (a build under a file limit, killed ones)
  'tests/any-tei.test.ts', // 7.3 s: the corpus rendered three ways (the 2.4 MB dictionary as a part of it, tests/any-tei/part.ts)
  'tests/schematron.test.ts', // 6.0 s + 1.1 s: the fixture schemas compiled as one, TEI's own rules
  'tests/many-notes.test.ts', // 4.7 s + 2.0 s
  'tests/typst-process.test.ts', // 3.7 s + 2.6 s (a Typst process per case)
  'tests/render-print.test.ts', // 5.4 s + 0.4 s
  'tests/unit/write.test.ts', // 3.1 s + 2.4 s (writers killed at each step, files under a file limit)
  'tests/unit/collate.test.ts', // 0.2 s + 4.6 s (three spawned builds and locale probes)
  'tests/site/site.test.ts', // 4.5 s
  'tests/render-html.test.ts', // 4.3 s
  'tests/fuzz/build-fuzz.test.ts', // 4.3 s (3 December, alone, load 1: added after the runs above)
  // After any-tei, which has rendered most corpus documents by then: it compiles their Typst source from the disk cache.
  'tests/any-tei-pdf.test.ts', // 4.0 s (the corpus last document first: any-tei.test.ts renders first to last)
  'tests/print-volume-once.test.ts', // 3.2 s
  'tests/print-text-once.test.ts', // 6.4 s before its endnotes case took 9 notes instead of 1,001; some 3 s now
  'tests/validate.test.ts', // 2.9 s
  'tests/render-html-entity-cache.test.ts', // 2.8 s
  'tests/build/scale-choices.test.ts', // 2.4 s
];

class LongestFirst extends BaseSequencer {
  async sort(files) {
    const sorted = await super.sort(files);
    const rank = (f) => {
      const i = LONGEST_FIRST.findIndex((name) => f.moduleId.endsWith(`/${name}`));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    // The isolated project's file (a few seconds) last, not first: the long files start at once. Never between
    // shared files: vitest ends a shared worker when the next file in the queue is an isolated one, and the
    // next shared file would load SaxonJS, the stylesheets and Typst again in a new worker.
    const key = (f, i) => [f.project.config.isolate === false ? 0 : 1, rank(f), i];
    const keyed = sorted.map((f, i) => ({ f, k: key(f, i) }));
    keyed.sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.k[2] - b.k[2]);
    return keyed.map(({ f }) => f);
  }
}

// Test files that mock a module (vi.mock) need a module graph of their own:
// they run isolated, in a worker process of their own that loads SaxonJS,
// the stylesheets and Typst again; every other file shares its worker's (see
// below). None does today: inject a failure through a parameter or a spy on
// an object (tests/build-check.test.ts spies on the Typst compiler) instead.
const MOCKING = [];
// tests/e2e: `npm run test:e2e`; tests/package: `npm run test:package` (both run by .ci/run).
const EXCLUDE = ['tests/e2e/**', 'tests/package/**', 'node_modules/**'];

/**
 * The tests import the toolkit as `src/….js`; they run lib/ (what `tsc -b` compiled from src/, which `npm test`
 * runs first and tests/lib-fresh.ts checks is not older than src/), loaded by Node itself, not src/ through vite's
 * transform: the same code, but cold (a clean checkout, CI) vite transformed every module the tests load in the
 * main process, and the workers evaluated the transformed code module by module (six files that load the build,
 * run cold together: 21.3-21.6 s of CPU from src/, 19.8-19.9 s from lib/, 2 December 2026 at load 14-17). One copy of each module, too: the build's
 * worker threads, spawned commands and serve's worker processes run lib/ already. TEI_EDITION_TEST_FROM_SRC=1 runs
 * src/ through vite as before (source positions in stack traces).
 */
const LIB_DIR = fileURLToPath(new URL('./lib/', import.meta.url));
const FROM_SRC = process.env.TEI_EDITION_TEST_FROM_SRC === '1';
const LIB = FROM_SRC ? {} : {
  resolve: { alias: [{ find: /^((?:\.\.\/)+)src\/(.*)\.js$/, replacement: '$1lib/$2.js' }] },
};

/**
 * What every project runs its files with. The projects below take it explicitly, not by `extends: true`: a project
 * that extends the root config inherits its globalSetup too, and vitest runs the global setups of the root config
 * and of each project, so every global setup ran twice (two temporary folders for the run, src/ walked twice, the
 * root config loaded again by each project's own vite server). The global setups are the root config's alone.
 */
const PROJECT = {
  ...LIB,
  test: {
    // Child processes, not worker threads: some tests change the working
    // folder (process.chdir, which threads may not), and tests/cli.ts runs
    // the command line in the test process.
    pool: 'forks',
    // A young generation of up to 64 MB semi-spaces (V8's default 16): citeproc's engines and the stylesheets' trees are
    // short-lived garbage by the hundred megabytes; fewer scavenges, about 1 s of CPU less in each of those files.
    execArgv: ['--max-semi-space-size=64'],
    // TEI_EDITION_TEST_CPU=<file>: the CPU seconds of each test file (tests/cpu-report.ts), and of vitest's main
    // process (tests/cpu-report-main.ts, a global setup below).
    setupFiles: ['tests/cpu-report.ts'],
    // lib/ is Node's to load (see LIB above), as node_modules is.
    ...(FROM_SRC ? {} : { server: { deps: { external: [new RegExp(`^${LIB_DIR.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)] } } }),
    // Generous: the machine (2 cores) is shared, and a build in a child process can take 30 s under load.
    testTimeout: 120_000,
    // A cold start (SaxonJS, the Typst compiler, a first stylesheet) on a busy
    // 2-core machine can take longer than vitest's 10 s default; a hook that
    // times out skips every test after it.
    hookTimeout: 120_000,
  },
};

export default defineConfig({
  test: {
    sequence: { sequencer: LongestFirst },
    // vitest leaves one core idle by default (cores - 1: one worker on a
    // 2-core machine); the tests wait on child processes and the disk often
    // enough that every core can take a file.
    maxWorkers: Math.max(2, availableParallelism()),
    // vite transforms every TypeScript module the tests load (src/, tests/) in the main process, once per run: about
    // 4 s of CPU for a file that loads the build (tests/build-check.test.ts alone: 12.7-13.6 s of CPU cold, 8.6-9.4 s
    // with this cache warm). Kept on disk in node_modules/.experimental-vitest-cache (gone with `npm ci`), keyed by
    // each module's content, id and the vite configuration; a clean checkout (CI) fills it. `vitest --clearCache`
    // empties it. The projects inherit it (vitest passes this option on even without `extends`).
    experimental: { fsModuleCache: true },
    // Run once, in vitest's main process (the root config's; the projects have none, see PROJECT). cpu-report-main
    // first, so that its teardown runs last. One temporary folder for the run (TMPDIR), removed at its end: nothing
    // is left in /tmp.
    globalSetup: ['tests/cpu-report-main.ts', 'tests/temp-root.ts', ...(FROM_SRC ? [] : ['tests/lib-fresh.ts'])],
    projects: [
      {
        ...PROJECT,
        test: {
          ...PROJECT.test,
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
      ...(MOCKING.length > 0 ? [{ ...PROJECT, test: { ...PROJECT.test, name: 'isolated', include: MOCKING, isolate: true } }] : []),
    ],
  },
});

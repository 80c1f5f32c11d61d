/**
 * Builds made by a new process (`node`, the toolkit loaded anew), made once per run (under the run's temporary
 * folder, tests/temp-root.ts) and shared by the test files that compare a build made in their test process with
 * one made in a process of its own: the determinism tests of tests/web/build-web.test.ts (every output of the
 * one-letter edition) and tests/site/site.test.ts (the pages and search index of 12 generated letters).
 *
 * One process makes both, one after the other, each as `tei-edition build` would (main() of src/cli/main.ts in a
 * folder of its own, as bin/tei-edition.js runs it), instead of a process for each: Node, the module graph, SaxonJS,
 * the stylesheets and Typst are loaded once, not twice (a spawned build of either alone: 3.8-4.9 s of CPU, most of
 * it that loading). What each test proves is the same: its build in the test process (warm, after the test files
 * that ran in it before) and the build of another process, which shares nothing with it but the sources (no build
 * cache: a folder of its own, and --no-cache for the letter as for its build in the test), give the same bytes.
 * The second build of the new process comes after the first one's in it, as the test process's builds come after
 * others'. Measured alone, alternated (2 December 2026, load 17-23): the two builds spawned one by one 8.2-9.0 s of
 * CPU, in one process 5.5-5.9 s.
 *
 * The two test files may run at the same time in two test processes: the first to call makes the builds (it
 * creates the folder, which only one can), the other waits for the marker it writes at the end.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fixtureSiteProject } from './site/letters.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The one-letter edition (edition.json and tei/) of tests/web/build-web.test.ts. */
export const LETTER_EDITION = join(ROOT, 'tests', 'fixtures', 'letter');
/** The number of generated letters of tests/site/site.test.ts. */
export const SITE_LETTERS = 12;

export interface FreshBuilds {
  /** A copy of LETTER_EDITION built with every output and no cache (its dist/). */
  letter: string;
  /** SITE_LETTERS generated letters (tests/site/letters.ts), their web output built in the main thread (TEI_EDITION_THREADS=0) (its dist/). */
  site: string;
}

interface Job {
  cwd: string;
  args: string[];
  env: Record<string, string>;
}

/** The script of the new process: each job's build in turn; its exit code says whether all of them succeeded. */
const SCRIPT = `
import { main } from ${JSON.stringify(pathToFileURL(join(ROOT, 'lib/cli/main.js')).href)};
import { removeOwnTempDirs } from ${JSON.stringify(pathToFileURL(join(ROOT, 'lib/write/temp.js')).href)};
process.once('exit', removeOwnTempDirs);
let failed = 0;
for (const job of JSON.parse(process.argv[2])) {
  process.chdir(job.cwd);
  const saved = Object.fromEntries(Object.keys(job.env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, job.env);
  const status = await main(job.args);
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  if (status !== 0) { process.stderr.write(\`build in \${job.cwd} failed: exit \${status}\\n\`); failed = 1; }
}
process.exitCode = failed;
`;

let made: Promise<FreshBuilds> | undefined;

export function freshBuilds(): Promise<FreshBuilds> {
  return (made ??= make());
}

async function make(): Promise<FreshBuilds> {
  const base = join(tmpdir(), 'tei-tests-fresh-builds');
  const marker = join(base, 'done.json');
  const builds: FreshBuilds = { letter: join(base, 'letter'), site: join(base, 'site') };
  try {
    mkdirSync(base);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Another test process makes them.
    const until = Date.now() + 600_000;
    while (!existsSync(marker)) {
      if (Date.now() > until) throw new Error(`no ${marker} after 600 s: the other test process's builds did not end`);
      await new Promise((ok) => setTimeout(ok, 200));
    }
    const done = JSON.parse(readFileSync(marker, 'utf8')) as { error?: string };
    if (done.error) throw new Error(done.error);
    return builds;
  }
  let error: string | undefined;
  try {
    // Its edition.json and tei/, not the build cache the tests' builds of the fixture itself leave in it.
    cpSync(LETTER_EDITION, builds.letter, { recursive: true, filter: (f) => !f.slice(LETTER_EDITION.length).startsWith('/.cache') });
    fixtureSiteProject(SITE_LETTERS, builds.site);
    const jobs: Job[] = [
      { cwd: builds.letter, args: ['build', '--no-cache'], env: {} },
      // In that process's main thread, as the test's own build runs in its test process's.
      { cwd: builds.site, args: ['build', '--only', 'web'], env: { TEI_EDITION_THREADS: '0' } },
    ];
    // A file, not `node --input-type=module -e`: worker threads inherit the process's execArgv, and --input-type without -e stops theirs.
    const script = join(base, 'build.mjs');
    writeFileSync(script, SCRIPT);
    const r = spawnSync(process.execPath, [script, JSON.stringify(jobs)], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) error = `the builds in a new process failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''}):\n${r.stdout}${r.stderr}`;
  } catch (e) {
    error = String(e);
  }
  writeFileSync(`${marker}.tmp`, JSON.stringify({ error }));
  renameSync(`${marker}.tmp`, marker);
  if (error) throw new Error(error);
  return builds;
}

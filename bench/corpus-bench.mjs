// The corpus benchmark: `npm run bench -- --corpus 100,300,1000[,3000]`.
// For each N, a seeded generated edition of N letters and one shared
// register file (bench/corpus.mjs) in a temporary folder:
// - cold full build (validate, web, print, text, cite, data), whole process;
// - peak memory: the build's process and its worker processes together
//   (the peak of the sum of their PSS, bench/tree-memory.mjs; GNU time's
//   largest single process beside it);
// - rebuild in a new process after editing one letter (on-disk cache);
// - `validate` of the corpus, and a build with one bad letter (the time
//   until the finding is reported and the build stops, before rendering).
// Reported beside a baseline measured in the same run (a one-letter build),
// as ratios, and as absolute numbers. Not a test: nothing here asserts.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { generateCorpus } from './corpus.mjs';
import { watchTreeMemory } from './tree-memory.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'tei-edition.js');
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * Runs the CLI in `cwd`; wall time in ms, peak memory in MB (`treeMb`: the
 * sum of the PSS of the process and its worker processes, see
 * bench/tree-memory.mjs; `rssMb`: GNU time's %M, the largest single
 * process) and CPU seconds (user + system of every process and thread:
 * the measure a shared machine distorts least).
 */
function run(cwd, args, env = {}) {
  const t = performance.now();
  const cmd = GNU_TIME ?? process.execPath;
  const argv = GNU_TIME ? ['-f', '@@rss %M %U %S', process.execPath, cli, ...args] : [cli, ...args];
  const child = spawn(cmd, argv, { cwd, env: { ...process.env, ...env } });
  const memory = watchTreeMemory(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      const ms = performance.now() - t;
      const { pssMb } = memory.stop();
      const [, rss, user, sys] = /@@rss (\d+) ([\d.]+) ([\d.]+)/.exec(stderr) ?? [];
      const rssMb = rss ? Number(rss) / 1024 : NaN;
      resolve({ ms, rssMb, treeMb: Number.isFinite(pssMb) && pssMb > 0 ? pssMb : rssMb, cpu: user ? Number(user) + Number(sys) : NaN, status, stdout, stderr });
    });
  });
}

// BENCH_REGISTER_PERSONS=12000: a shared register of some 2.4 MB (persons named in no letter), as a real edition's may be.
function edition(n) {
  const dir = mkdtempSync(join(tmpdir(), `corpus-${n}-`));
  generateCorpus(dir, n, undefined, { registerPersons: Number(process.env.BENCH_REGISTER_PERSONS ?? 0) });
  return dir;
}

/** Changes one word of one paragraph of letter `i` (a real edit: that letter must be checked and rendered again). */
function editOne(dir, i) {
  const file = join(dir, 'tei', `letter-${String(i).padStart(5, '0')}.xml`);
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace('<p xml:id="p1">', '<p xml:id="p1">Edited: '));
}

/** Breaks one letter: a received date before the sent date (an error of the rules, found only by a full check). */
function breakOne(dir, i) {
  const file = join(dir, 'tei', `letter-${String(i).padStart(5, '0')}.xml`);
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/(<correspAction type="received">[\s\S]*?<date )[^>]*\/>/, '$1when="1700-01-01"/>'));
}

export async function corpusBench(sizes) {
  const cores = availableParallelism();
  console.log(`Corpus benchmark on ${cores} cores; load average at start ${loadavg().map((x) => x.toFixed(1)).join(' ')} (other processes share the machine: read ratios, not absolutes).`);
  const one = edition(1);
  const base = await run(one, ['build', '--no-cache', '--out', 'dist', 'tei']);
  if (base.status !== 0) throw new Error(`baseline build failed:\n${base.stdout}${base.stderr}`);
  console.log(`baseline: one-letter cold build ${(base.ms / 1000).toFixed(2)} s (CPU ${base.cpu.toFixed(1)} s), ${base.treeMb.toFixed(0)} MB\n`);
  const rows = [];
  for (const n of sizes) {
    const dir = edition(n);
    const validate = await run(dir, ['validate', '--quiet', 'tei']);
    const cold = await run(dir, ['build', '--out', 'dist', 'tei']);
    if (cold.status !== 0) throw new Error(`build of ${n} failed:\n${cold.stdout.slice(0, 4000)}${cold.stderr.slice(0, 4000)}`);
    const files = /→ (\d+) files/.exec(cold.stdout)?.[1];
    // The volume is made of 2 to 100 letters by default (README, Scale): say which rows include it.
    const volume = existsSync(join(dir, 'dist', 'print', 'edition.pdf'));
    editOne(dir, Math.ceil(n / 2));
    const rebuild = await run(dir, ['build', '--out', 'dist', 'tei']);
    breakOne(dir, Math.ceil(n / 3));
    const bad = await run(dir, ['build', '--no-cache', '--out', 'dist-bad', 'tei']);
    const reported = bad.status === 1 && /error/.test(bad.stdout);
    rows.push({ n, files, validate, cold, rebuild, bad, reported, load: loadavg()[0] });
    console.log(
      `N=${String(n).padStart(5)}  cold ${(cold.ms / 1000).toFixed(1)} s (CPU ${cold.cpu.toFixed(0)} s; ${(cold.ms / base.ms).toFixed(1)}× baseline, ${(cold.ms / n).toFixed(0)} ms/letter), peak ${cold.treeMb.toFixed(0)} MB (largest process ${cold.rssMb.toFixed(0)} MB), ${files} files, ${volume ? 'with' : 'without'} the volume;` +
        `  rebuild after one edit ${(rebuild.ms / 1000).toFixed(2)} s (CPU ${rebuild.cpu.toFixed(1)} s; ${(rebuild.ms / base.ms).toFixed(2)}× baseline), ${rebuild.treeMb.toFixed(0)} MB;` +
        `  validate ${(validate.ms / 1000).toFixed(1)} s (CPU ${validate.cpu.toFixed(1)} s), one bad letter reported in ${(bad.ms / 1000).toFixed(1)} s (CPU ${bad.cpu.toFixed(1)} s; ${(bad.ms / validate.ms).toFixed(2)}× validate${reported ? '' : ', NOT REPORTED'});  load ${loadavg()[0].toFixed(1)}`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(one, { recursive: true, force: true });
  if (rows.length > 1) {
    const [a, b] = [rows[0], rows[rows.length - 1]];
    console.log(`\nscaling ${a.n} → ${b.n} letters (${(b.n / a.n).toFixed(0)}×): time ${(b.cold.ms / a.cold.ms).toFixed(1)}×, peak memory ${(b.cold.treeMb / a.cold.treeMb).toFixed(2)}×`);
  }
  console.log('goals (1,000 letters, 2 cores): cold ≤ 60 s, peak ≤ 1 GB and flat in N, time linear in N, rebuild after one edit ≤ 5 s');
}

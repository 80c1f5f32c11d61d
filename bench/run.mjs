// Benchmarks: whole-process (cold) and in-process (warm) timings, each
// reported beside baselines measured in the same run, so the figures compare
// across machines as ratios. Run with `npm run bench`; nothing here is a test.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// `npm run bench -- --corpus 100,300,1000`: the corpus benchmark only (bench/corpus-bench.mjs).
const corpusArg = process.argv.indexOf('--corpus');
if (corpusArg >= 0) {
  const sizes = (process.argv[corpusArg + 1] ?? '100,300,1000').split(',').map(Number).filter((n) => n > 0);
  const { corpusBench } = await import('./corpus-bench.mjs');
  await corpusBench(sizes);
  process.exit(0);
}
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const teiAll = join(root, '..', 'shared', 'schemas', 'tei_all.rng');
const docs = readdirSync(join(root, 'tei')).filter((f) => f.endsWith('.xml')).map((f) => join('tei', f));

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall time of a whole process, in ms. */
function timeProcess(cmd, args, runs = RUNS) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { cwd: root, stdio: 'pipe' });
    times.push(performance.now() - t);
    if (r.error) throw r.error;
  }
  return median(times);
}

async function timeWarm(fn, runs = 30) {
  await fn(); // warm caches, JIT
  await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

function hasJing() {
  try {
    execFileSync('jing', [], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return e.code !== 'ENOENT' && e.status !== 127;
  }
}

const rows = [];
const row = (name, ms, baseline, goal) => rows.push({ name, ms, baseline, goal });

const nodeStartup = timeProcess(process.execPath, ['-e', '0']);
row('node startup (baseline)', nodeStartup);

const cold = timeProcess(process.execPath, ['bin/tei-edition.js', 'validate', ...docs]);
let jing;
if (hasJing() && existsSync(teiAll)) {
  jing = timeProcess('jing', [teiAll, ...docs], 5);
  row('jing tei_all.rng (baseline, schema only)', jing);
} else {
  console.log('jing or ../shared/schemas/tei_all.rng absent: the jing baseline is skipped (install Debian package "jing" to compare).');
}
row('tei-edition validate (cold, whole process)', cold, jing, 'no slower than jing, < 1000 ms');

const { loadFile } = await import(join(root, 'lib/load/source.js'));
const { validateSources } = await import(join(root, 'lib/validate/index.js'));
const loaded = await loadFile(docs[0]);
const warmValidate = await timeWarm(() => validateSources([loaded.source]));
row('validate one document (warm, in process)', warmValidate, undefined, '< 50 ms');
const warmLoad = await timeWarm(() => loadFile(docs[0]));
row('  of which load + well-formedness', warmLoad);

// The web edition: cold build (whole process) and warm rebuild of one changed document (in process).
const { mkdtempSync, cpSync, writeFileSync, readFileSync: readText } = await import('node:fs');
const { tmpdir } = await import('node:os');
const project = mkdtempSync(join(tmpdir(), 'bench-'));
cpSync(join(root, 'tei'), join(project, 'tei'), { recursive: true });
const coldWeb = timeProcess(process.execPath, [join(root, 'bin/tei-edition.js'), 'build', '--only', 'web', '--out', join(project, 'dist'), join(project, 'tei')]);
row('tei-edition build --only web (cold, whole process)', coldWeb, undefined, '< 1500 ms');
const { buildEdition } = await import(join(root, 'lib/build/index.js'));
const { writeAtomically } = await import(join(root, 'lib/write/atomic.js'));
const letter = join(project, 'tei', readdirSync(join(project, 'tei'))[0]);
const original = readText(letter, 'utf8');
let edits = 0;
const warmWeb = await timeWarm(async () => {
  // A real change each time: the rebuild must validate and render this document again.
  writeFileSync(letter, original.replace('with profound distress', `with profound distress${' '.repeat(++edits % 7)}`));
  const r = await buildEdition({ inputs: [join(project, 'tei')], targets: ['web'] });
  if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error('bench build failed');
  await writeAtomically(join(project, 'dist'), r.files, ['print', 'text', 'cite', 'data']);
}, 15);
row('rebuild web after one document changed (warm)', warmWeb, undefined, '< 150 ms');

// Print, text and citations.
writeFileSync(letter, original);
const coldFull = timeProcess(process.execPath, [join(root, 'bin/tei-edition.js'), 'build', '--out', join(project, 'dist-full'), join(project, 'tei')]);
row('tei-edition build, everything (cold, whole process)', coldFull, undefined, '< 2000 ms');
const { loadFile: load2 } = await import(join(root, 'lib/load/source.js'));
const { readDocumentModel } = await import(join(root, 'lib/model/read.js'));
const { treeOf } = await import(join(root, 'lib/xslt/tree.js'));
const src = (await load2(letter)).source;
const model = await readDocumentModel(letter, treeOf(src));
const { loadPrintRenderer } = await import(join(root, 'lib/render/print.js'));
const { loadTextRenderer } = await import(join(root, 'lib/render/text.js'));
const printer = await loadPrintRenderer();
const texter = await loadTextRenderer();
row('PDF of the letter (warm, in process)', await timeWarm(() => printer(treeOf(src), model, { paper: 'us-letter' }), 10), undefined, '< 300 ms');
row('plain + annotated text of the letter (warm)', await timeWarm(() => texter(treeOf(src), model), 10));
const { citationFiles, dataFiles } = await import(join(root, 'lib/export/files.js'));
row('citation step: all styles and files (warm)', await timeWarm(() => citationFiles([model], {}), 20), undefined, '< 100 ms');
row('data exports: CMIF, JSON-LD (warm)', await timeWarm(() => dataFiles([model], new Map([[model.id, src.text]]), {}), 20));
const coldCite = timeProcess(process.execPath, [join(root, 'bin/tei-edition.js'), 'cite', letter]);
row('tei-edition cite (cold, whole process)', coldCite, undefined, '< 500 ms');

console.log(`\nBenchmarks (${RUNS} runs each, medians; ratios against the baselines above, measured in this run)\n`);
for (const r of rows) {
  const ratio = r.baseline ? `  ${(r.ms / r.baseline).toFixed(2)}× jing` : '';
  const vsNode = r.name.startsWith('node startup') ? '' : `  ${(r.ms / nodeStartup).toFixed(1)}× node startup`;
  console.log(`${r.name.padEnd(48)} ${r.ms.toFixed(1).padStart(8)} ms${ratio}${vsNode}${r.goal ? `   goal: ${r.goal}` : ''}`);
}

// The per-letter render stages on the generated corpus, CPU per letter and as ratios to parsing it
// (bench/render-stages.mjs; BENCH_STAGES=0 skips it, BENCH_STAGES=N renders N letters, default 30).
if (process.env.BENCH_STAGES !== '0') {
  const { renderStages, printStages } = await import('./render-stages.mjs');
  printStages(await renderStages({ letters: Number(process.env.BENCH_STAGES) || 30 }));
}

// Robustness: hostile and very large single documents, the check stages at 1-10 MB, whole
// builds with 10,000 and 40,000 notes, the print edition of 250 to 1,000 apparatus entries (bench/robustness.mjs;
// BENCH_ROBUST_MB, BENCH_STAGE_MB, BENCH_BUILD_NOTES, BENCH_APPARATUS).
const { benchRobustness, benchStages, benchNoteStages, benchNoteBuilds, benchApparatus } = await import('./robustness.mjs');
await benchStages();
await benchRobustness();
await benchNoteStages();
await benchNoteBuilds();
await benchApparatus();

// The book: the PDF volume and the EPUB of 100 and 1,000 letters (bench/book.mjs).
const { benchBook } = await import('./book.mjs');
await benchBook((process.env.BENCH_BOOK ?? '100 1000').split(/\s+/).map(Number).filter((n) => n > 0));

// serve: from a save to the page's reload event, 1 and 1,000 letters (bench/serve.mjs; BENCH_SERVE_SIZES=1,1000).
const { benchServe, printServe } = await import('./serve.mjs');
printServe(await benchServe((process.env.BENCH_SERVE_SIZES ?? '1,1000').split(',').map(Number)), nodeStartup);
process.exit(0);

// What one process keeps of real letters Typst typesets (bench/typst-memory.mjs
// does the same with a small synthetic document): N generated letters
// (bench/corpus.mjs) made into their print sources, then each compiled in
// this process as the build compiles it (compileTypst: memo cache evicted to
// an age of 10 after each), the process's RSS and the JavaScript heap (after
// a collection) printed every 250 letters. `same` compiles the first letter
// N times instead, the baseline of the same run.
//
//   node --expose-gc bench/typst-memory-letters.mjs [letters=1000]
//
// Measured 3 December 2026 (quiet, 1,000 letters): distinct letters grow the
// process by ~0.45 MB each (453 KB), outside the JavaScript heap (which grew
// by 16 MB); the same letter 1,000 times grows it by nothing. The growth is
// the same with the memo cache emptied after each letter,
// with the source given as a file of the root (addSource + mainFilePath)
// instead of mainFileContent, with `resetRead`, with a new compiler every
// 250 letters, and with MALLOC_ARENA_MAX=1 or low glibc trim thresholds:
// it is kept by Typst for the whole process, so only a process that ends
// gives it back (README, Scale, the thirteenth pass).
import { dirname, join } from 'node:path';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lib = (path) => import(join(root, 'lib', path));
const letters = Number(process.argv[2] ?? 1000);

const { generateCorpus } = await import('./corpus.mjs');
const { loadText } = await lib('load/source.js');
const { resolveSharedRegisters } = await lib('registers/resolve.js');
const { readingTreeOf } = await lib('xslt/tree.js');
const { readDocumentModel } = await lib('model/read.js');
const { loadTypstWriter } = await lib('render/print.js');
const { compileTypst } = await lib('render/typst.js');

const dir = mkdtempSync(join(tmpdir(), 'tei-typst-memory-'));
const sources = [];
try {
  generateCorpus(dir, letters);
  const teiDir = join(dir, 'tei');
  const files = readdirSync(teiDir).filter((f) => f.endsWith('.xml')).sort();
  const docs = files.map((f) => loadText(join(teiDir, f), readFileSync(join(teiDir, f), 'utf8')).source).filter(Boolean);
  const views = new Map([...resolveSharedRegisters(docs)]);
  const typst = await loadTypstWriter();
  for (const s of docs) {
    if (s.file.endsWith('registers.xml')) continue;
    const tree = readingTreeOf(views.get(s) ?? s);
    const made = typst(tree, await readDocumentModel(s.file, tree));
    sources.push(typeof made === 'string' ? made : made.typst);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const mb = (n) => (n / 1048576).toFixed(0);
function measure(label, sourceAt) {
  const marks = [];
  const start = process.memoryUsage.rss();
  const cpu = process.cpuUsage();
  for (let i = 0; i < sources.length; i++) {
    compileTypst(sourceAt(i), undefined, { keepCache: true });
    if ((i + 1) % 250 === 0 || i + 1 === sources.length) {
      globalThis.gc?.();
      marks.push(`${i + 1}: ${mb(process.memoryUsage.rss())} MB (heap ${mb(process.memoryUsage().heapUsed)})`);
    }
  }
  const used = process.cpuUsage(cpu);
  const grown = process.memoryUsage.rss() - start;
  console.log(`${label}: ${marks.join(', ')}; grew ${mb(grown)} MB, ${(grown / 1024 / sources.length).toFixed(0)} KB a letter, CPU ${((used.user + used.system) / 1000 / sources.length).toFixed(1)} ms a letter`);
}

console.log(`Typst's memory over ${sources.length} letters in one process${globalThis.gc ? '' : ' (run with --expose-gc for the heap after a collection)'}:`);
measure('the same letter each time (baseline)', () => sources[0]);
measure('a different letter each time', (i) => sources[i]);

// What one process keeps of real letters Typst typesets (bench/typst-memory.mjs
// does the same with a small synthetic document): N generated letters
// (bench/corpus.mjs) made into their print sources, then each compiled in
// this process as the build compiles it (compileTypst: memo cache evicted to
// an age of 10 after each), the process's RSS and the JavaScript heap (after
// a collection) printed every 250 letters. The first run compiles the first
// letter N times (the baseline: it also lets the process give back what
// making the sources took, so its RSS falls), the second a different letter
// each time.
//
//   node --expose-gc bench/typst-memory-letters.mjs [letters=1000]
//
// Measured 3 December 2026 (quiet, 1,000 letters): distinct letters grow the
// process by ~0.45–0.6 MB each (453 KB a letter over 1,000; 600 KB a letter
// after the first 250 of 750), outside the JavaScript heap (a few MB); the
// same letter again and again grows it by nothing. The growth is
// the same with the memo cache emptied after each letter,
// with the source given as a file of the root (addSource + mainFilePath)
// instead of mainFileContent, with `resetRead`, with a new compiler every
// 250 letters, and with MALLOC_ARENA_MAX=1 or low glibc trim thresholds:
// it is kept by Typst for the whole process, so only a process that ends
// gives it back (docs/scale-log.md, the thirteenth pass).
import { typstSourcesOfCorpus } from './corpus.mjs';

const { compileTypst } = await import(new URL('../lib/render/typst.js', import.meta.url));
const letters = Number(process.argv[2] ?? 1000);
const sources = await typstSourcesOfCorpus(letters);

const mb = (n) => (n / 1048576).toFixed(0);
/** RSS and heap every 250 letters; the growth a letter is the slope from the first mark to the last (the first 250 letters warm the compiler and let the heap settle). */
function measure(label, sourceAt) {
  const marks = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < sources.length; i++) {
    compileTypst(sourceAt(i), undefined, { keepCache: true });
    if ((i + 1) % 250 === 0 || i + 1 === sources.length) {
      globalThis.gc?.();
      marks.push({ at: i + 1, rss: process.memoryUsage.rss(), heap: process.memoryUsage().heapUsed });
    }
  }
  const used = process.cpuUsage(cpu);
  const [first, last] = [marks[0], marks[marks.length - 1]];
  const slope = last.at > first.at ? `${((last.rss - first.rss) / 1024 / (last.at - first.at)).toFixed(0)} KB a letter after the first ${first.at}` : 'too few letters for a slope (more than 250)';
  console.log(`${label}: ${marks.map((m) => `${m.at}: ${mb(m.rss)} MB (heap ${mb(m.heap)})`).join(', ')}; ${slope}; CPU ${((used.user + used.system) / 1000 / sources.length).toFixed(1)} ms a letter`);
}

console.log(`Typst's memory over ${sources.length} letters in one process${globalThis.gc ? '' : ' (run with --expose-gc for the heap after a collection)'}:`);
measure('the same letter each time (baseline)', () => sources[0]);
measure('a different letter each time', (i) => sources[i]);

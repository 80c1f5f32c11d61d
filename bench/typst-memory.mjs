// What the Typst compiler keeps of each document it typesets:
// `node bench/typst-memory.mjs [compiles]`. The toolkit's compiler (with its
// sandbox) typesets a small document again and again, each time with other
// text or with the same text, emptying its memo cache as the build does
// (evictCache(10)) or entirely (evictCache(0)); the process's RSS after each
// round says what stays. Why serve's workers are processes (src/worker/process.ts).
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { typstCompiler } = await import(join(root, 'lib', 'render', 'typst.js'));
const { compiler } = typstCompiler();
const compiles = Number(process.argv[2] ?? 600);
const body = '#set page(width: 12cm, height: 18cm)\n= A letter\n' + 'A sentence of the letter with a note.#footnote[An editorial note.] '.repeat(40);
const mb = () => process.memoryUsage.rss() / 1048576;

for (const [label, other, age] of [
  ['the same text, evictCache(10)', false, 10],
  ['other text each time, evictCache(10)', true, 10],
  ['other text each time, evictCache(0)', true, 0],
]) {
  const before = mb();
  for (let i = 0; i < compiles; i++) {
    compiler.compile({ mainFileContent: other ? `${body}\nLetter ${i}.` : body });
    compiler.evictCache(age);
  }
  globalThis.gc?.();
  const grown = mb() - before;
  console.log(`${label.padEnd(40)} ${compiles} compiles: RSS +${grown.toFixed(0)} MB (${((grown * 1024) / compiles).toFixed(0)} kB a compile)`);
}

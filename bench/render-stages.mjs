// The CPU cost of each per-document stage of a build, on the generated
// corpus (bench/corpus.mjs): every letter is seen as the build sees it (its
// view, with the shared register's entries copied in), its tree parsed once,
// then each stage runs over all letters several times. Reported as CPU ms
// per letter and as a ratio to parsing the letter (measured in the same run),
// so the figures compare across machines. Run alone
// (`node bench/render-stages.mjs [letters] [rounds]`) or from `npm run bench`
// with BENCH_STAGES=1. `--digest` prints a hash of every stage's output
// instead: the same digest before and after a change means byte-identical
// outputs on the corpus.
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lib = (path) => import(join(root, 'lib', path));

/**
 * CPU ms (user + system) of fn per item: the least over `rounds` rounds of
 * all items (on a shared machine the other processes only ever add time).
 * `fresh` runs before each round, outside the time: each round sees
 * freshly parsed trees, as each letter of a build does (SaxonJS keeps a
 * key's index and the accumulators' values with the tree: on a tree used
 * before, a stylesheet would skip building them).
 */
function cpuPerItem(items, fn, rounds, fresh) {
  for (const item of items.slice(0, 3)) fn(item); // warm the JIT and the stylesheet
  const perRound = [];
  for (let r = 0; r < rounds; r++) {
    fresh?.();
    const start = process.cpuUsage();
    for (const item of items) fn(item);
    const used = process.cpuUsage(start);
    perRound.push((used.user + used.system) / 1000 / items.length);
  }
  return Math.min(...perRound);
}

export async function renderStages({ letters = 30, rounds = 5, digest = false, only } = {}) {
  const { corpusDocuments } = await import('./corpus.mjs');
  const { resolveSharedRegisters } = await lib('registers/resolve.js');
  const { readingTreeOf } = await lib('xslt/tree.js');
  const { parseXml, transformSync } = await lib('xslt/transform.js');
  const { loadSef } = await lib('xslt/sef.js');
  const { loadModelReader, readSharedEntries } = await lib('model/read.js');
  const { loadHtmlRenderer } = await lib('render/html.js');
  const { loadTextRenderer } = await lib('render/text.js');
  const { loadTypstWriter, loadTypstAndTextWriter } = await lib('render/print.js');
  const { compileTypst } = await lib('render/typst.js');
  const { loadVolumeRenderer } = await lib('render/book.js');
  const { XSLT_DIR } = await lib('paths.js');

  // Every letter at once (their trees are parsed again between rounds); the corpus's folder is gone by then, and
  // nothing below reads it: its path only takes the files' names apart for the digest.
  const docs = [];
  for await (const d of corpusDocuments(letters)) docs.push(d);
  const { dir, registers } = docs[0];
  const html = await loadHtmlRenderer();
  const text = await loadTextRenderer();
  const typst = await loadTypstWriter();
  const typstAndText = await loadTypstAndTextWriter();
  const volume = await loadVolumeRenderer();
  const occurrencesSef = await loadSef(join(XSLT_DIR, 'occurrences.xsl'));
  const aboutSef = await loadSef(join(XSLT_DIR, 'about.xsl'));
  const modelSef = await loadSef(join(XSLT_DIR, 'model.xsl'));
  const readModel = await loadModelReader();
  // As the build reads the models: the shared register's entries read once (per thread), not in every letter.
  const sharedEntries = await readSharedEntries(readingTreeOf(registers[0]));
  const stages = {
    'parse the view (baseline)': (d) => (parseXml(d.view.text), d.view.text.length),
    'resolve shared registers': (d) => resolveSharedRegisters([d.source, ...registers]),
    'model (every copy read)': (d) => transformSync(modelSef, { source: d.tree, destination: 'raw' }).principalResult,
    model: (d) => readModel(d.source.file, d.tree, d.view === d.source ? undefined : sharedEntries),
    occurrences: (d) => transformSync(occurrencesSef, { source: d.tree, destination: 'raw' }).principalResult,
    about: (d) => transformSync(aboutSef, { source: d.tree, destination: 'serialized', stylesheetParams: { witnesses: false } }).principalResult,
    text: (d) => text(d.tree, d.model),
    html: (d) => html(d.tree, { documentId: d.model.id, withBody: false }),
    'print (XSLT only)': (d) => typst(d.tree, d.model),
    // What a build runs for a letter with both (src/build/document.ts): the same bytes as the two rows above.
    'text + print (one XSLT)': (d) => {
      const made = typstAndText(d.tree, d.model);
      return [made.text, made.print.typst];
    },
    'volume letter': (d) => volume.letter(d.tree, d.model),
    'volume principles': (d) => volume.principles(d.tree),
  };
  if (!digest) stages['print (Typst compile)'] = (d) => compileTypst((d.typst ??= typst(d.tree, d.model)));
  const rows = [];
  for (const [name, fn] of Object.entries(stages)) {
    if (only && !name.includes(only) && !name.includes('baseline')) continue;
    if (digest) {
      const hash = createHash('sha256');
      // A model names its file, which lies in a new temporary folder at each run: hashed by its name in the corpus.
      for (const d of docs) hash.update(JSON.stringify(fn(d) ?? null, (k, v) => (k === 'model' ? undefined : k === 'file' && typeof v === 'string' ? v.slice(dir.length) : v)));
      rows.push({ name, digest: hash.digest('hex').slice(0, 16) });
    } else {
      rows.push({ name, ms: cpuPerItem(docs, fn, rounds, () => docs.forEach((d) => (d.tree = parseXml(d.view.resolvedText ?? d.view.text)))) });
    }
  }
  return rows;
}

export function printStages(rows) {
  const base = rows.find((r) => r.name.includes('baseline'))?.ms;
  console.log('\nPer-letter render stages (CPU ms per letter, least of rounds; ratio to parsing the letter):');
  for (const r of rows) {
    if (r.digest) console.log(`  ${r.name.padEnd(28)} ${r.digest}`);
    else console.log(`  ${r.name.padEnd(28)} ${r.ms.toFixed(1).padStart(7)} ms  ${base ? `${(r.ms / base).toFixed(1).padStart(6)}×` : ''}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const digest = args.includes('--digest');
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
  const numbers = args.filter((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--only').map(Number);
  printStages(await renderStages({ letters: numbers[0] ?? 30, rounds: numbers[1] ?? 5, digest, only }));
}

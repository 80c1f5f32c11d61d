// Benchmark of the book (src/render/book.ts, src/render/epub.ts): the PDF
// volume and the EPUB of N letters, with pages, seconds and peak memory,
// and as a ratio against the baseline measured in the same run: the PDF
// of one letter (warm). The letters are copies of the fixture edition's
// five (tests/fixtures/edition/), each with its own id and date, sharing
// its register file.
//
//   node bench/book.mjs [N …]     (default: 100 1000; after `npm run compile`)
// `npm run bench` runs it too (BENCH_BOOK="100 1000" to choose the sizes).
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = join(root, 'tests', 'fixtures', 'edition');

/** A folder with N letters: the fixture's, copied round-robin with new ids and years. */
function makeEdition(n) {
  const dir = mkdtempSync(join(tmpdir(), `bench-book-${n}-`));
  cpSync(join(FIXTURE, 'tei', 'registers.xml'), join(dir, 'registers.xml'));
  const letters = readdirSync(join(FIXTURE, 'tei')).filter((f) => f !== 'registers.xml' && f.endsWith('.xml')).sort();
  const texts = letters.map((f) => readFileSync(join(FIXTURE, 'tei', f), 'utf8'));
  for (let i = 0; i < n; i++) {
    const k = i % letters.length;
    const shift = Math.floor(i / letters.length);
    const id = `${letters[k].replace(/\.xml$/, '')}-${String(i).padStart(5, '0')}`;
    const text = texts[k]
      .replace(/xml:id="([^"]+)"(?=[^>]*>\s*<teiHeader)/, `xml:id="${id}"`)
      .replace(/\b(18[5-9]\d)(-\d\d-\d\d)?\b/g, (_, y, rest = '') => `${Number(y) + shift}${rest}`);
    writeFileSync(join(dir, `${id}.xml`), text);
  }
  return dir;
}

export async function benchBook(sizes = [100, 1000]) {
  const { loadFile } = await import(join(root, 'lib/load/source.js'));
  const { treeOf } = await import(join(root, 'lib/xslt/tree.js'));
  const { readDocumentModel } = await import(join(root, 'lib/model/read.js'));
  const { loadHtmlRenderer } = await import(join(root, 'lib/render/html.js'));
  const { loadPrintRenderer } = await import(join(root, 'lib/render/print.js'));
  const book = await import(join(root, 'lib/render/book.js'));
  const { renderEpub } = await import(join(root, 'lib/render/epub.js'));
  const settings = JSON.parse(readFileSync(join(FIXTURE, 'edition.json'), 'utf8'));
  const html = await loadHtmlRenderer();
  const printer = await loadPrintRenderer();
  const volumeRenderer = await book.loadVolumeRenderer();

  // Baseline: the PDF of one letter, warm.
  const one = join(FIXTURE, 'tei', 'whitcombe-lindqvist-1851-03-14.xml');
  const oneTree = treeOf((await loadFile(one)).source);
  const oneModel = await readDocumentModel(one, oneTree);
  printer(oneTree, oneModel, {});
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    printer(oneTree, oneModel, {});
    times.push(performance.now() - t);
  }
  const baseline = times.sort((a, b) => a - b)[2];
  const rows = [[`PDF of one letter (warm, baseline)`, baseline, '', '']];

  for (const n of sizes) {
    const dir = makeEdition(n);
    try {
      const docs = [];
      for (const f of readdirSync(dir).filter((f) => f !== 'registers.xml').sort()) {
        const tree = treeOf((await loadFile(join(dir, f))).source);
        const model = await readDocumentModel(join(dir, f), tree);
        docs.push({ tree, model, html: html(tree, { documentId: model.id, withBody: false }) });
      }
      const rssBefore = process.memoryUsage().rss;
      // CPU time beside wall time: on a machine shared with other work, the
      // CPU seconds of this process say what the step costs (everything here
      // runs on this thread: SaxonJS, the Typst compiler, the zip).
      const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
      let c = cpu();
      let t = performance.now();
      const byModel = new Map(docs.map((d) => [d.model, d]));
      const parts = book.orderParts(docs.map((d) => volumeRenderer.letter(d.tree, d.model, { volumeTitle: settings.title })));
      const order = parts.map((p) => p.model);
      const shared = await book.loadSharedRegisters(parts);
      const partsMs = performance.now() - t;
      const partsCpu = cpu() - c;
      c = cpu();
      t = performance.now();
      const volume = book.assembleVolume(parts, { settings, sharedRegisters: shared, principles: volumeRenderer.principles(byModel.get(order[0]).tree) });
      const pdfMs = performance.now() - t;
      const pdfCpu = cpu() - c;
      c = cpu();
      t = performance.now();
      const epub = await renderEpub(parts.map((part) => ({ part, html: byModel.get(part.model).html })), {
        settings,
        title: settings.title,
        date: volume.date,
        entries: book.indexEntries(parts, shared),
        correspondents: book.correspondentRows(parts, shared),
      });
      const epubMs = performance.now() - t;
      const epubCpu = cpu() - c;
      const rss = Math.max(process.memoryUsage().rss, rssBefore);
      const goalPdf = n <= 100 ? '≤ 10 s' : n <= 1000 ? '≤ 90 s, ≤ 2 GB' : '';
      // Parts + PDF is what the volume costs a build (the EPUB reuses the parts).
      rows.push([`${n} letters: volume parts (XSLT, all letters)`, partsMs, '', `cpu ${(partsCpu / 1000).toFixed(2)} s`]);
      rows.push([`${n} letters: volume PDF (${volume.pages} pages, ${(volume.pdf.length / 1e6).toFixed(1)} MB)`, pdfMs, goalPdf, `cpu ${(pdfCpu / 1000).toFixed(2)} s, rss ${(rss / 2 ** 20).toFixed(0)} MB`]);
      rows.push([`${n} letters: EPUB (${(epub.length / 1e6).toFixed(1)} MB)`, epubMs, n <= 100 ? '≤ 3 s' : '', `cpu ${(epubCpu / 1000).toFixed(2)} s`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log('\nThe book (PDF volume and EPUB); ratios against the PDF of one letter, measured in this run\n');
  for (const [name, ms, goal, extra] of rows) {
    console.log(`${name.padEnd(58)} ${(ms / 1000).toFixed(2).padStart(8)} s  ${(ms / baseline).toFixed(1).padStart(7)}× one letter${goal ? `   goal: ${goal}` : ''}${extra ? `   ${extra}` : ''}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  await benchBook(sizes.length ? sizes : [100, 1000]);
}

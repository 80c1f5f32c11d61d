// Robustness benchmarks (issue 10): the checks on generated hostile inputs,
// each beside a baseline measured in the same run (the same check on the
// letter itself), so the figures compare across machines as ratios.
// Run alone with `node bench/robustness.mjs` (after `npm run compile`), or
// as part of `npm run bench`. BENCH_ROBUST_MB sets the large document's size
// (default 10); BENCH_STAGE_MB the sizes of the per-stage table (default
// 1,2,5,10); BENCH_BUILD_NOTES the note counts of the whole-build rows
// (default 10000,40000; 0 skips them); BENCH_NOTE_STAGES the note counts of
// the per-stage notes table (`node bench/robustness.mjs notes`).
// CPU times are the whole process's (every thread: libxml2 runs in a worker),
// so they do not depend on how busy the shared machine is; wall times do.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtureEdition = join(root, 'tests/fixtures/edition');
const letterFile = 'lindqvist-whitcombe-1851-05-02.xml';
const letter = readFileSync(join(fixtureEdition, 'tei', letterFile), 'utf8');

const body = (s) => [s.indexOf('<body>') + 6, s.indexOf('</body>')];
const inBody = (extra) => letter.replace('</body>', `${extra}</body>`);
const people = (n) => Array.from({ length: n }, (_, i) => `<person xml:id="gp${i}"><persName>Person ${i}</persName><idno type="wikidata">Q${i + 1}</idno></person>`).join('\n');
const withRegister = (n) => letter.replace(/<text[ >]/, (m) => `<standOff><listPerson>${people(n)}</listPerson></standOff>\n  ${m}`);
const withNotes = (n) => inBody(`<div>${Array.from({ length: n }, (_, i) => `<p>Text ${i}<note type="editorial" resp="#ed">Note ${i}.</note></p>`).join('\n')}</div>`);
// The same paragraphs without their notes: what the notes themselves cost is the difference.
const withParagraphs = (n) => inBody(`<div>${Array.from({ length: n }, (_, i) => `<p>Text ${i}</p>`).join('\n')}</div>`);
// The same notes all in one paragraph: a step quadratic in a block's length shows here (the text edition's
// ?segments?* and its flatten() were: 20,000 notes 59 s, 10,000 12 s; see tests/notes-one-paragraph.test.ts).
const withNotesInOneParagraph = (n) => inBody(`<div><p>${Array.from({ length: n }, (_, i) => `Text ${i}<note type="editorial" resp="#ed">Note ${i}.</note>`).join('\n')}</p></div>`);

/** The letter's body (ids removed) repeated until the document has about `mb` MB. */
export function bigLetter(mb) {
  const [a, b] = body(letter);
  const inner = letter.slice(a, b).replace(/ xml:id="[^"]*"/g, '');
  const n = Math.ceil((mb * 1e6) / inner.length);
  return letter.slice(0, a) + inner.repeat(n) + letter.slice(b);
}

/** Generated inputs, by name: [description, text]. */
export function robustnessInputs(mb = Number(process.env.BENCH_ROBUST_MB ?? 10)) {
  return [
    ['the letter (baseline)', letter],
    ['body repeated to 1 MB', bigLetter(1)],
    [`body repeated to ${mb} MB`, bigLetter(mb)],
    ['10,000 lb in one p', inBody(`<div><p>${'word <lb/>'.repeat(10_000)}</p></div>`)],
    ['1,000 register entries', withRegister(1000)],
    ['5,000 register entries', withRegister(5000)],
    ['10,000 notes', withNotes(10_000)],
    ['40,000 notes', withNotes(40_000)],
    ['40,000 attributes on one element', inBody(`<div><p ${Array.from({ length: 40_000 }, (_, i) => `n${i}="v"`).join(' ')}>x</p></div>`)],
    ['10,000 prefixes x 10,000 children', inBody(`<div ${Array.from({ length: 10_000 }, (_, i) => `xmlns:p${i}="urn:p${i}"`).join(' ')}>${'<p xmlns:q="urn:q">x</p>'.repeat(10_000)}</div>`)],
    ['124,000 bare "&"', inBody(`<div><p>${'& '.repeat(124_000)}</p></div>`)],
    ['100,000 nested elements', inBody(`<div>${'<hi>'.repeat(100_000)}x${'</hi>'.repeat(100_000)}</div>`)],
  ];
}

/** Wall and CPU (all threads) milliseconds of one call. */
async function measure(f) {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await f();
  const wall = performance.now() - t;
  const u = process.cpuUsage(c);
  return { value, wall, cpu: (u.user + u.system) / 1000 };
}

const ms = (x) => x.toFixed(0).padStart(6);

export async function benchRobustness() {
  const { loadText } = await import(join(root, 'lib/load/source.js'));
  const { checkSources } = await import(join(root, 'lib/validate/index.js'));
  console.log(`\nRobustness: load + all checks (schema, rules, cross-references) of one generated document, in process; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  // Once unmeasured: the first run also loads SaxonJS, the rules and libxml2's worker.
  await checkSources([loadText('warm-up.xml', letter).source], { crossReferences: true });
  const rows = [];
  let baseline;
  for (const [name, text] of robustnessInputs()) {
    let scan = 0;
    const m = await measure(async () => {
      const s = await measure(() => loadText('bench.xml', text));
      scan = s.cpu;
      const loaded = s.value;
      let findings = loaded.diagnostics;
      if (loaded.source && !findings.some((d) => d.severity === 'error')) findings = await checkSources([loaded.source], { crossReferences: true });
      return findings;
    });
    baseline ??= m.cpu;
    const r = { name, mb: text.length / 1e6, scan, cpu: m.cpu, wall: m.wall, findings: m.value.length, memory: process.memoryUsage().rss / 2 ** 20 };
    rows.push(r);
    console.log(
      `${r.name.padEnd(36)} ${r.mb.toFixed(2).padStart(6)} MB  scan ${ms(r.scan)} ms  cpu ${ms(r.cpu)} ms  wall ${ms(r.wall)} ms  ${(r.cpu / baseline).toFixed(1).padStart(7)}× the letter (cpu)  ${String(r.findings).padStart(5)} findings  rss ${r.memory.toFixed(0)} MB`,
    );
  }
  return rows;
}

/**
 * Each stage of the check path alone on the repeated letter at several
 * sizes: scan (load), the SaxonJS tree, the Schematron rules, RELAX NG
 * (libxml2), cross-references; then the whole check path on a fresh copy.
 * Linear means a constant cost per MB.
 */
export async function benchStages(sizes = (process.env.BENCH_STAGE_MB ?? '1,2,5,10').split(',').map(Number)) {
  const { loadText } = await import(join(root, 'lib/load/source.js'));
  const { checkSources } = await import(join(root, 'lib/validate/index.js'));
  const { readRelaxNgSchema, validateRelaxNg } = await import(join(root, 'lib/validate/relaxng.js'));
  const { loadRules, checkRules } = await import(join(root, 'lib/validate/rules.js'));
  const { checkCrossReferences } = await import(join(root, 'lib/validate/xref.js'));
  const { checkEditionRegisters } = await import(join(root, 'lib/registers/check.js'));
  const { treeOf } = await import(join(root, 'lib/xslt/tree.js'));
  const { DEFAULT_RULES, DEFAULT_SCHEMA } = await import(join(root, 'lib/paths.js'));
  const schema = readRelaxNgSchema(DEFAULT_SCHEMA);
  const rules = await loadRules(DEFAULT_RULES);
  console.log(`\nCheck stages on the letter's body repeated (CPU ms of all threads; per MB in brackets); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  await checkSources([loadText('warm-up.xml', letter).source], { crossReferences: true }); // loads SaxonJS and libxml2's worker
  const rows = [];
  for (const [name, text] of [['the letter', letter], ...sizes.map((mb) => [`${mb} MB`, bigLetter(mb)])]) {
    const mb = text.length / 1e6;
    const scan = await measure(() => loadText('bench.xml', text));
    const source = scan.value.source;
    const tree = await measure(() => treeOf(source));
    const sch = await measure(() => checkRules(rules, source, tree.value));
    const rng = await measure(() => validateRelaxNg([source], schema));
    const xref = await measure(() => [...checkCrossReferences([source]), ...checkEditionRegisters([source])]);
    // The whole path on a new Source (no tree or findings kept from above).
    const all = await measure(async () => {
      const fresh = loadText('bench.xml', text).source;
      return checkSources([fresh], { crossReferences: true });
    });
    // Only the times are kept: a tree kept alive would make the next size's garbage collection dearer.
    const times = (m) => ({ cpu: m.cpu, wall: m.wall });
    rows.push({ name, mb, scan: times(scan), tree: times(tree), sch: times(sch), rng: times(rng), xref: times(xref), all: times(all) });
  }
  const base = rows[0];
  const cell = (r, k) => `${ms(r[k].cpu)} (${ms(r.mb >= 0.5 ? r[k].cpu / r.mb : NaN)})`;
  console.log(`${''.padEnd(10)} ${'MB'.padStart(6)}  ${['scan', 'tree', 'rules', 'relaxng', 'xref', 'check path'].map((h) => h.padStart(15)).join(' ')}  ${'wall'.padStart(7)}  ×letter`);
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(10)} ${r.mb.toFixed(2).padStart(6)}  ${['scan', 'tree', 'sch', 'rng', 'xref', 'all'].map((k) => cell(r, k).padStart(15)).join(' ')}  ${ms(r.all.wall)}   ${(r.all.cpu / base.all.cpu).toFixed(0).padStart(5)}`,
    );
  }
  return rows;
}

/**
 * A whole build (every output) of the test edition with one letter carrying
 * `n` editorial notes, in a new process: wall time, CPU and peak memory
 * beside the same build of the unchanged edition. CPU and "peak rss" are
 * GNU time's: the CPU of the build and of the processes it waited for (a
 * letter set with endnotes and its volume are typeset in processes of
 * their own), the RSS of the largest single one; "tree" is the peak of the
 * sum over the build's processes at once (bench/tree-memory.mjs, sampled),
 * RSS and PSS: the memory the machine gives the build.
 */
export async function benchNoteBuilds(counts = (process.env.BENCH_BUILD_NOTES ?? '10000,40000').split(',').map(Number).filter((n) => n > 0)) {
  const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  if (!gnuTime || counts.length === 0) return [];
  const { watchTreeMemory } = await import('./tree-memory.mjs');
  console.log(`\nWhole build (all outputs, new process) of the test edition with one letter's notes multiplied; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const rows = [];
  for (const n of [0, ...counts]) {
    const dir = mkdtempSync(join(tmpdir(), 'robust-build-'));
    try {
      cpSync(fixtureEdition, dir, { recursive: true });
      if (n > 0) writeFileSync(join(dir, 'tei', letterFile), withNotes(n));
      const t = performance.now();
      const child = spawn(gnuTime, ['-f', '@@time %U %S %M', process.execPath, join(root, 'bin/tei-edition.js'), 'build', '--no-cache', '--out', 'dist', 'tei'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      const watch = watchTreeMemory(child.pid, 250);
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const status = await new Promise((resolve) => child.on('close', resolve));
      const tree = watch.stop();
      const wall = performance.now() - t;
      const m = /@@time ([\d.]+) ([\d.]+) (\d+)/.exec(output);
      const row = { notes: n, status, wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN, rssMb: m ? Number(m[3]) / 1024 : NaN, treeRssMb: tree.rssMb, treePssMb: tree.pssMb };
      rows.push(row);
      console.log(
        `${(n ? `${n.toLocaleString('en')} notes` : 'the edition (baseline)').padEnd(24)} exit ${row.status}  cpu ${ms(row.cpu)} ms  wall ${ms(row.wall)} ms  ${(row.cpu / rows[0].cpu).toFixed(1).padStart(6)}× (cpu)  peak rss ${row.rssMb.toFixed(0)} MB (one process), tree rss ${row.treeRssMb.toFixed(0)} MB, pss ${row.treePssMb.toFixed(0)} MB`,
      );
      if (row.status !== 0) console.log(output.split('\n').slice(0, 5).join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

/**
 * Each per-letter stage of a build on the letter with `n` editorial notes
 * (CPU ms of this process; the µs per note above the 0-note letter, measured
 * in the same run, in brackets): linear means a constant cost per note.
 * BENCH_NOTE_STAGES sets the counts (default 1000,4000,10000; the 0-note
 * letter is always measured first). A last row has the largest count of
 * paragraphs without their notes ("p only"): each stage's cost per note
 * minus that row's is what the notes themselves cost, the rest is the
 * paragraphs that carry them. A row "one p" has the notes of the largest
 * count all in one paragraph: linear means about the cost of that count's
 * row less the paragraphs'. "print" is the XSLT of the print edition and
 * of the letter's part of the volume (one walk, as a build with the volume
 * makes them) and the PDF's Typst (shown apart too: "print xslt", "print
 * typst"); "volume" the volume's Typst.
 */
export async function benchNoteStages(counts = (process.env.BENCH_NOTE_STAGES ?? '1000,4000,10000').split(',').map(Number).filter((n) => n > 0)) {
  const lib = (p) => import(join(root, 'lib', p));
  const { loadText } = await lib('load/source.js');
  const { checkSources } = await lib('validate/index.js');
  const { readingTreeOf } = await lib('xslt/tree.js');
  const { readDocumentModel } = await lib('model/read.js');
  const { loadHtmlRenderer } = await lib('render/html.js');
  const { loadTextRenderer } = await lib('render/text.js');
  const { compilePrintSource } = await lib('render/print.js');
  const { loadVolumeRenderer, orderParts, assembleVolume } = await lib('render/book.js');
  const [html, text, volume] = [await loadHtmlRenderer(), await loadTextRenderer(), await loadVolumeRenderer()];
  const { epubBody } = await lib('render/epub-body.js');
  const cpuOf = async (f) => {
    const c = process.cpuUsage();
    const value = await f();
    const u = process.cpuUsage(c);
    return { value, cpu: (u.user + u.system) / 1000 };
  };
  console.log(`\nPer-letter stages on the letter with n notes (CPU ms; µs per note above the letter in brackets); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const names = ['check', 'html', 'epub', 'text', 'print', 'volume', 'all'];
  const rows = [];
  const runs = [...[0, ...counts].map((n) => [n, 'notes']), ...(counts.length ? [[Math.max(...counts), 'p only'], [Math.max(...counts), 'one p']] : [])];
  for (const [n, kind] of runs) {
    const t = kind === 'p only' ? withParagraphs(n) : kind === 'one p' ? withNotesInOneParagraph(n) : n ? withNotes(n) : letter;
    const row = { notes: n, label: kind === 'notes' ? String(n) : `${n} ${kind}` };
    row.check = (await cpuOf(() => checkSources([loadText('bench.xml', t).source], { crossReferences: true }))).cpu;
    const tree = readingTreeOf(loadText('bench.xml', t).source);
    const model = await readDocumentModel('bench.xml', tree);
    const h = await cpuOf(() => html(tree, { documentId: model.id, withBody: false }));
    row.html = h.cpu;
    row.epub = (await cpuOf(() => epubBody(`${h.value.header}${h.value.text}${h.value.notes}${h.value.apparatus}`))).cpu;
    row.text = (await cpuOf(() => text(tree, model))).cpu;
    // As a build with the volume makes them: the print edition's text and the volume's part in one walk, then the PDF.
    const both = await cpuOf(() => volume.letterAndPrint(tree, model, {}, {}, t));
    row['print xslt'] = both.cpu;
    row['print typst'] = (await cpuOf(() => compilePrintSource(both.value.print))).cpu; // compile and PDF (PDF/A-2b, tagged)
    row.print = row['print xslt'] + row['print typst']; // XSLT of both, Typst of the PDF
    row.volume = (await cpuOf(() => assembleVolume(orderParts([both.value.part])))).cpu; // Typst of the volume
    row.all = names.slice(0, -1).reduce((sum, k) => sum + row[k], 0);
    row.rssMb = process.memoryUsage().rss / 2 ** 20;
    rows.push(row);
  }
  const base = rows[0];
  // "print" split into its two parts (not counted again in "all").
  const shown = [...names.slice(0, 5), 'print xslt', 'print typst', ...names.slice(5)];
  console.log(`${'notes'.padStart(13)}  ${shown.map((k) => k.padStart(15)).join(' ')}  ${'rss'.padStart(8)}`);
  for (const r of rows) {
    const cell = (k) => `${ms(r[k])} (${r.notes ? (((r[k] - base[k]) / r.notes) * 1000).toFixed(0).padStart(5) : '    -'})`;
    console.log(`${r.label.padStart(13)}  ${shown.map((k) => cell(k).padStart(15)).join(' ')}  ${r.rssMb.toFixed(0).padStart(5)} MB`);
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv[2];
  if (!only || only === 'stages') await benchStages();
  if (!only || only === 'inputs') await benchRobustness();
  if (!only || only === 'notes') await benchNoteStages();
  if (!only || only === 'builds') await benchNoteBuilds();
  process.exit(0);
}

/**
 * The print edition of a letter with `n` more apparatus entries (the
 * Eisenhower letter of tests/fixtures/letter, a paragraph with one variant
 * each added after its text): the Typst source made, then compiled, CPU ms,
 * beside the letter itself, measured in the same run. The line of each
 * entry was found by searching every anchor and every line marker (500
 * entries 7.7 s, 1,000 about 40 s and 2.4 GB); now by the entry's own label
 * and a binary search of the line markers by page (docs/scale-log.md, the
 * fourteenth pass): the cost an entry should stay the same as n grows.
 */
export async function benchApparatus(counts = (process.env.BENCH_APPARATUS ?? '250,500,1000').split(',').map(Number).filter((n) => n > 0)) {
  const lib = (p) => import(join(root, 'lib', p));
  const { loadText } = await lib('load/source.js');
  const { readingTreeOf } = await lib('xslt/tree.js');
  const { readDocumentModel } = await lib('model/read.js');
  const { loadPrintSourceWriter, compilePrintSource } = await lib('render/print.js');
  const { loadVolumeRenderer, orderParts, assembleVolume } = await lib('render/book.js');
  const write = await loadPrintSourceWriter();
  const volume = await loadVolumeRenderer();
  const file = join(root, 'tests/fixtures/letter/tei/eisenhower-bulganin-1956-11-04.xml');
  const base = readFileSync(file, 'utf8');
  const withEntries = (n) => base.replace(/<\/div>(\s*)<\/body>/, `</div><div>${Array.from({ length: n }, (_, i) => `<p>Sentence ${i} reads <app><lem wit="#PPP">word${i}</lem><rdg wit="#FRUS">werd${i}</rdg></app> here and goes on for a while so that lines fill.</p>`).join('\n')}</div>$1</body>`);
  console.log(`\nThe print edition of the letter with n more apparatus entries (CPU ms: Typst source, then compiled; µs an entry above the letter); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  let baseline;
  for (const n of [0, ...counts]) {
    const text = n ? withEntries(n) : base;
    const source = loadText(file, text).source;
    const tree = readingTreeOf(source);
    const model = await readDocumentModel(file, tree);
    const made = await measure(() => write(tree, model));
    const compiled = await measure(() => compilePrintSource(made.value));
    // The letter's part of the volume, typeset as a volume of that letter (its apparatus keyed to page and line).
    const part = volume.letter(tree, model);
    const typeset = await measure(() => assembleVolume(orderParts([part])));
    const cpu = made.cpu + compiled.cpu;
    baseline ??= { cpu, volume: typeset.cpu };
    const each = (now, before) => (n ? `  ${(((now - before) * 1000) / n).toFixed(0).padStart(6)} µs an entry` : '');
    console.log(`  ${(n ? `${n.toLocaleString('en')} entries` : 'the letter (baseline)').padEnd(24)} source ${ms(made.cpu)} ms  compiled ${ms(compiled.cpu)} ms  ${compiled.value.pages} pages  ${(cpu / baseline.cpu).toFixed(1).padStart(6)}×${each(cpu, baseline.cpu)};  volume ${ms(typeset.cpu)} ms${each(typeset.cpu, baseline.volume)}`);
  }
}


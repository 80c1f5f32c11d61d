// What a SaxonJS transform costs whatever its document: `node bench/transform-floor.mjs [letters] [rounds]`.
// For the edition's rules (the generated Schematron), model.xsl and the text stylesheet, the CPU ms of one
// transform of a generated letter (bench/corpus.mjs) and of a near-empty TEI document, each the least over
// the rounds, every round on freshly parsed trees (SaxonJS keeps a key's index with its tree). The
// near-empty document's cost is the floor each transform pays (setting the transform up, the stylesheet's
// globals), paid again for every letter and stylesheet: 2 December, about a quarter to a third of a letter's
// transform (load 10-14: rules 8.0 / 3.2 ms, model.xsl 5.6 / 1.0, text 11.5 / 4.5). Running several
// documents in one transform pays it once: the rules' generated stylesheet, changed by hand to take 50
// letters' trees as a parameter and walk each (an initial template; its schema-level `let $doc := /` made a
// variable of each rule), 100 fresh letters: 4.6-5.9 -> 2.9-3.4 ms a letter once warm, 15.5 -> 5.2 ms in the
// first round. Not done in the build: the compiler (src/validate/schematron/compile.ts) would have to bind
// schema-level lets and its own root per document.
//
// The third column, "prepare", is what SaxonJS spends setting the compiled stylesheet up for a transform,
// before it reads the document: the stylesheet imported by a stub whose initial mode only writes one
// element. It grows with the size of the compiled stylesheet, code never run included (3 December, test
// stylesheets, 2,000 transforms each: 1,000 unused template rules in another mode 0.2 -> 2.2 ms; one unused
// named template of 26,000 SEF nodes 4.4 ms), about 0.2 µs a node of the SEF ("nodes": the instructions and
// expressions the SEF holds). That is the most several documents in one transform could save for a
// stylesheet; the rest of the near-empty document's cost is its globals and templates, paid per document
// however the documents are grouped. Nothing here asserts.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lib = (path) => import(join(root, 'lib', path));
const letters = Number(process.argv[2] ?? 40);
const rounds = Number(process.argv[3] ?? 5);

const { generateCorpus } = await import('./corpus.mjs');
const { loadSef } = await lib('xslt/sef.js');
const { parseXml, transformSync } = await lib('xslt/transform.js');
const { loadSchematronFile } = await lib('validate/schematron/run.js');

const dir = mkdtempSync(join(tmpdir(), 'transform-floor-'));
generateCorpus(dir, letters);
const texts = readdirSync(join(dir, 'tei')).filter((f) => f.startsWith('letter')).sort().map((f) => readFileSync(join(dir, 'tei', f), 'utf8'));
rmSync(dir, { recursive: true, force: true });
const EMPTY = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body><p>x</p></body></text></TEI>';

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Least CPU ms a transform over `rounds` rounds, each on fresh trees of `docs`. */
function least(sef, docs, options = {}) {
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const trees = docs.map((t) => parseXml(t));
    const start = cpu();
    for (const tree of trees) transformSync(sef, { source: tree, destination: 'raw', ...options });
    best = Math.min(best, (cpu() - start) / trees.length);
  }
  return best;
}

const STUB_MODE = 'Q{urn:x-tei-edition:bench}prepare';
const stubDir = mkdtempSync(join(tmpdir(), 'transform-floor-stub-'));
/** The stylesheet imported by a stub whose mode STUB_MODE writes one element and reads nothing: what preparing it costs. */
async function stubOf(xsl) {
  const file = join(stubDir, `${xsl.replace(/\W/g, '-')}.xsl`);
  writeFileSync(file, `<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:b="urn:x-tei-edition:bench">
  <xsl:import href="${pathToFileURL(join(root, 'xslt', xsl)).href}"/>
  <xsl:template match="/" mode="b:prepare"><b:done/></xsl:template>
</xsl:stylesheet>\n`);
  return loadSef(file);
}
/** How many instructions and expressions the SEF holds (its objects with an "N"). */
function sefNodes(node) {
  if (!node || typeof node !== 'object') return 0;
  return (node.N ? 1 : 0) + (node.C ?? []).reduce((sum, c) => sum + sefNodes(c), 0);
}
const HTML_OPTIONS = { initialMode: 'Q{urn:x-tei-edition:html}parts', stylesheetParams: { 'with-body': false } };
const stylesheets = [
  ['rules (schemas/edition.sch)', await loadSchematronFile(join(root, 'schemas', 'edition.sch'))],
  ['model.xsl', await loadSef(join(root, 'xslt', 'model.xsl')), 'model.xsl'],
  ['tei-to-text.xsl', await loadSef(join(root, 'xslt', 'tei-to-text.xsl')), 'tei-to-text.xsl'],
  // The stylesheets of a build's letter: the web page (as src/render/html.ts calls it) and the print edition with the text.
  ['tei-to-html.xsl (parts)', await loadSef(join(root, 'xslt', 'tei-to-html.xsl')), 'tei-to-html.xsl', HTML_OPTIONS],
  ['tei-to-typst-and-text.xsl', await loadSef(join(root, 'xslt', 'tei-to-typst-and-text.xsl')), 'tei-to-typst-and-text.xsl', { stylesheetParams: { meta: '{}' } }],
];
console.log(`CPU ms a transform, least of ${rounds} rounds (${letters} letters; load ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')})`);
try {
  for (const [name, sef, xsl, options] of stylesheets) {
    least(sef, texts.slice(0, 3), options); // warm the JIT and the stylesheet
    const letter = least(sef, texts, options);
    const floor = least(sef, Array.from({ length: letters }, () => EMPTY), options);
    let prepare = '';
    if (xsl) {
      const stub = await stubOf(xsl);
      least(stub, texts.slice(0, 3), { initialMode: STUB_MODE });
      const ms = least(stub, Array.from({ length: letters }, () => EMPTY), { initialMode: STUB_MODE });
      prepare = `  prepare ${ms.toFixed(2).padStart(6)} (${((100 * ms) / letter).toFixed(0)} %; ${sefNodes(sef).toLocaleString('en')} SEF nodes)`;
    }
    console.log(`${name.padEnd(28)} letter ${letter.toFixed(2).padStart(6)}  near-empty TEI ${floor.toFixed(2).padStart(6)}  (${((100 * floor) / letter).toFixed(0)} %)${prepare}`);
  }
} finally {
  rmSync(stubDir, { recursive: true, force: true });
}

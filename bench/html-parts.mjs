// What each part of a letter's web page costs in xslt/tei-to-html.xsl:
// header, text (with and without serializing it), notes, apparatus, the
// entities sidebar, the register occurrences. bench/html-parts.xsl renders
// one part K times inside a single transform; (time(K) - time(1)) / (K - 1)
// is that part's CPU per letter, free of SaxonJS's fixed cost per transform
// (~12 ms) and of the global variables, and steady enough on a shared
// machine to compare one edit of a template with another (render-stages.mjs
// measures whole transforms, whose noise on a busy machine hides a change
// of a few ms). Also the per-transform cost of an empty part ("none").
//   node bench/html-parts.mjs [letters] [--dict] [part ...]
// --dict: the 2.4 MB dictionary of ../shared/corpora instead of generated letters.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lib = (path) => import(join(root, 'lib', path));
const PARTS = ['header', 'text', 'text+serialize', 'notes', 'apparatus', 'entities', 'occurrences'];
const DICTIONARY = join(root, '..', 'shared', 'corpora', 'tei-publisher', 'Kirchner-Michaelis-1907.xml');

export async function htmlParts({ letters = 20, dictionary = false, parts = PARTS } = {}) {
  const { generateCorpus } = await import('./corpus.mjs');
  const { loadText } = await lib('load/source.js');
  const { resolveSharedRegisters } = await lib('registers/resolve.js');
  const { parseXml, transformSync } = await lib('xslt/transform.js');
  const { loadSef } = await lib('xslt/sef.js');
  const sef = await loadSef(join(root, 'bench', 'html-parts.xsl'));
  let texts = [];
  if (dictionary) texts = [readFileSync(DICTIONARY, 'utf8')];
  else {
    const dir = mkdtempSync(join(tmpdir(), 'tei-parts-'));
    try {
      generateCorpus(dir, letters);
      const teiDir = join(dir, 'tei');
      const sources = readdirSync(teiDir).filter((f) => f.endsWith('.xml')).sort()
        .map((f) => loadText(join(teiDir, f), readFileSync(join(teiDir, f), 'utf8')).source).filter(Boolean);
      const views = new Map([...resolveSharedRegisters(sources)]);
      for (const s of sources) {
        if (s.file.endsWith('registers.xml')) continue;
        const view = views.get(s) ?? s;
        texts.push(view.resolvedText ?? view.text);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const trees = texts.map((t) => parseXml(t));
  const times = dictionary ? 3 : 11;
  const cpu = (part, k) => {
    const start = process.cpuUsage();
    for (const source of trees) {
      transformSync(sef, { source, destination: 'raw', initialMode: 'Q{urn:x-tei-edition:html}parts',
        stylesheetParams: { part, times: String(k), 'with-body': false } });
    }
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000 / trees.length;
  };
  const rows = [];
  for (const part of ['none', ...parts]) {
    cpu(part, 2); // warm the JIT
    const per = [];
    for (let r = 0; r < 3; r++) per.push(part === 'none' ? cpu(part, 1) : (cpu(part, times) - cpu(part, 1)) / (times - 1));
    rows.push({ part: part === 'none' ? 'one transform, no part' : part, ms: Math.min(...per) });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const letters = Number(args.find((a) => /^\d+$/.test(a)) ?? 20);
  const dictionary = args.includes('--dict');
  const named = args.filter((a) => PARTS.includes(a));
  const rows = await htmlParts({ letters, dictionary, parts: named.length ? named : PARTS });
  console.log(`\nxslt/tei-to-html.xsl, CPU ms per ${dictionary ? 'dictionary' : 'letter'} and part (least of 3):`);
  for (const r of rows) console.log(`  ${r.part.padEnd(24)} ${r.ms.toFixed(2).padStart(8)} ms`);
}

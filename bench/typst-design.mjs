// Typst's CPU for two versions of the page design (xslt/typst/edition.typ,
// endnotes.typ, volume.typ): this tree's and another tree's (`node
// bench/typst-design.mjs /work/main [letters] [rounds] [--notes]`, after
// `npm run compile`). The sources are made once, by this tree's code; each is
// compiled with either design in its place, by this tree's compileTypst
// (compile and PDF/A, as a build does), the two alternated in one process
// (A B A B …), so that the shared machine's load falls on both alike. CPU of
// this process, not wall time.
// - corpus: the generated letters (bench/corpus.mjs) one after the other with
//   the memo cache kept, as a worker typesets them, the cache emptied before
//   each round; ms per letter.
// - --notes: the letter of 10,000 notes (bench/robustness.mjs), its print
//   source and its volume, each compiled from an empty cache; ms each.
// The PDFs of both designs are hashed: "same PDFs" means byte-identical.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { typstSourcesOfCorpus } from './corpus.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lib = (path) => import(join(root, 'lib', path));
const DESIGNS = ['edition.typ', 'endnotes.typ', 'volume.typ'];

/** The source with this tree's design files replaced by those of `other` (each trimmed, as print.ts and book.ts put them). */
function withDesign(source, other) {
  let s = source;
  for (const f of DESIGNS) {
    const ours = readFileSync(join(root, 'xslt', 'typst', f), 'utf8').trimEnd();
    const theirs = readFileSync(join(other, 'xslt', 'typst', f), 'utf8').trimEnd();
    if (ours !== theirs && s.includes(ours)) s = s.replace(ours, () => theirs);
  }
  return s;
}

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function notesSources() {
  const { robustnessInputs } = await import('./robustness.mjs');
  const { loadText } = await lib('load/source.js');
  const { readingTreeOf } = await lib('xslt/tree.js');
  const { readDocumentModel } = await lib('model/read.js');
  const { loadVolumeRenderer, orderParts, assembleVolume } = await lib('render/book.js');
  const text = robustnessInputs(1).find(([name]) => name === '10,000 notes')[1];
  const tree = readingTreeOf(loadText('bench.xml', text).source);
  const both = (await loadVolumeRenderer()).letterAndPrint(tree, await readDocumentModel('bench.xml', tree), {}, {}, text);
  // The volume's source, as assembleVolume makes it (it also typesets it once, in a process of its own).
  return { 'print (10,000 notes)': both.print.typst, 'volume (10,000 notes)': assembleVolume(orderParts([both.part])).typst };
}

export async function benchTypstDesign({ other, letters = 100, rounds = 3, notes = false }) {
  const { compileTypst, typstCompiler } = await lib('render/typst.js');
  const flush = () => typstCompiler().compiler.evictCache(0);
  console.log(`\nTypst CPU, this tree's page design (new) against ${other}'s (old), alternated; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const corpus = await typstSourcesOfCorpus(letters);
  const sets = { old: corpus.map((s) => withDesign(s, other)), new: corpus };
  const times = { old: [], new: [] };
  const digests = {};
  for (let r = 0; r < rounds; r++) {
    for (const which of ['old', 'new']) {
      flush();
      const hash = createHash('sha256');
      const start = cpu();
      for (const s of sets[which]) hash.update(compileTypst(s).pdf);
      times[which].push((cpu() - start) / corpus.length);
      digests[which] = hash.digest('hex').slice(0, 16);
    }
  }
  const row = (name, unit, t, d) => console.log(`  ${name.padEnd(24)} old ${t.old.map((x) => x.toFixed(1)).join(' ')}  new ${t.new.map((x) => x.toFixed(1)).join(' ')} ${unit} (least: ${Math.min(...t.old).toFixed(1)} -> ${Math.min(...t.new).toFixed(1)}); ${d.old === d.new ? 'same PDFs' : 'PDFs differ'}`);
  row(`corpus (${corpus.length} letters)`, 'ms/letter', times, digests);
  if (notes) {
    for (const [name, source] of Object.entries(await notesSources())) {
      const t = { old: [], new: [] };
      const d = {};
      for (let r = 0; r < Math.min(rounds, 2); r++) {
        for (const which of ['old', 'new']) {
          const s = which === 'old' ? withDesign(source, other) : source;
          flush();
          const start = cpu();
          const pdf = compileTypst(s, undefined, { keepCache: false }).pdf;
          t[which].push(cpu() - start);
          d[which] = createHash('sha256').update(pdf).digest('hex');
        }
      }
      row(name, 'ms', t, d);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const other = args.find((a) => !/^\d+$/.test(a) && !a.startsWith('--'));
  if (!other) throw new Error('usage: node bench/typst-design.mjs OTHER_TREE [letters] [rounds] [--notes]');
  await benchTypstDesign({ other, letters: numbers[0] ?? 100, rounds: numbers[1] ?? 3, notes: args.includes('--notes') });
  process.exit(0);
}

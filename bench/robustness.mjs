// Robustness benchmarks (issue 10): the checks on generated hostile inputs,
// each beside a baseline measured in the same run (the same check on the
// letter itself), so the figures compare across machines as ratios.
// Run alone with `node bench/robustness.mjs` (after `npm run compile`), or
// as part of `npm run bench`. BENCH_ROBUST_MB sets the large document's size
// (default 10).
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const letter = readFileSync(join(root, 'tests/fixtures/edition/tei/lindqvist-whitcombe-1851-05-02.xml'), 'utf8');

const body = (s) => [s.indexOf('<body>') + 6, s.indexOf('</body>')];
const inBody = (extra) => letter.replace('</body>', `${extra}</body>`);

/** Generated inputs, by name: [description, text]. */
export function robustnessInputs(mb = Number(process.env.BENCH_ROBUST_MB ?? 10)) {
  const [a, b] = body(letter);
  const inner = letter.slice(a, b).replace(/ xml:id="[^"]*"/g, '');
  const big = (target) => {
    const n = Math.ceil(target / inner.length);
    return letter.slice(0, a) + inner.repeat(n) + letter.slice(b);
  };
  const people = (n) => Array.from({ length: n }, (_, i) => `<person xml:id="gp${i}"><persName>Person ${i}</persName><idno type="wikidata">Q${i + 1}</idno></person>`).join('\n');
  return [
    ['the letter (baseline)', letter],
    ['body repeated to 1 MB', big(1e6)],
    [`body repeated to ${mb} MB`, big(mb * 1e6)],
    ['10,000 lb in one p', inBody(`<div><p>${'word <lb/>'.repeat(10_000)}</p></div>`)],
    ['5,000 register entries', letter.replace(/<text[ >]/, (m) => `<standOff><listPerson>${people(5000)}</listPerson></standOff>\n  ${m}`)],
    ['40,000 notes', inBody(`<div>${Array.from({ length: 40_000 }, (_, i) => `<p>Text ${i}<note type="editorial" resp="#ed">Note ${i}.</note></p>`).join('\n')}</div>`)],
    ['40,000 attributes on one element', inBody(`<div><p ${Array.from({ length: 40_000 }, (_, i) => `n${i}="v"`).join(' ')}>x</p></div>`)],
    ['10,000 prefixes x 10,000 children', inBody(`<div ${Array.from({ length: 10_000 }, (_, i) => `xmlns:p${i}="urn:p${i}"`).join(' ')}>${'<p xmlns:q="urn:q">x</p>'.repeat(10_000)}</div>`)],
    ['124,000 bare "&"', inBody(`<div><p>${'& '.repeat(124_000)}</p></div>`)],
    ['100,000 nested elements', inBody(`<div>${'<hi>'.repeat(100_000)}x${'</hi>'.repeat(100_000)}</div>`)],
  ];
}

export async function benchRobustness() {
  const { loadText } = await import(join(root, 'lib/load/source.js'));
  const { checkSources } = await import(join(root, 'lib/validate/index.js'));
  const rows = [];
  let baseline;
  for (const [name, text] of robustnessInputs()) {
    const t0 = performance.now();
    const loaded = loadText('bench.xml', text);
    const t1 = performance.now();
    let findings = loaded.diagnostics;
    if (loaded.source && !findings.some((d) => d.severity === 'error')) findings = await checkSources([loaded.source], { crossReferences: true });
    const t2 = performance.now();
    baseline ??= t2 - t0;
    const memory = process.memoryUsage().rss / 2 ** 20;
    rows.push({ name, mb: text.length / 1e6, scan: t1 - t0, total: t2 - t0, findings: findings.length, memory });
  }
  console.log('\nRobustness: load + all checks (schema, rules, cross-references) of one generated document, in process');
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(36)} ${r.mb.toFixed(2).padStart(6)} MB  scan ${r.scan.toFixed(0).padStart(6)} ms  total ${r.total.toFixed(0).padStart(7)} ms  ${(r.total / baseline).toFixed(1).padStart(7)}× the letter  ${String(r.findings).padStart(4)} findings  rss ${r.memory.toFixed(0)} MB`,
    );
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchRobustness();
  process.exit(0);
}

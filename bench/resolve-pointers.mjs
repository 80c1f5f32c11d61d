// The cost of a letter's view (registers/resolve.ts: its pointers into the shared register rewritten and the
// entries copied in) against the number of its pointers: `node bench/resolve-pointers.mjs [counts…]` (default
// 0 1000 4000 16000). A generated letter (bench/corpus.mjs) is given that many more `<persName ref=
// "registers.xml#…">` in its body; printed: CPU ms of one resolution and a hash of the view, which must not
// change with the code (the cost must grow linearly). Nothing here asserts.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { loadText } = await import(join(root, 'lib', 'load', 'source.js'));
const { resolveSharedRegisters } = await import(join(root, 'lib', 'registers', 'resolve.js'));
const { generateCorpus } = await import('./corpus.mjs');
const counts = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [0, 1000, 4000, 16000];
const dir = mkdtempSync(join(tmpdir(), 'resolve-pointers-'));
try {
  generateCorpus(dir, 2);
  const tei = join(dir, 'tei');
  const register = loadText(join(tei, 'registers.xml'), readFileSync(join(tei, 'registers.xml'), 'utf8')).source;
  const base = readFileSync(join(tei, 'letter-00001.xml'), 'utf8');
  const ids = [...readFileSync(join(tei, 'registers.xml'), 'utf8').matchAll(/<person xml:id="([^"]+)"/g)].map((m) => m[1]);
  for (const n of counts) {
    const extra = Array.from({ length: n }, (_, i) => `<p><persName ref="registers.xml#${ids[i % ids.length]}">N</persName> ${i}</p>`).join('\n');
    const letter = loadText(join(tei, 'letter-00001.xml'), base.replace('</body>', `${extra}</body>`)).source;
    const start = process.cpuUsage();
    const view = resolveSharedRegisters([letter, register]).get(letter) ?? letter;
    const used = process.cpuUsage(start);
    console.log(`${String(n).padStart(6)} pointers: ${((used.user + used.system) / 1000).toFixed(0).padStart(6)} ms of CPU, view ${view.text.length} characters, ${createHash('sha256').update(view.text).digest('hex').slice(0, 16)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

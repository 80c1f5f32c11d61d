// What a build thread allocates per letter, and where: `node bench/alloc-stages.mjs [letters] [rounds]`
// (default 100 letters, 1 round). The letters of a generated edition (bench/corpus.mjs) are checked,
// their models read, then rendered (every target) as a build's worker thread does, with V8's sampling
// heap profiler on, keeping the samples of objects the collector has since freed (the garbage is what
// costs: each young-generation collection copies what survives, and the more is allocated, the more
// collections). Printed per letter: the bytes allocated (sampled), by the stage of ours that asked for
// them (the nearest frame in lib/, with the frames of SaxonJS below it counted to it) and by the
// function that allocated (self); then the size of the structured clone of the result posted to the
// build's thread (v8.serialize), by kind of value. Nothing here asserts; the figures are estimates
// (one sample every `BENCH_ALLOC_INTERVAL` bytes, 32 kB by default).
import { Session } from 'node:inspector/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const letters = Number(process.argv[2] ?? 100);
const rounds = Number(process.argv[3] ?? 1);
const interval = Number(process.env.BENCH_ALLOC_INTERVAL ?? 32768);

const dir = mkdtempSync(join(tmpdir(), 'alloc-stages-'));
const { generateCorpus } = await import('./corpus.mjs');
generateCorpus(dir, letters);
const doc = await import(join(root, 'lib', 'build', 'document.js'));
const { shared, models } = await (await import('./corpus.mjs')).checkedCorpus(doc, dir);
const request = (m) => ({
  kind: 'render', file: m.file, shared, settings: {}, editionRoot: dir, aboutWitnesses: false, model: m.model, targets: ['web', 'print', 'text', 'cite', 'data'],
  linked: [], paper: 'us-letter', edition: { title: 'Bench' }, neighbours: [], previous: [], withHtmlParts: false,
});
// Warm: the first renders prepare the stylesheets and compile SaxonJS's code.
for (const m of models.slice(0, 5)) await doc.renderDocument(request(m));

const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', { samplingInterval: interval, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const clone = new Map();
let cloned = 0;
for (let r = 0; r < rounds; r++) {
  for (const m of models) {
    const out = await doc.renderDocument(request(m));
    if (out.failure) throw new Error(out.failure.message);
    cloned += serialize(out).length;
    for (const [path, content] of out.files) {
      const kind = `${path.split('/')[0]}/*.${path.split('.').pop()} (${typeof content === 'string' ? 'string' : 'bytes'})`;
      clone.set(kind, (clone.get(kind) ?? 0) + (typeof content === 'string' ? content.length : content.byteLength));
    }
  }
}
const { profile } = await session.post('HeapProfiler.stopSampling');
session.disconnect();
rmSync(dir, { recursive: true, force: true });

const n = models.length * rounds;
const byStage = new Map();
const bySelf = new Map();
let total = 0;
const name = (f) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(lib|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
function walk(node, stack) {
  const frames = [...stack, node.callFrame];
  const self = node.selfSize;
  if (self > 0) {
    total += self;
    // The innermost frame of ours (lib/) is the stage; within SaxonJS, the innermost of its frames says what it did.
    const ours = [...frames].reverse().find((f) => f.url.includes('/lib/'));
    const stage = ours ? name(ours) : '(outside lib/)';
    byStage.set(stage, (byStage.get(stage) ?? 0) + self);
    const selfName = name(node.callFrame);
    bySelf.set(selfName, (bySelf.get(selfName) ?? 0) + self);
  }
  for (const c of node.children) walk(c, frames);
}
walk(profile.head, []);
const kb = (b) => `${(b / n / 1024).toFixed(1)} kB`;
console.log(`${n} letter renders: ${kb(total)} allocated a letter (sampled every ${interval} bytes, freed objects included)`);
console.log('\nby the innermost frame of lib/ (the stage):');
for (const [k, v] of [...byStage].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${kb(v).padStart(10)}  ${(100 * v / total).toFixed(1).padStart(5)} %  ${k}`);
console.log('\nby the allocating function (self):');
for (const [k, v] of [...bySelf].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${kb(v).padStart(10)}  ${(100 * v / total).toFixed(1).padStart(5)} %  ${k}`);
console.log(`\nthe result posted to the build's thread: ${kb(cloned)} a letter structured-cloned; the output files in it:`);
for (const [k, v] of [...clone].sort((a, b) => b[1] - a[1])) console.log(`  ${kb(v).padStart(10)}  ${k}`);

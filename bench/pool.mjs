// Worker pools compared on the build's kind of work: `node bench/pool.mjs
// [DIR-with-tinypool-and-piscina]`. Our WorkerPool (src/build/pool.ts)
// against tinypool and piscina (both allow Node 20: `npm view tinypool
// engines`, `npm view piscina engines`), which are not dependencies: install
// them in a scratch folder and pass it. Measures (medians of 5) the start
// of two threads plus one task each, and the round trip of 2,000 tasks of
// 50 kB of output each (what a document's outputs weigh), on 2 threads.
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), 'pool-bench-'));
const work = `function work(n) { let s = ''; for (let i = 0; i < n; i++) s += 'x'; return { text: s, bytes: new Uint8Array(n) }; }`;
writeFileSync(join(dir, 'ours.mjs'), `import { serve } from ${JSON.stringify(pathToFileURL(join(root, 'lib/worker/channel.js')).href)};\n${work}\nserve((n) => work(n));\n`);
writeFileSync(join(dir, 'lib.mjs'), `${work}\nexport default (n) => work(n);\n`);

const { WorkerPool } = await import(pathToFileURL(join(root, 'lib/build/pool.js')).href);
const pools = { ours: () => { const p = new WorkerPool(join(dir, 'ours.mjs'), 2); return { run: (n) => p.run(n), close: () => p.close() }; } };
if (scratch) {
  const req = createRequire(join(scratch, 'package.json'));
  const { Tinypool } = await import(pathToFileURL(req.resolve('tinypool')).href);
  const { Piscina } = req('piscina');
  pools.tinypool = () => { const p = new Tinypool({ filename: join(dir, 'lib.mjs'), minThreads: 2, maxThreads: 2 }); return { run: (n) => p.run(n), close: () => p.destroy() }; };
  pools.piscina = () => { const p = new Piscina({ filename: join(dir, 'lib.mjs'), minThreads: 2, maxThreads: 2 }); return { run: (n) => p.run(n), close: () => p.destroy() }; };
} else console.log('tinypool and piscina not given: only our pool is measured (see the header).');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`load average ${loadavg()[0].toFixed(1)} (a shared machine: compare within this run)`);
for (const [name, make] of Object.entries(pools)) {
  const start = [];
  const many = [];
  for (let r = 0; r < 5; r++) {
    let t = performance.now();
    const p = make();
    await Promise.all([p.run(1), p.run(1)]);
    start.push(performance.now() - t);
    t = performance.now();
    await Promise.all(Array.from({ length: 2000 }, () => p.run(50_000)));
    many.push(performance.now() - t);
    await p.close();
  }
  console.log(`${name.padEnd(9)} start 2 threads + 1 task each: ${median(start).toFixed(0).padStart(5)} ms   2,000 tasks × 50 kB: ${median(many).toFixed(0).padStart(6)} ms`);
}

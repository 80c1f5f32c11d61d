// Where a build thread's CPU goes by thread: `node bench/thread-cpu.mjs [letters] [rounds]`
// (default 40 letters, 5 rounds; Linux only, it reads /proc). One worker thread checks, reads
// the models of and renders (every target) a generated edition (bench/corpus.mjs) `rounds`
// times over, as a build's thread does; printed: the worker thread's CPU per letter in each
// round, then each thread of the process with its CPU. Besides the worker thread, V8's
// platform threads (four by default) run the concurrent and parallel garbage collector and
// TurboFan, the optimizing compiler (docs/scale-log.md: ~27 % of the process's CPU on 2 December).
// Run node with V8 flags to compare them (`node --single-threaded-gc bench/thread-cpu.mjs`,
// `--trace-opt` to see what TurboFan compiles); nothing here asserts.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** CPU seconds (user + system) of a thread of this process, from /proc; `self` for the calling thread. */
function threadCpu(task = 'thread-self') {
  const stat = readFileSync(task === 'thread-self' ? '/proc/thread-self/stat' : `/proc/self/task/${task}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

if (isMainThread) {
  const letters = Number(process.argv[2] ?? 40);
  const rounds = Number(process.argv[3] ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'thread-cpu-'));
  const { generateCorpus } = await import('./corpus.mjs');
  generateCorpus(dir, letters);
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { dir, rounds } });
  const report = await new Promise((resolve, reject) => {
    worker.on('message', (m) => {
      // Read while the worker thread still runs (it ends after its answer).
      const threads = readdirSync('/proc/self/task').map((t) => ({ tid: Number(t), cpu: threadCpu(t) }));
      resolve({ ...m, threads });
    });
    worker.on('error', reject);
  });
  await worker.terminate();
  rmSync(dir, { recursive: true, force: true });
  for (const line of report.rounds) console.log(line);
  const total = report.threads.reduce((a, t) => a + t.cpu, 0);
  const js = report.threads.find((t) => t.tid === report.tid)?.cpu ?? 0;
  const main = report.threads.find((t) => t.tid === process.pid)?.cpu ?? 0;
  console.log(`process ${total.toFixed(1)} s of CPU: the worker thread ${js.toFixed(1)} s, this (main) thread ${main.toFixed(1)} s, the ${report.threads.length - 2} others ${(total - js - main).toFixed(1)} s (${((100 * (total - js - main)) / total).toFixed(0)} %: V8's platform threads, libxml2's thread, libuv's)`);
  console.log(report.threads.filter((t) => t.cpu >= 0.05).map((t) => `${t.tid === report.tid ? 'worker' : t.tid === process.pid ? 'main' : t.tid}=${t.cpu.toFixed(2)}s`).join(' '));
} else {
  const { dir, rounds } = workerData;
  const doc = await import(join(root, 'lib', 'build', 'document.js'));
  const { shared, models } = await (await import('./corpus.mjs')).checkedCorpus(doc, dir);
  const lines = [];
  for (let r = 0; r < rounds; r++) {
    const start = threadCpu();
    for (const m of models) {
      const out = await doc.renderDocument({
        kind: 'render', file: m.file, shared, settings: {}, editionRoot: dir, aboutWitnesses: false, model: m.model, targets: ['web', 'print', 'text', 'cite', 'data'],
        linked: [], paper: 'us-letter', edition: { title: 'Bench' }, neighbours: [], previous: [], withHtmlParts: false,
      });
      if (out.failure) throw new Error(out.failure.message);
    }
    lines.push(`round ${r + 1}: the worker thread ${((1000 * (threadCpu() - start)) / models.length).toFixed(1)} ms of CPU a letter`);
  }
  const tid = Number(readFileSync('/proc/thread-self/stat', 'utf8').split(' ')[0]);
  parentPort.postMessage({ rounds: lines, tid });
}

// `serve` benchmark: from a document's write on disk to the reload event a
// page receives (the server-sent event with the new version), median of
// EDITS edits of one letter, in an edition of 1 and of 1,000 letters; from
// the write until the letter's PDF is served, and until everything (the
// edition's pages, PDF, text, citations, data) is up to date; the CPU time
// of the whole process (every thread) per edit, and the load average.
// Run by bench/run.mjs, or alone: `node bench/serve.mjs [sizes]`
// (sizes comma-separated, default BENCH_SERVE_SIZES or 1,1000).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join, dirname } from 'node:path';
import { loadavg, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = join(root, 'tests/fixtures/edition');
const LETTER = 'whitcombe-lindqvist-1851-03-14';
const EDITS = Number(process.env.BENCH_SERVE_EDITS ?? 20);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** An edition of n letters: the fixture's register and n copies of one of its letters, each with its own id. */
async function makeEdition(n) {
  const dir = mkdtempSync(join(tmpdir(), `bench-serve-${n}-`));
  mkdirSync(join(dir, 'tei'));
  cpSync(join(FIXTURE, 'edition.json'), join(dir, 'edition.json'));
  cpSync(join(FIXTURE, 'tei', 'registers.xml'), join(dir, 'tei', 'registers.xml'));
  const letter = readFileSync(join(FIXTURE, 'tei', `${LETTER}.xml`), 'utf8');
  const idno = `<idno type="edition">${LETTER}</idno>`;
  if (!letter.includes(idno)) throw new Error(`bench: ${LETTER}.xml has no ${idno}`);
  for (let i = 0; i < n; i++) {
    const id = i === 0 ? LETTER : `${LETTER}-copy-${String(i).padStart(4, '0')}`;
    // The document id is the root's xml:id (else the idno): each copy gets its own.
    writeFileSync(join(dir, 'tei', `${id}.xml`), letter.replace(idno, `<idno type="edition">${id}</idno>`).replace(`xml:id="${LETTER}"`, `xml:id="${id}"`));
  }
  return { dir, file: join(dir, 'tei', `${LETTER}.xml`), text: letter };
}

/**
 * This thread's CPU time in ms (Linux: /proc; elsewhere NaN). The server's
 * thread is this one, so from a save to the reload event it is the work on
 * the reload's path, which the load of a shared machine hardly changes: on an
 * idle machine the wall time comes down to about this.
 */
function threadCpu() {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return NaN;
  }
}

/** The page's side of the channel: resolves with the time the first state of a newer version arrives. */
function listen(url) {
  let latest = -1;
  const waiters = [];
  return new Promise((ok, fail) => {
    const req = get(url, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!/^event: state$/m.test(block) || !data) continue;
          const state = JSON.parse(data);
          latest = state.version;
          const at = performance.now();
          const cpu = threadCpu();
          for (const w of waiters.splice(0)) if (state.version > w.after) w.ok({ at, cpu, state });
            else waiters.push(w);
        }
      });
      ok({
        version: () => latest,
        next: (after) => new Promise((resolve) => waiters.push({ after, ok: resolve })),
        close: () => req.destroy(),
      });
    });
    req.on('error', fail);
  });
}

export async function benchServe(sizes) {
  const { startServe } = await import(join(root, 'lib/serve/session.js'));
  const rows = [];
  for (const n of sizes) {
    const { dir, file, text } = await makeEdition(n);
    const t0 = performance.now();
    let lastWebMs = 0;
    let lastWebCpu = NaN;
    let pdfAt = 0;
    const session = await startServe({
      inputs: [join(dir, 'tei')], buildOptions: () => ({}), host: '127.0.0.1', port: 0,
      // BENCH_SERVE_OUTPUTS=0: web pages only (serve --no-outputs), no PDF.
      background: process.env.BENCH_SERVE_OUTPUTS !== '0',
      onEvent: (e) => {
        if (e.type === 'web') (lastWebMs = e.ms), (lastWebCpu = e.cpuMs ?? NaN);
        if (e.type === 'document') pdfAt = performance.now();
      },
    });
    const channel = await listen(`${session.url}__tei-edition/events`);
    await session.idle();
    if (session.state().version < 1 || session.state().findings.length) throw new Error(`bench: the ${n}-letter edition did not build: ${JSON.stringify(session.state().findings.slice(0, 3))}`);
    const cold = performance.now() - t0;
    const reload = [];
    const outputs = [];
    const builds = [];
    const buildCpu = [];
    const pdfs = [];
    const cpu = [];
    const pathCpu = [];
    const load = [];
    for (let i = 0; i < EDITS + 2; i++) {
      const before = channel.version();
      const reloaded = channel.next(before);
      // An editor's save: a temporary file renamed over the document.
      const edited = text.replace('arrived', `arrived (${i})`);
      pdfAt = 0;
      const c = process.cpuUsage();
      const t = threadCpu();
      const w = performance.now();
      writeFileSync(`${file}.tmp~`, edited);
      renameSync(`${file}.tmp~`, file);
      const { at, cpu: reloadCpu } = await reloaded;
      await session.idle();
      const done = performance.now();
      const used = process.cpuUsage(c);
      if (i >= 2) {
        // the first two edits warm what the first build did not use
        reload.push(at - w);
        outputs.push(done - w);
        builds.push(lastWebMs);
        buildCpu.push(lastWebCpu);
        if (pdfAt) pdfs.push(pdfAt - w);
        cpu.push((used.user + used.system) / 1000);
        pathCpu.push(reloadCpu - t);
        load.push(loadavg()[0]);
      }
    }
    channel.close();
    await session.close();
    rmSync(dir, { recursive: true, force: true });
    rows.push({ n, cold, reload: median(reload), build: median(builds), buildCpu: median(buildCpu), outputs: median(outputs), pdf: pdfs.length ? median(pdfs) : NaN, cpu: median(cpu), pathCpu: median(pathCpu), load: [Math.min(...load), Math.max(...load)] });
  }
  return rows;
}

/** `nodeStartup` (ms, measured in the same run) gives each figure as a ratio too, as bench/run.mjs does. */
export function printServe(rows, nodeStartup) {
  const ratio = (ms) => (nodeStartup ? `  ${(ms / nodeStartup).toFixed(1)}× node startup` : '');
  console.log(`\nserve: from a save to the page's reload event (median of ${EDITS} edits of one letter, each a temporary file renamed over it: complete and well-formed, so the watcher hands it on without its 25 ms quiet period)\n`);
  console.log('(wall times on a shared machine: compare the CPU time per edit, and read them against the load average given)');
  for (const r of rows) {
    const label = `${r.n} letter${r.n === 1 ? '' : 's'}`;
    console.log(`serve, ${label}: save → reload event`.padEnd(64) + `${r.reload.toFixed(1).padStart(9)} ms${ratio(r.reload)}   goal: ≤ 100 ms warm`);
    console.log(`serve, ${label}:   the server thread's CPU in it`.padEnd(64) + `${r.pathCpu.toFixed(1).padStart(9)} ms   (the wall time on an idle machine comes down to about this)`);
    console.log(`serve, ${label}:   of which the letter's page (from the watcher on)`.padEnd(64) + `${r.build.toFixed(1).padStart(9)} ms${ratio(r.build)}   CPU ${r.buildCpu.toFixed(1)} ms`);
    console.log(`serve, ${label}: save → the letter's PDF served`.padEnd(64) + `${r.pdf.toFixed(1).padStart(9)} ms${ratio(r.pdf)}   goal: < 1000 ms${Number.isNaN(r.pdf) ? ' (not made: BENCH_SERVE_OUTPUTS=0)' : ''}`);
    console.log(`serve, ${label}: save → every page and output up to date`.padEnd(64) + `${r.outputs.toFixed(1).padStart(9)} ms${ratio(r.outputs)}`);
    console.log(`serve, ${label}: CPU per edit, every thread (median)`.padEnd(64) + `${r.cpu.toFixed(1).padStart(9)} ms   load average ${r.load[0].toFixed(1)}–${r.load[1].toFixed(1)}`);
    console.log(`serve, ${label}: first build (cold, in process)`.padEnd(64) + `${r.cold.toFixed(1).padStart(9)} ms${ratio(r.cold)}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = (process.argv[2] ?? process.env.BENCH_SERVE_SIZES ?? '1,1000').split(',').map(Number);
  printServe(await benchServe(sizes));
  process.exit(0);
}

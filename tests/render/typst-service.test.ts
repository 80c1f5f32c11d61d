/**
 * Where a build thread's letters are typeset (src/render/typst-service.ts):
 * in a Typst process of the thread's own, replaced when it has grown beyond
 * its bound, giving the same PDFs as the thread's own compiler; in the
 * thread itself when asked (TEI_EDITION_TYPST=inline) and in the main
 * thread; and no Typst process outlives the thread that started it: when
 * the pool of threads closes, each thread's Typst process has ended (and
 * been reaped) before close() returns.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/build/pool.js';
import { compileTypst } from '../../src/render/typst.js';
import { typeset, typesetterProcesses } from '../../src/render/typst-service.js';

const LIB = resolve('lib');
const sources = [1, 2, 3].map((n) => `#set document(title: "Letter ${n}", date: datetime(year: 1956, month: 11, day: ${n}))\n= Letter ${n}\n\nDear Mr. Bulganin, this is letter number ${n}.\n`);

interface Outcome {
  pdfs: Uint8Array[];
  processes: number | undefined;
  /** The Typst processes this thread's service had started, alive while the thread still runs. */
  children: number[];
}

/** The test process's children running the Typst server. */
function typstChildren(): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (new RegExp(`^PPid:\\s*${process.pid}$`, 'm').test(status) && cmdline.includes('typst-server.js')) found.push(Number(pid));
    } catch {
      // Ended meanwhile.
    }
  }
  return found;
}

/** Typesets the sources in a worker thread with `env`; the thread is ended before this returns. */
async function inThread(env: Record<string, string>): Promise<Outcome> {
  const script = `
import { parentPort, workerData } from 'node:worker_threads';
const { typeset, typesetterProcesses } = await import(workerData.lib + '/render/typst-service.js');
const pdfs = [];
for (const source of workerData.sources) pdfs.push((await typeset(source)).pdf);
parentPort.postMessage({ pdfs, processes: typesetterProcesses() });
`;
  const worker = new Worker(script, { eval: true, workerData: { lib: LIB, sources }, env: { ...process.env, ...env } });
  const result = await new Promise<Omit<Outcome, 'children'>>((ok, fail) => {
    worker.once('message', ok);
    worker.once('error', fail);
  });
  const children = typstChildren();
  await worker.terminate();
  return { ...result, children };
}

async function gone(): Promise<number[]> {
  for (let i = 0; i < 50 && typstChildren().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
  return typstChildren();
}

describe("a build thread's typesetter", () => {
  const inline = sources.map((s) => Buffer.from(compileTypst(s).pdf));

  it('typesets in a process of its own, the same PDFs as the compiler in this thread; the process ends with the thread', async () => {
    const { pdfs, processes, children } = await inThread({});
    expect(processes).toBe(1);
    expect(children).toHaveLength(1);
    expect(pdfs.map((p) => Buffer.from(p))).toEqual(inline);
    expect(await gone()).toEqual([]);
  }, 60_000);

  it('replaces its process once it has grown beyond TEI_EDITION_TYPST_MB (here after every letter)', async () => {
    const { pdfs, processes } = await inThread({ TEI_EDITION_TYPST_MB: '1' });
    expect(processes).toBe(3);
    expect(pdfs.map((p) => Buffer.from(p))).toEqual(inline);
    expect(await gone()).toEqual([]);
  }, 60_000);

  it('typesets in the thread itself with TEI_EDITION_TYPST=inline, and in the main thread', async () => {
    const { pdfs, processes, children } = await inThread({ TEI_EDITION_TYPST: 'inline' });
    expect(processes).toBeUndefined();
    expect(children).toEqual([]);
    expect(pdfs.map((p) => Buffer.from(p))).toEqual(inline);
    expect(Buffer.from((await typeset(sources[0]!)).pdf)).toEqual(inline[0]);
    expect(typesetterProcesses()).toBeUndefined();
  }, 60_000);

  it("ends with the thread's pool: when the pool has closed, the Typst process has ended", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'typst-service-'));
    const file = join(dir, 'worker.mjs');
    writeFileSync(
      file,
      `import { serve } from ${JSON.stringify(join(LIB, 'worker/channel.js'))};
import { typeset } from ${JSON.stringify(join(LIB, 'render/typst-service.js'))};
serve(async (source) => (await typeset(source)).pages);
`,
    );
    const pool = new WorkerPool<string, number>(file, 1);
    expect(await pool.run(sources[0]!)).toBe(1);
    const [child] = typstChildren();
    expect(child).toBeDefined();
    await pool.close();
    // Ended and reaped (no zombie left in /proc): the thread's pool waited for its exit.
    expect(existsSync(`/proc/${child}`)).toBe(false);
  }, 60_000);
});

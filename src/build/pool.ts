import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, type TransferListItem } from 'node:worker_threads';
import { ProcessWorker } from '../worker/process.js';

/** A thread, or a child process with a thread's interface (see worker/process.ts for why). */
type PoolWorker = Worker | ProcessWorker;

/**
 * A fixed pool of worker threads (or processes) running one script, each doing one task at
 * a time; tasks wait in one queue and go to whichever worker is free. The
 * protocol is WorkerChannel's (`{ id, request }` in, `{ id, result }` or
 * `{ id, error }` out; the worker side is `serve` in worker/channel.ts), so
 * a worker script serves a channel and a pool alike.
 *
 * Why not piscina or tinypool: measured in bench/pool.mjs (see the README's
 * Scale section); the work here is a few hundred coarse tasks of tens to
 * hundreds of milliseconds each, so a pool's dispatch cost is noise and
 * this is the part of those libraries we use, without a dependency.
 */
export class WorkerPool<Request, Result> {
  private readonly idle: PoolWorker[] = [];
  private readonly all: PoolWorker[] = [];
  private readonly queue: Task<Request, Result>[] = [];
  private readonly busy = new Map<PoolWorker, Task<Request, Result>>();
  /** Threads running a warm-up: a task waits for one of them rather than start a cold thread of its own. */
  private readonly warming = new Set<PoolWorker>();
  private last = 0;
  private closed = false;

  private readonly processes: boolean;
  private readonly recycleBytes: number;

  /**
   * `file`: the compiled worker script; `size`: workers (default: one per
   * core); `processes`: child processes instead of threads (by default
   * threads; `TEI_EDITION_WORKERS=processes` or `threads` decides for every
   * pool). A process whose memory has grown beyond `recycleMb` (450 MB, or
   * `TEI_EDITION_WORKER_MB`) is ended after its task and replaced when work
   * is waiting, so that what Typst keeps of every letter it typesets (see
   * worker/process.ts) is given back: serve, which runs for hours, uses
   * processes; a build uses threads (processes replaced at 450 MB cost it
   * more CPU and held as much memory at 3,000 letters: docs/scale-log.md, the
   * twelfth pass).
   *
   * A thread's old generation is limited to `heapMb` (THREAD_HEAP_MB, or
   * `TEI_EDITION_THREAD_HEAP_MB`; 0: V8's default, some 4 GB here). A task
   * whose thread runs out of that memory is given to `fallback` (the build:
   * its own thread, with V8's default limit), not failed. Below 2 GB, V8
   * lets a heap grow to at most about twice what is alive in it before it
   * collects, rather than 4 times: at 1 GB a build's threads held 110 MB
   * each instead of 215 MB, but V8 then ran twice as many full collections,
   * and each threw away the optimized code of SaxonJS's functions whose
   * closures had died with the last transform, to be optimized again
   * (3,069 TurboFan compilations for 300 letters instead of 2,092): 7 %
   * more CPU in all. At 2 GB the heaps grow as by default, and an edition
   * with a large shared register paid for that CPU in memory: 100 letters
   * with a register of 2.4 MB, 716 MB at 1 GB, 964 MB at 2 GB (README,
   * Scale, the fifteenth pass). The limit stays at 1 GB. The command line
   * now sets how far a heap grows before a full collection (twice what is
   * alive, src/v8-tuning.ts), which takes the place of V8's choice at any
   * limit: with it (measured at 2.5 times), 1 and 2 GB ran the same full
   * collections (300 letters: 33 and 31), so 2048 no longer saves CPU.
   */
  constructor(
    private readonly file: string,
    readonly size = defaultPoolSize(),
    options: { processes?: boolean; recycleMb?: number; heapMb?: number; fallback?: (request: Request) => Promise<Result> } = {},
  ) {
    const chosen = process.env.TEI_EDITION_WORKERS;
    this.processes = chosen === 'processes' ? true : chosen === 'threads' ? false : (options.processes ?? false);
    const mb = options.recycleMb ?? Number(process.env.TEI_EDITION_WORKER_MB || RECYCLE_MB);
    this.recycleBytes = (Number.isFinite(mb) && mb > 0 ? mb : RECYCLE_MB) * 1024 * 1024;
    const heap = options.heapMb ?? Number(process.env.TEI_EDITION_THREAD_HEAP_MB ?? THREAD_HEAP_MB);
    this.heapMb = Number.isFinite(heap) && heap > 0 ? heap : undefined;
    this.fallback = options.fallback;
  }

  private readonly heapMb: number | undefined;
  private readonly fallback: ((request: Request) => Promise<Result>) | undefined;

  /** Whether the worker script exists (tests running the TypeScript sources have none; callers then work in this thread). */
  get available(): boolean {
    return existsSync(this.file);
  }

  /** How many workers were started in all (those replaced included). */
  get spawned(): number {
    return this.count;
  }

  private count = 0;

  /** Whether any thread was started (by a task or a warm-up). */
  get started(): boolean {
    return this.all.length > 0;
  }

  run(request: Request, transfer?: TransferListItem[]): Promise<Result> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ request, transfer, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Starts threads ahead of their first task, up to `count` (at most the
   * pool's size), each handling `request` first: a thread loads what its
   * work needs (SaxonJS, the stylesheets, Typst: about a second) while the
   * caller still reads its inputs and its cache. A warm-up's result and
   * failure are dropped: the first task then loads what it needs itself.
   */
  warm(request: Request, count = 1): void {
    if (this.closed) return;
    while (this.all.length < Math.min(count, this.size)) this.assign(this.spawn(), { request, resolve: () => {}, reject: () => {}, warmup: true });
  }

  /**
   * Queues `request` (a later stage's warm-up) once for each started thread,
   * after the tasks queued before it; its result is dropped. It starts no
   * thread, and a task queued after it waits for those threads rather than
   * start a cold one.
   */
  warmStarted(request: Request): void {
    if (this.closed) return;
    for (let i = 0; i < this.all.length; i++) this.queue.push({ request, resolve: () => {}, reject: () => {}, warmup: true });
    this.dispatch();
  }

  /**
   * Whether the threads keep the process alive: a pool started ahead of its build (warmEarly in
   * build/index.ts) does not, until the build takes it, so that a command that stops before its build
   * (an output folder refused) still ends.
   */
  hold(held: boolean): void {
    this.held = held;
    for (const w of this.all) if (w instanceof Worker) (held ? w.ref() : w.unref());
  }

  private held = true;

  /** Ends every thread (pending tasks fail), each once what it started has ended (onWorkerClose in worker/channel.ts), or after CLOSE_GRACE_MS. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error('the worker pool was closed'));
    await Promise.all(
      this.all.map(async (w) => {
        await this.closing(w);
        await w.terminate();
      }),
    );
    this.all.length = 0;
    this.idle.length = 0;
  }

  /** Asks a worker to end what it started, and waits for its answer (at most CLOSE_GRACE_MS). */
  private closing(w: PoolWorker): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, CLOSE_GRACE_MS);
      timer.unref();
      const done = (m: { closed?: boolean }): void => {
        if (!m.closed) return;
        clearTimeout(timer);
        w.off('message', done);
        resolve();
      };
      w.on('message', done);
      w.once('exit', () => resolve());
      try {
        w.postMessage({ close: true });
      } catch {
        resolve();
      }
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const w = this.idle.pop() ?? (this.all.length < this.size && this.coldTasks() > 0 ? this.spawn() : undefined);
      if (!w) return;
      this.assign(w, this.queue.shift() as Task<Request, Result>);
    }
  }

  /** Queued tasks that no thread warming up (now, or by a warm-up queued for it) will take as soon as it is ready: each may start a thread. */
  private coldTasks(): number {
    const warmups = this.queue.filter((t) => t.warmup).length;
    return this.queue.length - warmups - this.warming.size - warmups;
  }

  private assign(w: PoolWorker, task: Task<Request, Result>): void {
    this.busy.set(w, task);
    if (task.warmup) this.warming.add(w);
    if (w instanceof ProcessWorker) w.postMessage({ id: ++this.last, request: task.request });
    else w.postMessage({ id: ++this.last, request: task.request }, task.transfer ?? []);
  }

  /** Ends a worker that has grown too large; the next task that finds no idle worker starts a new one. */
  private retire(w: PoolWorker): void {
    const i = this.all.indexOf(w);
    if (i >= 0) this.all.splice(i, 1);
    void w.terminate();
  }

  private spawn(): PoolWorker {
    const w = this.processes ? new ProcessWorker(this.file) : new Worker(this.file, this.heapMb ? { resourceLimits: { maxOldGenerationSizeMb: this.heapMb } } : {});
    this.count++;
    if (!this.held && w instanceof Worker) w.unref();
    this.all.push(w);
    w.on('message', (m: { id: number; result?: Result; error?: string; rss?: number; closed?: boolean }) => {
      if (m.closed) return;
      const task = this.busy.get(w);
      this.busy.delete(w);
      this.warming.delete(w);
      if (w instanceof ProcessWorker && (m.rss ?? 0) > this.recycleBytes) this.retire(w);
      else this.idle.push(w);
      if (task) {
        if (m.error !== undefined) task.reject(new Error(m.error));
        else task.resolve(m.result as Result);
      }
      this.dispatch();
    });
    w.on('error', (e) => {
      const task = this.busy.get(w);
      this.busy.delete(w);
      this.warming.delete(w);
      const i = this.all.indexOf(w);
      if (i >= 0) this.all.splice(i, 1);
      if (task && !task.warmup && this.fallback && (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') this.fallback(task.request).then(task.resolve, task.reject);
      else task?.reject(e);
      this.dispatch();
    });
    return w;
  }
}

/** The limit of a thread's old generation (MB): see the constructor. */
export const THREAD_HEAP_MB = 1024;

/** How long a closing pool waits for a worker to end what it started. */
const CLOSE_GRACE_MS = 3000;

/** The memory (RSS) beyond which a worker process is replaced: a process with SaxonJS, the stylesheets and Typst loaded holds ~200 MB. */
const RECYCLE_MB = 450;

interface Task<Request, Result> {
  request: Request;
  transfer?: TransferListItem[];
  resolve: (r: Result) => void;
  reject: (e: Error) => void;
  /** A warm-up (its result is dropped): it starts no thread of its own. */
  warmup?: boolean;
}

/** One thread per core, at least one. */
export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism());
}

/** `TEI_EDITION_THREADS=N` sets the number of threads (0: everything in the main thread), for benchmarks and tests. */
export function threadsFromEnvironment(): number | undefined {
  const env = process.env.TEI_EDITION_THREADS;
  return env !== undefined && /^\d+$/.test(env) ? Number(env) : undefined;
}

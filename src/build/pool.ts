import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, type TransferListItem } from 'node:worker_threads';

/**
 * A fixed pool of worker threads running one script, each doing one task at
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
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: { request: Request; transfer?: TransferListItem[]; resolve: (r: Result) => void; reject: (e: Error) => void }[] = [];
  private readonly busy = new Map<Worker, { resolve: (r: Result) => void; reject: (e: Error) => void }>();
  private last = 0;
  private closed = false;

  /** `file`: the compiled worker script; `size`: threads (default: one per core). */
  constructor(private readonly file: string, readonly size = defaultPoolSize()) {}

  /** Whether the worker script exists (tests running the TypeScript sources have none; callers then work in this thread). */
  get available(): boolean {
    return existsSync(this.file);
  }

  run(request: Request, transfer?: TransferListItem[]): Promise<Result> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ request, transfer, resolve, reject });
      this.dispatch();
    });
  }

  /** Ends every thread (pending tasks fail). */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error('the worker pool was closed'));
    await Promise.all(this.all.map((w) => w.terminate()));
    this.all.length = 0;
    this.idle.length = 0;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const w = this.idle.pop() ?? (this.all.length < this.size ? this.spawn() : undefined);
      if (!w) return;
      const task = this.queue.shift() as (typeof this.queue)[number];
      this.busy.set(w, task);
      w.postMessage({ id: ++this.last, request: task.request }, task.transfer ?? []);
    }
  }

  private spawn(): Worker {
    const w = new Worker(this.file);
    this.all.push(w);
    w.on('message', (m: { id: number; result?: Result; error?: string }) => {
      const task = this.busy.get(w);
      this.busy.delete(w);
      this.idle.push(w);
      if (task) {
        if (m.error !== undefined) task.reject(new Error(m.error));
        else task.resolve(m.result as Result);
      }
      this.dispatch();
    });
    w.on('error', (e) => {
      const task = this.busy.get(w);
      this.busy.delete(w);
      const i = this.all.indexOf(w);
      if (i >= 0) this.all.splice(i, 1);
      task?.reject(e);
      this.dispatch();
    });
    return w;
  }
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

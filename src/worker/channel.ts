import { existsSync } from 'node:fs';
import { parentPort, Worker } from 'node:worker_threads';

/**
 * One long-lived worker thread answering requests in order: the main
 * thread posts `{ id, request }`, the worker answers `{ id, result }` or
 * `{ id, error }`. The thread is started on the first request, kept
 * unreferenced while idle (it never keeps the process alive) and reused,
 * so its start-up cost (loading SaxonJS, compiling WebAssembly) is paid
 * once per process.
 */
export class WorkerChannel<Request, Result> {
  private worker: Worker | null | undefined;
  private last = 0;
  private readonly pending = new Map<number, { resolve: (r: Result) => void; reject: (e: Error) => void }>();

  /** `file`: the compiled worker script (lib/…-worker.js). */
  constructor(private readonly file: string) {}

  /**
   * Whether requests can go to a worker. Tests that run the TypeScript
   * sources have no compiled worker script: callers then do the work in
   * their own thread.
   */
  get available(): boolean {
    return this.start() !== null;
  }

  request(request: Request): Promise<Result> {
    const w = this.start();
    if (!w) return Promise.reject(new Error(`no worker script at ${this.file}`));
    const id = ++this.last;
    w.ref(); // keep the process alive while a request is out
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, request });
    });
  }

  private start(): Worker | null {
    if (this.worker !== undefined) return this.worker;
    if (!existsSync(this.file)) return (this.worker = null);
    const w = new Worker(this.file);
    w.unref();
    w.on('message', (m: { id: number; result?: Result; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (this.pending.size === 0) w.unref();
      if (!p) return;
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.result as Result);
    });
    w.on('error', (e) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
      this.worker = undefined;
    });
    return (this.worker = w);
  }
}

/**
 * The worker side: answers each request with `handle`, in a worker thread
 * or in a child process (src/worker/process.ts). A reply also says how much
 * memory the process holds (`rss`, bytes), so that a pool of processes can
 * end one that has grown too large.
 */
export function serve<Request, Result>(handle: (request: Request) => Result | Promise<Result>): void {
  const port: { on(event: 'message', f: (m: { id: number; request: Request }) => void): unknown } | undefined = parentPort ?? (process.send ? process : undefined);
  // (A child process whose parent is gone, killed or interrupted, cannot send: it ends quietly, where the unhandled
  // EPIPE printed a stack trace under the parent's "Interrupted" line.)
  const reply = parentPort ? (m: object) => parentPort?.postMessage(m) : (m: object) => process.send?.(m, undefined, undefined, (e) => e && process.exit(0));
  // A child process whose parent is gone (or asks it to leave) ends, running its exit handlers.
  if (!parentPort && process.send) process.on('disconnect', () => process.exit(0));
  port?.on('message', (m) => {
    // The pool closing (WorkerPool.close): what this worker started ends first (onWorkerClose).
    if ((m as { close?: boolean }).close) {
      void Promise.allSettled(closeHooks.map((hook) => hook())).then(() => reply({ closed: true }));
      return;
    }
    Promise.resolve()
      .then(() => handle(m.request))
      .then(
        (result) => reply({ id: m.id, result, rss: process.memoryUsage.rss() }),
        (e: unknown) => reply({ id: m.id, error: (e as Error)?.message ?? String(e), rss: process.memoryUsage.rss() }),
      );
  });
}

const closeHooks: (() => Promise<void>)[] = [];

/**
 * Runs `hook` when the pool that this worker serves closes, before the worker
 * is ended: a thread's Typst process (render/typst-service.ts) ends then, and
 * the build's process reaps it, rather than leave it to end on its own after
 * the build.
 */
export function onWorkerClose(hook: () => Promise<void>): void {
  closeHooks.push(hook);
}

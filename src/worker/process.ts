import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

/**
 * A worker in a child process with the part of worker_threads' Worker that
 * the pool uses (postMessage, 'message', 'error', terminate).
 *
 * Why a process and not a thread: Typst (the native typst-ts compiler) keeps
 * memory for every document it typesets, outside the JavaScript heap and
 * beyond what `evictCache(0)` frees (measured: ~0.4 MB a letter, 1,000
 * compiles of different sources grow a process by ~530 MB; the same source
 * a thousand times by nothing), and a thread cannot give a process's native
 * memory back. A `serve` session typesets a letter at every save and would
 * grow for as long as it runs; a child process that is ended when it has
 * grown too large (see WorkerPool) gives all of it back.
 *
 * The messages are serialized with V8's serializer ('advanced'), as
 * postMessage does for a thread: typed arrays, maps and sets arrive as such.
 */
export class ProcessWorker extends EventEmitter {
  private readonly child: ChildProcess;
  private ended = false;

  constructor(file: string) {
    super();
    // No inherited --inspect or --cpu-prof port clashes: the child runs with the parent's flags except those.
    const execArgv = process.execArgv.filter((a) => !/^--(inspect|debug)/.test(a));
    this.child = fork(file, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
    this.child.on('message', (m) => this.emit('message', m));
    this.child.on('error', (e) => this.fail(e));
    this.child.on('exit', (code, signal) => {
      if (!this.ended) this.fail(new Error(`the worker process ended unexpectedly (${signal ?? `exit code ${code}`})`));
      this.ended = true;
      this.emit('exit');
    });
  }

  postMessage(message: unknown): void {
    this.child.send(message as object);
  }

  /** Ends the process: it is asked to leave (its exit handlers remove its temporary folders), then killed if it has not within `graceMs`. */
  terminate(graceMs = 2000): Promise<void> {
    if (this.ended || this.child.exitCode !== null || this.child.signalCode !== null) {
      this.ended = true;
      return Promise.resolve();
    }
    this.ended = true;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      timer.unref();
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.child.connected) this.child.disconnect();
      else this.child.kill('SIGTERM');
    });
  }

  private fail(e: Error): void {
    if (this.ended) return;
    this.emit('error', e);
  }
}

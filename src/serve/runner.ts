import { readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentRunner } from '../build/index.js';
import { handleDocumentRequest, hashOf, type CheckedDocument, type DocumentRequest, type ReadModel, type RenderedOutputs, type RenderGroupRequest, type RenderRequest } from '../build/document.js';
import { defaultPoolSize, threadsFromEnvironment, WorkerPool } from '../build/pool.js';
import { TOOLKIT_ROOT } from '../paths.js';
import { withTypstSandboxProcessWide } from '../render/typst.js';
import { isAlive } from '../write/temp.js';

/**
 * serve's long-lived, warm worker threads for the documents' checks and
 * renderings, handed to every build of the session (BuildOptions.runner).
 *
 * Warm: the threads keep SaxonJS, the stylesheets, the Schematron rules,
 * libxml2 and the Typst compiler loaded from one save to the next, and the
 * checks (RELAX NG, Schematron) never run on the thread that answers the
 * browser.
 *
 * Ahead of the build: after a save, serve checks and renders the saved
 * letter first (`ahead`), to show its findings and its PDF at once; the
 * build that follows asks for the same requests and gets those results
 * back instead of doing the work twice, provided they were made from the
 * bytes the file has now (also when the build asks for them in a group).
 */
export class DocumentThreads implements DocumentRunner {
  // Processes, not threads: a session typesets a letter at every save, and only a process that ends gives back what Typst keeps of each (src/worker/process.ts).
  // As many as cores, or TEI_EDITION_THREADS as for a build (tests, benchmarks), but at least one: the checks never run on the thread that answers the browser.
  private readonly pool = new WorkerPool<DocumentRequest, unknown>(join(TOOLKIT_ROOT, 'lib', 'serve', 'worker.js'), Math.max(1, threadsFromEnvironment() ?? defaultPoolSize()), { processes: true });
  private readonly done = new Map<string, Result>();
  /** The render request of each letter in the last build that made every output (keyed by file, as the build names it). */
  readonly requests = new Map<string, RenderRequest>();
  /** The targets of the builds whose render requests are kept. */
  constructor(private readonly fullTargets: readonly string[]) {}

  get lanes(): number {
    return this.pool.available ? this.pool.size * 2 : 1;
  }

  planned(request: RenderRequest): void {
    if (sameList(request.targets, this.fullTargets)) this.requests.set(request.file, request);
  }

  async run(request: DocumentRequest): Promise<unknown> {
    if (request.kind === 'render-group') return this.runGroup(request);
    return this.runOne(request);
  }

  private async runOne(request: DocumentRequest): Promise<unknown> {
    const key = requestKey(request);
    const made = this.done.get(key);
    if (made) {
      this.done.delete(key);
      if (await madeFromCurrentBytes(request, made)) return made;
    }
    return this.execute(request);
  }

  /**
   * A build's group of letters (build/document.ts, renderGroup): the letters rendered ahead (one request each)
   * are taken as they were made, and only the others are rendered, together.
   */
  private async runGroup(group: RenderGroupRequest): Promise<RenderedOutputs[]> {
    const out: (RenderedOutputs | undefined)[] = [];
    for (const [i, request] of group.requests.entries()) {
      const key = requestKey(request);
      const made = this.done.get(key) as RenderedOutputs | undefined;
      if (!made) continue;
      this.done.delete(key);
      if (await madeFromCurrentBytes(request, made)) out[i] = made;
    }
    const rest = group.requests.flatMap((_, i) => (out[i] ? [] : [i]));
    if (rest.length === group.requests.length) return (await this.runOne(group)) as RenderedOutputs[];
    const made = rest.length === 1 ? [(await this.runOne(group.requests[rest[0]!]!)) as RenderedOutputs] : rest.length > 1 ? ((await this.runOne({ kind: 'render-group', requests: rest.map((i) => group.requests[i]!) })) as RenderedOutputs[]) : [];
    rest.forEach((i, k) => (out[i] = made[k]));
    return out as RenderedOutputs[];
  }

  /** Does the work now and keeps the result for the build that follows (see the class comment). */
  async ahead<R extends Result>(request: DocumentRequest): Promise<R> {
    const result = (await (request.kind === 'render' && request.targets.includes('print') && this.pool.available ? withTypstSandboxProcessWide(() => this.execute(request)) : this.execute(request))) as R;
    this.done.set(requestKey(request), result);
    return result;
  }

  /** A result made elsewhere (the page serve rendered on its own thread) that the build may take. */
  keep(request: DocumentRequest, result: Result): void {
    this.done.set(requestKey(request), result);
  }

  /** Forgets the results no build took (called when a round of work ends). */
  forget(): void {
    this.done.clear();
  }

  /**
   * Stops the workers and removes their temporary folders (see src/serve/worker.ts): a thread's folder is named by
   * this process's id; a worker process's by its own, and it removes it as it leaves, unless it was killed (the pool
   * kills one that has not left within its grace period, as a worker busy with a long task under load may not), so
   * the folders of worker processes no longer running are removed too.
   */
  async close(): Promise<void> {
    await this.pool.close();
    for (const name of readdirSync(tmpdir())) {
      const pid = Number(/^tei-edition-serve-thread-(\d+)-/.exec(name)?.[1]);
      if (!pid || (pid !== process.pid && isAlive(pid))) continue;
      // Another user's folder in a shared /tmp (its process gone) cannot be removed by this one: not this stop's business.
      try {
        rmSync(join(tmpdir(), name), { recursive: true, force: true });
      } catch {
        /* left to its owner */
      }
    }
  }

  private execute(request: DocumentRequest): Promise<unknown> {
    return this.pool.available ? this.pool.run(request) : handleDocumentRequest(request);
  }
}

type Result = CheckedDocument[] | ReadModel[] | RenderedOutputs | RenderedOutputs[];

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** JSON with the keys of every object in order: two requests that say the same give one key, however they were put together. */
export function requestKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}

/** Whether a result was made from the bytes its files have now (a save may have come in between). */
async function madeFromCurrentBytes(request: DocumentRequest, made: Result): Promise<boolean> {
  const pairs: [string, string][] =
    request.kind === 'check'
      ? (made as CheckedDocument[]).map((c) => [c.file, c.hash])
      : request.kind === 'model'
        ? request.files.map((f) => [f.file, f.hash])
        : request.kind === 'render-group'
          ? (made as RenderedOutputs[]).some((o) => o.failure) ? [] : request.requests.map((r, i) => [r.file, (made as RenderedOutputs[])[i]!.hash])
          : (made as RenderedOutputs).failure ? [] : [[request.file, (made as RenderedOutputs).hash]];
  if (pairs.length === 0) return false;
  for (const [file, hash] of pairs) {
    const bytes = await readFile(file).catch(() => undefined);
    if (!hash || !bytes || hashOf(bytes) !== hash) return false;
  }
  return true;
}

/**
 * Where a build thread's letters are typeset: in a child process that runs
 * Typst alone (typst-server.ts), replaced once it has grown beyond a bound,
 * rather than in the thread itself.
 *
 * Why: Typst keeps native memory for every different document it compiles
 * (about 0.45–0.6 MB a letter, outside the JavaScript heap), for as long as
 * its process lives, whatever the eviction (bench/typst-memory-letters.mjs;
 * docs/scale-log.md, the thirteenth pass). Typeset in the build's own process,
 * 3,000 letters took it past 1 GB. A process of its own gives all of it back
 * when it ends: each thread has one, replaced when its memory passes
 * `TEI_EDITION_TYPST_MB` (default TYPST_PROCESS_MB), so that what Typst holds
 * is bounded whatever the number of letters (docs/scale-log.md, the fourteenth
 * pass, for the measurements and the bound chosen).
 *
 * The thread's own compiler is used instead (`compileTypst`, as before) in
 * the main thread (a build with TEI_EDITION_THREADS=0, the tests of the
 * TypeScript sources), when the compiled server script is missing, or with
 * `TEI_EDITION_TYPST=inline`.
 */
import { isMainThread } from 'node:worker_threads';
import { join } from 'node:path';
import { TOOLKIT_ROOT } from '../paths.js';
import { WorkerPool } from '../build/pool.js';
import { onWorkerClose } from '../worker/channel.js';
import { compileTypst, type TypstOutput } from './typst.js';
import type { TypstServerRequest } from './typst-server.js';
import type { PrintFontSet } from './typst-fonts.js';

/** The memory (RSS, MB) beyond which a thread's Typst process is replaced after its letter (one with Typst loaded and a letter typeset holds ~75 MB). */
export const TYPST_PROCESS_MB = 150;

const SERVER = join(TOOLKIT_ROOT, 'lib', 'render', 'typst-server.js');

let service: WorkerPool<TypstServerRequest, TypstOutput> | null | undefined;

function typstService(): WorkerPool<TypstServerRequest, TypstOutput> | null {
  if (service !== undefined) return service;
  const wanted = !isMainThread && process.env.TEI_EDITION_TYPST !== 'inline';
  const mb = Number(process.env.TEI_EDITION_TYPST_MB || TYPST_PROCESS_MB);
  const pool = wanted ? new WorkerPool<TypstServerRequest, TypstOutput>(SERVER, 1, { processes: true, recycleMb: Number.isFinite(mb) && mb > 0 ? mb : TYPST_PROCESS_MB }) : null;
  service = pool?.available ? pool : null;
  // Its process ends with the pool of this thread (WorkerPool.close), not after the build.
  if (service) onWorkerClose(() => pool!.close());
  return service;
}

/**
 * Typesets a document as compileTypst does (`alone` too), in this thread's
 * Typst process when there is one (see above). A compile error comes back as
 * an Error with the compiler's message.
 */
export async function typeset(source: string, pdfa?: boolean, options: { alone?: boolean; files?: Record<string, Uint8Array>; fonts?: PrintFontSet } = {}): Promise<TypstOutput> {
  const pool = options.alone ? null : typstService();
  return pool ? pool.run({ source, pdfa, ...(options.files ? { files: options.files } : {}), ...(options.fonts?.files.length ? { fonts: options.fonts } : {}) }) : compileTypst(source, pdfa, options);
}

/** Starts this thread's Typst process and loads its compiler, ahead of the first letter (build/warm.ts); without one, creates this thread's compiler. */
export async function warmTypesetter(): Promise<void> {
  await typeset('warm', false);
}

/** How many Typst processes this thread has started; undefined before its first document, and when it typesets in itself. */
export function typesetterProcesses(): number | undefined {
  return service?.spawned;
}

/**
 * The build: check every document, then render every output, streaming
 * each file to an OutputSink (the write stage) as soon as it is made.
 *
 * Documents are checked and rendered in a pool of worker threads, one per
 * core (src/build/pool.ts, src/build/document.ts); this thread reads the
 * inputs, resolves pointers across documents, and assembles the
 * edition-level pages (home page, registers, about, exports) from one small
 * summary per document (DocumentSummary: model and occurrences), never from
 * trees or HTML. Every document is checked before any is rendered: one bad
 * letter in a thousand is reported in about the time `validate` takes, and
 * nothing is published.
 *
 * With a cache folder (`cacheDir`), a build in a new process takes each
 * document's check and outputs from the on-disk cache (src/build/cache.ts)
 * when nothing they depend on changed: after an edit of one letter, only
 * that letter (and any page whose inputs its edit changed) is made again,
 * and the result is byte for byte a clean build's.
 */
import { readFile } from 'node:fs/promises';
import { basename, join, normalize, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { collectInputs } from '../load/inputs.js';
import { DEFAULT_RULES, DEFAULT_SCHEMA, teiFileName, TOOLKIT_ROOT } from '../paths.js';
import type { EntityKind } from '../render/html.js';
import { withTypstSandboxProcessWide } from '../render/typst.js';
import { volumePrintFindings } from '../render/print.js';
import { printFontProblem, printFontSet, type PrintFontSet } from '../render/typst-fonts.js';
import { aboutPage, documentPath, indexPage, registerPageParts, REGISTER_FILES, type Edition } from '../site/pages.js';
import { browseIndex, correspondentPages, correspondentsPage, yearPages } from '../site/browse.js';
import { neighbours, summarize, type LetterSummary } from '../site/letters.js';
import { CORRESPONDENTS_PAGE } from '../site/lists.js';
import { searchFileParts, searchPage, SEARCH_PAGE } from '../site/search.js';
import type { DocumentModel } from '../model/types.js';
import type { DocumentSummary } from '../site/summary.js';
import { cmifParts, compareIds } from '../export/cmif.js';
import { jsonLdParts } from '../export/jsonld.js';
import { finish, mergeFindings, type ValidateOptions } from '../validate/index.js';
import { applyProfile } from '../validate/profile.js';
import { stageFailure } from '../validate/failure.js';
import { documentNames, pointedFiles, resolveCrossReferences } from '../validate/xref.js';
import { checkIdentities } from '../validate/identity.js';
import { OutputFiles } from '../write/atomic.js';
import { OutputClaims, type Origin } from '../write/claims.js';
import { citationFileNames, CITATIONS_INDEX_SUFFIX } from '../export/files.js';
import { assembleBook, bookFromJson, bookToJson, orderParts, volumeOrder, type BookStore } from '../render/book.js';
import { checkEditionRegisters } from '../registers/check.js';
import { checkRegisterClashes } from '../registers/clash.js';
import { fallbackTitle, settingsFallbacks } from '../settings/fallback.js';
import { editionAbout } from '../site/about.js';
import { loadFile, loadText, type Source } from '../load/source.js';
import type { EpubHtml } from '../render/epub.js';
import type { EditionSettings } from '../settings/types.js';
import { createHash } from 'node:crypto';
import { writeHeapSnapshot } from 'node:v8';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { BuildCache, MemoryStore, modelHash, type ReusedFile, type StoredCheck } from './cache.js';
import { activeInDownload, handleDocumentRequest, hashOf, RENDER_GROUP, type CheckedDocument, type DocumentRequest, type ReadModel, type EditionContext, type RenderedOutputs, type RenderRequest, type RenderGroupRequest, type Target } from './document.js';
import { defaultPoolSize, threadsFromEnvironment, WorkerPool } from './pool.js';
import { SETTLED_MS, settledBy, signatureOf } from './signature.js';
import { collectIfGrown } from '../heap.js';
import { realFolder } from '../within.js';
import { REGISTER_ROOT, type WarmRequest } from './warm.js';
import { addParts, MapSink, type OutputSink } from './sink.js';
import { SharedValues } from './summary-intern.js';
import { SummarySpool } from './summary-spool.js';

export type { Target } from './document.js';
export type { OutputSink } from './sink.js';
export const ALL_TARGETS: readonly Target[] = ['web', 'print', 'text', 'cite', 'data'];

export interface BuildOptions extends ValidateOptions {
  /** Files or folders of TEI documents (default: tei/). */
  inputs: string[];
  /** The edition's title (home page, page titles). */
  title?: string;
  /** A short introduction for the home page; default: the project description of the first document. */
  introduction?: string;
  /** Absolute URL the web edition will be served from (canonical URLs, citation URLs). */
  baseUrl?: string;
  targets?: readonly Target[];
  /**
   * Outputs the web pages link to although this build does not make them,
   * because the caller makes them right after (serve builds the web pages
   * first and print/text in the background): the pages stay the same.
   */
  linkTargets?: readonly Target[];
  paper?: 'us-letter' | 'a4';
  /**
   * The folder of the previous output (OutputWriter.previous): a partial
   * build (--only web) links the PDF and text downloads it finds there.
   */
  previousOutput?: string;
  /** The edition folder: symbolic links among the inputs may not lead out of it, nor images (default: the working folder). */
  editionRoot?: string;
  /** The edition's settings (edition.json). */
  settings?: EditionSettings;
  /** Where the settings came from, to name in findings (default: edition.json). */
  settingsFile?: string;
  /**
   * The volume (print/edition.pdf, .typ, .epub): true makes it (even of one
   * document), false never; by default (and edition.json's `volume`) it is
   * made of 2 to VOLUME_AUTO_MAX letters. See VOLUME_AUTO_MAX for why.
   */
  volume?: boolean;
  onProgress?: (message: string) => void;
  /** The on-disk cache for rebuilds in a new process (e.g. `<edition>/.cache/tei-edition`); none when absent. */
  cacheDir?: string;
  /** Worker threads (default: one per core; 0: everything in this thread). */
  threads?: number;
  /**
   * Runs the documents' check and render requests instead of a pool of this
   * build's own (serve: a long-lived, warm pool that also hands back work it
   * did ahead of the build), `lanes` requests at a time.
   */
  runner?: DocumentRunner;
  /**
   * Inputs' hashes from an earlier build in this process, for files known
   * not to have changed since (serve drops the files its watcher names):
   * the build reads only the others, and records what it reads here.
   */
  inputHashes?: InputHashes;
}

export interface DocumentRunner {
  run(request: DocumentRequest): Promise<unknown>;
  lanes: number;
  /** Told every render request the build plans, whether made or taken from the cache (serve re-renders a saved letter from it). */
  planned?(request: RenderRequest): void;
}

/** Per input file: its sha256 and whether it is a shared register file. */
export type InputHashes = Map<string, { hash: string; register: boolean }>;

export interface BuildResult {
  diagnostics: Diagnostic[];
  /** Empty when validation found errors: nothing is published then. */
  files: OutputFiles;
  documents: number;
  /** The input files checked (letters and register files), as `validate` counts them. */
  checked: number;
}

export interface StreamedBuild {
  diagnostics: Diagnostic[];
  /** The letters (documents that are not register files). */
  documents: number;
  /** The input files checked (letters and register files), as `validate` counts them. */
  checked: number;
  /** False when errors were found: the sink's files must not be published. */
  ok: boolean;
}

/**
 * What buildEdition keeps between builds in this process when it has no
 * cache folder: each document's check and outputs, so that a long-lived
 * process (serve) rebuilds only what changed. Entries a build does not use
 * are dropped (see MemoryStore).
 */
const memoryCache = new MemoryStore();

/** The build into a map of files (small editions, tests, serve; the command line streams, see buildInto). */
export async function buildEdition(options: BuildOptions): Promise<BuildResult> {
  const sink = new MapSink();
  const r = await buildInto(sink, options, memoryCache);
  // Output names that collide: findings, and nothing is published (a streaming writer refuses them at commit).
  const collisions = sink.files.claims.findings();
  const diagnostics = [...r.diagnostics, ...collisions];
  return { diagnostics, files: r.ok && !collisions.some((d) => d.severity === 'error') ? sink.files : new OutputFiles(), documents: r.documents, checked: r.checked };
}

/**
 * Fewer documents than this are done in this thread: each worker loads
 * SaxonJS, the stylesheets and the Typst compiler anew (about 1 s of CPU),
 * which a handful of documents does not pay back (bench: --corpus 1,10).
 */
const THREADS_FROM = 8;
/**
 * A rebuild that takes at least this many documents from the cache makes
 * the few others in a worker thread all the same: the thread loads SaxonJS,
 * the stylesheets and Typst, checks and renders them, while this thread
 * reads the cache and writes the other documents' files (two cores busy,
 * and this thread never loads the stylesheets at all).
 */
const OVERLAP_FROM = 50;
/**
 * The most letters of which the volume is made without being asked for
 * (`--volume`, edition.json `"volume": true`). The volume is one Typst
 * document typeset at the end on one thread, again after every edit of any
 * letter, and its part costs about as much per letter as the web page
 * (bench: --corpus): at 100 letters it adds a few seconds to each rebuild,
 * at 1,000 it would take longer than the rest of the build. A big edition
 * asks for it when it publishes.
 */
export const VOLUME_AUTO_MAX = 100;

/** Whether the volume is made of this many letters: as asked (`--volume`, `--no-volume`, edition.json), else of 2 to VOLUME_AUTO_MAX. */
export function volumeWanted(letters: number, asked: boolean | undefined): boolean {
  return asked ?? (letters > 1 && letters <= VOLUME_AUTO_MAX);
}
/** Whether a build starts a worker thread loading before it reads its inputs: an edition of more than OVERLAP_FROM documents with a cache, one of which changed since the last build (by its signature) or is not known. */
export function warmsAtStart(cached: boolean, paths: readonly string[], known: ReadonlyMap<string, unknown> | undefined): boolean {
  return cached && paths.length > OVERLAP_FROM && paths.some((f) => !known?.has(f));
}

/**
 * `TEI_EDITION_MEMORY=1`: the main thread's memory at each stage's end on stderr (live heap after a full
 * collection when node runs with --expose-gc), to see what grows with the number of letters.
 */
const memoryMark = process.env.TEI_EDITION_MEMORY
  ? (stage: string): void => {
      (globalThis as { gc?: () => void }).gc?.();
      const m = process.memoryUsage();
      const mb = (n: number): string => (n / 1048576).toFixed(1);
      process.stderr.write(`memory ${stage}: rss ${mb(m.rss)} MB, heap used ${mb(m.heapUsed)} MB, external ${mb(m.external)} MB, array buffers ${mb(m.arrayBuffers)} MB\n`);
      // `TEI_EDITION_MEMORY=snapshot:<stage>`: a heap snapshot there too (what holds the memory, in DevTools).
      if (process.env.TEI_EDITION_MEMORY === `snapshot:${stage}`) process.stderr.write(`memory: ${writeHeapSnapshot()}\n`);
    }
  : (): void => {};

/** Cache entries read (and their files written) at once: the cache is many small files, and the disk, not the CPU, is then the limit. */
const CACHE_LANES = 8;

/**
 * Calls `work` on every item, `lanes` at a time, each lane taking the next
 * item when its last one is done. Each lane lets the event loop run between
 * items: the cache's reads and the output's checks are synchronous, and
 * without a turn of the loop a worker thread's answer (and with it the next
 * task sent to that thread) would wait until every item is done.
 */
async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, items.length) }, async () => {
      while (next < items.length) {
        await work(items[next++] as T);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }),
  );
}

/** Documents per check request at most: RELAX NG runs once per batch (libxml2 compiles the schema per call). */
const CHECK_BATCH = 50;
/** Documents per check request at least (a batch of one costs ~2.5 ms more a document than a batch of five). */
const CHECK_BATCH_LEAST = 5;
/** Documents per model request at least (a model request has no cost of its own beyond its message). */
const MODEL_BATCH_LEAST = 2;

/**
 * `list` in batches for `threads` threads, the largest first: each batch is a share of what is left (what
 * remains divided by twice the threads), at most `most` and at least `least` documents, so that the last
 * batches are small and the threads finish together. With equal batches of 50 (before), the thread that
 * took the last batch of the checks, and again of the models, worked on alone for up to a batch's time
 * while the other waited (a CPU profile of a cold 300-letter build at load ~20: one thread idle 1-3.5 s
 * at each of those two ends; each stage waits for every document before the next can start).
 */
export function guidedBatches<T>(list: readonly T[], threads: number, most: number, least: number): T[][] {
  const out: T[][] = [];
  const share = 2 * Math.max(1, threads);
  for (let at = 0; at < list.length; ) {
    const size = Math.max(1, least, Math.min(most, Math.ceil((list.length - at) / share)));
    out.push(list.slice(at, at + size));
    at += size;
  }
  return out;
}

type BuildPool = WorkerPool<DocumentRequest | WarmRequest, unknown>;

/** The build's threads; a document too large for a thread's heap (WorkerPool) is made in this thread instead. */
function buildPool(threads: number): BuildPool {
  return new WorkerPool<DocumentRequest | WarmRequest, unknown>(join(TOOLKIT_ROOT, 'lib', 'build', 'worker.js'), threads, { fallback: (r) => (r.kind === 'warm' ? Promise.resolve() : handleDocumentRequest(r)) });
}

/** The worker threads warmEarly started for the next build of this process, and for what options. */
let early: { pool: BuildPool; options: BuildOptions } | undefined;

/**
 * Starts the build's first worker thread loading (warmsAtStart) before the
 * command does anything else: the command line calls it before it opens the
 * output folder, whose previous version's list of files (31,771 at 1,000
 * letters) takes this thread ~0.5 s to read. A rebuild after an edit waits
 * for that thread's chain (loading, check, model, render of the letter), so
 * every moment it starts earlier is a moment off the rebuild. buildInto
 * takes the thread over when called with the same options object; until
 * then it does not keep the process alive, and discardEarly ends it.
 */
export async function warmEarly(options: BuildOptions): Promise<void> {
  const threads = options.threads ?? threadsFromEnvironment() ?? defaultPoolSize();
  if (early || threads <= 0 || options.runner || !options.cacheDir) return;
  const pool = buildPool(threads);
  if (!pool.available) return;
  const { files: paths } = await collectInputs(options.inputs, { root: options.editionRoot });
  const cache = await BuildCache.open(options.cacheDir);
  const signed = await cache.inputHashes(paths);
  if (!warmsAtStart(true, paths, signed)) return;
  pool.hold(false);
  pool.warm(warmRequestOf(options, paths, 'check', knownRegisters(paths, signed)), 1);
  early = { pool, options };
}

/** Ends the thread warmEarly started when no build took it. */
export async function discardEarly(): Promise<void> {
  const e = early;
  early = undefined;
  await e?.pool.close();
}

/** What a worker thread loads ahead of its first document (see warm.ts). */
function warmRequestOf(options: BuildOptions, paths: readonly string[], stage: WarmRequest['stage'], shared?: string[]): WarmRequest {
  const targets = ALL_TARGETS.filter((t) => (options.targets ?? ALL_TARGETS).includes(t));
  const schema = options.schema === undefined ? DEFAULT_SCHEMA : options.schema;
  const rules = options.rules === undefined ? DEFAULT_RULES : options.rules;
  return { kind: 'warm', stage, schema, rules, targets, samples: paths.slice(0, 4), ...(shared?.length ? { shared } : {}) };
}

/** The inputs the last build found to be shared register files, as far as they are unchanged since (BuildCache.inputHashes). */
function knownRegisters(paths: readonly string[], known: InputHashes | undefined): string[] {
  return paths.filter((f) => known?.get(f)?.register);
}

export async function buildInto(sink: OutputSink, options: BuildOptions, memory?: MemoryStore): Promise<StreamedBuild> {
  const progress = options.onProgress ?? (() => {});
  const targets = ALL_TARGETS.filter((t) => (options.targets ?? ALL_TARGETS).includes(t));
  const { files: paths, diagnostics } = await collectInputs(options.inputs, { root: options.editionRoot });
  const forced = options.threads ?? threadsFromEnvironment();
  const threads = forced ?? defaultPoolSize();
  // The thread warmEarly started for this build, if any (the same options), else a pool of this build's own.
  const adopted = early?.options === options ? early.pool : undefined;
  if (adopted) {
    early = undefined;
    adopted.hold(true);
  }
  const pool = threads > 0 && !options.runner ? (adopted ?? buildPool(threads)) : undefined;
  // The workers start only when there is enough to do (all of it cached: none), or when one was warmed up for it.
  const useWorkers = (work: number): boolean => forced !== undefined || work >= THREADS_FROM || (work > 0 && paths.length - work >= OVERLAP_FROM);
  const runner = (work: number): { run: (r: DocumentRequest) => Promise<unknown>; inWorkers: boolean } =>
    options.runner ? { run: (r) => options.runner!.run(r), inWorkers: true } : pool?.available && (pool.started || useWorkers(work)) ? { run: (r) => pool.run(r), inWorkers: true } : { run: (r) => handleDocumentRequest(r), inWorkers: false };
  // The Typst compilers of the worker threads see the sandbox's environment only when it is set process-wide (from
  // this thread): from the first warm-up or render in the workers until the threads end.
  let sandbox: { end: () => void; done: Promise<void> } | undefined;
  const sandboxed = (): void => {
    if (sandbox || !targets.includes('print')) return;
    let end = (): void => {};
    const done = withTypstSandboxProcessWide(() => new Promise<void>((resolve) => (end = resolve)));
    sandbox = { end, done };
  };
  const closePool = async (): Promise<void> => {
    await pool?.close();
    sandbox?.end();
    await sandbox?.done;
    sandbox = undefined;
  };
  const schema = options.schema === undefined ? DEFAULT_SCHEMA : options.schema;
  const rules = options.rules === undefined ? DEFAULT_RULES : options.rules;
  /** Starts `count` worker threads loading what the work needs, while this thread reads its inputs and the cache (a build with a runner of its own has warm threads). */
  let knownShared: string[] | undefined;
  const warmRequest = (stage: WarmRequest['stage']): WarmRequest => warmRequestOf(options, paths, stage, knownShared);
  const warm = (count: number, stage: WarmRequest['stage'] = 'check'): void => {
    if (!pool?.available || count <= 0) return;
    sandboxed();
    pool.warm(warmRequest(stage), count);
  };
  const cache = await BuildCache.open(options.cacheDir, memory);
  let spool: SummarySpool | undefined;
  try {
    // The hashes of inputs unchanged since the last build in this cache folder are known (BuildCache.inputHashes).
    const signed = options.inputHashes ? undefined : await cache.inputHashes(paths);
    // A build of a large edition with a cache is most often a rebuild after an edit, which makes at least that
    // document (in a worker thread: see OVERLAP_FROM): as soon as an input is found changed since the last build
    // (by its signature, before any is read), one thread starts loading. When none changed, none is started (a
    // change of the settings alone makes every letter again, in threads started then); when the change makes
    // nothing, the thread is ended unused at the end (its second of loading ran beside this thread's work).
    knownShared = knownRegisters(paths, signed);
    if (warmsAtStart(Boolean(options.cacheDir), paths, signed)) warm(1);
    const { hashes, registerFiles: shared } = hashInputs(paths, options.inputHashes ?? signed);
    await signed?.save();
    // 1. Check every document (from the cache where it is unchanged).
    // The schema and rules by their bytes and by their paths from the working folder (not absolute paths: the
    // toolkit's own schema moves with an edition's node_modules, and a moved edition keeps its checks).
    const place = (file: string): string => relative(process.cwd(), resolve(file));
    const checkContext = [`schema=${schema ? place(schema) : '-'}`, schema ? await hashFile(schema) : '', `rules=${rules ? place(rules) : '-'}`, rules ? await hashFile(rules) : ''].join('\0');
    // A model is read from the letter's view with the shared register resolved: the register files are part of the key.
    const sharedContext = shared.map((f) => `${f}=${hashes.get(f) ?? ''}`).join('\0');
    const checkKey = (file: string): string => cache.key('check', checkContext, sharedContext, file, hashes.get(file) ?? '');
    const putChecked = async (d: CheckedDocument): Promise<void> => {
      if (d.hash && d.hash === hashes.get(d.file)) await cache.putCheck(checkKey(d.file), d);
    };
    const checked = new Map<string, StoredCheck>();
    const inBatches = <T>(list: T[], least = CHECK_BATCH_LEAST): T[][] => guidedBatches(list, threads, CHECK_BATCH, least);
    const checkAll = async (files: string[]): Promise<void> => {
      const check = runner(files.length).run;
      await Promise.all(
        inBatches(files).map(async (list) => {
          for (const c of (await check({ kind: 'check', files: list, shared, schema, rules })) as StoredCheck[]) {
            if (c.xref) c.deps = pointedFiles(c.xref);
            checked.set(c.file, c);
          }
        }),
      );
    };
    // The documents whose check is not stored are checked (and, most likely, rendered) in the worker threads
    // from now on, while this thread reads the stored checks of the others.
    const stored = new Set(paths.filter((f) => hashes.get(f) && cache.has('check', checkKey(f))));
    const absent = paths.filter((f) => !stored.has(f));
    if (absent.length > 0 && useWorkers(absent.length)) warm(absent.length >= THREADS_FROM ? threads : 1);
    progress(`checking ${absent.length} of ${paths.length} documents`);
    const checking = checkAll(absent);
    checking.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    await inLanes([...stored], CACHE_LANES, async (file) => {
      const hit = await cache.getCheck(checkKey(file));
      if (hit && hit.file === file && hit.hash === hashes.get(file)) checked.set(file, hit);
    });
    // A stored check that could not be used (a damaged entry) is made again too.
    const damaged = [...stored].filter((f) => !checked.has(f));
    await Promise.all([checking, checkAll(damaged)]);
    const misses = [...absent, ...damaged];
    const docs = paths.map((f) => checked.get(f) as StoredCheck);
    for (const d of docs) diagnostics.push(...d.findings);
    // Well-formed TEI: with an index made now (or kept in memory), or a stored check's list of the files it points into.
    for (const d of docs) if (d.xref) d.deps ??= pointedFiles(d.xref);
    const wellFormed = docs.filter((d) => d.deps);
    // A bare name (`K_0197`, a document's id or file name without .xml) is that document of the run: the files a
    // document depends on with such names made files (the deps themselves are kept as written: they are stored
    // with the document's check, and which file a name gives depends on the other documents).
    const { aliases, ambiguous } = documentNames(docs.map((d) => ({ file: d.file, ...(d.identity ? { id: d.identity.id } : {}) })));
    const depsOf = (d: StoredCheck): string[] => (d.deps ?? []).map((f) => aliases.get(f) ?? f);
    /**
     * Each document's cross-reference findings, in the order resolveCrossReferences gives them for the whole
     * edition (every index's own findings, then every pointer's). A stored check that points into nothing but
     * itself and the shared register files (whose bytes its key holds) comes with its findings; the others
     * are resolved again, from their indexes and those of the documents they point into (read from the cache;
     * a check whose index is lost is made again).
     */
    const crossReferences = async (): Promise<Diagnostic[]> => {
      const byName = new Map(wellFormed.map((d) => [normalize(d.file), d]));
      const sharedNames = new Set(shared.map((f) => normalize(f)));
      const own = (d: StoredCheck): boolean => Boolean(d.deps?.every((f) => sharedNames.has(f) || f === normalize(d.file)));
      const again = wellFormed.filter((d) => d.xref || !d.resolved || !own(d));
      const indexed = new Set(again);
      for (const d of again) for (const f of depsOf(d)) if (byName.has(f)) indexed.add(byName.get(f) as StoredCheck);
      // The shared register files too: a `#id` a letter lacks may be one of their entries (the hint names it).
      const registerFiles = again.length > 0 ? wellFormed.filter((d) => d.register) : [];
      for (const d of registerFiles) indexed.add(d);
      await inLanes([...indexed].filter((d) => !d.xref), CACHE_LANES, async (d) => {
        const xref = await cache.getXref(checkKey(d.file));
        if (xref?.file === d.file) d.xref = xref;
      });
      const lost = [...indexed].filter((d) => !d.xref);
      if (lost.length > 0) {
        await checkAll(lost.map((d) => d.file));
        for (const d of lost) {
          // The check made again, keeping the model it had (stored again below, the index with it).
          const fresh = checked.get(d.file) as StoredCheck;
          d.findings = fresh.findings;
          d.xref = fresh.xref;
          checked.set(d.file, d);
        }
      }
      const resolvedAgain = new Set(again);
      const stubs = [...indexed].filter((d) => !resolvedAgain.has(d) && d.xref).map((d) => ({ file: d.file, ids: d.xref!.ids, findings: [], pointers: [] }));
      const found = resolveCrossReferences([...again.flatMap((d) => (d.xref ? [d.xref] : [])), ...stubs], { registers: registerFiles.map((d) => d.file), files: paths, aliases, ambiguous });
      const ownFindings = new Set(again.flatMap((d) => d.xref?.findings ?? []));
      const pointers = new Map<string, Diagnostic[]>();
      for (const f of found) {
        if (ownFindings.has(f)) continue;
        const list = pointers.get(f.file);
        if (list) list.push(f);
        else pointers.set(f.file, [f]);
      }
      for (const d of again) d.resolved = { own: d.xref?.findings ?? [], pointers: pointers.get(d.file) ?? [] };
      for (const d of lost) await putChecked(d);
      return [...wellFormed.flatMap((d) => d.resolved?.own ?? []), ...wellFormed.flatMap((d) => d.resolved?.pointers ?? [])];
    };
    if (options.crossReferences !== false) diagnostics.push(...(await crossReferences()));
    memoryMark('checked');
    // Register entries across the edition (id clashes, authority ids twice, prefixed pointers): from the documents that define entries or prefixes only.
    const withRegisters: Source[] = [];
    for (const d of docs) if (d.register || d.registers) {
      const source = (await loadFile(d.file)).source;
      if (source) withRegisters.push(source);
    }
    // The pages know register entries by id: two entries under one id are never merged, even with --no-xref.
    diagnostics.push(...(options.crossReferences !== false ? checkEditionRegisters(withRegisters) : checkRegisterClashes(withRegisters)));
    // Two documents under one id would overwrite each other's pages; two under one idno, one identifier (validate's check too).
    diagnostics.push(...checkIdentities(docs.flatMap((d) => (d.identity ? [{ file: d.file, identity: d.identity }] : []))));
    // One finding per problem, as `validate` gives them (validate/index.ts): the merging needs the sources of the documents with cross-reference findings.
    const withXref = [...new Set(diagnostics.filter((d) => d.source === 'xref').map((d) => d.file))];
    const xrefSources = (await Promise.all(withXref.map((f) => loadFile(f)))).flatMap((l) => (l.source ? [l.source] : []));
    // --profile any: only what publishing needs stays an error (src/validate/profile.ts).
    diagnostics.splice(0, diagnostics.length, ...applyProfile(mergeFindings(once(diagnostics), xrefSources), options.profile));
    // The findings `validate` gives come first: with any error the build stops here, before a model is read
    // (the checks are kept without their models: after a fix, only the fixed document is checked again).
    if (diagnostics.some((d) => d.severity === 'error')) {
      for (const file of misses) await putChecked(checked.get(file) as CheckedDocument);
      return { diagnostics: finish(paths, diagnostics), documents: letters0(docs), checked: paths.length, ok: false };
    }

    // The models (typed headers) of the documents checked now; with them, each check goes into the cache.
    const unread = wellFormed.filter((d) => !d.model);
    const late: Diagnostic[] = [];
    const check = runner(unread.length).run;
    const reading = Promise.all(
      inBatches(unread, MODEL_BATCH_LEAST).map(async (list) => {
        for (const r of (await check({ kind: 'model', files: list.map((d) => ({ file: d.file, hash: d.hash })), shared })) as ReadModel[]) {
          const d = checked.get(r.file) as CheckedDocument;
          if (r.model) d.model = r.model;
          if (r.finding) {
            d.findings.push(r.finding);
            late.push(r.finding);
          }
          await putChecked(d);
        }
      }),
    );
    // A few documents checked now (a rebuild after an edit) are rendered as soon as their requests are known
    // (see `early` below), not after a sample letter: the first render is the warm-up.
    await reading;
    // Each model holds its own copies of the shared register's entries: one copy each from here on (see SharedValues).
    const oneCopy = new SharedValues();
    for (const d of wellFormed) if (d.model) oneCopy.model(d.model);
    memoryMark('models');
    diagnostics.push(...applyProfile(once(late), options.profile));
    if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics: finish(paths, diagnostics), documents: letters0(docs), checked: paths.length, ok: false };

    // 2. Render every document, streaming its files to the sink. The shared
    // register file is checked with the letters but published only through them.
    const letters = docs.filter((d) => !d.register);
    const first = letters[0]?.model;
    const settings = editionSettings(options);
    diagnostics.push(...settingsFallbacks(settings, letters.map((d) => d.model as DocumentModel), options.settingsFile));
    const introduction = settings.introduction ?? first?.projectDescription;
    const edition: EditionContext = {
      title: settings.title ?? fallbackTitle(letters.map((d) => d.model as DocumentModel)),
      ...(settings.baseUrl !== undefined ? { baseUrl: settings.baseUrl } : {}),
      ...(introduction !== undefined ? { introduction } : {}),
      settings,
    };
    // What the edition-level outputs (CMIF, JSON-LD, the volume) say of the edition where the settings are silent:
    // the site's title and the first letter's publisher, the facts settingsFallbacks names, taken once. Each output
    // took its own before (CMIF's title was one letter's publisher, the volume's another letter's title).
    const editionFacts: EditionSettings = {
      ...settings,
      ...(settings.title === undefined ? { title: edition.title } : {}),
      ...(settings.publisher === undefined && first?.publisher ? { publisher: first.publisher } : {}),
    };
    // The pages and the citation files too (the citations of the edition, the JSON-LD @ids, which must be edition.jsonld's).
    edition.settings = editionFacts;
    const byPath = new Map(paths.map((f) => [normalize(f), hashes.get(f) ?? '']));
    const around = neighboursOf(letters.map((d) => d.model as DocumentModel));
    const linked = ALL_TARGETS.filter((t) => options.linkTargets?.includes(t) && !targets.includes(t));
    // The volume (print/edition.pdf, .typ, .epub): of two letters or more, or on request.
    const wantVolume = targets.includes('print') && volumeWanted(letters.length, options.volume ?? settings.volume);
    // The editorial principles of the volume are those of its first letter (in the volume's order): only that one is asked for them.
    const firstInVolume = wantVolume ? volumeOrder(letters.map((d) => d.model as DocumentModel))[0]?.id : undefined;
    const htmlParts = new Map<string, EpubHtml>();
    const volumeParts = new Map<string, NonNullable<RenderedOutputs['volume']>>();
    // A partial build (--only web) links, and copies, the PDF and text outputs the previous build left.
    const previousFiles = (id: string): [string, string][] =>
      options.previousOutput
        ? ([[`print/${id}.pdf`, 'pdf'], [`text/${id}.txt`, 'txt'], [`text/${id}.annotated.txt`, 'annotated.txt']] as [string, string][]).filter(([p]) => !targets.includes(p.split('/')[0] as Target) && existsSync(join(options.previousOutput as string, p)))
        : [];
    // Output names are known from the models: names that collide are findings before anything is rendered.
    // They follow from the models, the files' names and the outputs asked for alone: kept under a hash of these.
    const previousLinks = (id: string): string[] => previousFiles(id).map(([, to]) => to);
    // Each model's hash (the hash of its JSON), made once: the claims' key, the render keys, the pages' and the data's keys.
    const modelHashes = letters.map((d) => modelHash(d.model as DocumentModel));
    // The shared register files are published beside the letters' TEI (data/, web/downloads/), under their own names, so
    // that a published letter's pointers (registers.xml#whitcombe, psn:whitcombe) resolve where it is downloaded.
    const registerDocs = docs.filter((d) => d.register);
    const claimsKey = cache.key('claims', JSON.stringify([targets, wantVolume, registerDocs.map((d) => d.file)]), ...letters.map((d, i) => `${d.file}\0${modelHashes[i]}\0${previousLinks((d.model as DocumentModel).id).join(' ')}`));
    let claimed = await cache.getEntry<Diagnostic[]>('claims', claimsKey);
    if (!Array.isArray(claimed)) {
      claimed = [...outputClaims(letters, targets, wantVolume, previousLinks, registerDocs).findings(), ...sameNameTargets(letters)];
      await cache.putEntry('claims', claimsKey, claimed);
    }
    diagnostics.push(...claimed);
    if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics: finish(paths, once(diagnostics)), documents: letters.length, checked: paths.length, ok: false };
    // Each letter's summary goes to disk as it is made (see SummarySpool); kept here are what the lists need
    // of it (LetterSummary), the hash of its model (the pages' cache keys) and its part of the About page.
    spool = new SummarySpool(letters.length);
    const listed: LetterSummary[] = new Array(letters.length);
    const abouts: string[] = new Array(letters.length);
    // The edition's fonts for the print edition (edition.json printFonts), read once: their hash keys the PDFs.
    const printFonts = targets.includes('print') ? editionFonts(settings, options, diagnostics) : undefined;
    // One copy of an image however many letters show it.
    const images = new Set<string>();
    const imageRoot = await realFolder(options.editionRoot ?? '.');
    let failed = false;
    let rendered = 0;
    const common = JSON.stringify([editionFacts, edition]);
    // The letters by file, for a letter's links to the others it points to (`other.xml#p3`: that letter's page).
    const letterByPath = new Map(letters.map((d) => [normalize(d.file), d.model as DocumentModel]));
    const requestOf = (d: StoredCheck): RenderRequest => {
      const model = d.model as DocumentModel;
      const documents: RenderRequest['documents'] = {};
      // (By the path as the pointer writes it, `tei/K_0197` too: the letter's own pointers look it up so.)
      for (const f of d.deps ?? []) {
        const file = aliases.get(f) ?? f;
        const other = letterByPath.get(file);
        if (other && file !== normalize(d.file)) documents[f] = { id: other.id, title: other.title ?? other.id };
      }
      const previous = [...new Set(previousFiles(model.id).map(([p]) => p.split('/')[0] as Target))];
      return {
        kind: 'render', file: d.file, shared, settings: editionFacts, editionRoot: options.editionRoot ?? '.', model, targets, linked, previous, paper: options.paper ?? 'us-letter', edition, neighbours: around.get(model.id) ?? [], documents,
        // With one letter its witnesses are the edition's; with several, each letter's page lists its own.
        aboutWitnesses: letters.length === 1,
        withHtmlParts: wantVolume,
        ...(printFonts ? { printFonts } : {}),
        ...(wantVolume ? { volume: { volumeTitle: editionFacts.title as string, ...(model.id === firstInVolume ? { principles: true } : {}) } } : {}),
      };
    };
    // The few letters checked now (fewer than THREADS_FROM: a rebuild after an edit) go to the started worker
    // thread at once, before the render keys of every letter are made (~0.5 s at 1,000 letters): they are
    // almost surely to be made. The first render in a thread is its warm-up (SaxonJS, the stylesheets, Typst
    // running their first letter); a sample letter rendered before it only delayed it (a 1,000-letter
    // rebuild: the sample's 1.8 s, then the letter's 0.4 s, while this thread waited for it). A letter the
    // cache holds after all keeps the cache's outputs (the render is the same, and is dropped).
    const early = new Map<number, Promise<unknown>>();
    if (pool?.started && unread.length < THREADS_FROM) {
      const now = new Set<CheckedDocument>(unread);
      sandboxed();
      letters.forEach((d, i) => {
        if (!now.has(d)) return;
        const made = pool.run(requestOf(d));
        made.catch(() => undefined); // awaited by renderOne, or dropped
        early.set(i, made);
      });
    }
    const jobs = letters.map((d, i) => {
      const request = requestOf(d);
      // The outputs depend on the document, on every document it points into (shared registers) and on the request.
      const deps = depsOf(d).map((f) => `${f}=${byPath.get(f) ?? ''}`);
      options.runner?.planned?.(request);
      // The models (the largest part) by the hashes of their JSON (modelHash), the settings (the same for every letter) serialized once.
      const { model: m, neighbours: n, settings: s, edition: e, ...rest } = request;
      if (s !== editionFacts || e !== edition) throw new Error('render key: a request with settings of its own');
      // The edition's folder as a path from the working folder, not an absolute one: an edition moved or copied
      // elsewhere (or its cache restored in another checkout) keeps its rendered letters.
      // The edition's fonts by their families and the hash of their bytes (an edited or replaced font makes the PDFs
      // again; the paths are in the settings), not by their absolute paths.
      const keyed = { ...rest, editionRoot: place(rest.editionRoot) || '.', ...(rest.printFonts ? { printFonts: { families: rest.printFonts.families, hash: rest.printFonts.hash } } : {}) };
      // The PDF holds its images' bytes (the web page names them by their place): keyed by them too.
      const images = request.targets.includes('print') ? imageKeys(d.graphics) : [];
      return { d, request, key: cache.key('render', common, JSON.stringify(keyed), modelHashes[i] as string, ...n.map(modelHash), d.hash, sharedContext, ...deps, ...images) };
    });
    // Each document's cross-reference index served the checks and the render keys above: without a store kept
    // between builds (serve's), nothing reads it again, and it is let go (memory grows with N only by summaries).
    if (!memory) for (const d of docs) delete d.xref;
    // Documents to make go first, so that their threads work while this one reads the others from the cache.
    const toMake = jobs.flatMap((j, i) => (cache.has('render', j.key) ? [] : [i]));
    const { run: runAny, inWorkers } = runner(toMake.length);
    if (inWorkers && toMake.length > 0) warm(Math.min(toMake.length, threads), 'render');
    // Documents made in this thread are made one at a time (the lanes below are for the cache's and the sink's file I/O).
    let inThisThread: Promise<unknown> = Promise.resolve();
    const run = (r: RenderRequest | RenderGroupRequest): Promise<unknown> => {
      if (inWorkers) return runAny(r);
      const made = inThisThread.then(() => runAny(r));
      inThisThread = made.catch(() => undefined);
      return made;
    };
    /** Writes letter `i`'s outputs: from the cache, else from `given` (its part of a group's render), else rendered alone. */
    const renderOne = async (i: number, given?: Promise<RenderedOutputs | undefined>): Promise<void> => {
      const { d, request, key } = jobs[i] as (typeof jobs)[number];
      // Files the previous output holds with the same bytes are taken over by the sink, not read from the cache.
      let out: (RenderedOutputs & { reused?: ReusedFile[] }) | undefined = await cache.getRender(key, d.model as DocumentModel, sink.reusable && sink.reuse ? (p, h) => sink.reusable!(p, h) : undefined);
      if (!out || out.hash !== d.hash) {
        try {
          out = ((given && (await given)) ?? (await (early.get(i) ?? run(request)))) as RenderedOutputs;
        } catch (e) {
          out = { failure: stageFailure({ file: d.file }, 'rendering', e) } as RenderedOutputs;
        }
        if (out.failure) {
          // A document the stylesheets or the typesetter cannot take is a finding on it; the others are still made.
          failed = true;
          diagnostics.push(out.failure);
          return;
        }
        rendered++;
        if (out.hash === d.hash) await cache.putRender(key, out);
      }
      for (const [path, hash, origin] of out.reused ?? []) await sink.reuse!(path, hash, origin);
      for (const [path, content, origin] of out.files) await sink.add(path, content, origin);
      if (targets.includes('web')) {
        for (const [path, to] of previousFiles(out.summary.model.id)) {
          const content = await readFile(join(options.previousOutput as string, path)).catch(() => undefined);
          if (content) await sink.add(`web/downloads/${out.summary.model.id}.${to}`, content, { file: d.file, what: `the ${to} download of document "${out.summary.model.id}"` });
        }
      }
      if (out.html) htmlParts.set(out.summary.model.id, out.html);
      // The summary's model is the one checked (the render key holds its hash).
      const model = d.model as DocumentModel;
      spool!.put(i, { ...out.summary, model });
      listed[i] = oneCopy.letter(summarize(model, settings.dateStyle));
      abouts[i] = oneCopy.string(out.about);
      for (const path of out.images) {
        if (images.has(path)) continue;
        images.add(path);
        const bytes = await readFile(join(imageRoot, ...path.slice('web/images/'.length).split('/'))).catch(() => undefined);
        if (bytes) await sink.add(path, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { file: d.file, what: `the image ${path}` });
      }
      if (out.volume) volumeParts.set(out.summary.model.id, out.volume);
      diagnostics.push(...out.warnings);
      if (letters.length > 5 && i % 10 === 0) progress(`rendering ${i + 1}/${letters.length} ${d.file}`);
      // Each letter's outputs pass through this thread's heap: collected as it grows, not at 4 times its live size (heap.ts).
      collectIfGrown();
    };
    const reusable = sink.reusable && sink.reuse ? (p: string, h: string) => sink.reusable!(p, h) : undefined;
    /** Adds the files `make` gives, or those the cache keeps under a hash of `inputs` (everything they are made from). */
    const cachedFiles = async (kind: string, inputs: Iterable<string>, make: (add: (path: string, content: string | Iterable<string>, origin?: Origin) => Promise<void>) => Promise<void>): Promise<void> => {
      const hash = createHash('sha256');
      for (const part of inputs) hash.update(part).update('\0');
      const key = cache.key(kind, JSON.stringify(targets), hash.digest('hex'));
      const hit = await cache.getFiles(kind, key, reusable);
      if (hit) {
        for (const [path, sha, origin] of hit.reused) await sink.reuse!(path, sha, origin);
        for (const [path, content, origin] of hit.files) await sink.add(path, content, origin);
        return;
      }
      const stored = cache.files(kind, key);
      await make(async (path, content, origin) => {
        if (typeof content === 'string') {
          await sink.add(path, content, origin);
          await stored.add([path, content, origin ?? { what: path }]);
          return;
        }
        // A file made in parts goes to the output and to the cache part by part, as they are made.
        const blob = stored.parts(path, origin ?? { what: path });
        const tee = (function* (): Generator<string> {
          for (const part of content) {
            blob.write(part);
            yield part;
          }
        })();
        await addParts(sink, path, tee, origin);
        for (const _ of tee); // what the sink did not take (a name it refused) still completes the cache's copy
        await blob.end();
      });
      await stored.done();
    };
    // 3a. The data exports (CMIF, JSON-LD) are made from the models alone, which are all known now: this thread makes
    // them while the workers render (it is mostly idle then), from the models in memory, rather than after the
    // render, from the models read back from disk, while the workers' cores wait for the build to end.
    const exporting = targets.includes('data')
      ? cachedFiles('data', [JSON.stringify(editionFacts), ...modelHashes], async (add) => {
          // CMIF and JSON-LD are made in parts, the models taken one at a time in the order of their ids.
          const inIdOrder = letters.map((d) => d.model as DocumentModel).sort((a, b) => compareIds(a.id, b.id));
          const options = { baseUrl: settings.baseUrl, edition: editionFacts, title: editionFacts.title };
          for (const [name, parts] of [['cmif.xml', cmifParts(inIdOrder, options)], ['edition.jsonld', jsonLdParts(inIdOrder, options)]] as const) await add(`data/${name}`, parts, { what: `the edition's export data/${name}` });
        })
      : Promise.resolve();
    exporting.catch(() => undefined); // awaited after the render; not an unhandled rejection meanwhile
    // Each lane takes the next document when its last one is written: at most `lanes` documents' outputs are in memory.
    // A rebuild takes most documents from the cache: several lanes keep the disk busy while one reads and another writes.
    const lanes = Math.max(CACHE_LANES, options.runner ? options.runner.lanes : inWorkers && pool ? pool.size * 2 : 1);
    const made = new Set(toMake);
    if (inWorkers) sandboxed();
    // The letters to make go to the threads in groups (renderGroup: their web pages in one transform, their print
    // editions and texts in another, for less CPU), small enough that every thread has several groups: each letter
    // is then written as it would be alone.
    const size = Math.max(1, Math.min(RENDER_GROUP, Math.ceil(toMake.length / (2 * (inWorkers ? (pool?.size ?? 1) : 1)))));
    const alone = toMake.filter((i) => early.has(i));
    const grouped = toMake.filter((i) => !early.has(i));
    const groups: number[][] = [...alone.map((i) => [i]), ...Array.from({ length: Math.ceil(grouped.length / size) }, (_, g) => grouped.slice(g * size, g * size + size)), ...letters.map((_, i) => [i]).filter(([i]) => !made.has(i!))];
    await inLanes(groups, lanes, async (group) => {
      if (group.length === 1) return renderOne(group[0]!);
      const results = run({ kind: 'render-group', requests: group.map((i) => (jobs[i] as (typeof jobs)[number]).request) }) as Promise<RenderedOutputs[]>;
      results.catch(() => undefined); // each letter's renderOne reports it
      for (const [k, i] of group.entries()) await renderOne(i, results.then((r) => r[k]));
    });
    memoryMark('rendered');
    // The render requests (each with its neighbours' models) are done with: the edition-level pages need only the summaries.
    jobs.length = 0;
    around.clear();
    // The models are on disk with the summaries from here on: without a store kept between builds (serve's), they are let go.
    if (!memory) for (const d of docs) delete d.model;
    // The threads' memory (SaxonJS, stylesheets, Typst) is given back before the volume is typeset in this thread.
    await closePool();
    memoryMark('pool closed');
    // Nothing is left writing to the sink when the build ends, whatever the render gave (a failure of the exports is thrown below).
    await exporting.catch(() => undefined);
    for (const d of registerDocs) {
      const paths = registerOutputs(d.file, targets);
      const text = paths.length ? await readFile(d.file, 'utf8') : '';
      // Not in web/ when a browser opening it there would make it active, as a letter's TEI (document.ts activeInDownload).
      const registerSource = paths.some((p) => p.startsWith('web/')) ? loadText(d.file, text).source : undefined;
      const active = registerSource && activeInDownload(registerSource);
      if (active) diagnostics.push(active);
      for (const path of paths) if (!(active && path.startsWith('web/'))) await sink.add(path, text, { file: d.file, what: 'the shared register file' });
    }
    if (failed) return { diagnostics: finish(paths, once(diagnostics)), documents: letters.length, checked: paths.length, ok: false };
    progress(`rendered ${rendered} of ${letters.length} documents; assembling the edition's pages`);
    const book = wantVolume ? await addVolume(sink, volumeParts, htmlParts, editionFacts, options, diagnostics, progress, cache, printFonts) : new Map<string, Uint8Array>();

    // 3. The edition-level pages, from the summaries. Everything but the search index is made from the letters'
    // models and register occurrences, the about page and the settings: after an edit of a letter's text that
    // changed none of these, it is what the cache holds (and the output too: taken over, not written again).
    // A pass over the letters' summaries, read back from disk, their repeated values kept once.
    const summaries = spool;
    const documents: Iterable<DocumentSummary> = { [Symbol.iterator]: () => summaries.summaries((d) => ({ ...d, model: oneCopy.model(d.model), occurrences: oneCopy.occurrences(d.occurrences) })) };
    // The data exports were made while the letters were rendered (see `exporting` above).
    await exporting;
    const about = targets.includes('web') ? editionAbout(settings, listed.map((s, i) => ({ id: s.id, title: s.title, href: documentPath(s.id), html: abouts[i] as string }))) : '';
    const site: Edition = { ...edition, documents, letters: listed, about, volume: [] };
    if (targets.includes('web')) {
      // The volume (print/edition.pdf, .epub), offered on the home page when this or the previous build made it.
      for (const [from, label, type] of [['print/edition.pdf', 'The whole edition as a book (PDF)', 'application/pdf'], ['print/edition.epub', 'The whole edition as an e-book (EPUB)', 'application/epub+zip']] as const) {
        const content = book.get(from) ?? (options.previousOutput && !targets.includes('print') ? await readFile(join(options.previousOutput, from)).catch(() => undefined) : undefined);
        if (content === undefined) continue;
        const href = `downloads/${from.slice('print/'.length)}`;
        await sink.add(`web/${href}`, content, { what: `the download of the volume ${from}` });
        site.volume?.push({ href, label, type });
      }
      // The occurrences' JSON is made one letter at a time as the key is hashed, never all at once.
      const inputs = function* (): Generator<string> {
        yield JSON.stringify({ ...site, documents: undefined, letters: undefined });
        yield* modelHashes;
        for (let i = 0; i < summaries.count; i++) yield summaries.occurrencesJson(i);
      };
      memoryMark('data');
      await cachedFiles('pages', inputs(), async (add) => {
        await add('web/index.html', indexPage(site));
        await add(`web/${CORRESPONDENTS_PAGE}`, correspondentsPage(site));
        for (const pages of [yearPages(site), correspondentPages(site)]) for (const [path, html] of pages) await add(`web/${path}`, html);
        await add(`web/${SEARCH_PAGE}`, searchPage(site.title));
        await add('web/about.html', aboutPage(site));
        for (const kind of ['person', 'place', 'org'] as EntityKind[]) await add(`web/${REGISTER_FILES[kind]}`, registerPageParts(site, kind));
      });
      memoryMark('pages');
    }
    if (targets.includes('web')) {
      // The search index, from each letter's part of it (made with the letter, cached with it).
      // Each letter's words are read from disk when the index takes them (a getter), not all held at once.
      const parts = listed.map((summary, i) => ({ summary, get terms(): string { return summaries.terms(i); } }));
      // The postings of about SEARCH_PASS letters at a time (one pass up to that many letters: a rebuild pays nothing more).
      for (const [path, content] of searchFileParts(parts, Math.ceil(parts.length / SEARCH_PASS) || 1)) await sink.add(`web/${path}`, content);
      for (const a of ASSETS) await sink.add(`web/assets/${a}`, await readFile(join(TOOLKIT_ROOT, 'assets', a), 'utf8'));
    }
    cache.sweep();
    // What no build has used for a while goes (the cache would otherwise grow with every edit and every version of the toolkit).
    await cache.prune();
    memoryMark('search');
    return { diagnostics: finish(paths, once(diagnostics)), documents: letters.length, checked: paths.length, ok: true };
  } finally {
    await closePool();
    spool?.close();
  }
}

const ASSETS = ['edition.css', 'edition.js', 'search.js', 'icon.svg'];

/**
 * Letters whose search postings are collected in one pass (site/search.ts searchFileParts): the index of a
 * larger edition is made in several passes over the letters' words, so that the postings held at once stay
 * those of about this many letters (some 10 MB), whatever the size of the edition.
 */
const SEARCH_PASS = 1000;

/**
 * The volume: each letter's part was rendered with its other outputs (in
 * the workers, cached with them); this thread orders, assembles and
 * typesets the whole (one Typst document: the volume holds every letter by
 * its nature).
 */
async function addVolume(
  sink: OutputSink,
  volumeParts: Map<string, NonNullable<RenderedOutputs['volume']>>,
  htmlParts: Map<string, EpubHtml>,
  settings: EditionSettings,
  options: BuildOptions,
  diagnostics: Diagnostic[],
  progress: (m: string) => void,
  cache: BuildCache,
  fonts?: PrintFontSet,
): Promise<Map<string, Uint8Array>> {
  progress(`typesetting the volume of ${volumeParts.size} documents`);
  const parts = orderParts([...volumeParts.values()].map((v) => v.part));
  const principles = parts[0] ? volumeParts.get(parts[0].model.id)?.principles : undefined;
  const letters = parts.map((part) => ({ part, html: htmlParts.get(part.model.id) }));
  // The typeset volume is kept in the build's cache too, so a build in a new process typesets it only when it changed.
  const store: BookStore = {
    get: async (key) => bookFromJson(await cache.getEntry('volume', cache.key('volume', key))),
    put: (key, book) => cache.putEntry('volume', cache.key('volume', key), bookToJson(book)),
  };
  // (The edition's fonts: in the volume's key with their paths, families and the hash of their bytes.)
  const { volume, epub } = await assembleBook(letters, principles, { settings, paper: options.paper ?? 'us-letter', ranges: settings.indexRanges, ...(fonts ? { fonts } : {}) }, store);
  await sink.add('print/edition.pdf', volume.pdf, { what: 'the volume print/edition.pdf' });
  await sink.add('print/edition.typ', volume.typst, { what: 'the volume print/edition.typ' });
  if (epub) await sink.add('print/edition.epub', epub, { what: 'the volume print/edition.epub' });
  diagnostics.push(...volumePrintFindings(volume.warnings));
  return new Map([['print/edition.pdf', volume.pdf], ...(epub ? [['print/edition.epub', epub] as [string, Uint8Array]] : [])]);
}

/**
 * The edition's fonts for the print edition (edition.json printFonts, paths from the edition folder), read once
 * (render/typst-fonts.ts); none when it names none. A file that is not (or no longer) a font inside the edition
 * folder is an error at the settings, as `validate` says (settings/print-fonts.ts), and is left out.
 */
function editionFonts(settings: EditionSettings, options: BuildOptions, diagnostics: Diagnostic[]): PrintFontSet | undefined {
  const root = options.editionRoot ?? '.';
  const usable: string[] = [];
  for (const [i, path] of (settings.printFonts ?? []).entries()) {
    const problem = printFontProblem(root, path);
    if (!problem) usable.push(resolve(root, path));
    else diagnostics.push({ file: options.settingsFile ?? 'edition.json', line: 0, column: 0, severity: 'error', source: 'settings', rule: 'settings-print-font', message: `"printFonts"[${i}] ${JSON.stringify(path)} ${problem}`, hint: 'Each entry is a font file (.otf, .ttf or .ttc) in the edition folder, as a path from the folder of edition.json; the print edition is made without it.' });
  }
  if (!usable.length) return undefined;
  try {
    return printFontSet(usable);
  } catch (e) {
    diagnostics.push({ file: options.settingsFile ?? 'edition.json', line: 0, column: 0, severity: 'error', source: 'settings', rule: 'settings-print-font', message: `"printFonts": the font files cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, hint: 'The print edition is made with its own fonts only.' });
    return undefined;
  }
}

/** The settings in force: edition.json, overridden by the command line's --title and --base-url. */
function editionSettings(options: BuildOptions): EditionSettings {
  const s: EditionSettings = { ...options.settings };
  if (options.title !== undefined) s.title = options.title;
  if (options.introduction !== undefined) s.introduction = options.introduction;
  if (options.baseUrl !== undefined) s.baseUrl = options.baseUrl;
  return s;
}

/**
 * Every output path the build will write, claimed in the order the outputs
 * are listed (citations, data, text, print, the volume, web), with what
 * each is, so that two outputs that would land on one file (a document id
 * "cmif" against data/cmif.xml, "x" and "x.annotated", "Letter" and
 * "letter") are found from the models alone. The names are those
 * document.ts writes (and the write stage refuses any it did not foresee).
 */
function outputClaims(letters: CheckedDocument[], targets: readonly Target[], volume: boolean, previous: (id: string) => string[], registers: readonly CheckedDocument[] = []): OutputClaims {
  const claims = new OutputClaims();
  const has = (t: Target): boolean => targets.includes(t);
  for (const d of registers) for (const path of registerOutputs(d.file, targets)) claims.claim(path, { file: d.file, what: 'the shared register file' });
  // The paths some output holds; the downloads copy what stands at a path (a path lost to a name differing in case holds nothing).
  const held = new Set<string>();
  const each = (make: (id: string, model: DocumentModel) => [string, string][]): void => {
    for (const d of letters) {
      const model = d.model as DocumentModel;
      for (const [path, what] of make(model.id, model)) if (claims.claim(path, { file: d.file, what: `${what} of document "${model.id}"` })) held.add(path);
    }
  };
  // Names that coincide within one document are sameNameTargets' findings.
  const citations = (prefix: string) => (id: string, model: DocumentModel): [string, string][] => {
    const names = new Set([...citationFileNames(model).flatMap((t) => Object.values(t.files)), `${id}${CITATIONS_INDEX_SUFFIX}`]);
    return [...names].map((n) => [`${prefix}${n}`, `the citation file ${n}`]);
  };
  if (has('cite')) each(citations('cite/'));
  if (has('data')) {
    for (const name of ['cmif.xml', 'edition.jsonld']) claims.claim(`data/${name}`, { what: `the edition's export data/${name}` });
    each((id, model) => [[`data/${teiFileName(model.file, id)}`, 'the TEI source']]);
  }
  if (has('text')) each((id) => [[`text/${id}.txt`, 'the plain text'], [`text/${id}.annotated.txt`, 'the annotated text']]);
  if (has('print')) each((id) => [[`print/${id}.pdf`, 'the PDF'], [`print/${id}.typ`, 'the Typst source']]);
  if (volume) for (const name of ['edition.pdf', 'edition.typ', 'edition.epub']) claims.claim(`print/${name}`, { what: `the volume print/${name}` });
  if (has('web')) {
    each(citations('web/cite/'));
    each((id, model) => {
      const made = (target: Target, path: string): boolean => has(target) && held.has(path);
      const downloads = [...(made('print', `print/${id}.pdf`) ? ['pdf'] : []), ...(made('text', `text/${id}.txt`) ? ['txt'] : []), ...(made('text', `text/${id}.annotated.txt`) ? ['annotated.txt'] : []), ...previous(id)];
      return [[`web/${documentPath(id)}`, 'the web page'], [`web/downloads/${teiFileName(model.file, id)}`, 'the TEI download'], ...downloads.map((to): [string, string] => [`web/downloads/${id}.${to}`, `the ${to} download`])];
    });
  }
  return claims;
}

/** Where a shared register file is published: beside the letters' TEI sources, under its own name. */
function registerOutputs(file: string, targets: readonly Target[]): string[] {
  const name = basename(file);
  return [...(targets.includes('data') ? [`data/${name}`] : []), ...(targets.includes('web') ? [`web/downloads/${name}`] : [])];
}

/**
 * Citation targets of one document whose file names coincide (a siglum
 * "citations" against the citations index, sigla that differ only in
 * characters a file name cannot keep): export/files.ts names them, and its
 * map would silently keep one.
 */
function sameNameTargets(docs: CheckedDocument[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of docs) {
    if (!d.model) continue;
    const claims = new OutputClaims();
    claims.claim(`cite/${d.model.id}${CITATIONS_INDEX_SUFFIX}`, { file: d.file, what: `the citations index of document "${d.model.id}"` });
    for (const t of citationFileNames(d.model)) for (const [format, name] of Object.entries(t.files)) claims.claim(`cite/${name}`, { file: d.file, what: `the ${format} citation of witness "${t.target}"` });
    out.push(...claims.findings());
  }
  return out;
}


/** For each letter, the models of its previous and next letters in time and in its correspondence (site/letters.ts decides which). */
function neighboursOf(models: DocumentModel[]): Map<string, DocumentModel[]> {
  const byId = new Map(models.map((m) => [m.id, m]));
  const out = new Map<string, DocumentModel[]>();
  // The order alone: the summaries' dates in words are not read.
  for (const [id, n] of neighbours(models.map((m) => summarize(m)))) {
    const ids = [...new Set([n.prev, n.next, n.prevInCorrespondence, n.nextInCorrespondence].filter((s) => s !== undefined).map((s) => s.id))];
    out.set(id, ids.map((x) => byId.get(x) as DocumentModel));
  }
  return out;
}

/**
 * What a letter's PDF is keyed by besides its source: each file its images are read from (the check's graphics,
 * load/graphics.ts graphicFiles) by its signature (signature.ts: size, inode, times), or by the hash of its bytes
 * when it changed too recently for its times to vouch for them; 'none' when there is no such file. An image
 * edited since the last build makes the PDF again (the web page, which names it by its place, stays; the build
 * copies the image at every build).
 */
function imageKeys(files: readonly string[] | undefined): string[] {
  if (!files?.length) return [];
  const settled = Date.now() - SETTLED_MS;
  return files.map((f) => {
    const st = statSync(f, { bigint: true, throwIfNoEntry: false });
    return `${f}=${!st ? 'none' : !st.isFile() || settledBy(st, settled) ? signatureOf(st) : hashOf(readFileSync(f))}`;
  });
}

/** The letters among the documents (the shared register file is not one). */
function letters0(docs: CheckedDocument[]): number {
  return docs.filter((d) => !d.register).length;
}

/** A finding about the schema or the rules themselves comes from every batch that used them: say it once. */
function once(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = JSON.stringify([d.file, d.line, d.column, d.rule, d.message]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * sha256 of every input (the hashes are the cache's keys; the bytes are not
 * kept), and which inputs are shared register files (`<TEI type="registers">`:
 * every letter's view resolves pointers into them). Read synchronously: a
 * rebuild reads thousands of small files, and the thread pool's round trips
 * of asynchronous reads (open, stat, read, close) cost this thread more than
 * the reads themselves.
 */
function hashInputs(paths: string[], known?: InputHashes): { hashes: Map<string, string>; registerFiles: string[] } {
  const hashes = new Map<string, string>();
  const registers = new Set<string>();
  for (const f of paths) {
    let entry = known?.get(f);
    if (!entry) {
      let bytes: Buffer | undefined;
      try {
        bytes = readFileSync(f);
      } catch {
        bytes = undefined;
      }
      entry = { hash: bytes ? hashOf(bytes) : '', register: Boolean(bytes && REGISTER_ROOT.test(bytes.subarray(0, 4096).toString('utf8'))) };
      if (bytes) known?.set(f, entry);
    }
    hashes.set(f, entry.hash);
    if (entry.register) registers.add(f);
  }
  return { hashes, registerFiles: paths.filter((f) => registers.has(f)) };
}

async function hashFile(file: string): Promise<string> {
  return readFile(file).then(hashOf, () => '');
}

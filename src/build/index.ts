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
import { join, normalize } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { collectInputs } from '../load/inputs.js';
import { DEFAULT_RULES, DEFAULT_SCHEMA, TOOLKIT_ROOT } from '../paths.js';
import type { EntityKind } from '../render/html.js';
import { withTypstSandboxProcessWide } from '../render/print.js';
import { aboutPage, documentPath, indexPage, registerPage, REGISTER_FILES, type Edition } from '../site/pages.js';
import { browseIndex, correspondentPages, correspondentsPage, yearPages } from '../site/browse.js';
import { neighbours, summarize } from '../site/letters.js';
import { CORRESPONDENTS_PAGE } from '../site/lists.js';
import { searchFiles, searchPage, SEARCH_PAGE } from '../site/search.js';
import type { DocumentModel } from '../model/types.js';
import type { DocumentSummary } from '../site/summary.js';
import { dataFiles } from '../export/files.js';
import type { ValidateOptions } from '../validate/index.js';
import { pointedFiles, resolveCrossReferences } from '../validate/xref.js';
import { OutputFiles } from '../write/atomic.js';
import { OutputClaims } from '../write/claims.js';
import { citationsIndex, CITATIONS_INDEX_SUFFIX } from '../export/files.js';
import { assembleBook, volumeOrder, volumeTargets, type VolumePart } from '../render/book.js';
import type { EpubHtml } from '../render/epub.js';
import type { EditionSettings } from '../settings/types.js';
import { existsSync } from 'node:fs';
import { BuildCache, MemoryStore } from './cache.js';
import { handleDocumentRequest, hashOf, type VolumeLetter, type CheckedDocument, type DocumentRequest, type EditionContext, type RenderedOutputs, type RenderRequest, type Target } from './document.js';
import { defaultPoolSize, threadsFromEnvironment, WorkerPool } from './pool.js';
import { MapSink, type OutputSink } from './sink.js';

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
  /** The edition's settings (edition.json). */
  settings?: EditionSettings;
  /** Build the volume (print/edition.pdf, .typ) even for one document; it is built for two or more anyway. */
  volume?: boolean;
  onProgress?: (message: string) => void;
  /** The on-disk cache for rebuilds in a new process (e.g. `<edition>/.cache/tei-edition`); none when absent. */
  cacheDir?: string;
  /** Worker threads (default: one per core; 0: everything in this thread). */
  threads?: number;
}

export interface BuildResult {
  diagnostics: Diagnostic[];
  /** Empty when validation found errors: nothing is published then. */
  files: OutputFiles;
  documents: number;
}

export interface StreamedBuild {
  diagnostics: Diagnostic[];
  documents: number;
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
  return { diagnostics, files: r.ok && !collisions.some((d) => d.severity === 'error') ? sink.files : new OutputFiles(), documents: r.documents };
}

/**
 * Fewer documents than this are done in this thread: each worker loads
 * SaxonJS, the stylesheets and the Typst compiler anew (about 1 s of CPU),
 * which a handful of documents does not pay back (bench: --corpus 1,10).
 */
const THREADS_FROM = 8;
/** Documents per check request: RELAX NG runs once per batch (libxml2 compiles the schema per call). */
const CHECK_BATCH = 20;

export async function buildInto(sink: OutputSink, options: BuildOptions, memory?: MemoryStore): Promise<StreamedBuild> {
  const progress = options.onProgress ?? (() => {});
  const targets = ALL_TARGETS.filter((t) => (options.targets ?? ALL_TARGETS).includes(t));
  const { files: paths, diagnostics } = await collectInputs(options.inputs);
  const cache = await BuildCache.open(options.cacheDir, memory);
  const hashes = await hashInputs(paths);
  const forced = options.threads ?? threadsFromEnvironment();
  const threads = forced ?? defaultPoolSize();
  const pool = threads > 0 ? new WorkerPool<DocumentRequest, unknown>(join(TOOLKIT_ROOT, 'lib', 'build', 'worker.js'), threads) : undefined;
  // The workers start only when there is enough to do (all of it cached: none).
  const runner = (work: number): { run: (r: DocumentRequest) => Promise<unknown>; inWorkers: boolean } =>
    pool?.available && (forced !== undefined || work >= THREADS_FROM) ? { run: (r) => pool.run(r), inWorkers: true } : { run: (r) => handleDocumentRequest(r), inWorkers: false };
  try {
    // 1. Check every document (from the cache where it is unchanged).
    const schema = options.schema === undefined ? DEFAULT_SCHEMA : options.schema;
    const rules = options.rules === undefined ? DEFAULT_RULES : options.rules;
    const checkContext = [`schema=${schema || '-'}`, schema ? await hashFile(schema) : '', `rules=${rules || '-'}`, rules ? await hashFile(rules) : ''].join('\0');
    const checkKey = (file: string): string => cache.key('check', checkContext, file, hashes.get(file) ?? '');
    const checked = new Map<string, CheckedDocument>();
    const misses: string[] = [];
    for (const file of paths) {
      const hit = hashes.get(file) ? await cache.getCheck(checkKey(file)) : undefined;
      if (hit && hit.file === file && hit.hash === hashes.get(file)) checked.set(file, hit);
      else misses.push(file);
    }
    progress(`checking ${misses.length} of ${paths.length} documents`);
    const check = runner(misses.length).run;
    const batch = Math.max(1, Math.min(CHECK_BATCH, Math.ceil(misses.length / (2 * Math.max(1, threads)))));
    const batches: string[][] = [];
    for (let i = 0; i < misses.length; i += batch) batches.push(misses.slice(i, i + batch));
    await Promise.all(
      batches.map(async (files) => {
        for (const c of (await check({ kind: 'check', files, schema, rules })) as CheckedDocument[]) {
          checked.set(c.file, c);
          if (c.hash && c.hash === hashes.get(c.file)) await cache.putCheck(checkKey(c.file), c);
        }
      }),
    );
    const docs = paths.map((f) => checked.get(f) as CheckedDocument);
    for (const d of docs) diagnostics.push(...d.findings);
    const wellFormed = docs.filter((d) => d.xref);
    if (options.crossReferences !== false) diagnostics.push(...resolveCrossReferences(wellFormed.map((d) => d.xref!)));
    diagnostics.push(...duplicateIds(docs));
    if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics: once(diagnostics), documents: wellFormed.length, ok: false };

    // 2. Render every document, streaming its files to the sink. The shared
    // register file is checked with the letters but published only through them.
    const letters = docs.filter((d) => !d.register);
    const first = letters[0]?.model;
    const edition: EditionContext = {
      title: options.title ?? first?.subtitle ?? first?.title ?? 'TEI edition',
      ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
      ...((options.introduction ?? first?.projectDescription) !== undefined ? { introduction: options.introduction ?? first?.projectDescription } : {}),
    };
    const byPath = new Map(paths.map((f) => [normalize(f), hashes.get(f) ?? '']));
    const around = neighboursOf(letters.map((d) => d.model as DocumentModel));
    const linked = ALL_TARGETS.filter((t) => options.linkTargets?.includes(t) && !targets.includes(t));
    // The volume (print/edition.pdf, .typ, .epub): of two letters or more, or on request.
    const wantVolume = targets.includes('print') && (letters.length > 1 || Boolean(options.volume));
    const htmlParts = new Map<string, EpubHtml>();
    // A partial build (--only web) links, and copies, the PDF and text outputs the previous build left.
    const previousFiles = (id: string): [string, string][] =>
      options.previousOutput
        ? ([[`print/${id}.pdf`, 'pdf'], [`text/${id}.txt`, 'txt'], [`text/${id}.annotated.txt`, 'annotated.txt']] as [string, string][]).filter(([p]) => !targets.includes(p.split('/')[0] as Target) && existsSync(join(options.previousOutput as string, p)))
        : [];
    // Output names are known from the models: names that collide are findings before anything is rendered.
    diagnostics.push(...outputClaims(letters, targets, wantVolume, (id) => previousFiles(id).map(([, to]) => to)).findings(), ...sameNameTargets(letters));
    if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics: once(diagnostics), documents: docs.length, ok: false };
    const summaries: DocumentSummary[] = new Array(letters.length);
    let about = '';
    let failed = false;
    let next = 0;
    let rendered = 0;
    const jobs = letters.map((d, i) => {
      const model = d.model as DocumentModel;
      const previous = [...new Set(previousFiles(model.id).map(([p]) => p.split('/')[0] as Target))];
      const request: RenderRequest = { kind: 'render', file: d.file, model, targets, linked, previous, withHtmlParts: wantVolume, paper: options.paper ?? 'us-letter', edition, neighbours: around.get(model.id) ?? [], withAbout: i === 0 };
      // The outputs depend on the document, on every document it points into (shared registers) and on the request.
      const deps = d.xref ? pointedFiles(d.xref).map((f) => `${f}=${byPath.get(f) ?? ''}`) : [];
      return { d, request, key: cache.key('render', JSON.stringify(request), d.hash, ...deps) };
    });
    const { run, inWorkers } = runner(jobs.filter((j) => !cache.hasRender(j.key)).length);
    const renderOne = async (i: number): Promise<void> => {
      const { d, request, key } = jobs[i] as (typeof jobs)[number];
      let out = await cache.getRender(key);
      if (!out || out.hash !== d.hash) {
        try {
          out = (await run(request)) as RenderedOutputs;
        } catch (e) {
          failed = true;
          diagnostics.push({ file: d.file, line: 0, column: 0, severity: 'error', source: 'internal', rule: 'render-failed', message: `could not be rendered: ${(e as Error).message}`, hint: 'This is a defect of the toolkit or of a stylesheet; please report it with the document.' });
          return;
        }
        rendered++;
        if (out.hash === d.hash) await cache.putRender(key, out);
      }
      for (const [path, content, origin] of out.files) await sink.add(path, content, origin);
      if (targets.includes('web')) {
        for (const [path, to] of previousFiles(out.summary.model.id)) {
          const content = await readFile(join(options.previousOutput as string, path)).catch(() => undefined);
          if (content) await sink.add(`web/downloads/${out.summary.model.id}.${to}`, content, { file: d.file, what: `the ${to} download of document "${out.summary.model.id}"` });
        }
      }
      if (out.html) htmlParts.set(out.summary.model.id, out.html);
      summaries[i] = out.summary;
      if (out.about !== undefined) about = out.about;
      diagnostics.push(...out.warnings);
      if (letters.length > 5 && i % 10 === 0) progress(`rendering ${i + 1}/${letters.length} ${d.file}`);
    };
    // Each lane takes the next document when its last one is written: at most `lanes` documents' outputs are in memory.
    const lanes = inWorkers && pool ? pool.size * 2 : 1;
    const renderAll = (): Promise<void[]> =>
      Promise.all(
        Array.from({ length: lanes }, async () => {
          while (next < letters.length) await renderOne(next++);
        }),
      );
    if (inWorkers && targets.includes('print')) await withTypstSandboxProcessWide(renderAll);
    else await renderAll();
    if (failed) return { diagnostics: once(diagnostics), documents: docs.length, ok: false };
    progress(`rendered ${rendered} of ${letters.length} documents; assembling the edition's pages`);
    if (wantVolume) await addVolume(sink, letters, htmlParts, cache, runner, options, diagnostics, progress);

    // 3. The edition-level pages, from the summaries.
    if (targets.includes('data')) {
      for (const [name, content] of dataFiles(summaries.map((s) => s.model), new Map(), { baseUrl: options.baseUrl, title: options.title })) await sink.add(`data/${name}`, content);
    }
    if (targets.includes('web')) {
      const site: Edition = { ...edition, documents: summaries, about };
      await sink.add('web/index.html', indexPage(site));
      await sink.add(`web/${CORRESPONDENTS_PAGE}`, correspondentsPage(site));
      for (const [path, html] of [...yearPages(site), ...correspondentPages(site)]) await sink.add(`web/${path}`, html);
      await sink.add(`web/${SEARCH_PAGE}`, searchPage(site.title));
      const byId = browseIndex(site).byId;
      for (const [path, content] of searchFiles(summaries.map((d) => ({ summary: byId.get(d.model.id)!, text: d.text })))) await sink.add(`web/${path}`, content);
      await sink.add('web/about.html', aboutPage(site));
      for (const kind of ['person', 'place', 'org'] as EntityKind[]) await sink.add(`web/${REGISTER_FILES[kind]}`, registerPage(site, kind));
      for (const a of ASSETS) await sink.add(`web/assets/${a}`, await readFile(join(TOOLKIT_ROOT, 'assets', a), 'utf8'));
    }
    cache.sweep();
    return { diagnostics: once(diagnostics), documents: docs.length, ok: true };
  } finally {
    await pool?.close();
  }
}

const ASSETS = ['edition.css', 'edition.js', 'search.js', 'icon.svg'];

/**
 * The volume: each letter's part is rendered (or taken from the cache) like
 * the letter's own outputs, with its number and the volume's table of
 * documents; this thread assembles and typesets the whole (one Typst
 * document: the volume holds every letter by its nature).
 */
async function addVolume(
  sink: OutputSink,
  letters: CheckedDocument[],
  htmlParts: Map<string, EpubHtml>,
  cache: BuildCache,
  runner: (work: number) => { run: (r: DocumentRequest) => Promise<unknown>; inWorkers: boolean },
  options: BuildOptions,
  diagnostics: Diagnostic[],
  progress: (m: string) => void,
): Promise<void> {
  progress(`typesetting the volume of ${letters.length} documents`);
  const byModel = new Map(letters.map((d) => [d.model as DocumentModel, d]));
  const order = volumeOrder([...byModel.keys()]);
  const documents = volumeTargets(order);
  const volumeTitle = options.settings?.title;
  const jobs = order.map((model, i) => {
    const d = byModel.get(model) as CheckedDocument;
    const request = { kind: 'volume' as const, file: d.file, model, context: { number: i + 1, documents, ...(volumeTitle !== undefined ? { volumeTitle } : {}) }, withPrinciples: i === 0 };
    return { d, request, key: cache.key('volume', JSON.stringify(request), d.hash) };
  });
  const results: (VolumeLetter | undefined)[] = [];
  const misses: number[] = [];
  for (const [i, j] of jobs.entries()) {
    const hit = await cache.getEntry<VolumeLetter>('volume', j.key);
    if (hit?.hash === j.d.hash) results[i] = hit;
    else misses.push(i);
  }
  const { run } = runner(misses.length);
  await Promise.all(
    misses.map(async (i) => {
      const j = jobs[i] as (typeof jobs)[number];
      const r = (await run(j.request)) as VolumeLetter;
      if (r.hash === j.d.hash) await cache.putEntry('volume', j.key, r);
      results[i] = r;
    }),
  );
  const parts = results.map((r) => (r as VolumeLetter).part);
  const principles = results[0]?.principles;
  const withHtml = parts.map((part: VolumePart) => ({ part, html: htmlParts.get(part.model.id) }));
  const { volume, epub } = await assembleBook(withHtml, principles, { settings: options.settings, paper: options.paper ?? 'us-letter', ranges: options.settings?.indexRanges });
  await sink.add('print/edition.pdf', volume.pdf, { what: 'the volume print/edition.pdf' });
  await sink.add('print/edition.typ', volume.typst, { what: 'the volume print/edition.typ' });
  if (epub) await sink.add('print/edition.epub', epub, { what: 'the volume print/edition.epub' });
  for (const message of volume.warnings) diagnostics.push({ file: '', line: 0, column: 0, severity: 'warning', source: 'internal', rule: 'print', message: `volume: ${message}`, hint: 'The PDF was written without this property.' });
}

/**
 * Every output path the build will write, claimed in the order the outputs
 * are listed (citations, data, text, print, the volume, web), with what
 * each is, so that two outputs that would land on one file (a document id
 * "cmif" against data/cmif.xml, "x" and "x.annotated", "Letter" and
 * "letter") are found from the models alone. The names are those
 * document.ts writes (and the write stage refuses any it did not foresee).
 */
function outputClaims(letters: CheckedDocument[], targets: readonly Target[], volume: boolean, previous: (id: string) => string[]): OutputClaims {
  const claims = new OutputClaims();
  const has = (t: Target): boolean => targets.includes(t);
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
    const names = new Set([...citationsIndex(model).targets.flatMap((t) => Object.values(t.files)), `${id}${CITATIONS_INDEX_SUFFIX}`]);
    return [...names].map((n) => [`${prefix}${n}`, `the citation file ${n}`]);
  };
  if (has('cite')) each(citations('cite/'));
  if (has('data')) {
    for (const name of ['cmif.xml', 'edition.jsonld']) claims.claim(`data/${name}`, { what: `the edition's export data/${name}` });
    each((id) => [[`data/${id}.xml`, 'the TEI source']]);
  }
  if (has('text')) each((id) => [[`text/${id}.txt`, 'the plain text'], [`text/${id}.annotated.txt`, 'the annotated text']]);
  if (has('print')) each((id) => [[`print/${id}.pdf`, 'the PDF'], [`print/${id}.typ`, 'the Typst source']]);
  if (volume) for (const name of ['edition.pdf', 'edition.typ', 'edition.epub']) claims.claim(`print/${name}`, { what: `the volume print/${name}` });
  if (has('web')) {
    each(citations('web/cite/'));
    each((id) => {
      const made = (target: Target, path: string): boolean => has(target) && held.has(path);
      const downloads = [...(made('print', `print/${id}.pdf`) ? ['pdf'] : []), ...(made('text', `text/${id}.txt`) ? ['txt'] : []), ...(made('text', `text/${id}.annotated.txt`) ? ['annotated.txt'] : []), ...previous(id)];
      return [[`web/${documentPath(id)}`, 'the web page'], [`web/downloads/${id}.xml`, 'the TEI download'], ...downloads.map((to): [string, string] => [`web/downloads/${id}.${to}`, `the ${to} download`])];
    });
  }
  return claims;
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
    const index = citationsIndex(d.model);
    claims.claim(`cite/${d.model.id}${CITATIONS_INDEX_SUFFIX}`, { file: d.file, what: `the citations index of document "${d.model.id}"` });
    for (const t of index.targets) for (const [format, name] of Object.entries(t.files)) claims.claim(`cite/${name}`, { file: d.file, what: `the ${format} citation of witness "${t.target}"` });
    out.push(...claims.findings());
  }
  return out;
}


/** For each letter, the models of its previous and next letters in time and in its correspondence (site/letters.ts decides which). */
function neighboursOf(models: DocumentModel[]): Map<string, DocumentModel[]> {
  const byId = new Map(models.map((m) => [m.id, m]));
  const out = new Map<string, DocumentModel[]>();
  for (const [id, n] of neighbours(models.map(summarize))) {
    const ids = [...new Set([n.prev, n.next, n.prevInCorrespondence, n.nextInCorrespondence].filter((s) => s !== undefined).map((s) => s.id))];
    out.set(id, ids.map((x) => byId.get(x) as DocumentModel));
  }
  return out;
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

/** Two documents with the same id would overwrite each other's pages. */
function duplicateIds(docs: CheckedDocument[]): Diagnostic[] {
  const seen = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const d of docs) {
    if (!d.model) continue;
    const other = seen.get(d.model.id);
    if (other) {
      out.push({ file: d.file, line: 0, column: 0, severity: 'error', source: 'xref', rule: 'document-id-unique', message: `document id "${d.model.id}" is also the id of ${other}`, hint: 'Give each document its own publicationStmt/idno (or TEI/@xml:id).' });
    } else seen.set(d.model.id, d.file);
  }
  return out;
}

/** sha256 of every input, 16 files at a time (the hashes are the cache's keys; the bytes are not kept). */
async function hashInputs(paths: string[]): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < paths.length) {
        const f = paths[next++] as string;
        hashes.set(f, await hashFile(f));
      }
    }),
  );
  return hashes;
}

async function hashFile(file: string): Promise<string> {
  return readFile(file).then(hashOf, () => '');
}

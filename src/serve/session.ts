import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildInto, type BuildOptions, type InputHashes, type Target } from '../build/index.js';
import { MemoryStore } from '../build/cache.js';
import { checkDocuments, hashOf, readModels, renderDocument, type CheckedDocument, type ReadModel, type RenderedOutputs, type RenderRequest } from '../build/document.js';
import type { DocumentModel } from '../model/types.js';
import { MapSink } from '../build/sink.js';
import type { Diagnostic } from '../diagnostic.js';
import { DEFAULT_RULES, DEFAULT_SCHEMA } from '../paths.js';
import { applyProfile } from '../validate/profile.js';
import { DocumentThreads, requestKey } from './runner.js';
import { decodeXml } from '../load/decode.js';
import { loadBytes } from '../load/source.js';
import { collectInputs } from '../load/inputs.js';
import { LineIndex } from '../load/lines.js';
import { esc, page } from '../site/html.js';
import type { OverlayFinding, ServeState } from './client.js';
import { startPreviewServer, type SiteFiles } from './http.js';
import { watchTargets, type WatchTargets } from './watch.js';

/** The inputs as the build reads them (a folder: the *.xml in it), plus other files. */
export function watchedPaths(inputs: string[], files: string[]): WatchTargets {
  const targets: WatchTargets = { folders: [], files: files.map((f) => resolve(f)) };
  for (const p of inputs) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // missing: the build reports it; its folder is watched for it to appear
    }
    (isDir ? targets.folders : targets.files).push(resolve(p));
  }
  return targets;
}

/** What a build needs besides its inputs, read afresh before every build (the settings file may have changed). */
export interface SessionBuildOptions extends Omit<BuildOptions, 'inputs' | 'targets' | 'linkTargets' | 'onProgress'> {
  /** Findings about the settings themselves (edition.json), shown like the documents' findings. */
  settingsFindings?: Diagnostic[];
}

export interface ServeOptions {
  inputs: string[];
  buildOptions: () => SessionBuildOptions;
  /** Files to watch besides the inputs: the settings file, registers elsewhere, stylesheet overrides. */
  watchFiles?: string[];
  host: string;
  port: number;
  /** Print, text, citations and data after each web build (default true). */
  background?: boolean;
  /** How long the watched folders must be quiet before a rebuild (ms). */
  quietMs?: number;
  onEvent?: (e: ServeEvent) => void;
}

export type ServeEvent =
  /** Pages were rebuilt and the open pages told to reload (`documents`: the pages of letters made again, or the edition's letters after a whole build). */
  | { type: 'web'; ms: number; documents: number; version: number; changed: string[]; cpuMs?: number }
  /** A saved letter's PDF, text and citations are served anew (ahead of the rest of the edition). */
  | { type: 'document'; ms: number; file: string }
  /** Everything (the edition's pages, PDF, text, citations, data) is up to date with the sources. */
  | { type: 'outputs'; ms: number; files: number }
  /** The current findings (errors and warnings) changed; errors keep the last good build. */
  | { type: 'findings'; diagnostics: Diagnostic[]; lineText: (file: string, line: number) => string | undefined }
  | { type: 'internal-error'; message: string };

export interface ServeSession {
  url: string;
  watched: WatchTargets;
  state(): ServeState;
  site(): SiteFiles;
  /** Resolves when no build is running or waiting (for tests and the benchmark). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const ALL_BUT_WEB: Target[] = ['print', 'text', 'cite', 'data'];

/** collectInputs' findings about a file of the folder it does not read (it is no document of the edition). */
const REFUSED = new Set(['link-outside', 'link-broken', 'not-a-file']);

type Files = Map<string, string | Uint8Array>;

const isError = (d: Diagnostic): boolean => d.severity === 'error';

/** A file's lines as the findings count them (decoded as the loader decodes), or nothing when it cannot be read. */
function linesOf(file: string): LineIndex | undefined {
  try {
    const decoded = decodeXml(readFileSync(file));
    return decoded.ok ? new LineIndex(decoded.text) : new LineIndex(readFileSync(file, 'latin1'));
  } catch {
    return undefined;
  }
}

/** Shown until the first good build: it carries the client, so it reloads by itself and shows the findings. */
function placeholder(message: string): string {
  return page({ title: 'tei-edition serve', root: '', main: `<h1>tei-edition serve</h1>\n<p>${esc(message)}</p>`, editionTitle: 'tei-edition serve' });
}

/**
 * `serve`: the preview server, the watcher and the rebuild loop.
 *
 * The served files are the build's output held in memory (the `web/` part of
 * the build's files), not dist/ on disk: a save is visible without writing
 * thousands of files, a request can never see a half-written file, and
 * dist/ stays what `build` last published.
 *
 * A save of letters (the common case) is a *round* in three steps, each
 * visible as soon as it is done:
 *
 * 1. each saved letter's page alone: on this thread, well-formedness, its
 *    HTML and its page (the request the last build made for it), while a
 *    warm worker thread reads its model (the header), which the page is
 *    assembled again with only when the save changed it; into the served
 *    files; the open pages reload, unless the header changed: then other
 *    pages change too, and they reload once, after step 3 (see `held`);
 * 2. in the warm worker threads (src/serve/runner.ts): the letter's RELAX NG
 *    and Schematron check (its findings are sent at once; a letter with
 *    errors gets its last good page back), then its PDF, text and
 *    citations, served as soon as they are made;
 * 3. the whole build (every output but the volume), which takes every
 *    unchanged letter from the session's cache and the saved letter's work
 *    from step 2, and adds what depends on the letter (the pages of its
 *    neighbours, the index, years, correspondents, registers, search): its
 *    web files replace the served ones, so that once a round is over the
 *    preview is what a clean build gives.
 *
 * A letter with errors keeps its last good page (under the overlay) while
 * saves of the others still show; the edition's own pages follow when no
 * letter has errors. A letter with errors that was never served (broken
 * when serve started, or added so) is left out of the builds until it is
 * fixed, so that it does not hold back the rest (see build). Any other
 * change (a register, the settings, a letter added, removed or renamed) is
 * a whole build: the web pages first, then everything. Rounds run one at a time; saves that arrive meanwhile make the
 * next one, and a round with saves waiting leaves its build to the next.
 *
 * The volume (print/edition.pdf and .epub) is never made by serve: it holds
 * every letter, and typesetting it again on each save would hold the server
 * for seconds in a large edition. `tei-edition build` makes it.
 */
export async function startServe(o: ServeOptions): Promise<ServeSession> {
  /**
   * Set when the session closes (Ctrl-C): a build still running then loses its workers ("the worker pool is
   * closed"), which is the stop's doing, not a bug; nothing is reported after it.
   */
  let closing = false;
  const emit = (e: ServeEvent): void => {
    if (!closing) o.onEvent?.(e);
  };
  const background = o.background !== false;
  const fullTargets: Target[] = background ? ['web', ...ALL_BUT_WEB] : ['web'];
  let site: Files = new Map([['index.html', placeholder('Building the edition…')]]);
  let state: ServeState = { version: 0, findings: [] };
  let shownFindings = '';
  /** The findings of the last build, with those of the letters saved since in their place. */
  let findings: Diagnostic[] = [];
  const threads = new DocumentThreads(fullTargets);
  /** The session's own cache of each document's check and outputs (never shared with other builds of the process). */
  const memory = new MemoryStore();
  const inputHashes: InputHashes = new Map();
  /** Each letter's served web files from its last good state (keyed by its resolved path): what a save with errors falls back to. */
  const good = new Map<string, Files>();
  /** The hash of the bytes each letter's served page was made from in a round of saves (keyed by its resolved path). */
  const shown = new Map<string, string>();
  /** Each letter's model as a round of saves last read it (newer than its build's request until the build plans it again). */
  const lastModel = new Map<string, DocumentModel>();
  /** Whether a whole build is due: a round showed saves, and no build since has finished with the sources as they are. */
  let owed = false;
  /**
   * A reload held back: a round of saves that changed a letter's header
   * serves the letter's page at once but tells the open pages to reload only
   * when the whole build has made the other pages that show the header (the
   * index, correspondents, registers, its neighbours' links), so that each
   * open page reloads once, onto pages that agree. Any reload sent ends it.
   */
  let held: { t0: number; changed: string[]; documents: number } | undefined;

  /** Until the first build is over, a page not in the served files is being built (see startPreviewServer's `starting`). */
  let started = false;
  const server = await startPreviewServer({ host: o.host, port: o.port, site: () => site, state: () => state, starting: () => !started });
  const publish = (next: ServeState): void => {
    if (next.version !== state.version) held = undefined;
    state = next;
    server.broadcast(state);
  };

  /** Errors go to the overlay (with their source line); all findings to the terminal, when they changed. */
  function report(diagnostics: Diagnostic[]): OverlayFinding[] {
    findings = diagnostics;
    // Source lines are read only for the findings shown, once per file and report.
    const lines = new Map<string, LineIndex | undefined>();
    const lineText = (file: string, n: number): string | undefined => {
      if (!lines.has(file)) lines.set(file, linesOf(file));
      return lines.get(file)?.lineText(n);
    };
    const key = JSON.stringify(diagnostics);
    if (key !== shownFindings) {
      shownFindings = key;
      emit({ type: 'findings', diagnostics, lineText });
    }
    return diagnostics
      .filter(isError)
      .map((d) => ({ file: d.file, line: d.line, column: d.column, severity: d.severity, rule: d.rule, message: d.message, hint: d.hint, source: d.line > 0 ? lineText(d.file, d.line) : undefined }));
  }

  function internalError(e: unknown): Diagnostic {
    // A bug of ours must not take the server down: it is shown like a finding, and the last good build stays.
    const message = (e as Error).message ?? String(e);
    emit({ type: 'internal-error', message });
    return { file: o.inputs.join(' '), line: 0, column: 0, severity: 'error', source: 'internal', rule: 'internal-error', message, hint: 'This is a bug of tei-edition: please report it (TEI_EDITION_DEBUG=1 shows the stack).' };
  }

  type Built = { diagnostics: Diagnostic[]; files?: Map<string, string | Uint8Array>; documents: number };

  /**
   * The build of the edition, or, when it has errors in letters this
   * session has never served (serve started while they were broken, or
   * they were added so), the build of the edition without them: a preview
   * shows what can be built, where `build` publishes nothing. Its findings
   * are those of the whole edition (the left-out letters' errors at their
   * places). A letter with errors that was served keeps its last good page
   * instead (see restoreGood), and the edition's pages wait for its fix.
   */
  async function build(targets: Target[]): Promise<Built> {
    const whole = await buildOf(o.inputs, targets);
    if (whole.files) return whole;
    try {
      const { editionRoot } = o.buildOptions();
      const { files, diagnostics: refusals } = await collectInputs(o.inputs, { root: editionRoot });
      // Files of the folder that are never read (a link out of the edition, a pipe: see collectInputs): not part of
      // the edition, so their errors do not hold back the rest, built from the files that are read.
      const refused = new Set(refusals.filter((d) => isError(d) && REFUSED.has(d.rule)).map((d) => resolve(d.file)));
      const leftOut = new Set<string>();
      let r = whole;
      let rebuilt = false;
      // Leaving a letter out may leave another's pointer to it without a target: it is left out too, and so on.
      while (!r.files) {
        const errorsIn = new Set(r.diagnostics.filter(isError).map((d) => resolve(d.file)));
        const broken = new Set([...errorsIn].filter((f) => !refused.has(f)));
        const more = files.filter((f) => broken.has(resolve(f)));
        const onlyRefused = !rebuilt && broken.size === 0 && errorsIn.size > 0;
        // An error anywhere else (the settings, a register file, a letter served before, the build itself) stops it.
        if (!onlyRefused && (more.length === 0 || more.length < broken.size || more.some((f) => leftOut.has(resolve(f)) || inputHashes.get(f)?.register !== false || good.has(resolve(f))))) return whole;
        rebuilt = true;
        for (const f of more) leftOut.add(resolve(f));
        const rest = files.filter((f) => !leftOut.has(resolve(f)));
        if (!rest.some((f) => inputHashes.get(f)?.register === false)) return whole;
        r = await buildOf(rest, targets);
      }
      // The whole edition's findings, then any the build of the rest adds (a warning of the rendering).
      const known = new Set(whole.diagnostics.map((d) => JSON.stringify(d)));
      return { ...r, diagnostics: [...whole.diagnostics, ...r.diagnostics.filter((d) => !known.has(JSON.stringify(d)))] };
    } catch (e) {
      return { diagnostics: [...whole.diagnostics, internalError(e)], documents: 0 };
    }
  }

  async function buildOf(inputs: string[], targets: Target[]): Promise<Built> {
    try {
      const { settingsFindings = [], ...options } = o.buildOptions();
      const sink = new MapSink();
      const linkTargets = background && targets.length === 1 ? ALL_BUT_WEB : [];
      const r = await buildInto(sink, { ...options, inputs, targets, linkTargets, volume: false, runner: threads, inputHashes }, memory);
      // Output names that collide: findings, and nothing is published (as buildEdition does).
      // Settings with an error are read as none: the build's warnings that edition.json lacks a title, a publisher, …
      // would be false (it has them, unreadable). The error alone is said, as validate and build say it.
      const settingsBroken = settingsFindings.some(isError);
      const built = settingsBroken ? r.diagnostics.filter((d) => d.rule !== 'settings-fallback') : r.diagnostics;
      const diagnostics = [...settingsFindings, ...built, ...sink.files.claims.findings()];
      const failed = !r.ok || diagnostics.some(isError);
      if (!failed) rememberGood(sink.files.origins, sink.files);
      return { diagnostics, files: failed ? undefined : sink.files, documents: r.documents };
    } catch (e) {
      return { diagnostics: [internalError(e)], documents: 0 };
    }
  }

  /** Each letter's web files of a good build, by the letter they were made from. */
  function rememberGood(origins: ReadonlyMap<string, { file?: string }>, files: Files): void {
    good.clear();
    for (const [path, origin] of origins) {
      if (!origin.file || !path.startsWith('web/')) continue;
      const key = resolve(origin.file);
      if (!good.has(key)) good.set(key, new Map());
      good.get(key)?.set(path.slice(4), files.get(path) as string | Uint8Array);
    }
  }

  const webOf = (files: Map<string, string | Uint8Array>): Files => {
    const web: Files = new Map();
    for (const [k, v] of files) if (k.startsWith('web/')) web.set(k.slice(4), v);
    return web;
  };
  /** Puts one letter's web files into the served ones (its other files stay as they were). */
  const serveLetterFiles = (files: Iterable<[string, string | Uint8Array, ...unknown[]]>): number => {
    let n = 0;
    for (const [path, content] of files) if (path.startsWith('web/')) site.set(path.slice(4), content), n++;
    return n;
  };

  async function webBuild(changed: string[]): Promise<boolean> {
    const t0 = performance.now();
    const r = await build(['web']);
    started = true;
    const overlay = report(r.diagnostics);
    if (!r.files) {
      if (state.version === 0) site = new Map([['index.html', placeholder('The edition has errors: fix them and this page shows it.')]]);
      publish({ version: state.version, findings: overlay });
      return false;
    }
    const next = webOf(r.files);
    // Downloads the web build links but does not make (PDF, text) stay as they were until the background build replaces them.
    for (const [k, v] of site) if (k.startsWith('downloads/') && !next.has(k)) next.set(k, v);
    site = next;
    publish({ version: state.version + 1, findings: overlay });
    emit({ type: 'web', ms: performance.now() - t0, documents: r.documents, version: state.version, changed });
    return true;
  }

  /** The whole build of every output: its web files become the served ones; a page that changed reloads the open pages. */
  async function outputsBuild(t0: number, saved: string[] = []): Promise<void> {
    const since = touched;
    const r = await build(fullTargets);
    // A save during the build: it may have read some files before and some after; the next round builds again.
    if (touched !== since) return;
    owed = false;
    if (!r.files) {
      const overlay = report(r.diagnostics);
      // A saved letter the build found errors in (a pointer to nothing) gets its last good page back.
      const withErrors = new Set(r.diagnostics.filter(isError).map((d) => resolve(d.file)));
      let restored = false;
      for (const p of saved) if (withErrors.has(p)) restored = restoreGood(p) || restored;
      const owedReload = held;
      publish({ version: state.version + (restored || owedReload ? 1 : 0), findings: overlay });
      if (owedReload) emit({ type: 'web', ms: performance.now() - owedReload.t0, documents: owedReload.documents, version: state.version, changed: owedReload.changed });
      return;
    }
    const next = webOf(r.files);
    // The open pages reload when a page changed; new search shards or downloads alone are fetched when asked for.
    const owedReload = held;
    const reload = pagesDiffer(site, next) || Boolean(owedReload);
    site = next;
    const overlay = report(r.diagnostics);
    if (reload || JSON.stringify(overlay) !== JSON.stringify(state.findings)) publish({ version: state.version + (reload ? 1 : 0), findings: overlay });
    if (owedReload) emit({ type: 'web', ms: performance.now() - owedReload.t0, documents: owedReload.documents, version: state.version, changed: owedReload.changed });
    emit({ type: 'outputs', ms: performance.now() - t0, files: r.files.size });
  }

  /**
   * A round for saves of letters the last build rendered (see the comment
   * of startServe). False when the saves need a whole build instead (a
   * letter whose id changed names other pages).
   */
  async function letterRound(changed: string[]): Promise<boolean> {
    const t0 = performance.now();
    // The process's CPU time while the page is made (the worker threads are idle then: the previous round is over).
    const cpu0 = process.cpuUsage();
    const byPath = new Map([...threads.requests].map(([file, r]) => [resolve(file), r]));
    const requests = changed.map((p) => byPath.get(p));
    if (requests.some((r) => !r) || changed.some((p) => !existsSync(p))) return false;
    // The rest of a burst the watcher handed on early (see watchTargets): the pages show these bytes already.
    if (changed.every((p) => shown.get(p) === hashOfFile(p))) {
      if (owed && !pending.size) await outputsBuild(t0, changed);
      return true;
    }
    owed = true;
    const options = o.buildOptions();
    // 1. Each letter's page. Well-formedness here; its model (the header) in a warm worker thread while this
    //    thread renders the page with the model the letter had: only the page's frame (title, metadata,
    //    citation) comes from the model, its text does not, and a save seldom changes the header. A page
    //    whose model did change is assembled again with the new one.
    const models: { request: RenderRequest; model: DocumentModel; hash: string; page?: RenderedOutputs['files'] }[] = [];
    const early = new Map<string, Diagnostic[]>();
    let pages = 0;
    /** Whether a saved letter's header changed: other pages show it, and the reload waits for them (see `held`). */
    let header = false;
    for (const request of requests as RenderRequest[]) {
      const path = resolve(request.file);
      const [checked] = await checkDocuments({ kind: 'check', files: [request.file], shared: request.shared, schema: false, rules: false });
      if (!checked) continue;
      shown.delete(path);
      const found = applyProfile(checked.findings, options.profile);
      if (found.some(isError)) {
        early.set(request.file, found);
        continue;
      }
      // The build asks for the model of the letter just so: it gets this one (DocumentThreads.ahead).
      const reading = threads.ahead<ReadModel[]>({ kind: 'model', files: [{ file: request.file, hash: checked.hash }], shared: request.shared });
      reading.catch(() => undefined); // awaited below, after the page
      const before = lastModel.get(path) ?? request.model;
      let out = await renderDocument(pageRequest(request, before));
      const [read] = await reading;
      if (!read?.model) {
        early.set(request.file, read?.finding ? [read.finding] : []);
        continue;
      }
      if (read.model.id !== request.model.id) return false;
      lastModel.set(path, read.model);
      const page = pageRequest(request, read.model);
      if (requestKey(read.model) !== requestKey(before)) {
        out = await renderDocument(page);
        header = true;
      }
      const m: (typeof models)[number] = { request, model: read.model, hash: checked.hash };
      models.push(m);
      if (out.failure) early.set(request.file, [out.failure]);
      else {
        pages += serveLetterFiles(out.files) > 0 ? 1 : 0;
        m.page = out.files;
        shown.set(path, checked.hash);
        // --no-outputs: this is the request the build makes for the letter.
        if (fullTargets.length === 1) threads.keep({ ...page, linked: [] }, out);
      }
    }
    const mergedFindings = (): Diagnostic[] => [...findings.filter((d) => !early.has(d.file)), ...[...early.values()].flat()];
    // A page with a new header is served now (a page opened or loaded gets it), and the open pages are told once the build
    // has made the rest; so is a page saved while such a reload is held (a reload now would show the pages that disagree).
    if (pages && (header || held)) held = { t0: held?.t0 ?? t0, changed: [...new Set([...(held?.changed ?? []), ...changed])], documents: (held?.documents ?? 0) + pages };
    const reloadNow = pages > 0 && !held;
    publish({ version: state.version + (reloadNow ? 1 : 0), findings: report(mergedFindings()) });
    if (reloadNow) {
      const cpu = process.cpuUsage(cpu0);
      emit({ type: 'web', ms: performance.now() - t0, documents: pages, version: state.version, changed, cpuMs: (cpu.user + cpu.system) / 1000 });
    }

    // 2. In the workers: each letter's checks, then its other outputs.
    const schema = options.schema === undefined ? DEFAULT_SCHEMA : options.schema;
    const rules = options.rules === undefined ? DEFAULT_RULES : options.rules;
    const clean: typeof models = [];
    let restored = false;
    for (const m of models) {
      const [checked] = await threads.ahead<CheckedDocument[]>({ kind: 'check', files: [m.request.file], shared: m.request.shared, schema, rules });
      const found = applyProfile(checked?.findings ?? [], options.profile);
      early.set(m.request.file, found);
      if (!checked || found.some(isError)) restored = restoreGood(m.request.file) || restored;
      else {
        clean.push(m);
        if (m.page) keepGood(m.request.file, m.page);
      }
    }
    publish({ version: state.version + (restored ? 1 : 0), findings: report(mergedFindings()) });
    // --no-outputs: the page made in step 1 is all there is to make.
    for (const { request, model } of fullTargets.length > 1 ? clean : []) {
      // A save came in meanwhile: its page goes first; the outputs follow in its round (or its build).
      if (pending.size) break;
      const out = await threads.ahead<RenderedOutputs>({ ...request, model });
      if (out.failure) continue; // the build reports it
      serveLetterFiles(out.files);
      keepGood(request.file, out.files);
      emit({ type: 'document', ms: performance.now() - t0, file: request.file });
    }
    // Saves waiting: their round ends with the build (the most costly step in a large edition).
    if (pending.size) return true;

    // 3. The whole build: the pages that depend on the letters, and every finding across the edition.
    await outputsBuild(t0, changed);
    return true;
  }

  /** The request for a letter's web files alone, with the links to the outputs the build makes next. */
  function pageRequest(request: RenderRequest, model: DocumentModel): RenderRequest {
    const page: RenderRequest = { ...request, model, targets: ['web'], linked: fullTargets.filter((t) => t !== 'web'), withHtmlParts: false };
    delete page.volume;
    return page;
  }

  /**
   * The builds run in the worker threads, so this thread has not loaded the
   * stylesheets that make a saved letter's page: it loads them once, after
   * the first build, by making one letter's page (thrown away), so that the
   * first save is as quick as the next ones.
   */
  let warm = false;
  async function warmUp(): Promise<void> {
    const request = threads.requests.values().next().value;
    if (warm || !request) return;
    warm = true;
    try {
      const [checked] = await checkDocuments({ kind: 'check', files: [request.file], shared: request.shared, schema: false, rules: false });
      const [read] = checked ? await readModels({ kind: 'model', files: [{ file: request.file, hash: checked.hash }], shared: request.shared }) : [];
      if (read?.model) await renderDocument(pageRequest(request, read.model));
    } catch {
      // only a warm-up: the save shows any problem
    }
  }

  /** A letter's web files that passed its checks: what a later save with errors falls back to. */
  function keepGood(file: string, files: RenderedOutputs['files']): void {
    const key = resolve(file);
    const kept = good.get(key) ?? new Map<string, string | Uint8Array>();
    for (const [path, content] of files) if (path.startsWith('web/')) kept.set(path.slice(4), content);
    good.set(key, kept);
  }

  /** A letter's last good web files back in the served ones; true when any page changed. */
  function restoreGood(file: string): boolean {
    const files = good.get(resolve(file));
    if (!files) return false;
    let changed = false;
    for (const [path, content] of files) {
      if (site.get(path) !== content) changed = true;
      site.set(path, content);
    }
    return changed;
  }

  /** Drops the recorded hashes of the files that changed (all of them when the watcher could not say which). */
  function forgetHashes(changed: string[]): void {
    const paths = new Set(changed);
    const watchedFolders = new Set(watched.folders);
    if (changed.some((p) => watchedFolders.has(p))) return inputHashes.clear();
    for (const f of [...inputHashes.keys()]) if (paths.has(resolve(f))) inputHashes.delete(f);
  }

  // One round at a time; changes that arrive meanwhile make the next one.
  const pending = new Set<string>();
  let running: Promise<void> | undefined;
  async function round(changed: string[]): Promise<void> {
    const t0 = performance.now();
    if (changed.length > 0 && state.version > 0 && (await letterRound(changed))) return;
    // A whole build: the letters' recorded requests may be of other settings or registers until it plans them again.
    threads.requests.clear();
    shown.clear();
    lastModel.clear();
    owed = background;
    const ok = await webBuild(changed);
    if (ok && background && !pending.size) await outputsBuild(t0);
    if (ok && !pending.size) await warmUp();
  }
  async function loop(): Promise<void> {
    for (;;) {
      const changed = [...pending];
      pending.clear();
      try {
        await round(changed);
      } finally {
        threads.forget();
      }
      if (!pending.size) return;
    }
  }
  /** Counts the watcher's events as they come (before its quiet period), and forgets the hashes of what they name at once. */
  let touched = 0;
  const touch = (path: string): void => {
    touched++;
    forgetHashes([path]);
  };
  const schedule = (paths: string[]): void => {
    for (const p of paths) pending.add(p);
    running ??= loop()
      .catch((e: unknown) => {
        // the server stays up
        publish({ version: state.version, findings: report([...findings, internalError(e)]) });
      })
      .finally(() => {
        running = undefined;
        if (pending.size) schedule([]);
      });
  };

  const watched = watchedPaths(o.inputs, o.watchFiles ?? []);
  /** A save the watcher may hand on before its quiet period: a letter of the last build whose file reads as complete, well-formed XML. */
  const ready = (path: string): boolean => {
    if (state.version === 0 || ![...threads.requests.keys()].some((f) => resolve(f) === path)) return false;
    try {
      const bytes = readFileSync(path);
      return bytes.length > 0 && !loadBytes(path, bytes).diagnostics.some(isError);
    } catch {
      return false; // removed or renamed away: the quiet period, then a whole build
    }
  };
  const watcher = watchTargets(watched, schedule, o.quietMs, touch, ready);
  schedule([]);

  return {
    url: server.url,
    watched,
    state: () => state,
    site: () => site,
    async idle(): Promise<void> {
      while (running) await running;
    },
    async close(): Promise<void> {
      closing = true;
      watcher.close();
      await server.close();
      await threads.close();
    },
  };
}

/** The hash of a file's bytes as the build computes it (src/build/document.ts), or '' when it cannot be read. */
function hashOfFile(file: string): string {
  try {
    return hashOf(readFileSync(file));
  } catch {
    return '';
  }
}

/** Whether two sets of served files differ in a page (an HTML file added, removed or changed). */
function pagesDiffer(a: ReadonlyMap<string, string | Uint8Array>, b: ReadonlyMap<string, string | Uint8Array>): boolean {
  const pages = (m: ReadonlyMap<string, unknown>): string[] => [...m.keys()].filter((k) => k.endsWith('.html'));
  if (pages(a).length !== pages(b).length) return true;
  return pages(b).some((k) => a.get(k) !== b.get(k));
}

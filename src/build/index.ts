import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { TEI_NS, type Source } from '../load/source.js';
import { readDocumentModel } from '../model/read.js';
import type { DocumentModel } from '../model/types.js';
import { TOOLKIT_ROOT, XSLT_DIR } from '../paths.js';
import { loadHtmlRenderer, renderHtmlOffThread, type EntityKind, type HtmlRenderer, type RenderedDocument } from '../render/html.js';
import { aboutPage, documentPage, documentPath, indexPage, registerPage, REGISTER_FILES, type Edition, type Occurrence, type SiteDocument } from '../site/pages.js';
import { browseIndex, correspondentPages, correspondentsPage, yearPages } from '../site/browse.js';
import { CORRESPONDENTS_PAGE } from '../site/lists.js';
import { htmlText, searchFiles, searchPage, SEARCH_PAGE } from '../site/search.js';
import { checkSources, finish, loadPaths, type ValidateOptions } from '../validate/index.js';
import { stageFailure } from '../validate/failure.js';
import { isRegisterFile } from '../registers/kind.js';
import { resolveSharedRegisters } from '../registers/resolve.js';
import { checkRegisterClashes } from '../registers/clash.js';
import type { EditionSettings } from '../settings/types.js';
import { settingsFallbacks } from '../settings/fallback.js';
import { OutputFiles } from '../write/atomic.js';
import { citationFiles, citationsIndex, dataFiles, CITATIONS_INDEX_SUFFIX, type CitationsIndex } from '../export/files.js';
import { OutputClaims } from '../write/claims.js';
import { citeBox } from '../site/cite-box.js';
import { editionAbout, type DocumentAbout } from '../site/about.js';
import { loadTextRenderer } from '../render/text.js';
import { loadPrintRenderer } from '../render/print.js';
import { loadSef } from '../xslt/sef.js';
import { transformSync, type SaxonDocument } from '../xslt/transform.js';
import { readingTreeOf } from '../xslt/tree.js';
import { renderBook } from '../render/book.js';
import { graphicsOf, type DocumentGraphics } from '../load/graphics.js';

export type Target = 'web' | 'print' | 'text' | 'cite' | 'data';
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
  /** The edition folder: symbolic links among the inputs may not lead out of it (default: the working folder). */
  editionRoot?: string;
  /** The edition's settings (edition.json). */
  settings?: EditionSettings;
  /** Where the settings came from, to name in findings (default: edition.json). */
  settingsFile?: string;
  /** Build the volume (print/edition.pdf, .typ) even for one document; it is built for two or more anyway. */
  volume?: boolean;
  onProgress?: (message: string) => void;
}

export interface BuildResult {
  diagnostics: Diagnostic[];
  /** Empty when validation found errors: nothing is published then. */
  files: OutputFiles;
  documents: number;
}

/** What one document contributes, cached by the hash of its text for warm rebuilds. */
interface DocumentWork {
  hash: string;
  source: Source;
  tree: SaxonDocument;
  model: DocumentModel;
  html: RenderedDocument;
  occurrences: Occurrence[];
  findings: Diagnostic[];
}

const cache = new Map<string, DocumentWork>();

/**
 * The model is read from the header, the registers and the <text> start
 * tag only, so an edit of the text itself (the usual edit) does not read
 * it again: it is cached by a hash of everything before the text's first child.
 */
const models = new Map<string, { prefix: string; model: DocumentModel }>();
async function modelOf(s: Source): Promise<DocumentModel> {
  const text = s.elements.find((e) => e.depth === 1 && e.namespace === TEI_NS && (e.name === 'text' || e.name.endsWith(':text')));
  const next = text ? s.elements[s.elements.indexOf(text) + 1] : undefined;
  // With includes, the header may come from another file: no shortcut.
  const prefix = next && s.resolvedText === undefined ? hashOf(`${s.file}\0${s.text.slice(0, next.offset)}`) : '';
  const known = models.get(s.file);
  if (prefix && known?.prefix === prefix) return known.model;
  const model = await readDocumentModel(s.file, readingTreeOf(s));
  models.set(s.file, { prefix, model });
  return model;
}

/** From how many changed documents on the HTML is rendered in a worker thread (measured: bench/run.mjs). */
const OFF_THREAD_FROM = 3;

let rendererPromise: Promise<HtmlRenderer> | undefined;
async function renderHere(tree: SaxonDocument, documentId: string, graphics: Record<string, string>): Promise<RenderedDocument> {
  rendererPromise ??= loadHtmlRenderer();
  return (await rendererPromise)(tree, { documentId, withBody: false, graphics });
}

/** What the model and the renderings read: the text with its xi:includes resolved (src/load/xinclude.ts). */
function readingText(s: Source): string {
  return s.resolvedText ?? s.text;
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The build: validate every document, then render every output into a map
 * of files (nothing is written here; see write/atomic.ts). Documents whose
 * text has not changed since the last build in this process are not
 * validated or rendered again.
 */
export async function buildEdition(options: BuildOptions): Promise<BuildResult> {
  const progress = options.onProgress ?? (() => {});
  const targets = new Set(options.targets ?? ALL_TARGETS);
  // The one check path (validate/index.ts): the same findings as `validate` on the same files.
  const { files: paths, sources, diagnostics: loadFindings } = await loadPaths(options.inputs, { root: options.editionRoot });
  // The renderers see each letter with its pointers into the shared register
  // resolved (its view); validation and the published source see it as written.
  const views = resolveSharedRegisters(sources);
  const view = (s: Source): Source => views.get(s) ?? s;
  const letters = sources.filter((s) => !isRegisterFile(s));
  const changed = sources.filter((s) => cache.get(s.file)?.hash !== hashOf(readingText(view(s))));
  // The shared register file is checked with the letters but published only through them.
  const fresh = changed.filter((s) => !isRegisterFile(s));
  // With several changed documents, their HTML is rendered in a worker
  // thread while this thread reads models and validates. For one or two the
  // worker's own start (a second SaxonJS, ~0.3 s on a cold start) costs
  // more than it saves, so they are rendered here.
  const offThread = fresh.length >= OFF_THREAD_FROM;
  const freshModels = new Map<Source, DocumentModel>();
  const html = new Map<Source, Promise<RenderedDocument>>();
  const failed = new Map<Source, Diagnostic>();
  // Images are looked at in every build (an image may change while its letter does not).
  const graphics = new Map<string, DocumentGraphics>();
  for (const s of sources) graphics.set(s.file, await graphicsOf(s, options.editionRoot));
  for (const s of fresh) {
    let model: DocumentModel;
    try {
      model = await modelOf(view(s));
    } catch (e) {
      failed.set(s, stageFailure(s, 'reading the header', e));
      continue;
    }
    freshModels.set(s, model);
    const srcs = graphics.get(s.file)?.srcs ?? {};
    const rendering = offThread ? renderHtmlOffThread(readingText(view(s)), { documentId: model.id, withBody: false, graphics: srcs }) : renderHere(readingTreeOf(view(s)), model.id, srcs);
    rendering.catch(() => undefined); // awaited below, unless validation fails first
    html.set(s, rendering);
  }
  progress(`validating ${fresh.length} of ${sources.length} documents`);
  // Every check over every document (checkSources keeps the findings of unchanged documents).
  const findings = await checkSources(sources, options);
  const diagnostics = [...loadFindings, ...findings];
  const work: DocumentWork[] = [];
  for (const [i, s] of letters.entries()) {
    let w = cache.get(s.file);
    if (!w || w.hash !== hashOf(readingText(view(s)))) {
      if (fresh.length > 5) progress(`rendering ${i + 1}/${letters.length} ${s.file}`);
      const own = findings.filter((d) => d.file === s.file);
      const failure = failed.get(s);
      if (failure || own.some((d) => d.severity === 'error')) {
        if (failure) diagnostics.push(failure);
        // Not published; its rendering (if any) is of no use.
        work.push({ hash: '', source: s, tree: readingTreeOf(view(s)), model: freshModels.get(s) as DocumentModel, html: undefined as never, occurrences: [], findings: own });
        continue;
      }
      let rendered: RenderedDocument;
      let occurrences: Occurrence[];
      try {
        rendered = await (html.get(s) as Promise<RenderedDocument>);
        occurrences = await occurrencesOf(readingTreeOf(view(s)));
      } catch (e) {
        diagnostics.push(stageFailure(s, 'rendering the web page', e));
        work.push({ hash: '', source: s, tree: readingTreeOf(view(s)), model: freshModels.get(s) as DocumentModel, html: undefined as never, occurrences: [], findings: own });
        continue;
      }
      w = {
        hash: hashOf(readingText(view(s))),
        source: s,
        tree: readingTreeOf(view(s)),
        model: freshModels.get(s) as DocumentModel,
        html: rendered,
        occurrences,
        findings: own,
      };
      cache.set(s.file, w);
    }
    work.push(w);
  }
  // The pages know register entries by id: two entries under one id are never merged, even with --no-xref.
  if (options.crossReferences === false) for (const d of checkRegisterClashes(sources)) diagnostics.push(d);
  for (const d of duplicateIds(work)) diagnostics.push(d);
  if (targets.has('web')) for (const g of graphics.values()) for (const d of g.findings) diagnostics.push(d);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics: finish(paths, diagnostics), files: new OutputFiles(), documents: letters.length };

  const files = new OutputFiles();
  const models = work.map((w) => w.model);
  const settings = editionSettings(options);
  diagnostics.push(...settingsFallbacks(settings, models, options.settingsFile));
  // Citations and exports fall back to the headers themselves where the settings are silent.
  const citeOptions = { baseUrl: settings.baseUrl, edition: settings };
  // Citations are made once and used by dist/cite/ and the web edition's "Cite this" box alike.
  // Made per document, so that every citation file is known by the document it belongs to.
  const citationsOf = new Map(targets.has('cite') || targets.has('web') ? work.map((w) => [w, citationFiles([w.model], citeOptions)] as const) : []);
  const citations = new Map([...citationsOf.values()].flatMap((m) => [...m]));
  const cited = (prefix: string): void => {
    for (const [w, cs] of citationsOf) for (const [name, content] of cs) files.set(`${prefix}${name}`, content, { file: w.source.file, what: `the citation file ${name} of document "${w.model.id}"` });
  };
  if (targets.has('cite')) cited('cite/');
  if (targets.has('data')) {
    // The exports (cmif.xml, edition.jsonld) apart from the sources, so that a document named like an export is caught.
    for (const [name, content] of dataFiles(models, new Map(), { ...citeOptions, title: settings.title })) files.set(`data/${name}`, content, { what: `the edition's export data/${name}` });
    for (const w of work) files.set(`data/${w.model.id}.xml`, w.source.text, { file: w.source.file, what: `the TEI source of document "${w.model.id}"` });
  }
  if (targets.has('text')) {
    const renderText = await loadTextRenderer();
    for (const w of work) {
      let t: ReturnType<typeof renderText>;
      try {
        t = memo(textCache, w, '', () => renderText(w.tree, w.model));
      } catch (e) {
        diagnostics.push(stageFailure(w.source, 'writing the plain text', e));
        continue;
      }
      files.set(`text/${w.model.id}.txt`, t.plain, { file: w.source.file, what: `the plain text of document "${w.model.id}"` });
      files.set(`text/${w.model.id}.annotated.txt`, t.annotated, { file: w.source.file, what: `the annotated text of document "${w.model.id}"` });
    }
  }
  if (targets.has('print')) {
    const renderPrint = await loadPrintRenderer();
    for (const [i, w] of work.entries()) {
      if (work.length > 5) progress(`typesetting ${i + 1}/${work.length} ${w.source.file}`);
      const paper = options.paper ?? 'us-letter';
      let p: ReturnType<typeof renderPrint>;
      try {
        p = memo(printCache, w, paper, () => renderPrint(w.tree, w.model, { paper }));
      } catch (e) {
        diagnostics.push(stageFailure(w.source, 'typesetting the PDF', e));
        continue;
      }
      files.set(`print/${w.model.id}.pdf`, p.pdf, { file: w.source.file, what: `the PDF of document "${w.model.id}"` });
      files.set(`print/${w.model.id}.typ`, p.typst, { file: w.source.file, what: `the Typst source of document "${w.model.id}"` });
      for (const message of p.warnings) diagnostics.push({ file: w.source.file, line: 0, column: 0, severity: 'warning', source: 'internal', rule: 'print', message, hint: 'The PDF was written without this property.' });
    }
  }
  // A document that failed in a later stage is reported with all the others' failures; nothing is published then.
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics: finish(paths, diagnostics), files: new OutputFiles(), documents: work.length };
  if (targets.has('print') && (work.length > 1 || options.volume)) {
    progress(`typesetting the volume of ${work.length} documents`);
    const { volume, epub } = await renderBook(work, { settings, paper: options.paper ?? 'us-letter', ranges: settings.indexRanges });
    files.set('print/edition.pdf', volume.pdf, { what: 'the volume print/edition.pdf' });
    files.set('print/edition.typ', volume.typst, { what: 'the volume print/edition.typ' });
    if (epub) files.set('print/edition.epub', epub, { what: 'the volume print/edition.epub' });
    for (const message of volume.warnings) diagnostics.push({ file: '', line: 0, column: 0, severity: 'warning', source: 'internal', rule: 'print', message: `volume: ${message}`, hint: 'The PDF was written without this property.' });
  }
  if (targets.has('web')) {
    await addWeb(files, work, options, settings, citations, new Set(options.linkTargets ?? []), () => cited('web/cite/'));
    // One copy of an image however many letters show it.
    for (const w of work) for (const [path, bytes] of graphics.get(w.source.file)?.files ?? []) if (!files.has(path)) files.set(path, bytes, { file: w.source.file, what: `the image ${path}` });
  }
  for (const d of files.claims.findings()) diagnostics.push(d);
  for (const d of sameNameTargets(work)) diagnostics.push(d);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics: finish(paths, diagnostics), files: new OutputFiles(), documents: work.length };
  return { diagnostics: finish(paths, diagnostics), files, documents: work.length };
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
 * Print and text outputs of a document, kept for warm rebuilds like its
 * HTML: a long-lived process (serve) that rebuilds after one edit
 * typesets only the edited letter again. Keyed by the document's cached
 * work (a new one whenever its text or model changes) and the variant.
 */
const printCache = new WeakMap<DocumentWork, Map<string, ReturnType<Awaited<ReturnType<typeof loadPrintRenderer>>>>>();
const textCache = new WeakMap<DocumentWork, Map<string, ReturnType<Awaited<ReturnType<typeof loadTextRenderer>>>>>();
function memo<T>(cache: WeakMap<DocumentWork, Map<string, T>>, w: DocumentWork, variant: string, make: () => T): T {
  let byVariant = cache.get(w);
  if (!byVariant) cache.set(w, (byVariant = new Map()));
  if (byVariant.has(variant)) return byVariant.get(variant) as T;
  const value = make();
  byVariant.set(variant, value);
  return value;
}

/**
 * Output file names are made from the id plus a suffix (".annotated.txt",
 * a citation style's name); file systems allow 255 bytes per name.
 */
const MAX_ID_BYTES = 150;

/** Two documents with the same id would overwrite each other's pages; an id too long cannot name a file. */
function duplicateIds(work: DocumentWork[]): Diagnostic[] {
  const seen = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const w of work) {
    if (!w.model) continue; // its header could not be read: already reported
    if (Buffer.byteLength(w.model.id) > MAX_ID_BYTES) {
      out.push({ file: w.source.file, line: 0, column: 0, severity: 'error', source: 'xref', rule: 'document-id-length', message: `the document id is ${Buffer.byteLength(w.model.id)} bytes long ("${w.model.id.slice(0, 40)}…"); ids name the output files, which may not be longer than ${MAX_ID_BYTES} bytes`, hint: 'Give the document a short id (TEI/@xml:id or publicationStmt/idno), e.g. sender-recipient-date.' });
      continue;
    }
    const other = seen.get(w.model.id);
    if (other) {
      out.push({ file: w.source.file, line: 0, column: 0, severity: 'error', source: 'xref', rule: 'document-id-unique', message: `document id "${w.model.id}" is also the id of ${other}`, hint: 'Give each document its own TEI/@xml:id (without one, the id is the file name).' });
    } else seen.set(w.model.id, w.source.file);
  }
  return out;
}


async function occurrencesOf(tree: SaxonDocument): Promise<Occurrence[]> {
  const sef = await loadSef(join(XSLT_DIR, 'occurrences.xsl'));
  return transformSync<Occurrence[]>(sef, { source: tree, destination: 'raw' }).principalResult;
}

/** Each letter's about.xsl HTML, by the hash of its view and whether its witnesses are shown. */
const aboutCache = new Map<string, string>();
async function aboutHtml(w: DocumentWork, witnesses: boolean): Promise<string> {
  const key = `${w.hash}:${witnesses}`;
  let html = aboutCache.get(key);
  if (html === undefined) {
    const sef = await loadSef(join(XSLT_DIR, 'about.xsl'));
    html = transformSync<string>(sef, { source: w.tree, destination: 'serialized', stylesheetParams: { witnesses } }).principalResult;
    aboutCache.set(key, html);
  }
  return html;
}

/** about.html: the edition (settings), the principles the letters share, and each letter's own where they differ. */
async function aboutPageBody(work: DocumentWork[], settings: EditionSettings): Promise<string> {
  // With one letter its witnesses are the edition's; with several, each letter's page lists its own.
  const witnesses = work.length === 1;
  const documents: DocumentAbout[] = [];
  for (const w of work) documents.push({ id: w.model.id, title: w.model.title ?? w.model.id, href: documentPath(w.model.id), html: await aboutHtml(w, witnesses) });
  return editionAbout(settings, documents);
}

const ASSETS = ['edition.css', 'edition.js', 'search.js', 'icon.svg'];

/**
 * Citation targets of one document whose file names coincide (a siglum
 * "citations" against the citations index, sigla that differ only in
 * characters a file name cannot keep): export/files.ts names them, and its
 * map would silently keep one.
 */
function sameNameTargets(work: DocumentWork[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const w of work) {
    const claims = new OutputClaims();
    const index = citationsIndex(w.model);
    claims.claim(`cite/${w.model.id}${CITATIONS_INDEX_SUFFIX}`, { file: w.source.file, what: `the citations index of document "${w.model.id}"` });
    for (const t of index.targets) for (const [format, name] of Object.entries(t.files)) claims.claim(`cite/${name}`, { file: w.source.file, what: `the ${format} citation of witness "${t.target}"` });
    out.push(...claims.findings());
  }
  return out;
}

async function addWeb(files: OutputFiles, work: DocumentWork[], options: BuildOptions, settings: EditionSettings, citations: Map<string, string>, linked: ReadonlySet<Target>, addCitations: () => void): Promise<void> {
  // A partial build (--only web) links the PDF and text outputs the previous build left.
  const previous = new Map<string, Uint8Array>();
  if (options.previousOutput) {
    for (const w of work) for (const p of [`print/${w.model.id}.pdf`, `text/${w.model.id}.txt`, `text/${w.model.id}.annotated.txt`]) {
      if (files.has(p)) continue;
      const content = await readFile(join(options.previousOutput, p)).catch(() => undefined);
      if (content) previous.set(p, content);
    }
  }
  const made = (target: Target, path: string): boolean => files.has(path) || previous.has(path) || linked.has(target);
  const first = work[0];
  const edition: Edition = {
    title: settings.title ?? first?.model.subtitle ?? first?.model.title ?? 'TEI edition',
    baseUrl: settings.baseUrl,
    introduction: settings.introduction ?? first?.model.projectDescription,
    settings,
    about: await aboutPageBody(work, settings),
    documents: work.map((w): SiteDocument => ({
      model: w.model,
      html: w.html,
      occurrences: w.occurrences,
      downloads: [
        { href: `downloads/${w.model.id}.xml`, label: 'TEI XML source', type: 'application/tei+xml' },
        ...(made('print', `print/${w.model.id}.pdf`) ? [{ href: `downloads/${w.model.id}.pdf`, label: 'Print edition (PDF)', type: 'application/pdf' }] : []),
        ...(made('text', `text/${w.model.id}.txt`) ? [{ href: `downloads/${w.model.id}.txt`, label: 'Plain text', type: 'text/plain' }] : []),
        ...(made('text', `text/${w.model.id}.annotated.txt`) ? [{ href: `downloads/${w.model.id}.annotated.txt`, label: 'Annotated text', type: 'text/plain' }] : []),
      ],
      citeBox: citeBox(JSON.parse(citations.get(`${w.model.id}${CITATIONS_INDEX_SUFFIX}`) ?? 'null') as CitationsIndex | null),
    })),
  };
  addCitations();
  for (const [i, d] of edition.documents.entries()) {
    const file = (work[i] as DocumentWork).source.file;
    files.set(`web/${documentPath(d.model.id)}`, documentPage(edition, d), { file, what: `the web page of document "${d.model.id}"` });
    files.set(`web/downloads/${d.model.id}.xml`, (work[i] as DocumentWork).source.text, { file, what: `the TEI download of document "${d.model.id}"` });
    // The web edition is self-contained: its downloads are copies of the print and text outputs.
    for (const [from, to] of [[`print/${d.model.id}.pdf`, 'pdf'], [`text/${d.model.id}.txt`, 'txt'], [`text/${d.model.id}.annotated.txt`, 'annotated.txt']] as const) {
      const content = files.get(from) ?? previous.get(from);
      if (content !== undefined) files.set(`web/downloads/${d.model.id}.${to}`, content, { file, what: `the ${to} download of document "${d.model.id}"` });
    }
  }
  // The volume (print/edition.pdf, .epub), offered on the home page when this or the previous build made it.
  edition.volume = [];
  for (const [from, label, type] of [['print/edition.pdf', 'The whole edition as a book (PDF)', 'application/pdf'], ['print/edition.epub', 'The whole edition as an e-book (EPUB)', 'application/epub+zip']] as const) {
    const content = files.get(from) ?? (options.previousOutput ? await readFile(join(options.previousOutput, from)).catch(() => undefined) : undefined);
    if (content === undefined) continue;
    const href = `downloads/${from.slice('print/'.length)}`;
    files.set(`web/${href}`, content, { what: `the download of the volume ${from}` });
    edition.volume.push({ href, label, type });
  }
  files.set('web/index.html', indexPage(edition));
  files.set(`web/${CORRESPONDENTS_PAGE}`, correspondentsPage(edition));
  for (const [path, html] of [...yearPages(edition), ...correspondentPages(edition)]) files.set(`web/${path}`, html);
  files.set(`web/${SEARCH_PAGE}`, searchPage(edition.title));
  const summaries = browseIndex(edition).byId;
  const searchable = edition.documents.map((d) => ({ summary: summaries.get(d.model.id) as NonNullable<ReturnType<typeof summaries.get>>, text: htmlText(`${d.html.text} ${d.html.notes}`) }));
  for (const [path, content] of searchFiles(searchable)) files.set(`web/${path}`, content);
  files.set('web/about.html', aboutPage(edition));
  for (const kind of ['person', 'place', 'org'] as EntityKind[]) files.set(`web/${REGISTER_FILES[kind]}`, registerPage(edition, kind));
  for (const a of ASSETS) files.set(`web/assets/${a}`, await readFile(join(TOOLKIT_ROOT, 'assets', a), 'utf8'));
}

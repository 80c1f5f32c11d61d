import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { collectInputs } from '../load/inputs.js';
import { loadFile, TEI_NS, type Source } from '../load/source.js';
import { readDocumentModel } from '../model/read.js';
import type { DocumentModel } from '../model/types.js';
import { TOOLKIT_ROOT, XSLT_DIR } from '../paths.js';
import { loadHtmlRenderer, renderHtmlOffThread, type EntityKind, type HtmlRenderer, type RenderedDocument } from '../render/html.js';
import { aboutPage, documentPage, documentPath, indexPage, registerPage, REGISTER_FILES, type Edition, type Occurrence, type SiteDocument } from '../site/pages.js';
import { validateSources, type ValidateOptions } from '../validate/index.js';
import type { OutputFiles } from '../write/atomic.js';
import { citationFiles, dataFiles, CITATIONS_INDEX_SUFFIX, type CitationsIndex } from '../export/files.js';
import { citeBox } from '../site/cite-box.js';
import { loadTextRenderer } from '../render/text.js';
import { loadPrintRenderer } from '../render/print.js';
import { loadSef } from '../xslt/sef.js';
import { transformSync, type SaxonDocument } from '../xslt/transform.js';
import { readingTreeOf } from '../xslt/tree.js';

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
  paper?: 'us-letter' | 'a4';
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
async function renderHere(tree: SaxonDocument, documentId: string): Promise<RenderedDocument> {
  rendererPromise ??= loadHtmlRenderer();
  return (await rendererPromise)(tree, { documentId, withBody: false });
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
  const { files: paths, diagnostics } = await collectInputs(options.inputs);
  const loaded = await Promise.all(paths.map((f) => loadFile(f)));
  const sources: Source[] = [];
  for (const l of loaded) {
    diagnostics.push(...l.diagnostics);
    if (l.source && l.diagnostics.length === 0) sources.push(l.source);
  }
  const fresh = sources.filter((s) => cache.get(s.file)?.hash !== hashOf(s.resolvedText ?? s.text));
  // With several changed documents, their HTML is rendered in a worker
  // thread while this thread reads models and validates. For one or two the
  // worker's own start (a second SaxonJS, ~0.3 s on a cold start) costs
  // more than it saves, so they are rendered here.
  const offThread = fresh.length >= OFF_THREAD_FROM;
  const freshModels = new Map<Source, DocumentModel>();
  const html = new Map<Source, Promise<RenderedDocument>>();
  for (const s of fresh) {
    const model = await modelOf(s);
    freshModels.set(s, model);
    const rendering = offThread ? renderHtmlOffThread(s.resolvedText ?? s.text, { documentId: model.id, withBody: false }) : renderHere(readingTreeOf(s), model.id);
    rendering.catch(() => undefined); // awaited below, unless validation fails first
    html.set(s, rendering);
  }
  progress(`validating ${fresh.length} of ${sources.length} documents`);
  const findings = await validateSources(fresh, { ...options, crossReferences: false });
  const work: DocumentWork[] = [];
  for (const [i, s] of sources.entries()) {
    let w = cache.get(s.file);
    if (!w || w.hash !== hashOf(s.resolvedText ?? s.text)) {
      if (fresh.length > 5) progress(`rendering ${i + 1}/${sources.length} ${s.file}`);
      const own = findings.filter((d) => d.file === s.file);
      if (own.some((d) => d.severity === 'error')) {
        // Not published; its rendering (if any) is of no use.
        work.push({ hash: '', source: s, tree: readingTreeOf(s), model: freshModels.get(s) as DocumentModel, html: undefined as never, occurrences: [], findings: own });
        continue;
      }
      w = {
        hash: hashOf(s.resolvedText ?? s.text),
        source: s,
        tree: readingTreeOf(s),
        model: freshModels.get(s) as DocumentModel,
        html: await (html.get(s) as Promise<RenderedDocument>),
        occurrences: await occurrencesOf(readingTreeOf(s)),
        findings: own,
      };
      cache.set(s.file, w);
    }
    work.push(w);
  }
  diagnostics.push(...work.flatMap((w) => w.findings));
  if (options.crossReferences !== false) diagnostics.push(...(await validateSources(sources, { schema: false, rules: false, crossReferences: true, profile: options.profile })));
  diagnostics.push(...duplicateIds(work));
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, files: new Map(), documents: sources.length };

  const files: OutputFiles = new Map();
  const models = work.map((w) => w.model);
  const citeOptions = { baseUrl: options.baseUrl };
  // Citations are made once and used by dist/cite/ and the web edition's "Cite this" box alike.
  const citations = targets.has('cite') || targets.has('web') ? citationFiles(models, citeOptions) : new Map<string, string>();
  if (targets.has('cite')) for (const [name, content] of citations) files.set(`cite/${name}`, content);
  if (targets.has('data')) {
    const sourcesById = new Map(work.map((w) => [w.model.id, w.source.text]));
    for (const [name, content] of dataFiles(models, sourcesById, { ...citeOptions, title: options.title })) files.set(`data/${name}`, content);
  }
  if (targets.has('text')) {
    const renderText = await loadTextRenderer();
    for (const w of work) {
      const t = renderText(w.tree, w.model);
      files.set(`text/${w.model.id}.txt`, t.plain);
      files.set(`text/${w.model.id}.annotated.txt`, t.annotated);
    }
  }
  if (targets.has('print')) {
    const renderPrint = await loadPrintRenderer();
    for (const [i, w] of work.entries()) {
      if (work.length > 5) progress(`typesetting ${i + 1}/${work.length} ${w.source.file}`);
      const p = renderPrint(w.tree, w.model, { paper: options.paper ?? 'us-letter' });
      files.set(`print/${w.model.id}.pdf`, p.pdf);
      files.set(`print/${w.model.id}.typ`, p.typst);
      for (const message of p.warnings) diagnostics.push({ file: w.source.file, line: 0, column: 0, severity: 'warning', source: 'internal', rule: 'print', message, hint: 'The PDF was written without this property.' });
    }
  }
  if (targets.has('web')) await addWeb(files, work, options, citations);
  return { diagnostics, files, documents: sources.length };
}

/** Two documents with the same id would overwrite each other's pages. */
function duplicateIds(work: DocumentWork[]): Diagnostic[] {
  const seen = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const w of work) {
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

const aboutCache = new Map<string, string>();
async function aboutHtml(w: DocumentWork): Promise<string> {
  let html = aboutCache.get(w.hash);
  if (html === undefined) {
    const sef = await loadSef(join(XSLT_DIR, 'about.xsl'));
    html = transformSync<string>(sef, { source: w.tree, destination: 'serialized' }).principalResult;
    aboutCache.clear();
    aboutCache.set(w.hash, html);
  }
  return html;
}

const ASSETS = ['edition.css', 'edition.js'];

async function addWeb(files: OutputFiles, work: DocumentWork[], options: BuildOptions, citations: Map<string, string>): Promise<void> {
  const first = work[0];
  const edition: Edition = {
    title: options.title ?? first?.model.subtitle ?? first?.model.title ?? 'TEI edition',
    baseUrl: options.baseUrl,
    introduction: options.introduction ?? first?.model.projectDescription,
    about: first ? await aboutHtml(first) : '',
    documents: work.map((w): SiteDocument => ({
      model: w.model,
      html: w.html,
      occurrences: w.occurrences,
      downloads: [
        { href: `downloads/${w.model.id}.xml`, label: 'TEI XML source', type: 'application/tei+xml' },
        ...(files.has(`print/${w.model.id}.pdf`) ? [{ href: `downloads/${w.model.id}.pdf`, label: 'Print edition (PDF)', type: 'application/pdf' }] : []),
        ...(files.has(`text/${w.model.id}.txt`) ? [{ href: `downloads/${w.model.id}.txt`, label: 'Plain text', type: 'text/plain' }] : []),
        ...(files.has(`text/${w.model.id}.annotated.txt`) ? [{ href: `downloads/${w.model.id}.annotated.txt`, label: 'Annotated text', type: 'text/plain' }] : []),
      ],
      citeBox: citeBox(JSON.parse(citations.get(`${w.model.id}${CITATIONS_INDEX_SUFFIX}`) ?? 'null') as CitationsIndex | null),
    })),
  };
  for (const [name, content] of citations) files.set(`web/cite/${name}`, content);
  for (const [i, d] of edition.documents.entries()) {
    files.set(`web/${documentPath(d.model.id)}`, documentPage(edition, d));
    files.set(`web/downloads/${d.model.id}.xml`, (work[i] as DocumentWork).source.text);
    // The web edition is self-contained: its downloads are copies of the print and text outputs.
    for (const [from, to] of [[`print/${d.model.id}.pdf`, 'pdf'], [`text/${d.model.id}.txt`, 'txt'], [`text/${d.model.id}.annotated.txt`, 'annotated.txt']] as const) {
      const content = files.get(from);
      if (content !== undefined) files.set(`web/downloads/${d.model.id}.${to}`, content);
    }
  }
  files.set('web/index.html', indexPage(edition));
  files.set('web/about.html', aboutPage(edition));
  for (const kind of ['person', 'place', 'org'] as EntityKind[]) files.set(`web/${REGISTER_FILES[kind]}`, registerPage(edition, kind));
  for (const a of ASSETS) files.set(`web/assets/${a}`, await readFile(join(TOOLKIT_ROOT, 'assets', a), 'utf8'));
}

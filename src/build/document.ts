/**
 * The work on one document, done in a worker thread of the build's pool
 * (src/build/worker.ts) or, where no worker can run, in the build's own
 * thread. Two steps, so that every document is checked before any is
 * rendered (one bad letter in a thousand is reported in about the time
 * `validate` takes):
 *
 * - check: load, well-formedness, RELAX NG, Schematron, the document's
 *   cross-reference index; then, when the edition passed, its model (the
 *   typed header);
 * - render: every per-document output file, and the document's summary for
 *   the edition-level pages.
 *
 * Requests and results are plain data (structured-clonable): file names,
 * bytes, models, output files. Nothing here keeps a document after its
 * request is answered.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync, type BigIntStats } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { loadBytes, loadFile, TEI_NS, type Source } from '../load/source.js';
import { expandReferences, localName } from '../load/scan.js';
import { pointedPath } from '../validate/xref.js';
import { loadModelBatchReader, readDocumentModel, readSharedEntries } from '../model/read.js';
import type { DocumentModel, RegisterEntry } from '../model/types.js';
import { teiFileName, XSLT_DIR } from '../paths.js';
import { loadHtmlBatchRenderer, loadHtmlRenderer, madeDateOption, type BatchDocumentOptions, type LinkedLetter, type RenderedDocument } from '../render/html.js';
import type { EpubHtml } from '../render/epub.js';
import { loadVolumeRenderer, type LetterPart } from '../render/book.js';
import { resolveSharedRegisters } from '../registers/resolve.js';
import { checkNameKinds } from '../registers/check.js';
import { graphicFiles, graphicsOf } from '../load/graphics.js';
import { stageFailure } from '../validate/failure.js';
import { entriesOf, prefixDefsOf } from '../registers/entries.js';
import type { EditionSettings } from '../settings/types.js';
import type { Origin } from '../write/claims.js';
import { SETTLED_MS, settledBy, signatureOf } from './signature.js';
import type { PrintFontSet } from '../render/typst-fonts.js';
import { FOOTNOTE_LIMIT, loadPrintSourceWriter, loadTypstAndTextBatchWriter, loadTypstAndTextWriter, typesetPrintSource, type Paper, type PrintEdition, type PrintSource, type RenderPrintOptions, type TypstAndText, printFiles, printFindings, printImages } from '../render/print.js';
import { loadTextRenderer } from '../render/text.js';
import { withDateStyle } from '../model/dates.js';
import { documentPage, documentPath, type Edition } from '../site/pages.js';
import type { DocumentSummary, Occurrence } from '../site/summary.js';
import { citeBox } from '../site/cite-box.js';
import { letterTerms, searchableText } from '../site/search.js';
import { citationFiles, CITATIONS_INDEX_SUFFIX, type CitationsIndex } from '../export/files.js';
import { validateSources } from '../validate/index.js';
import { documentIdentity, type DocumentIdentity } from '../validate/identity.js';
import { isRegisterFile } from '../registers/kind.js';
import { crossReferenceIndex, type CrossReferenceIndex } from '../validate/xref.js';
import { loadSef } from '../xslt/sef.js';
import { inOneTransform, parseXml, transformSync, type SaxonDocument } from '../xslt/transform.js';
import { readingTreeOf, transientTreeOf } from '../xslt/tree.js';

export type Target = 'web' | 'print' | 'text' | 'cite' | 'data';

export function hashOf(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

// ---------------------------------------------------------------- check

export interface CheckRequest {
  kind: 'check';
  files: string[];
  /** The edition's shared register files: the model is read from each letter's view with its pointers into them resolved. */
  shared: string[];
  schema?: string | false;
  rules?: string | false;
}

export interface CheckedDocument {
  file: string;
  /** sha256 of the bytes checked. */
  hash: string;
  /** Load, schema and rules findings (pointers into other documents are resolved by the build, across all indexes). */
  findings: Diagnostic[];
  /** Present when the document is well-formed TEI. */
  xref?: CrossReferenceIndex;
  /** Present when the document is well-formed TEI: its id and idno, checked across the edition (checkIdentities). */
  identity?: DocumentIdentity;
  /** Present when the document is well-formed TEI and its header could be read. */
  model?: DocumentModel;
  /** The edition's shared register file: checked and pointed into, but published only through the letters. */
  register?: boolean;
  /** It defines register entries or prefixDefs: the edition-level register checks need it. */
  registers?: boolean;
  /**
   * The files its images would be read from (load/graphics.ts graphicFiles), when it has any: its PDF holds their
   * bytes, so a build keys the PDF by them (build/index.ts).
   */
  graphics?: string[];
}

/**
 * Checks a batch of documents. RELAX NG runs once over the whole batch
 * (libxml2 compiles the schema on each call), Schematron per document. The
 * models are read by readModels, a second request, made only when the
 * whole edition passed: a bad letter is reported after the checks
 * `validate` makes, without the cost of every model.
 */
export async function checkDocuments(request: CheckRequest): Promise<CheckedDocument[]> {
  const out: CheckedDocument[] = [];
  const sources: Source[] = [];
  for (const file of request.files) {
    const bytes = await readBytes(file);
    if (bytes instanceof Error) {
      // loadFile words the problem as validate does.
      out.push({ file, hash: '', findings: (await loadFile(file)).diagnostics });
      continue;
    }
    const loaded = loadBytes(file, bytes);
    const checked: CheckedDocument = { file, hash: hashOf(bytes), findings: [...loaded.diagnostics] };
    out.push(checked);
    // An info finding (a DOCTYPE naming only an external DTD, which is ignored) does not stop a document: only an error does.
    if (loaded.source && !loaded.diagnostics.some((d) => d.severity === 'error')) sources.push(loaded.source);
  }
  const findings = await validateSources(sources, { schema: request.schema, rules: request.rules, crossReferences: false });
  const byFile = new Map(out.map((c) => [c.file, c]));
  for (const d of findings) byFile.get(d.file)?.findings.push(d) ?? out[0]?.findings.push(d);
  // Names pointing into the shared register files must point to entries of their kind (validate's check too).
  const registers = request.shared.length > 0 ? (await sharedRegisters(request.shared)).map((r) => r.source) : [];
  for (const s of sources) {
    const checked = byFile.get(s.file) as CheckedDocument;
    checked.xref = crossReferenceIndex(s);
    if (s.isTei) checked.identity = documentIdentity(s);
    if (s.isTei && !request.shared.includes(s.file)) checked.findings.push(...checkNameKinds(s, registers));
    if (isRegisterFile(s)) checked.register = true;
    if (entriesOf(s).length > 0 || prefixDefsOf(s).length > 0) checked.registers = true;
    const graphics = graphicFiles(s);
    if (graphics.length > 0) checked.graphics = graphics;
  }
  return out;
}

export interface ModelRequest {
  kind: 'model';
  /** Documents that passed the check, with the hash of the bytes checked. */
  files: { file: string; hash: string }[];
  /** The edition's shared register files (see CheckRequest). */
  shared: string[];
}

/** The model of each document, or the finding why it could not be read (also when its bytes changed since the check). */
export interface ReadModel {
  file: string;
  model?: DocumentModel;
  finding?: Diagnostic;
}

/** Reads the models (the typed headers) of a batch of checked documents, each from its view (shared registers resolved). */
export async function readModels(request: ModelRequest): Promise<ReadModel[]> {
  const out: ReadModel[] = [];
  const withRecords = await recordsWorthReading(request.shared, request.files.length);
  const failed = (file: string, e: unknown): ReadModel => ({ file, finding: internal(file, 'model', `the header could not be read: ${(e as Error).message}`) });
  // A few documents at a time, each group's models in one transform (loadModelBatchReader): the trees of a group only are held.
  for (let start = 0; start < request.files.length; start += RENDER_GROUP) {
    const group: { at: number; file: string; tree: SaxonDocument; records: boolean }[] = [];
    for (const { file, hash } of request.files.slice(start, start + RENDER_GROUP)) {
      const at = out.length;
      const bytes = await readBytes(file);
      const source = bytes instanceof Error || hashOf(bytes) !== hash ? undefined : loadBytes(file, bytes).source;
      if (!source) {
        out.push({ file, finding: internal(file, 'model', `${file} changed while the edition was being built`) });
        continue;
      }
      try {
        const view = await viewOf(source, request.shared);
        group.push({ at, file, tree: readingTreeOf(view), records: view !== source && withRecords });
        out.push({ file });
      } catch (e) {
        out.push(failed(file, e));
      }
    }
    // Those whose views hold copies of shared entries take the entries' records; the others are read as they are.
    for (const records of [true, false]) {
      const items = group.filter((g) => g.records === records);
      if (items.length === 0) continue;
      const shared = records ? await sharedEntries(request.shared) : undefined;
      const reader = await loadModelBatchReader();
      const models = inOneTransform(items, (all) => reader(all.map((g) => ({ file: g.file, document: g.tree })), shared));
      for (const [k, g] of items.entries()) {
        try {
          out[g.at] = { file: g.file, model: models?.[k] ?? (await readDocumentModel(g.file, g.tree, shared)) };
        } catch (e) {
          out[g.at] = failed(g.file, e);
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- render

/** What every document page of the edition shares. */
export interface EditionContext {
  title: string;
  baseUrl?: string;
  introduction?: string;
  settings?: EditionSettings;
}

export interface RenderRequest {
  kind: 'render';
  file: string;
  /** The shared register files (see CheckRequest). */
  shared: string[];
  /** The edition's settings in force (citations of the edition, the exports). */
  settings: EditionSettings;
  /** The edition folder, which images may not lie outside. */
  editionRoot: string;
  /** The letter's part of the about page: with its witnesses (an edition of one letter) or without. */
  aboutWitnesses: boolean;
  /**
   * Also the letter's part of the volume; `principles`: also the editorial
   * principles it gives the volume (asked of the first letter in the
   * volume's order only: the volume prints one letter's).
   */
  volume?: { volumeTitle?: string; principles?: boolean };
  /** The model read in the check step (it is not read again). */
  model: DocumentModel;
  targets: Target[];
  /** Outputs the pages link to although this build does not make them (serve makes them right after). */
  linked: Target[];
  paper: Paper;
  edition: EditionContext;
  /** The models of the letters next to this one in time and in its correspondence (the page's previous/next links). */
  neighbours: DocumentModel[];
  /** The other letters of the run it points to (`other.xml#p3`), by path (validate/xref.ts pointedFiles): their ids and titles. */
  documents?: Record<string, LinkedLetter>;
  /** Outputs of this document that the previous output folder has (a partial build links them; the build copies them). */
  previous: Target[];
  /** Also return the HTML parts the volume's EPUB is made of. */
  withHtmlParts: boolean;
  /** The edition's fonts for the print edition (edition.json printFonts, read by the build: render/typst-fonts.ts). */
  printFonts?: PrintFontSet;
}

/** An output file, by its path in the output folder, and who made it (for findings about names that collide). */
export type OutputFile = [path: string, content: string | Uint8Array, origin: Origin];

export interface RenderedOutputs {
  /** sha256 of the bytes rendered. */
  hash: string;
  summary: DocumentSummary;
  files: OutputFile[];
  warnings: Diagnostic[];
  /** The letter's encoding notes for the about page (xslt/about.xsl). */
  about: string;
  /** The HTML parts for the EPUB (withHtmlParts). */
  html?: EpubHtml;
  /** The letter's part of the volume, and the principles it gives it (when asked: the first letter). */
  volume?: { part: LetterPart; principles?: string };
  /**
   * The images its page shows, by their path in the output (web/images/…,
   * named by their place in the edition folder): the build copies each one
   * once, from the file as it is at build time (an image may change while
   * its letter does not).
   */
  images: string[];
  /** Set when a stage failed on this document (the finding names the stage); nothing else is then given. */
  failure?: Diagnostic;
}

export async function renderDocument(given: RenderRequest): Promise<RenderedOutputs> {
  const request = styled(given);
  const stage = { name: 'reading the document' };
  try {
    const prepared = await prepareRender(request, stage);
    return await finishRender(prepared, await pageAlone(prepared));
  } catch (e) {
    return { failure: stageFailure({ file: request.file }, stage.name, e) } as RenderedOutputs;
  }
}

/** Several letters, rendered together (the build sends them in groups: RENDER_GROUP). */
export interface RenderGroupRequest {
  kind: 'render-group';
  requests: RenderRequest[];
}

/** How many letters a render request of the build holds at most, and how many models one transform reads (a rebuild's few letters go one by one). */
export const RENDER_GROUP = 8;

/**
 * Renders each letter of the group as renderDocument does, with their print
 * editions' Typst and plain texts made in one transform
 * (loadTypstAndTextBatchWriter) and their web pages in another
 * (loadHtmlBatchRenderer): the same outputs, for less CPU. Should a group's
 * transform fail, each letter makes its own, so that the finding names the
 * letter that failed and the others are still made
 * (tests/build/render-group.test.ts).
 */
export async function renderGroup(given: RenderGroupRequest): Promise<RenderedOutputs[]> {
  const group = { ...given, requests: given.requests.map(styled) };
  const stages = group.requests.map(() => ({ name: 'reading the document' }));
  const failure = (i: number, e: unknown): RenderedOutputs => ({ failure: stageFailure({ file: group.requests[i]!.file }, stages[i]!.name, e) }) as RenderedOutputs;
  const read = await Promise.all(group.requests.map((r) => readLetter(r).catch(() => undefined)));
  // The print editions and plain texts in one transform too; should it fail, each letter makes its own.
  const together: (TypstAndText | undefined)[] = [];
  const both = group.requests.flatMap((r, i) => (read[i] && printAndTextTogether(r) ? [i] : []));
  const writer = both.length > 1 ? await loadTypstAndTextBatchWriter() : undefined;
  inOneTransform(both, (all) => writer!(all.map((i) => ({ tei: read[i]!.tree, model: group.requests[i]!.model, printOptions: printOptionsOf(group.requests[i]!, read[i]!) }))))?.forEach((made, k) => (together[both[k]!] = made));
  // A letter that could not be read is read again by prepareRender, which words the failure.
  const prepared = await Promise.all(group.requests.map((r, i) => prepareRender(r, stages[i]!, read[i], together[i]).catch((e: unknown) => failure(i, e))));
  const pages: (RenderedDocument | undefined)[] = [];
  // The date style is the transform's (a build's requests share their settings; a letter of another style is made alone).
  const dateStyle = group.requests[0]?.settings.dateStyle;
  const wanted = prepared.flatMap((p, i) => ('tree' in p && p.htmlOptions && p.request.settings.dateStyle === dateStyle ? [i] : []));
  const renderer = wanted.length > 1 ? await loadHtmlBatchRenderer() : undefined;
  inOneTransform(wanted, (all) => renderer!(all.map((i) => ({ tei: (prepared[i] as Prepared).tree, options: (prepared[i] as Prepared).htmlOptions! })), { withBody: false, dateStyle }))?.forEach((page, k) => (pages[wanted[k]!] = page));
  const out: RenderedOutputs[] = [];
  for (const [i, p] of prepared.entries()) {
    if (!('tree' in p)) {
      out.push(p);
      continue;
    }
    try {
      out.push(await finishRender(p, pages[i] ?? (await pageAlone(p))));
    } catch (e) {
      p.printing?.catch(() => undefined);
      out.push(failure(i, e));
    }
  }
  return out;
}

/** The letter's web page made in a transform of its own (when it has one). */
async function pageAlone(p: Prepared): Promise<RenderedDocument | undefined> {
  return p.htmlOptions ? (await loadHtmlRenderer())(p.tree, { ...p.htmlOptions, withBody: false, dateStyle: p.request.settings.dateStyle }) : undefined;
}

/**
 * The request with its model as the renderers take it: with the edition's
 * date style (model/dates.ts StyledModel), so that every output made from
 * the model (the heading rows of the text, the print edition and the
 * volume, the volume's contents, the page's date of a letter dated by when
 * it was made) writes its dates in that style. The summary given back
 * holds this model too; the build keeps the model it checked.
 */
function styled(request: RenderRequest): RenderRequest {
  const model = withDateStyle(request.model, request.settings.dateStyle);
  return model === request.model ? request : { ...request, model };
}

/** A letter read and its outputs up to the web page (prepareRender), which finishRender completes. */
interface Prepared extends ReadLetter {
  request: RenderRequest;
  stage: { name: string };
  files: OutputFile[];
  warnings: Diagnostic[];
  put: (path: string, content: string | Uint8Array, what: string) => void;
  citations: Map<string, string>;
  plain?: string;
  annotated?: string;
  volume?: RenderedOutputs['volume'];
  printing?: Promise<PrintEdition>;
  /** The web page's options, when the letter has one (or gives the volume's EPUB its HTML parts). */
  htmlOptions?: BatchDocumentOptions;
}

/** A letter read for its render: its bytes, the source as written, and its view (shared entries resolved) and that view's tree; its images (for the web page and the PDF). */
interface ReadLetter {
  bytes: Uint8Array;
  source: Source;
  view: Source;
  tree: SaxonDocument;
  graphics?: Awaited<ReturnType<typeof graphicsOf>>;
}

async function readLetter(request: RenderRequest): Promise<ReadLetter> {
  const { file } = request;
  const bytes = await readBytes(file);
  if (bytes instanceof Error) throw bytes;
  const loaded = loadBytes(file, bytes);
  if (!loaded.source) throw new Error(`${file} changed while the edition was being built`);
  // xi:includes resolved (src/load/xinclude.ts): what the model and renderings read.
  const view = await viewOf(loaded.source, request.shared);
  // Images are found in the letter as written; their src on the page is fixed by their place, not their bytes; the PDF holds their bytes.
  const graphics = request.targets.includes('web') || request.targets.includes('print') ? await graphicsOf(loaded.source, request.editionRoot) : undefined;
  return { bytes, source: loaded.source, view, tree: readingTreeOf(view), graphics };
}

/** Whether the letter's print edition and plain text come from one transform (both made, and no volume, whose stylesheet makes the print edition's Typst then). */
function printAndTextTogether(request: RenderRequest): boolean {
  return request.targets.includes('text') && request.targets.includes('print') && !request.volume;
}

/** Reads the letter (unless `read` is given) and makes its outputs up to the web page; `together`: its print and text, made in a group. */
async function prepareRender(request: RenderRequest, stage: { name: string }, read?: ReadLetter, together?: TypstAndText): Promise<Prepared> {
  const { file, model, targets: list } = request;
  const targets = new Set(list);
  const letter = read ?? (await readLetter(request));
  const { bytes, source, view, tree } = letter;
  // (The web page's images, the page's findings about them: only when the web edition is made, as before the PDF showed images.)
  const graphics = targets.has('web') ? letter.graphics : undefined;
  // The published source is the letter as written; everything rendered sees its view (shared entries resolved).
  const text = source.text;
  const id = model.id;
  const files: OutputFile[] = [];
  const warnings: Diagnostic[] = [];
  const put = (path: string, content: string | Uint8Array, what: string): void => void files.push([path, content, { file, what: `${what} of document "${id}"` }]);

  // Citations are made once and used by dist/cite/ and the web edition's "Cite this" box alike.
  const citations = targets.has('cite') || targets.has('web') ? citationFiles([model], { baseUrl: request.settings.baseUrl, edition: request.settings }) : new Map<string, string>();
  if (targets.has('cite')) for (const [name, content] of citations) put(`cite/${name}`, content, `the citation file ${name}`);
  if (targets.has('data')) put(`data/${teiFileName(file, id)}`, text, 'the TEI source');
  let plain: string | undefined;
  let annotated: string | undefined;
  // The other letters it points to: the web page shows each by its title, and so do the PDF and the text.
  const printOptions = printOptionsOf(request, letter);
  const documents = printOptions.documents;
  // Both from one transform when both are made and no volume (whose stylesheet makes the print edition's Typst then).
  let made = together;
  if (!made && printAndTextTogether(request)) {
    stage.name = 'writing the plain text and the Typst source';
    made = (await loadTypstAndTextWriter())(tree, model, printOptions);
  }
  if (targets.has('text')) {
    stage.name = 'writing the plain text';
    const t = made?.text ?? (await loadTextRenderer())(tree, model, { documents });
    ({ plain, annotated } = t);
    put(`text/${id}.txt`, t.plain, 'the plain text');
    put(`text/${id}.annotated.txt`, t.annotated, 'the annotated text');
  }
  let volume: RenderedOutputs['volume'] | undefined;
  // The PDF is typeset in the thread's Typst process (render/typst-service.ts) while this thread renders the web page.
  let printing: Promise<PrintEdition> | undefined;
  if (targets.has('print')) {
    stage.name = 'writing the Typst source';
    let source: PrintSource;
    if (request.volume) {
      // The print edition's text and the volume's are made in one walk of the letter.
      const { principles, ...context } = request.volume;
      const renderer = await loadVolumeRenderer();
      const both = renderer.letterAndPrint(tree, model, context, printOptions, view.resolvedText ?? view.text);
      volume = { part: both.part, ...(principles ? { principles: renderer.principles(tree) } : {}) };
      // (Its images: the same files as the print edition made alone is given.)
      source = { ...both.print, ...printFiles(printOptions) };
    } else source = made?.print ?? (await loadPrintSourceWriter())(tree, model, printOptions);
    printing = typesetPrintSource(source, request.printFonts ? { fonts: request.printFonts } : {});
    // Awaited below; a failure meanwhile of the web page's stage must not leave it unhandled.
    printing.catch(() => undefined);
  }
  stage.name = 'rendering the web page';
  if (graphics) warnings.push(...graphics.findings);
  const htmlOptions = targets.has('web') || request.withHtmlParts ? { documentId: id, date: madeDateOption(model), ...(graphics ? { graphics: graphics.srcs } : {}), ...(documents ? { documents } : {}) } : undefined;
  return { request, stage, bytes, source, view, tree, files, warnings, put, citations, plain, annotated, volume, printing, graphics, htmlOptions };
}

/** A letter's print options in the build: the paper, the other letters it points to (linkedLetters), the images its figures show (print.ts printImages). */
function printOptionsOf(request: RenderRequest, letter: ReadLetter): RenderPrintOptions {
  const documents = linkedLetters(letter.source, request.documents);
  const images = request.targets.includes('print') && letter.graphics ? printImages(letter.graphics) : {};
  return { paper: request.paper, ...(documents ? { documents } : {}), ...(Object.keys(images).length ? { images } : {}) };
}

/**
 * The other letters a letter's refs and ptrs point to, by the path each
 * pointer writes (`other.xml`, `./other.xml`), from the letters of the run
 * by their paths from the working folder (RenderRequest documents).
 */
function linkedLetters(source: Source, byPath: Record<string, LinkedLetter> = {}): Record<string, LinkedLetter> | undefined {
  if (Object.keys(byPath).length === 0) return undefined;
  const out: Record<string, LinkedLetter> = {};
  for (const el of source.elements) {
    const local = localName(el.name);
    if (el.namespace !== TEI_NS || (local !== 'ref' && local !== 'ptr')) continue;
    for (const a of el.attributes) {
      if (a.name !== 'target') continue;
      for (const token of expandReferences(a.raw).split(/\s+/)) {
        const path = token.split('#')[0] as string;
        if (!path || Object.hasOwn(out, path)) continue;
        const letter = byPath[pointedPath(source.file, path)];
        if (letter) out[path] = letter;
      }
    }
  }
  return out;
}

/** The rest of a letter's outputs, from its web page (`html`, made alone or in a group) on. */
async function finishRender(prepared: Prepared, html: RenderedDocument | undefined): Promise<RenderedOutputs> {
  const { request, stage, bytes, tree, files, warnings, put, citations, plain, annotated, printing, graphics } = prepared;
  let volume = prepared.volume;
  const { file, model } = request;
  const targets = new Set(request.targets);
  const id = model.id;
  const text = prepared.source.text;
  stage.name = 'rendering the web page';
  let searchText = '';
  let htmlParts: RenderedOutputs['html'];
  const typesetting = async (): Promise<Uint8Array | undefined> => {
    if (!printing) return undefined;
    stage.name = 'typesetting the PDF';
    const p = await printing;
    put(`print/${id}.pdf`, p.pdf, 'the PDF');
    put(`print/${id}.typ`, p.typst, 'the Typst source');
    warnings.push(...printFindings(p, file, text, { editorFonts: Boolean(request.printFonts) }));
    for (const { path, why } of p.imagesLeftOut ?? []) {
      warnings.push({
        file, line: 0, column: 0, severity: 'warning', source: 'internal', rule: 'graphic-print',
        message: `the image ${path.slice(1)} could not be read by the typesetter (${why}); the PDF shows its figure without it`,
        hint: 'Check that the file is the image its name says (PNG, JPEG, GIF or SVG): open it in an image viewer, or save it again.',
      });
    }
    if (p.endnotes) {
      warnings.push({
        file, line: 0, column: 0, severity: 'info', source: 'internal', rule: 'print-endnotes',
        message: `The print edition and the volume set this document's ${p.endnotes.toLocaleString('en')} notes as endnotes, after the text: more than ${FOOTNOTE_LIMIT.toLocaleString('en')} footnotes would take the typesetter too long and too much memory.`,
        hint: 'Nothing to fix; the web and text editions are not affected.',
      });
    }
    return p.pdf;
  };
  // The HTML transform gives the register back-links too; only a build without it runs occurrences.xsl.
  const occurrences = html?.occurrences ?? (await occurrencesOf(tree));
  if (html && request.withHtmlParts) htmlParts = { lang: html.lang, title: html.title, header: html.header, text: html.text, notes: html.notes, apparatus: html.apparatus };
  if (html && targets.has('web')) {
    searchText = searchableText(`${html.text} ${html.notes}`);
    const self = { model, occurrences, terms: '' };
    // The page's previous/next links need only its neighbours: the order of this small set around it is the edition's.
    const edition: Edition = { ...request.edition, documents: [self, ...request.neighbours.map((m) => ({ model: m, occurrences: [], terms: '' }))], about: '' };
    const linked = new Set([...request.linked, ...request.previous]);
    // A TEI a browser would make active when opened from the site (activeInDownload) is not offered there.
    const active = activeInDownload(prepared.source);
    if (active) warnings.push(active);
    const page = documentPage(edition, {
      ...self,
      html,
      downloads: [
        ...(active ? [] : [{ href: `downloads/${encodeURIComponent(teiFileName(file, id))}`, label: 'TEI XML source', type: 'application/tei+xml' }]),
        ...(printing || linked.has('print') ? [{ href: `downloads/${id}.pdf`, label: 'Print edition (PDF)', type: 'application/pdf' }] : []),
        ...(plain !== undefined || linked.has('text') ? [{ href: `downloads/${id}.txt`, label: 'Plain text', type: 'text/plain' }] : []),
        ...(annotated !== undefined || linked.has('text') ? [{ href: `downloads/${id}.annotated.txt`, label: 'Annotated text', type: 'text/plain' }] : []),
      ],
      citeBox: citeBox(JSON.parse(citations.get(`${id}${CITATIONS_INDEX_SUFFIX}`) ?? 'null') as CitationsIndex | null),
    });
    const pdf = await typesetting();
    stage.name = 'rendering the web page';
    for (const [name, content] of citations) put(`web/cite/${name}`, content, `the citation file ${name}`);
    put(`web/${documentPath(id)}`, page, 'the web page');
    // The web edition is self-contained: its downloads are copies of the print and text outputs.
    if (!active) put(`web/downloads/${teiFileName(file, id)}`, text, 'the TEI download');
    if (pdf) put(`web/downloads/${id}.pdf`, pdf, 'the pdf download');
    if (plain !== undefined) put(`web/downloads/${id}.txt`, plain, 'the txt download');
    if (annotated !== undefined) put(`web/downloads/${id}.annotated.txt`, annotated, 'the annotated.txt download');
  }
  // Without a web page, the PDF is awaited here.
  if (!(html && targets.has('web'))) await typesetting();
  const about = transformSync<string>(await loadSef(join(XSLT_DIR, 'about.xsl')), { source: tree, destination: 'serialized', stylesheetParams: { witnesses: request.aboutWitnesses } }).principalResult;
  if (request.volume && !volume) {
    stage.name = 'typesetting its part of the volume';
    const renderer = await loadVolumeRenderer();
    const { principles, ...context } = request.volume;
    volume = { part: renderer.letter(tree, model, context), ...(principles ? { principles: renderer.principles(tree) } : {}) };
  }
  return { hash: hashOf(bytes), summary: { model, occurrences, terms: letterTerms(searchText) }, files, warnings, about, images: [...(graphics?.files.keys() ?? [])], ...(htmlParts ? { html: htmlParts } : {}), ...(volume ? { volume } : {}) };
}

/** The namespaces whose elements a browser renders and makes active (scripts, event handlers, links, embedded documents) in an XML file it opens. */
const ACTIVE_NAMESPACES: Readonly<Record<string, string>> = {
  'http://www.w3.org/1999/xhtml': 'XHTML',
  'http://www.w3.org/2000/svg': 'SVG',
  'http://www.w3.org/1998/Math/MathML': 'MathML',
};

/**
 * Why the letter's TEI may not be published as a download of the web edition, as a warning at the first place:
 * a browser that opens web/downloads/<file>.xml (a link, "open in new tab") renders the XML, and an element in the
 * XHTML, SVG or MathML namespace becomes a live element of a page with the site's origin (an <h:script>, an
 * <svg onload>), and an <?xml-stylesheet?> instruction makes the browser apply an XSLT or CSS (which can write
 * a page with scripts). The elements are read from the parsed tree (their resolved namespace, however prefixed);
 * the instruction from the text, so that one inside a comment or CDATA section is found too (a false positive,
 * accepted: it is rare and what it costs is the download). Undefined for a letter with none of them.
 */
export function activeInDownload(source: Source): Diagnostic | undefined {
  const element = source.elements.find((e) => Object.hasOwn(ACTIVE_NAMESPACES, e.namespace));
  const pi = /<\?xml-stylesheet(?=[\s?])/i.exec(source.text);
  if (!element && !pi) return undefined;
  const offset = Math.min(element?.offset ?? Infinity, pi?.index ?? Infinity);
  const what = element && element.offset === offset ? `an element in the ${ACTIVE_NAMESPACES[element.namespace]} namespace (<${element.name}>)` : 'a stylesheet instruction (<?xml-stylesheet?>)';
  const at = source.lines.position(offset);
  return {
    file: source.file, line: at.line, column: at.column, severity: 'warning', source: 'security', rule: 'download-active',
    message: `the TEI holds ${what}, which a browser would render as a live page with the edition's origin (its scripts would run) if the download were opened from the site; the file is left out of the web edition's downloads (web/downloads/); everything else is built as usual`,
    hint: 'Remove the XHTML, SVG or MathML elements and any <?xml-stylesheet?> instruction from the file (describe or encode the content in TEI, or give an image by <graphic url>); the TEI is then offered for download again.',
  };
}

async function occurrencesOf(tree: SaxonDocument): Promise<Occurrence[]> {
  const sef = await loadSef(join(XSLT_DIR, 'occurrences.xsl'));
  return transformSync<Occurrence[]>(sef, { source: tree, destination: 'raw' }).principalResult;
}

/**
 * The letter as the renderers see it: its pointers into the shared register
 * files resolved and their entries copied in (registers/resolve.ts). The
 * register files are read once per thread while their bytes stay the same.
 */
async function viewOf(s: Source, shared: string[]): Promise<Source> {
  if (shared.length === 0 || shared.includes(s.file)) return s;
  const registers = (await sharedRegisters(shared)).map((r) => r.source);
  return resolveSharedRegisters([s, ...registers], [s]).get(s) ?? s;
}

interface SharedRegister {
  hash: string;
  source: Source;
  /** The file's signature when it was read (signature.ts), if it had settled by then: it is not read again while it stays. */
  signature?: string;
  /** The records of its entries (model.xsl), read when a model first needs them. */
  entries?: ReadonlyMap<string, RegisterEntry>;
}

/**
 * The shared register files as they are now, each read and loaded once per thread while its bytes stay the
 * same. Asked two or three times a letter: a file whose signature (size, inode, modification and change times)
 * is the one it had when it was last read, and which had not changed for SETTLED_MS then, is taken as read
 * (as the build's input hashes are, build/cache.ts); before, it was read and hashed at each call (a register of
 * 2.4 MB: 4.5 ms to read and 1.5 ms to hash, each time).
 */
async function sharedRegisters(shared: string[]): Promise<SharedRegister[]> {
  const out: SharedRegister[] = [];
  for (const file of shared) {
    let known = sharedSources.get(file);
    const st = statOf(file);
    const signature = st ? signatureOf(st) : undefined;
    if (known?.signature !== undefined && known.signature === signature) {
      out.push(known);
      continue;
    }
    const bytes = await readBytes(file);
    if (bytes instanceof Error) continue;
    const hash = hashOf(bytes);
    if (known?.hash !== hash) {
      const source = loadBytes(file, bytes).source;
      if (!source) continue;
      known = { hash, source };
    }
    // Taken before the read: a change during it gives another signature, so the file is read again next time.
    known.signature = st && settledBy(st, Date.now() - SETTLED_MS) ? signature : undefined;
    sharedSources.set(file, known);
    out.push(known);
  }
  return out;
}

function statOf(file: string): BigIntStats | undefined {
  try {
    return statSync(file, { bigint: true });
  } catch {
    return undefined;
  }
}

const sharedSources = new Map<string, SharedRegister>();

/**
 * The records of the shared register files' entries, by id (model.xsl, read
 * once per thread and file version): the models of the letters take the
 * records of the entries copied into their views from here. An id two files
 * define is left out (the letters' copies of it are read as they are).
 */
async function sharedEntries(shared: string[]): Promise<ReadonlyMap<string, RegisterEntry>> {
  const registers = await sharedRegisters(shared);
  // A tree not kept: the records are what is kept (a register of 12,000 entries is some 2.4 MB, its tree many times that).
  for (const r of registers) r.entries ??= await readSharedEntries(transientTreeOf(r.source));
  if (registers.length === 1) return registers[0]!.entries!;
  const out = new Map<string, RegisterEntry>();
  const twice = new Set<string>();
  for (const r of registers) {
    for (const [id, entry] of r.entries!) {
      if (out.has(id)) twice.add(id);
      out.set(id, entry);
    }
  }
  for (const id of twice) out.delete(id);
  return out;
}

/**
 * Whether a batch of `letters` models takes the shared register files' records (sharedEntries) or each model
 * reads the entries copied into its letter's view instead, which gives the same model (the records only save
 * reading each entry again in every letter, and hold one copy of each). Reading them all costs about 1 ms a
 * kilobyte of register (2.2 MB: 1.8 s, and 0.7 s for its tree), paid once a thread: worth it for a batch of
 * letters or once read, not for the one letter of a rebuild after an edit (which took 8.5 s with that
 * register, 4.5 s without).
 */
async function recordsWorthReading(shared: string[], letters: number): Promise<boolean> {
  const registers = await sharedRegisters(shared);
  const size = registers.reduce((sum, r) => sum + r.source.text.length, 0);
  return registers.every((r) => r.entries) || size <= letters * RECORDS_SIZE_A_LETTER;
}

/** The register text (characters) whose records one model may pay for reading (64 K: about what reading a letter's copies of its entries costs). */
const RECORDS_SIZE_A_LETTER = 64 * 1024;

/**
 * Reads the shared register files' entries ahead of the first model (warm.ts): the same records the models then
 * take, when one letter's model would read them (a small register); a large one's wait for a batch worth it.
 */
export async function warmSharedEntries(shared: string[]): Promise<void> {
  if (await recordsWorthReading(shared, 1)) await sharedEntries(shared);
}

// ---------------------------------------------------------------- helpers

/**
 * Synchronously: the process's pool of I/O threads is shared by every thread,
 * and a rebuild's main thread queues thousands of file-system calls on it (the
 * cache, the output) while a worker reads the one letter it renders.
 */
async function readBytes(file: string): Promise<Uint8Array | Error> {
  try {
    return readFileSync(file);
  } catch (e) {
    return e as Error;
  }
}

function internal(file: string, rule: string, message: string): Diagnostic {
  return { file, line: 0, column: 0, severity: 'error', source: 'internal', rule, message, hint: 'This is a defect of the toolkit or of a stylesheet; please report it with the document.' };
}

/** The worker thread's entry: every kind of request. */
export type DocumentRequest = CheckRequest | ModelRequest | RenderRequest | RenderGroupRequest;
export function handleDocumentRequest(request: DocumentRequest): Promise<CheckedDocument[] | ReadModel[] | RenderedOutputs | RenderedOutputs[]> {
  return request.kind === 'check' ? checkDocuments(request) : request.kind === 'model' ? readModels(request) : request.kind === 'render-group' ? renderGroup(request) : renderDocument(request);
}

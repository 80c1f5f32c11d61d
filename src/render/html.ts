/**
 * TEI document → the HTML fragments of its page (xslt/tei-to-html.xsl).
 *
 * The page assembler puts the fragments into a page; each is one element,
 * well-formed XHTML (elements in the XHTML namespace, `xmlns` on the root,
 * `<br />`-style void elements, no XML declaration) that is also valid HTML5
 * syntax, so it can be embedded as text in an HTML page or parsed as XML:
 *
 * - `header`: `<header class="doc-header">` with the page's only `<h1>`
 *   (the title), the subtitle and a `<dl class="doc-metadata">` (From, To,
 *   Date, Place, Note, Witnesses with sigla, bibliography, role and note;
 *   each witness `<dt>` has the id `wit-SIGLUM`).
 * - `text`: `<article class="tei-text">`, the reading text (lemmata shown,
 *   readings hidden in place), with `data-variant-witnesses="FRUS …"`.
 * - `notes`: `<section class="notes">` (h2 "Notes", `<ol>`), or '' if none.
 * - `apparatus`: `<section class="apparatus">` (h2 "Variants"), or ''.
 * - `entities`: `<aside class="entities">` (h2, then h3 per kind), or ''.
 * - `body`: all of the above, in that order, in `<div class="tei-document">`.
 * - `occurrences`: where the text names register entries (the register
 *   pages' back-links), the same array as xslt/occurrences.xsl gives, made
 *   in this transform so that a build need not run a second one.
 *
 * Conventions (ids, classes, data attributes, what CSS and scripts the
 * assembler provides) are described in the comments of the stylesheet
 * modules (xslt/html/*.xsl); the short version:
 * - ids: TEI xml:ids are kept (see h:html-id in xslt/html/safety.xsl for the
 *   escaping); generated ids use the prefixes note-nN, noteref-nN, app-KEY,
 *   var-KEY, entity-ID, wit-SIGLUM and doc-…, which TEI ids never map to.
 * - classes: tei-NAME (ext-NAME for other namespaces) on every rendered
 *   element; `generated` on text the stylesheet adds (note numbers, variant
 *   markers, page markers, brackets); `editorial` on the edition's
 *   interventions; `block` on block-like elements rendered as spans inside
 *   phrasing content; `visually-hidden` on screen-reader-only labels.
 * - links to registers: `{registerBase}{page}#{encodeURIComponent(id)}`,
 *   pages persons.html, places.html, organizations.html (see
 *   REGISTER_PAGES), or whatever `registerHref` returns.
 *
 * SaxonJS is synchronous once the stylesheet is compiled; compiling is
 * asynchronous (src/xslt/sef.ts, cached on disk), hence two entry points:
 * `renderDocumentHtml` (async, compiles on first use) and
 * `loadHtmlRenderer`, which resolves to a synchronous renderer for builds
 * that render many documents.
 */
import { windows1252References } from '../controls.js';
import { join } from 'node:path';
import { TOOLKIT_ROOT, XSLT_DIR } from '../paths.js';
import { WorkerChannel } from '../worker/channel.js';
import { loadSef, type SefJson, type SefOptions } from '../xslt/sef.js';
import { parseXml, saxon, transformBatch, transformSync, type SaxonDocument } from '../xslt/transform.js';
import type { Occurrence } from '../site/summary.js';
import { documentDate, isoDateOf, type StyledModel } from '../model/dates.js';
import { dateText } from './text.js';
import { DEFAULT_DATE_STYLE, type DateStyle } from '../settings/types.js';

/** The kinds of register the text links to. */
export type EntityKind = 'person' | 'place' | 'org';

/** The register pages' file names (relative to `registerBase`). */
export const REGISTER_PAGES: Readonly<Record<EntityKind, string>> = Object.freeze({
  person: 'persons.html',
  place: 'places.html',
  org: 'organizations.html',
});

/** Where the register pages are, relative to a document page. */
export const DEFAULT_REGISTER_BASE = '../register/';

export const HTML_STYLESHEET = join(XSLT_DIR, 'tei-to-html.xsl');

const PARTS_MODE = 'Q{urn:x-tei-edition:html}parts';
const TEI_NS = 'http://www.tei-c.org/ns/1.0';

export interface RenderHtmlOptions {
  /** The document's id in the edition (written to data-document on the article). */
  documentId: string;
  /** Prefix of the register pages' URLs; default '../register/'. */
  registerBase?: string;
  /** File names of the register pages; defaults in REGISTER_PAGES. */
  registerPages?: Partial<Record<EntityKind, string>>;
  /**
   * The URL of a register entry, when the pattern base + page + '#' + id
   * does not fit. Called once per person, place and organisation of the
   * document. The result still goes through the stylesheet's URL check.
   */
  registerHref?: (kind: EntityKind, id: string) => string;
  /** Also serialize all parts as one `body` (default true); a page assembler that uses the parts can skip it. */
  withBody?: boolean;
  /** How the header's dates made from attributes read (edition.json "dateStyle"): "November 4, 1956" (default) or "4 November 1956". */
  dateStyle?: DateStyle;
  /** Images copied into the web edition: @url → src (src/load/graphics.ts); other images are not loaded. */
  graphics?: Record<string, string>;
  /**
   * The date the header gives when the document is dated by when it was made,
   * not by a sent date of its correspDesc (src/model/dates.ts documentDate:
   * the creation date, else the first dateline's): the print and text
   * editions' Date row, in the same words. `when`: its ISO date, if any.
   */
  date?: { text: string; when?: string };
  /**
   * The other letters of the edition the document points to, by the path
   * its pointers write (`other.xml` of `other.xml#p3`): a ref or ptr to one
   * links its page (`<id>.html#p3`, beside this one), and an empty ref
   * shows its title.
   */
  documents?: Record<string, LinkedLetter>;
}

/** A letter another letter points to: its page's id and its title. */
export interface LinkedLetter {
  id: string;
  title: string;
}

export interface RenderedDocument {
  documentId: string;
  /** The title as plain text (for <title>, breadcrumbs, citations). */
  title: string;
  /** The document's language (xml:lang), or '' if it has none. */
  lang: string;
  header: string;
  text: string;
  notes: string;
  apparatus: string;
  entities: string;
  /** All parts in one `<div class="tei-document">`. */
  body: string;
  /** Sigla of the witnesses with readings in the apparatus ("FRUS"), for the "Show … readings" control. */
  variantWitnesses: string[];
  noteCount: number;
  variantCount: number;
  entityCount: number;
  /** Where the text names register entries, for the register pages' back-links (xslt/html/occurrences.xsl). */
  occurrences: Occurrence[];
}

export type HtmlRenderer = (tei: string | SaxonDocument, options: RenderHtmlOptions) => RenderedDocument;

/** What a batch renders each document with: what RenderHtmlOptions gives one document, except the register's links, which are the batch's. */
export type BatchDocumentOptions = Pick<RenderHtmlOptions, 'documentId' | 'graphics' | 'date' | 'documents'>;

/** The register links, the body and the date style, the same for every document of a batch. */
export type BatchOptions = Pick<RenderHtmlOptions, 'registerBase' | 'registerPages' | 'withBody' | 'dateStyle'>;

/**
 * Renders several documents in one transform (the stylesheet's h:batch):
 * the same RenderedDocument for each as HtmlRenderer gives it alone, byte
 * for byte, for less CPU. SaxonJS prepares the whole compiled stylesheet
 * again at each transform, and what it makes for that is garbage after it
 * (generated letters, warm: 24.6-25.1 ms a letter alone, 19.6-21.5 ms eight
 * to a transform; docs/scale-log.md, the twenty-third pass).
 */
export type HtmlBatchRenderer = (documents: { tei: SaxonDocument; options: BatchDocumentOptions }[], options?: BatchOptions) => RenderedDocument[];

/**
 * Compiles (or loads from cache) the stylesheet and returns a synchronous
 * renderer. Renderers keep the sidebar entries they have rendered (see
 * EntityCache): the letters of an edition name the same entries of its
 * shared register, and each is rendered once per thread. By default every
 * renderer of this thread shares one cache (a build asks for a renderer
 * per letter); `entityCache: 'own'` gives the renderer a cache of its own
 * (tests that compare a renderer with a fresh one).
 */
export async function loadHtmlRenderer(options: { sef?: SefOptions; entityCache?: 'thread' | 'own' } = {}): Promise<HtmlRenderer> {
  const sef = await loadSef(HTML_STYLESHEET, options.sef);
  const cache = options.entityCache === 'own' ? new EntityCache() : threadEntityCache(sef);
  return (tei, renderOptions) => renderWithSef(sef, tei, renderOptions, cache);
}

/** The batch renderer (HtmlBatchRenderer), with the cache of sidebar entries loadHtmlRenderer's renderers share in this thread. */
export async function loadHtmlBatchRenderer(options: { sef?: SefOptions } = {}): Promise<HtmlBatchRenderer> {
  const sef = await loadSef(HTML_STYLESHEET, options.sef);
  const cache = threadEntityCache(sef);
  return (documents, batchOptions = {}) => renderBatchWithSef(sef, documents, batchOptions, cache);
}

/** The cache all renderers of one compiled stylesheet share in this thread (its output does not depend on the render options: the stylesheet compares each item's link and id). */
const threadEntityCaches = new WeakMap<SefJson, EntityCache>();

function threadEntityCache(sef: SefJson): EntityCache {
  let entities = threadEntityCaches.get(sef);
  if (!entities) {
    entities = new EntityCache();
    threadEntityCaches.set(sef, entities);
  }
  return entities;
}

/**
 * The sidebar items (persons, places, organisations) a renderer has made,
 * by xml:id, as the stylesheet's $entityCache (xslt/html/names.xsl): each
 * with a copy of its entry, which the stylesheet compares with the entry of
 * the next document before it uses the item (so the output is the same as
 * without the cache, byte for byte). An XDM map kept across transforms, so
 * that SaxonJS need not convert it on each call; filled from what each
 * transform hands back ('entityCacheAdditions'). Bounded: past MAX_ENTRIES
 * it starts afresh.
 */
/** The part of SaxonJS's API that builds XDM maps (an XdmMap passed as a parameter is used as it is, not converted). */
interface XdmMap {
  inSituPut(key: unknown, value: unknown[]): void;
}
interface XdmApi {
  XdmMap: new () => XdmMap;
  XS: { string: { fromString(value: string): unknown } };
}
const xdm = (): XdmApi => saxon() as unknown as XdmApi;

/** Sidebar items kept since the thread started (tests check that the cache is in use). */
export const htmlEntityCacheStats = { kept: 0 };

class EntityCache {
  static readonly MAX_ENTRIES = 20_000;
  private map: XdmMap | undefined;
  private size = 0;

  /** The map to pass as the stylesheet parameter. */
  param(): XdmMap {
    this.map ??= new (xdm().XdmMap)();
    return this.map;
  }

  /** Keeps the items a transform rendered: maps with string values and the nodes 'source' and 'li'. */
  add(additions: unknown): void {
    if (!Array.isArray(additions) || additions.length === 0) return;
    const S = xdm();
    if (this.size + additions.length > EntityCache.MAX_ENTRIES) {
      this.map = undefined;
      this.size = 0;
    }
    const map = this.param();
    for (const addition of additions as Record<string, unknown>[]) {
      const entry = new S.XdmMap();
      for (const [key, value] of Object.entries(addition)) {
        entry.inSituPut(S.XS.string.fromString(key), [typeof value === 'string' ? S.XS.string.fromString(value) : value]);
      }
      map.inSituPut(S.XS.string.fromString(str(addition.id)), [entry]);
      this.size++;
      htmlEntityCacheStats.kept++;
    }
  }
}

/**
 * RenderHtmlOptions.date of a document: its date when the model dates it by
 * when it was made (documentDate), undefined when by its sent date (the
 * stylesheet reads that from the correspDesc) or not at all; in the model's
 * date style (model/dates.ts StyledModel).
 */
export function madeDateOption(model: StyledModel): RenderHtmlOptions['date'] {
  const d = documentDate(model);
  if (!d || d === model.sender?.date) return undefined;
  const text = dateText(d, model.dateStyle);
  if (!text) return undefined;
  // The words' date only when no attribute says otherwise ("not before …" has no one day to give).
  const when = d.when ?? (d.notBefore || d.notAfter || d.from || d.to ? undefined : isoDateOf(d));
  return when ? { text, when } : { text };
}

/** Renders one TEI document (its text, or a tree from `parseXml`). Throws on XML errors: load and validate first. */
export async function renderDocumentHtml(tei: string | SaxonDocument, options: RenderHtmlOptions): Promise<RenderedDocument> {
  const render = await loadHtmlRenderer();
  return render(tei, options);
}

/** The stylesheet parameters of a transform (of one document, or of a batch: then without the document's own). */
function commonParams(options: BatchOptions, entities: EntityCache): Record<string, unknown> {
  const pages = { ...REGISTER_PAGES, ...options.registerPages };
  return {
    registerBase: options.registerBase ?? DEFAULT_REGISTER_BASE,
    personsPage: pages.person,
    placesPage: pages.place,
    orgsPage: pages.org,
    'with-body': options.withBody ?? true,
    'date-style': options.dateStyle ?? DEFAULT_DATE_STYLE,
    entityCache: entities.param(),
  };
}

/** A document's own parameters: tei-to-html.xsl's documentId, graphics, date-text, date-when and documents, or its entry of $batch. */
function documentParams(options: BatchDocumentOptions): Record<string, unknown> {
  return { documentId: options.documentId, graphics: options.graphics ?? {}, 'date-text': options.date?.text ?? '', 'date-when': options.date?.when ?? '', documents: options.documents ?? {} };
}

function renderBatchWithSef(sef: SefJson, documents: { tei: SaxonDocument; options: BatchDocumentOptions }[], options: BatchOptions, entities: EntityCache): RenderedDocument[] {
  const batch = documents.map((d) => ({ doc: d.tei, ...documentParams(d.options) }));
  const made = transformBatch<Record<string, unknown>>(sef, BATCH_TEMPLATE, batch, commonParams(options, entities), "the web page's stylesheet");
  return made.map((r, i) => {
    entities.add(r.entityCacheAdditions);
    return renderedDocument(documents[i]!.options.documentId, r);
  });
}

const BATCH_TEMPLATE = 'Q{urn:x-tei-edition:html}batch';

function renderWithSef(sef: SefJson, tei: string | SaxonDocument, options: RenderHtmlOptions, entities: EntityCache): RenderedDocument {
  const stylesheetParams: Record<string, unknown> = { ...commonParams(options, entities), ...documentParams(options) };
  let source = tei;
  if (options.registerHref) {
    // The stylesheet cannot call back into JavaScript: give it every href up front.
    if (typeof source === 'string') source = parseXml(source);
    stylesheetParams.registerLinks = registerLinks(source, options.registerHref);
  }
  const { principalResult } = transformSync<Record<string, unknown>>(sef, {
    source,
    destination: 'raw',
    initialMode: PARTS_MODE,
    stylesheetParams,
  });
  entities.add(principalResult.entityCacheAdditions);
  return renderedDocument(options.documentId, principalResult);
}

/** What the parts mode gives for a document, typed. */
function renderedDocument(documentId: string, r: Record<string, unknown>): RenderedDocument {
  return {
    documentId,
    title: str(r.title),
    lang: str(r.lang),
    // A C1 control of the TEI as the browser shows its reference (src/controls.ts): the same in the EPUB made of these parts.
    header: windows1252References(str(r.header)),
    text: windows1252References(str(r.text)),
    notes: windows1252References(str(r.notes)),
    apparatus: windows1252References(str(r.apparatus)),
    entities: windows1252References(str(r.entities)),
    body: windows1252References(str(r.body)),
    variantWitnesses: Array.isArray(r.variantWitnesses) ? r.variantWitnesses.map(str) : [],
    noteCount: Number(r.noteCount ?? 0),
    variantCount: Number(r.variantCount ?? 0),
    entityCount: Number(r.entityCount ?? 0),
    occurrences: Array.isArray(r.occurrences) ? (r.occurrences as Occurrence[]) : [],
  };
}

/** "person:eisenhower" → href, for every register entry of the document. */
function registerLinks(doc: SaxonDocument, href: (kind: EntityKind, id: string) => string): Record<string, string> {
  const entries = saxon().XPath.evaluate(
    `//(tei:person | tei:personGrp | tei:place | tei:org)[@xml:id] !
       ((if (self::tei:place) then 'place' else if (self::tei:org) then 'org' else 'person') || ':' || @xml:id)`,
    doc,
    { namespaceContext: { tei: TEI_NS }, resultForm: 'array' },
  ) as string[];
  const links: Record<string, string> = {};
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const kind = entry.slice(0, colon) as EntityKind;
    links[entry] = href(kind, entry.slice(colon + 1));
  }
  return links;
}

function str(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

const channel = new WorkerChannel<{ text: string; options: Omit<RenderHtmlOptions, 'registerHref'> }, RenderedDocument>(join(TOOLKIT_ROOT, 'lib', 'render', 'html-worker.js'));

/**
 * Renders in a worker thread, so that a build renders the HTML while this
 * thread validates and reads the model (SaxonJS is synchronous: one thread
 * runs one transform at a time). Falls back to this thread where no
 * compiled worker exists (tests running the sources).
 */
export async function renderHtmlOffThread(text: string, options: Omit<RenderHtmlOptions, 'registerHref'>): Promise<RenderedDocument> {
  if (!channel.available) return renderDocumentHtml(text, options);
  return channel.request({ text, options });
}

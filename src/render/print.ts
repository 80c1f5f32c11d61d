/**
 * TEI document → the print edition (dist/print/<id>.pdf and <id>.typ).
 *
 * xslt/tei-to-typst.xsl writes Typst markup from the TEI (every TEI string
 * escaped, see xslt/typst/escape.xsl); the page design
 * (xslt/typst/edition.typ) goes in front of it; the Typst compiler embedded
 * in @myriaddreamin/typst-ts-node-compiler (Typst 0.14.2) compiles it to PDF
 * in-process: no TeX, no browser, no Java.
 *
 * The compiler, shut in so that even Typst code that escaped the escaping
 * could read nothing and fetch nothing, is typst.ts's.
 *
 * Deterministic: the PDF's date is SOURCE_DATE_EPOCH (option, else the
 * environment variable), else the latest revisionDesc/change/@when or
 * publication date of the TEI, so two builds give the same bytes.
 * PDF/A-2b when it holds (a glyph missing from the embedded fonts breaks it;
 * the PDF is then written as plain tagged PDF 1.7 and `warnings` says why),
 * or required with `pdfa: true`.
 */
import { windows1252 } from '../controls.js';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { XSLT_DIR } from '../paths.js';
import { loadSef, type SefJson, type SefOptions } from '../xslt/sef.js';
import { transformBatch, transformSync, type SaxonDocument } from '../xslt/transform.js';
import type { Agent, DocumentModel } from '../model/types.js';
import type { Diagnostic } from '../diagnostic.js';
import type { LinkedLetter } from './html.js';
import { RASTER_FORMATS, rasterFormatOf, type DocumentGraphics } from '../load/graphics.js';
import { correspondenceRows, textEditionOf, type TextEdition, type TextParts } from './text.js';
import { compileTypst, missingGlyphsIn } from './typst.js';
import { typeset } from './typst-service.js';
import type { PrintFontSet } from './typst-fonts.js';

export const TYPST_STYLESHEET = join(XSLT_DIR, 'tei-to-typst.xsl');
/** The print edition's Typst and the text edition's parts in one transform (loadTypstAndTextWriter). */
export const TYPST_AND_TEXT_STYLESHEET = join(XSLT_DIR, 'tei-to-typst-and-text.xsl');
export const TYPST_PAGE_DESIGN = join(XSLT_DIR, 'typst', 'edition.typ');
/** ed-endnote and ed-endnotes: after the page design of a document or volume that sets its notes as endnotes (FOOTNOTE_LIMIT). */
export const TYPST_ENDNOTES_DESIGN = join(XSLT_DIR, 'typst', 'endnotes.typ');

export type Paper = 'us-letter' | 'a4';

/**
 * The most notes a letter's print edition (and its part of the volume) sets
 * as footnotes; a letter with more has them as endnotes, after the text.
 * Typst keeps every footnote in memory while it lays out the pages (4,000
 * footnotes: 9 s and 1.2 GB; as endnotes 2.2 s and 0.4 GB): see the note
 * template in xslt/typst/text.xsl, which receives this as footnote-limit.
 */
export const FOOTNOTE_LIMIT = 1000;

export interface RenderPrintOptions {
  /** Default 'us-letter'. */
  paper?: Paper;
  /**
   * true: PDF/A-2b or an error; false: plain PDF; undefined (default):
   * PDF/A-2b when the document allows it, else plain PDF with a warning.
   */
  pdfa?: boolean;
  /** Seconds since 1970 (UTC) for the PDF's date; default $SOURCE_DATE_EPOCH, else the TEI's latest date. */
  sourceDateEpoch?: number;
  /**
   * The other letters of the edition it points to, by the path its pointers
   * write (what the web page gets: RenderHtmlOptions documents): a ptr or an
   * empty ref to one shows that letter's title, as on the web page.
   */
  documents?: Record<string, LinkedLetter>;
  /**
   * The images its figures show, by their graphic's @url as written: those
   * of the web edition (load/graphics.ts graphicsOf) that Typst reads
   * (printImages). The compiler is given their bytes, and nothing else.
   */
  images?: Record<string, PrintImage>;
  /**
   * The edition's own fonts (edition.json printFonts, read by
   * typst-fonts.ts printFontSet), which the compiler has after its embedded
   * ones, for the characters those lack.
   */
  fonts?: PrintFontSet;
}

/** An image of the print edition: its path among the compiler's files (its place in the edition folder, from the root) and its bytes. */
export interface PrintImage {
  path: string;
  bytes: Uint8Array;
}

/** The raster formats Typst reads (load/graphics.ts RASTER_FORMATS names a file's by its extension; an SVG is text, which Typst parses). */
const PRINT_RASTER_FORMATS = new Set(['PNG', 'JPEG', 'GIF']);

/** Whether the PDF can show this image file: an SVG, or a PNG, JPEG or GIF whose bytes begin as its extension says. */
function printableImage(place: string, bytes: Uint8Array): boolean {
  const ext = extname(place).toLowerCase();
  if (ext === '.svg') return true;
  const format = RASTER_FORMATS[ext];
  return format !== undefined && PRINT_RASTER_FORMATS.has(format) && rasterFormatOf(bytes) === format;
}

/**
 * The images of a letter's web edition (load/graphics.ts: relative paths
 * inside the edition folder, image files, no active SVG) that its PDF
 * shows: PNG, JPEG, GIF and SVG, which Typst reads, each whose bytes begin
 * as its format's do. Any other (WebP, AVIF, or a file that is not what its
 * name says) is left out of the PDF, its figure keeping its caption. Each
 * is named by its place in the edition folder, as in the web edition.
 */
export function printImages(graphics: Pick<DocumentGraphics, 'paths' | 'files'>): Record<string, PrintImage> {
  const out: Record<string, PrintImage> = {};
  for (const [url, place] of Object.entries(graphics.paths)) {
    const bytes = graphics.files.get(`web/images/${place}`);
    // (Never a path with a control character: load/graphics.ts refuses one, which the typesetter reads with a space for a line break.)
    if (bytes && printableImage(place, bytes) && !/[\u0000-\u001f\u007f-\u009f]/.test(place)) out[url] = { path: `/${place}`, bytes };
  }
  return out;
}

/** The files the compiler is given for a print edition's images (PrintSource files), or nothing. */
export function printFiles(options: RenderPrintOptions): Pick<PrintSource, 'files'> {
  const images = Object.values(options.images ?? {});
  return images.length ? { files: Object.fromEntries(images.map((i) => [i.path, i.bytes])) } : {};
}

export interface PrintEdition {
  /** The whole Typst source (page design + generated document): `<id>.typ`. */
  typst: string;
  /** `<id>.pdf` */
  pdf: Uint8Array;
  /** 'a-2b' when the PDF claims PDF/A-2b conformance, else undefined. */
  pdfStandard?: 'a-2b';
  pages: number;
  /** The date written into the PDF (UTC). */
  date: Date;
  /** Compiler warnings, and why PDF/A was not written. */
  warnings: string[];
  /** How many notes were set as endnotes (more than FOOTNOTE_LIMIT); undefined when they are footnotes. */
  endnotes?: number;
  /** Characters no font of the print edition can show (typst.ts TypstOutput missingGlyphs): empty boxes in the PDF. */
  missingGlyphs?: string[];
  /** Images of its figures the typesetter could not read (their path, and why): left out, their figures' captions kept. */
  imagesLeftOut?: { path: string; why: string }[];
}

/** The fonts the print edition has (typst.ts: the compiler's embedded fonts, and no other). */
export const PRINT_FONTS = ['Libertinus Serif', 'New Computer Modern', 'DejaVu Sans Mono'];

/** How many of the characters without a glyph a finding names. */
const MISSING_GLYPHS_NAMED = 8;

/**
 * The findings of a letter's PDF (`file`, whose TEI text is `source`): the
 * compiler's warnings, and characters without a glyph as one warning an
 * editor can act on, at the first of them in the TEI source, which says
 * that they show as empty boxes (the PDF then written as PDF 1.7, as the
 * compiler's warning said).
 */
export function printFindings(p: Pick<PrintEdition, 'warnings' | 'missingGlyphs'>, file: string, source: string, options: { editorFonts?: boolean } = {}): Diagnostic[] {
  const findings: Diagnostic[] = [];
  // Arabic script has a glyph in one embedded font only, the monospaced DejaVu Sans Mono: printed, but as typewriting
  // (each letter in a cell of its own, the joins loose). Said where the text first has it, unless the editor gave fonts.
  const body = Math.max(0, source.search(/<text[\s>]/));
  const arabic = options.editorFonts ? -1 : source.slice(body).search(ARABIC);
  if (arabic >= 0) {
    const before = source.slice(0, body + arabic);
    findings.push({
      file,
      line: before.split('\n').length,
      column: before.length - before.lastIndexOf('\n'),
      severity: 'warning',
      source: 'internal',
      rule: 'print-monospace-script',
      message: "Arabic script is set in DejaVu Sans Mono in the PDF, the only one of the print edition's fonts that has it: a typewriter face, its letters spaced apart and loosely joined (the first of it here).",
      hint: 'Give the print edition a font for Arabic: "printFonts" in edition.json lists font files (.otf, .ttf) in the edition folder, e.g. "printFonts": ["fonts/NotoNaskhArabic-Regular.ttf"]; the web edition and the plain text are not affected.',
    });
  }
  const missing = p.missingGlyphs ?? [];
  for (const message of p.warnings) {
    // The PDF/A fallback when the missing glyphs were its only reason: said by the finding below.
    if (missing.length && PDF_17_FALLBACK.test(message) && onlyMissingGlyphs(message)) continue;
    findings.push({ file, line: 0, column: 0, severity: 'warning', source: 'internal', rule: 'print', message, hint: 'The PDF was written without this property.' });
  }
  if (missing.length) {
    const at = firstOccurrence(source, missing);
    const { count, named } = glyphsInWords(missing);
    findings.push({
      file,
      line: at.line,
      column: at.column,
      severity: 'warning',
      source: 'internal',
      rule: 'print-missing-glyph',
      message: `The text has ${count} no glyph in the print edition's fonts (${PRINT_FONTS.join(', ')}): ${named}; they show as empty boxes in the PDF, which is therefore written as PDF 1.7, not PDF/A-2b${at.line ? ' (the first of them here)' : ''}.`,
      hint: 'These characters need a font the print edition does not have: the TEI is right as it is, and the web edition and the plain text show them; in the PDF a reader sees a box in their place. Give the print edition a font that has them: "printFonts" in edition.json lists font files (.otf, .ttf, .ttc) in the edition folder, e.g. "printFonts": ["fonts/NotoSerifCJKsc-Regular.otf"], which it uses after its own for the characters these lack.',
    });
  }
  return findings;
}

/**
 * The volume's compiler warnings as findings (it has no one source to point into): a PDF/A fallback for
 * characters without a glyph alone is said as such, as for a letter (printFindings), each letter's own
 * warning saying where they are.
 */
export function volumePrintFindings(warnings: readonly string[]): Diagnostic[] {
  return warnings.map((message): Diagnostic => {
    if (!PDF_17_FALLBACK.test(message) || !onlyMissingGlyphs(message)) {
      return { file: '', line: 0, column: 0, severity: 'warning', source: 'internal', rule: 'print', message: `volume: ${message}`, hint: 'The PDF was written without this property.' };
    }
    const { count, named } = glyphsInWords(missingGlyphsIn(message.replace(PDF_17_FALLBACK, '').split('; ')));
    return {
      file: '', line: 0, column: 0, severity: 'warning', source: 'internal', rule: 'print-missing-glyph',
      message: `volume: the letters have ${count} no glyph in the print edition's fonts (${PRINT_FONTS.join(', ')}): ${named}; they show as empty boxes in the volume, which is therefore written as PDF 1.7, not PDF/A-2b (each letter's own print-missing-glyph warning says where).`,
      hint: 'Give the print edition a font that has them: "printFonts" in edition.json lists font files (.otf, .ttf, .ttc) in the edition folder, which it uses after its own for the characters these lack.',
    };
  });
}

/** Arabic script (its blocks and presentation forms): in the embedded fonts only DejaVu Sans Mono has it. */
const ARABIC = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;

/** How a finding counts and names the characters: "5 characters that have" and the first eight ("\"中\" U+4E2D, …"), then "and N more". */
function glyphsInWords(missing: readonly string[]): { count: string; named: string } {
  const more = missing.length > MISSING_GLYPHS_NAMED ? ` and ${missing.length - MISSING_GLYPHS_NAMED} more` : '';
  return {
    count: missing.length === 1 ? 'a character that has' : `${missing.length} characters that have`,
    named: `${missing.slice(0, MISSING_GLYPHS_NAMED).map(glyphName).join(', ')}${more}`,
  };
}

/** The start of the compiler's warning when a PDF could not be PDF/A-2b (typst.ts). */
const PDF_17_FALLBACK = /^Written as PDF 1\.7, not PDF\/A-2b: /;

function onlyMissingGlyphs(message: string): boolean {
  return message.replace(PDF_17_FALLBACK, '').split('; ').every((reason) => /the text `".*"` could not be displayed with font/.test(reason));
}

/** A character as a finding names it: itself and its code points ("中" U+4E2D). */
function glyphName(text: string): string {
  return `"${text}" ${[...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ')}`;
}

/**
 * Where the first of `texts` is in a TEI source (1-based line, column in
 * UTF-16 code units), written as itself or as a character reference
 * (&#x4E2D; &#20013;): in the text (from <text) when it is there, else
 * anywhere (a title of the header); line 0 when not found.
 */
export function firstOccurrence(source: string, texts: string[]): { line: number; column: number } {
  // Each text's code points beyond ASCII (a cluster's base letter may be an ordinary one).
  const wanted = new Set(texts.flatMap((t) => [...t].filter((c) => c > '\u007f')));
  if (!wanted.size) return { line: 0, column: 0 };
  const pattern = new RegExp(`${[...wanted].map((c) => c.replace(/[\\^\]\-[]/g, '\\$&')).map((c) => `[${c}]`).join('|')}|&#(?:x([0-9a-fA-F]+)|([0-9]+));`, 'gu');
  const body = source.search(/<text[\s>]/);
  for (const start of body > 0 ? [body, 0] : [0]) {
    pattern.lastIndex = start;
    for (let m = pattern.exec(source); m; m = pattern.exec(source)) {
      const c = m[1] ? String.fromCodePoint(parseInt(m[1], 16)) : m[2] ? String.fromCodePoint(parseInt(m[2], 10)) : m[0];
      if (!wanted.has(c)) continue;
      const before = source.slice(0, m.index);
      return { line: before.split('\n').length, column: m.index - before.lastIndexOf('\n') };
    }
  }
  return { line: 0, column: 0 };
}

export type PrintRenderer = (tei: string | SaxonDocument, model: DocumentModel, options?: RenderPrintOptions) => PrintEdition;

// ---------------------------------------------------------------- entry points

/** Compiles (or loads) the stylesheet, creates the compiler, and returns a synchronous renderer. */
export async function loadPrintRenderer(options: { sef?: SefOptions } = {}): Promise<PrintRenderer> {
  const sef = await loadSef(TYPST_STYLESHEET, options.sef);
  const design = readFileSync(TYPST_PAGE_DESIGN, 'utf8');
  return (tei, model, printOptions = {}) => renderWithSef(sef, design, tei, model, printOptions);
}

/** Renders one TEI document (its text, or a tree from `parseXml`). Throws on XML errors: load and validate first. */
export async function renderPrint(tei: string | SaxonDocument, model: DocumentModel, options: RenderPrintOptions = {}): Promise<PrintEdition> {
  return (await loadPrintRenderer())(tei, model, options);
}

function renderWithSef(sef: SefJson, design: string, tei: string | SaxonDocument, model: DocumentModel, options: RenderPrintOptions): PrintEdition {
  return compilePrintSource(typstSource(sef, design, tei, model, options), options);
}

/** The whole Typst source of a print edition, before it is compiled. */
export interface PrintSource {
  typst: string;
  date: Date;
  /** How many notes it sets as endnotes (0: footnotes). */
  endnotes: number;
  /** The images it shows, by their path in the source (printFiles): the compiler's only files besides the page design. */
  files?: Record<string, Uint8Array>;
}

/** Compiles a print edition's source (typstSource, or book.ts's transform that makes it with the volume's part). */
export function compilePrintSource({ typst, date, endnotes, files }: PrintSource, options: RenderPrintOptions = {}): PrintEdition {
  return { typst, date, ...compileTypst(typst, options.pdfa, { alone: endnotes > 0, files, fonts: options.fonts }), ...(endnotes ? { endnotes } : {}) };
}

/** compilePrintSource in the thread's Typst process when it has one (typst-service.ts: a build's threads). */
export async function typesetPrintSource({ typst, date, endnotes, files }: PrintSource, options: RenderPrintOptions = {}): Promise<PrintEdition> {
  return { typst, date, ...(await typeset(typst, options.pdfa, { alone: endnotes > 0, files, fonts: options.fonts })), ...(endnotes ? { endnotes } : {}) };
}

function typstSource(sef: SefJson, design: string, tei: string | SaxonDocument, model: DocumentModel, options: RenderPrintOptions): PrintSource {
  const { params, date } = printParameters(model, options);
  const generated = transformSync<string>(sef, { source: tei, destination: 'serialized', stylesheetParams: params }).principalResult;
  return { ...printSource(generated, date, design), ...printFiles(options) };
}

/** The date and the stylesheet parameters (of tei-to-typst.xsl) of a document's print edition. */
export function printParameters(model: DocumentModel, options: RenderPrintOptions): { params: { meta: string; 'footnote-limit': number }; date: Date } {
  const date = pdfDate(model, options.sourceDateEpoch);
  const meta = documentMeta(model, options.paper ?? 'us-letter', date, options.documents, options.images);
  return { params: { meta: JSON.stringify(meta), 'footnote-limit': FOOTNOTE_LIMIT }, date };
}

/** The generated document part with the page design (and the endnotes' definitions when it has endnotes) in front. */
export function printSource(made: string, date: Date, design = readFileSync(TYPST_PAGE_DESIGN, 'utf8')): PrintSource {
  const generated = collectEndnotes(printable(made));
  const endnotes = endnoteCalls(generated);
  const definitions = endnotes ? `${design.trimEnd()}\n\n${readFileSync(TYPST_ENDNOTES_DESIGN, 'utf8')}` : design;
  return { typst: `${definitions.trimEnd()}\n\n${generated}`, date, endnotes };
}

/**
 * Typst source without DEL and the C1 controls (U+007F–U+009F, which XML
 * allows and the finding xml-control-char reports): a C1 control as the web
 * page shows it (Windows-1252's character, src/controls.ts), else a space,
 * as in the plain text. No font has a glyph for them, and PDF/A refuses text it cannot show:
 * one such character made the whole PDF fall back to PDF 1.7.
 */
export function printable(typst: string): string {
  return typst.replace(/[\u007f-\u009f]/g, (c) => windows1252(c) ?? ' ');
}

/** An endnote's call with its text (xslt/typst/text.xsl: between U+E004 and U+E005), or the list after the text. */
const ENDNOTE_PARTS = /#ed-endnote\((\d+)\)\uE004([^\uE005]*)\uE005|#ed-endnotes\(\)/g;

/**
 * Generated Typst with each endnote's text moved from its call into the
 * list that follows (`#ed-endnotes()` after a letter's text): the call keeps
 * its number, the list receives (number, [text]) in the order of the calls.
 * Typst then sets the list as it reads it, not by a query over the document
 * (see endnotes.typ). Text without delimited notes is returned as it is.
 */
export function collectEndnotes(generated: string): string {
  if (!generated.includes('\uE004')) return generated;
  let notes: string[] = [];
  return generated.replace(ENDNOTE_PARTS, (call, n: string | undefined, body: string | undefined) => {
    if (n === undefined) {
      const list = notes.length ? `#ed-endnotes(\n${notes.join('')})` : call;
      notes = [];
      return list;
    }
    notes.push(`  (${n}, [${body}]),\n`);
    return `#ed-endnote(${n})`;
  });
}

/** How many notes the generated Typst sets as endnotes (TEI text cannot write a call: its "#" is escaped). */
export function endnoteCalls(generated: string): number {
  return generated.split('#ed-endnote(').length - 1;
}

export interface TypstAndText {
  print: PrintSource;
  text: TextEdition;
}

/**
 * The print edition's source (to compile with compilePrintSource) and the
 * text edition, made in one transform (xslt/tei-to-typst-and-text.xsl): what
 * a build makes of a letter that has both. The same as typstSource and
 * src/render/text.ts's renderer give, byte for byte, for less: SaxonJS
 * prepares the stylesheet, evaluates its global variables, builds its keys
 * and walks the document for the note and apparatus numbers in every
 * transform, here once for the two.
 */
export async function loadTypstAndTextWriter(options: { sef?: SefOptions } = {}): Promise<(tei: string | SaxonDocument, model: DocumentModel, printOptions?: RenderPrintOptions) => TypstAndText> {
  const sef = await loadSef(TYPST_AND_TEXT_STYLESHEET, options.sef);
  const design = readFileSync(TYPST_PAGE_DESIGN, 'utf8');
  return (tei, model, printOptions = {}) => {
    const { params, date } = printParameters(model, printOptions);
    const made = transformSync<{ typst: string; text: TextParts }>(sef, { source: tei, destination: 'raw', stylesheetParams: params }).principalResult;
    return { print: { ...printSource(made.typst, date, design), ...printFiles(printOptions) }, text: textEditionOf(made.text, model) };
  };
}

/** A letter for loadTypstAndTextBatchWriter: its tree, its model and its print options. */
export interface TypstAndTextItem {
  tei: SaxonDocument;
  model: DocumentModel;
  printOptions?: RenderPrintOptions;
}

/**
 * loadTypstAndTextWriter for several letters in one transform (the
 * stylesheet's ty:batch): for each, what the writer gives it alone, byte
 * for byte, for less CPU (see loadHtmlBatchRenderer in html.ts).
 */
export async function loadTypstAndTextBatchWriter(options: { sef?: SefOptions } = {}): Promise<(items: TypstAndTextItem[]) => TypstAndText[]> {
  const sef = await loadSef(TYPST_AND_TEXT_STYLESHEET, options.sef);
  const design = readFileSync(TYPST_PAGE_DESIGN, 'utf8');
  return (items) => {
    const parameters = items.map((item) => printParameters(item.model, item.printOptions ?? {}));
    const batch = items.map((item, i) => ({ doc: item.tei, meta: parameters[i]!.params.meta }));
    const made = transformBatch<{ typst: string; text: TextParts }>(sef, 'Q{urn:x-tei-edition:typst}batch', batch, { 'footnote-limit': FOOTNOTE_LIMIT }, "the print edition's stylesheet");
    return made.map((m, i) => ({ print: { ...printSource(m.typst, parameters[i]!.date, design), ...printFiles(items[i]!.printOptions ?? {}) }, text: textEditionOf(m.text, items[i]!.model) }));
  };
}

/** The Typst source of the print edition without compiling it (what the PDF sets, for tests of the text). */
export async function loadTypstWriter(options: { sef?: SefOptions } = {}): Promise<(tei: string | SaxonDocument, model: DocumentModel, printOptions?: RenderPrintOptions) => string> {
  const write = await loadPrintSourceWriter(options);
  return (tei, model, printOptions = {}) => write(tei, model, printOptions).typst;
}

/** The print edition's source with its date and endnotes, to compile with compilePrintSource or typesetPrintSource. */
export async function loadPrintSourceWriter(options: { sef?: SefOptions } = {}): Promise<(tei: string | SaxonDocument, model: DocumentModel, printOptions?: RenderPrintOptions) => PrintSource> {
  const sef = await loadSef(TYPST_STYLESHEET, options.sef);
  const design = readFileSync(TYPST_PAGE_DESIGN, 'utf8');
  return (tei, model, printOptions = {}) => typstSource(sef, design, tei, model, printOptions);
}

// ---------------------------------------------------------------- metadata

interface TypstDocumentMeta {
  title?: string;
  subtitle?: string;
  authors: string[];
  description?: string;
  keywords: string[];
  lang: string;
  region?: string;
  paper: Paper;
  runningHead?: string;
  date: { year: number; month: number; day: number; hour: number; minute: number; second: number };
  rows: [string, string][];
  /** RenderPrintOptions documents (only when there are some: text/reading.xsl reads it). */
  documents?: Record<string, LinkedLetter>;
  /** The path of each image of RenderPrintOptions images, by its @url (only when there are some: typst/text.xsl reads it). */
  images?: Record<string, string>;
}

function documentMeta(model: DocumentModel, paper: Paper, date: Date, documents?: Record<string, LinkedLetter>, images?: Record<string, PrintImage>): TypstDocumentMeta {
  const senders = names(model.sender?.agents);
  const recipients = names(model.recipient?.agents);
  const authors = (model.authors ?? []).map((a) => a.name ?? a.entry?.name).filter((n): n is string => !!n);
  const correspondence =
    senders.length && recipients.length
      ? `${senders.join(' and ')} to ${recipients.join(' and ')}${model.sender?.date?.text ? `, ${model.sender.date.text}` : ''}`
      : undefined;
  const surnames = (agents: Agent[] | undefined): string[] =>
    (agents ?? []).map((a) => a.entry?.surname ?? a.name).filter((n): n is string => !!n);
  const shortSenders = surnames(model.sender?.agents);
  const shortRecipients = surnames(model.recipient?.agents);
  const runningHead =
    shortSenders.length && shortRecipients.length
      ? `${shortSenders.join(' and ')} to ${shortRecipients.join(' and ')}${model.sender?.date?.text ? `, ${model.sender.date.text}` : ''}`
      : model.title;
  const { lang, region } = language(model.lang ?? model.languages?.[0]);
  return {
    title: model.title,
    subtitle: model.subtitle,
    authors: authors.length ? authors : senders,
    description: model.abstract ?? model.subtitle ?? correspondence,
    keywords: model.keywords ?? [],
    lang,
    region,
    paper,
    runningHead,
    date: {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
    },
    rows: correspondenceRows(model),
    ...(documents && Object.keys(documents).length ? { documents } : {}),
    ...(images && Object.keys(images).length ? { images: Object.fromEntries(Object.entries(images).map(([url, i]) => [url, i.path])) } : {}),
  };
}

function names(agents: Agent[] | undefined): string[] {
  return (agents ?? []).map((a) => a.name ?? a.entry?.name).filter((n): n is string => !!n);
}

/** "en", "en-US" → Typst's lang and region; anything Typst would reject → English. */
export function language(tag: string | undefined): { lang: string; region?: string } {
  const m = /^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}))?(?:[-_].*)?$/.exec(tag ?? '');
  if (!m) return { lang: 'en' };
  return { lang: m[1]!.toLowerCase(), ...(m[2] ? { region: m[2].toUpperCase() } : {}) };
}

/**
 * The PDF's creation date: SOURCE_DATE_EPOCH (option, then environment),
 * else the latest revisionDesc/change/@when or publication date of the TEI
 * (a year alone means January 1), else 1 January 1970: never the clock.
 */
export function pdfDate(model: DocumentModel, sourceDateEpoch?: number): Date {
  const epoch = sourceDateEpoch ?? epochFromEnvironment();
  if (epoch !== undefined) return new Date(epoch * 1000);
  const candidates = [...(model.changes ?? []).map((c) => c.when), model.publicationDate]
    .map((d) => (d ? isoToDate(d) : undefined))
    .filter((d): d is Date => d !== undefined);
  if (!candidates.length) return new Date(0);
  return new Date(Math.max(...candidates.map((d) => d.getTime())));
}

function epochFromEnvironment(): number | undefined {
  const value = process.env.SOURCE_DATE_EPOCH;
  return value && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

function isoToDate(iso: string): Date | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.exec(iso.trim());
  if (!m) return undefined;
  const date = new Date(m[4] ? `${m[1]}-${m[2]}-${m[3]}${m[4]}${m[5] ? '' : 'Z'}` : Date.UTC(Number(m[1]), Number(m[2] ?? 1) - 1, Number(m[3] ?? 1)));
  return Number.isNaN(date.getTime()) ? undefined : date;
}


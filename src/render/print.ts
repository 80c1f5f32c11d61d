/**
 * TEI document → the print edition (dist/print/<id>.pdf and <id>.typ).
 *
 * xslt/tei-to-typst.xsl writes Typst markup from the TEI (every TEI string
 * escaped, see xslt/typst/escape.xsl); the page design
 * (xslt/typst/edition.typ) goes in front of it; the Typst compiler embedded
 * in @myriaddreamin/typst-ts-node-compiler (Typst 0.14.2) compiles it to PDF
 * in-process: no TeX, no browser, no Java.
 *
 * The compiler is shut in, so that even Typst code that escaped the
 * escaping could read nothing and fetch nothing:
 * - its project root is an empty private temporary folder, and the document
 *   is given as text (`mainFileContent`), not as a file: `read()`,
 *   `image()`, `json()`, `plugin()` … find nothing there, and Typst refuses
 *   paths outside the root;
 * - it sees no system fonts (it is created with FONTCONFIG_FILE pointing to
 *   a configuration that lists one empty folder), only the fonts embedded
 *   in it, and the page design names those without fallback: the same
 *   glyphs on every machine;
 * - while it compiles, the package folders (XDG_DATA_HOME, XDG_CACHE_HOME,
 *   HOME) point to an empty folder and the proxy variables to a closed
 *   local port, so `#import "@preview/…"` finds no local package and cannot
 *   download one.
 * The environment is changed only around the synchronous calls into the
 * compiler and restored at once (nothing else runs meanwhile on this
 * thread). One compiler serves every document of a process (warm builds).
 *
 * Deterministic: the PDF's date is SOURCE_DATE_EPOCH (option, else the
 * environment variable), else the latest revisionDesc/change/@when or
 * publication date of the TEI, so two builds give the same bytes.
 * PDF/A-2b when it holds (a glyph missing from the embedded fonts breaks it;
 * the PDF is then written as plain tagged PDF 1.7 and `warnings` says why),
 * or required with `pdfa: true`.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { XSLT_DIR } from '../paths.js';
import { loadSef, type SefJson, type SefOptions } from '../xslt/sef.js';
import { transformSync, type SaxonDocument } from '../xslt/transform.js';
import type { Agent, DocumentModel } from '../model/types.js';
import { correspondenceRows } from './text.js';
import { privateTempDir, removeStaleTempDirs } from '../write/temp.js';

export const TYPST_STYLESHEET = join(XSLT_DIR, 'tei-to-typst.xsl');
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
}

export type PrintRenderer = (tei: string | SaxonDocument, model: DocumentModel, options?: RenderPrintOptions) => PrintEdition;

/** The compiler reported errors: a bug in the page design or the stylesheet (TEI text cannot cause one). */
export class TypstCompileError extends Error {
  constructor(
    message: string,
    readonly diagnostics: string[],
  ) {
    super(message);
    this.name = 'TypstCompileError';
  }
}

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
}

/** Compiles a print edition's source (typstSource, or book.ts's transform that makes it with the volume's part). */
export function compilePrintSource({ typst, date, endnotes }: PrintSource, options: RenderPrintOptions = {}): PrintEdition {
  return { typst, date, ...compileTypst(typst, options.pdfa, { keepCache: !endnotes }), ...(endnotes ? { endnotes } : {}) };
}

function typstSource(sef: SefJson, design: string, tei: string | SaxonDocument, model: DocumentModel, options: RenderPrintOptions): PrintSource {
  const { params, date } = printParameters(model, options);
  const generated = transformSync<string>(sef, { source: tei, destination: 'serialized', stylesheetParams: params }).principalResult;
  return printSource(generated, date, design);
}

/** The date and the stylesheet parameters (of tei-to-typst.xsl) of a document's print edition. */
export function printParameters(model: DocumentModel, options: RenderPrintOptions): { params: { meta: string; 'footnote-limit': number }; date: Date } {
  const date = pdfDate(model, options.sourceDateEpoch);
  const meta = documentMeta(model, options.paper ?? 'us-letter', date);
  return { params: { meta: JSON.stringify(meta), 'footnote-limit': FOOTNOTE_LIMIT }, date };
}

/** The generated document part with the page design (and the endnotes' definitions when it has endnotes) in front. */
export function printSource(made: string, date: Date, design = readFileSync(TYPST_PAGE_DESIGN, 'utf8')): PrintSource {
  const generated = collectEndnotes(made);
  const endnotes = endnoteCalls(generated);
  const definitions = endnotes ? `${design.trimEnd()}\n\n${readFileSync(TYPST_ENDNOTES_DESIGN, 'utf8')}` : design;
  return { typst: `${definitions.trimEnd()}\n\n${generated}`, date, endnotes };
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

/** The Typst source of the print edition without compiling it (what the PDF sets, for tests of the text). */
export async function loadTypstWriter(options: { sef?: SefOptions } = {}): Promise<(tei: string | SaxonDocument, model: DocumentModel, printOptions?: RenderPrintOptions) => string> {
  const sef = await loadSef(TYPST_STYLESHEET, options.sef);
  const design = readFileSync(TYPST_PAGE_DESIGN, 'utf8');
  return (tei, model, printOptions = {}) => typstSource(sef, design, tei, model, printOptions).typst;
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
}

function documentMeta(model: DocumentModel, paper: Paper, date: Date): TypstDocumentMeta {
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

// ---------------------------------------------------------------- the compiler, shut in

interface TypstDiagnostic {
  message?: string;
  severity?: number | string;
  hints?: string[];
}

interface TypstCompileResult {
  result: unknown;
  hasError(): boolean;
  takeError(): { shortDiagnostics: TypstDiagnostic[] } | null;
  takeWarnings(): { shortDiagnostics: TypstDiagnostic[] } | null;
}

/** The part of @myriaddreamin/typst-ts-node-compiler's NodeCompiler used here. */
export interface TypstCompiler {
  compile(args: { mainFileContent: string }): TypstCompileResult;
  pdf(document: unknown, options?: { pdfStandard?: string; pdfTags?: boolean; creationTimestamp?: number }): Uint8Array;
  evictCache(maxAge: number): void;
}

interface SandboxedCompiler {
  compiler: TypstCompiler;
  /** Variables set around each call into the compiler. */
  environment: Record<string, string>;
}

let shared: SandboxedCompiler | undefined;

/** The process's one Typst compiler, created on first use. */
export function typstCompiler(): SandboxedCompiler {
  shared ??= createSandboxedCompiler();
  return shared;
}

function createSandboxedCompiler(): SandboxedCompiler {
  const require = createRequire(import.meta.url);
  const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler') as {
    NodeCompiler: { create(args: { workspace: string }): TypstCompiler };
  };
  // Folders that killed builds left behind (they never ran the exit handler below).
  removeStaleTempDirs();
  // The project root: empty, private (mkdtemp makes it 0700), removed when the process ends.
  const root = privateTempDir('typst-root');
  const sandbox = sandboxEnvironment();
  process.once('exit', () => {
    rmSync(root, { recursive: true, force: true });
    sandbox.dispose();
  });
  const compiler = withEnvironment(sandbox.fonts, () => NodeCompiler.create({ workspace: root }));
  return { compiler, environment: sandbox.calls };
}

/**
 * The variables that shut the compiler in: `fonts` while it is created (a
 * fontconfig configuration naming one empty folder, so it loads no system
 * font), `calls` around each call (package folders pointing to an empty
 * folder, proxies to a closed local port).
 */
function sandboxEnvironment(): { fonts: Record<string, string>; calls: Record<string, string>; dispose: () => void } {
  // Where package lookups go: empty.
  const home = privateTempDir('typst-home');
  const fonts = privateTempDir('typst-fonts');
  mkdirSync(join(fonts, 'none'));
  const config = join(fonts, 'fonts.conf');
  writeFileSync(config, `<?xml version="1.0"?>\n<fontconfig><dir>${join(fonts, 'none')}</dir></fontconfig>\n`);
  const closed = 'http://127.0.0.1:9';
  return {
    fonts: { FONTCONFIG_FILE: config, FONTCONFIG_PATH: join(fonts, 'none') },
    calls: {
      XDG_DATA_HOME: home,
      XDG_CACHE_HOME: home,
      HOME: home,
      HTTPS_PROXY: closed,
      https_proxy: closed,
      HTTP_PROXY: closed,
      http_proxy: closed,
      ALL_PROXY: closed,
      all_proxy: closed,
      NO_PROXY: '',
      no_proxy: '',
    },
    dispose: () => {
      rmSync(home, { recursive: true, force: true });
      rmSync(fonts, { recursive: true, force: true });
    },
  };
}

/**
 * For compilers in worker threads. A worker's `process.env` is its own copy,
 * which the compiler (native code reading the process's environment) never
 * sees; so while `run` lasts, the sandbox's variables are set in the
 * process's real environment, from the main thread, for every thread's
 * compiler at once, and restored afterwards. Call it from the main thread
 * around the work of the workers that typeset.
 */
export async function withTypstSandboxProcessWide<T>(run: () => Promise<T>): Promise<T> {
  // Calls overlap (serve renders a saved letter ahead while its build runs): the first sets the variables, the
  // last restores them; one restoring while another still runs would unshut the other's compilers.
  processWide ??= openProcessWide();
  const active = processWide;
  active.users++;
  try {
    return await run();
  } finally {
    if (--active.users === 0) {
      processWide = undefined;
      active.close();
    }
  }
}

let processWide: { users: number; close: () => void } | undefined;

function openProcessWide(): { users: number; close: () => void } {
  const sandbox = sandboxEnvironment();
  const variables = { ...sandbox.fonts, ...sandbox.calls };
  const saved = Object.keys(variables).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, variables);
  return {
    users: 0,
    close: () => {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      sandbox.dispose();
    },
  };
}

function withEnvironment<T>(variables: Record<string, string>, run: () => T): T {
  const saved = Object.keys(variables).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, variables);
  try {
    return run();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

function diagnosticText(d: TypstDiagnostic): string {
  return [d.message ?? String(d), ...(d.hints ?? []).map((h) => `hint: ${h}`)].join('; ');
}

/**
 * Compiles Typst source with the shared, shut-in compiler. Exposed so that
 * tests can prove the sandbox with deliberately unescaped input.
 *
 * Typst's memo cache is one for the whole process (every thread's
 * compiler shares it). After each compilation it keeps what the last 10
 * compilations used (the value Typst suggests), which lets the next letter
 * reuse the page design's work. `keepCache: false` empties it instead: for a
 * document so large that it is set with endnotes (more than FOOTNOTE_LIMIT
 * notes), whose layout would otherwise stay in memory while the volume is
 * typeset (10,000 notes: about 0.5 GB, measured 1.14 → 0.99 GB peak for the
 * document in a worker and then the volume), and that no other letter
 * reuses.
 */
export function compileTypst(source: string, pdfa?: boolean, options: { keepCache?: boolean } = {}): Omit<PrintEdition, 'typst' | 'date'> {
  const { compiler, environment } = typstCompiler();
  return withEnvironment(environment, () => {
    try {
      const result = compiler.compile({ mainFileContent: source });
      if (result.hasError() || !result.result) {
        const diagnostics = (result.takeError()?.shortDiagnostics ?? []).map(diagnosticText);
        throw new TypstCompileError(`Typst could not compile the document: ${diagnostics.join(' | ') || 'unknown error'}`, diagnostics);
      }
      const warnings = (result.takeWarnings()?.shortDiagnostics ?? []).map(diagnosticText);
      const document = result.result as { numOfPages?: number };
      const pages = document.numOfPages ?? 0;
      if (pdfa !== false) {
        try {
          return { pdf: toBytes(compiler.pdf(document, { pdfStandard: 'a-2b', pdfTags: true })), pdfStandard: 'a-2b' as const, pages, warnings };
        } catch (error) {
          const reason = pdfaFailure(error);
          if (pdfa === true) throw new TypstCompileError(`The document cannot be written as PDF/A-2b: ${reason}`, [reason]);
          warnings.push(`Written as PDF 1.7, not PDF/A-2b: ${reason}`);
        }
      }
      return { pdf: toBytes(compiler.pdf(document, { pdfStandard: '1.7', pdfTags: true })), pages, warnings };
    } finally {
      // Keep the memo cache of a long build bounded (see above).
      compiler.evictCache(options.keepCache === false ? 0 : 10);
    }
  });
}

function pdfaFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const messages = [...text.matchAll(/message: "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
  return messages.length ? [...new Set(messages)].join('; ') : text;
}

function toBytes(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * The Typst compiler, shut in (the print edition's and the volume's
 * typesetter: print.ts and book.ts make the source, this compiles it).
 *
 * The compiler embedded in @myriaddreamin/typst-ts-node-compiler (Typst
 * 0.14.2) runs in-process: no TeX, no browser, no Java. It is shut in, so
 * that even Typst code that escaped the escaping could read nothing and
 * fetch nothing:
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
 * thread). One compiler serves every document of a process (warm builds);
 * a document too large to share it (`alone`) is typeset by a process of its
 * own (typst-process.ts), which shuts its compiler in the same way.
 *
 * This module loads neither SaxonJS nor the stylesheets, so that such a
 * process starts quickly.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fullCollection } from '../heap.js';
import { TOOLKIT_ROOT, XSLT_DIR } from '../paths.js';
import { privateTempDir, removeStaleTempDirs } from '../write/temp.js';
import { printFontBlobs, type PrintFontSet } from './typst-fonts.js';

/** What typesetting a document gives. */
export interface TypstOutput {
  pdf: Uint8Array;
  /** 'a-2b' when the PDF claims PDF/A-2b conformance, else undefined. */
  pdfStandard?: 'a-2b';
  pages: number;
  /** Compiler warnings, and why PDF/A was not written. */
  warnings: string[];
  /**
   * The characters (each as Typst names it: a character, or a cluster such
   * as an emoji with its modifier) that no font of the print edition has a
   * glyph for, distinct, in the order Typst reports them: they show as
   * empty boxes in the PDF. Known when PDF/A-2b was tried (it refuses them,
   * and says which); undefined when there are none or PDF/A was not tried.
   */
  missingGlyphs?: string[];
  /** The images of compileTypst's files that the compiler could not read, left out of the document, and why. */
  imagesLeftOut?: { path: string; why: string }[];
}

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
  compile(args: { mainFileContent: string; inputs?: Record<string, string> }): TypstCompileResult;
  addSource(path: string, source: string): void;
  mapShadow(path: string, content: Buffer): void;
  unmapShadow(path: string): void;
  pdf(document: unknown, options?: { pdfStandard?: string; pdfTags?: boolean; creationTimestamp?: number }): Uint8Array;
  evictCache(maxAge: number): void;
}

interface SandboxedCompiler {
  compiler: TypstCompiler;
  /** Variables set around each call into the compiler. */
  environment: Record<string, string>;
  /** The page design as the compiler's module (designAsModule). */
  design: DesignModule;
  /** The project root (empty on disk): a document's files are given there in memory (compileTypst's files). */
  root: string;
}

/**
 * The page design (xslt/typst/edition.typ), which every print edition and
 * the volume begin with (print.ts, book.ts), given to the compiler once as
 * a module of its own, in memory (`addSource`: no file is written, the root
 * stays empty): a source that begins with it is compiled with an import of
 * that module in its place (designAsModule). The module is evaluated once,
 * not in every letter, and its functions, rules and the content they make
 * keep the same spans from letter to letter, so that the memo cache serves
 * the next letter what the last laid out from them. The same document and
 * the same PDF, byte for byte; the .typ written beside it is the whole source
 * as before. (100 generated letters, compile, PDF and eviction, alternated in
 * one process at load 10-20: 26.8, 27.0, 25.8 -> 25.8, 25.9, 26.2 ms of CPU
 * a letter; the compile alone 17.3, 17.9, 17.4 -> 16.7, 16.8, 16.9 ms.)
 */
interface DesignModule {
  /** What a source begins with when it begins with the page design (print.ts, book.ts: the design, trimmed, and a blank line). */
  prefix: string;
  /** What replaces it. */
  importLine: string;
}

const DESIGN_FILE = join(XSLT_DIR, 'typst', 'edition.typ');
const DESIGN_MODULE = 'tei-edition-page-design.typ';

function addDesignModule(compiler: TypstCompiler, root: string): DesignModule {
  const design = readFileSync(DESIGN_FILE, 'utf8').trimEnd();
  // Imported, a module gives its bindings only: a rule or content at its top level would no longer apply to the
  // document. The design holds definitions only (`#let`, their bodies indented or closed at the line's start); should
  // it ever hold more, it is compiled in the source as before.
  if (!design.split('\n').every((line) => /^(?:$|\/\/|#let |[\]})]+$|\s)/.test(line))) return { prefix: '\0', importLine: '' };
  compiler.addSource(join(root, DESIGN_MODULE), `${design}\n`);
  return { prefix: `${design}\n\n`, importLine: `#import "/${DESIGN_MODULE}": *\n` };
}

/** The source as it is compiled: the page design at its start replaced by an import of the design's module. */
export function designAsModule(source: string, design: DesignModule = typstCompiler().design): string {
  return source.startsWith(design.prefix) ? `${design.importLine}${source.slice(design.prefix.length)}` : source;
}

let shared: SandboxedCompiler | undefined;
/** The compiler that also has an edition's fonts (edition.json printFonts), by their hash: the last set asked for. */
let withFonts: { hash: string; compiler: SandboxedCompiler } | undefined;

/**
 * The process's one Typst compiler, created on first use; with `fonts`
 * (an edition's own, PrintFontSet), a compiler that has them besides its
 * embedded ones (given as font blobs when it is created: a compiler's
 * fonts are fixed), kept for the next document with the same fonts. The
 * embedded fonts' compiler is untouched: letters of editions without fonts
 * of their own are typeset as before, byte for byte.
 */
export function typstCompiler(fonts?: PrintFontSet): SandboxedCompiler {
  if (fonts?.files.length) {
    if (withFonts?.hash !== fonts.hash) withFonts = { hash: fonts.hash, compiler: createSandboxedCompiler(printFontBlobs(fonts)) };
    return withFonts.compiler;
  }
  shared ??= createSandboxedCompiler();
  return shared;
}

function createSandboxedCompiler(fontBlobs?: Buffer[]): SandboxedCompiler {
  const require = createRequire(import.meta.url);
  const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler') as {
    NodeCompiler: { create(args: { workspace: string; fontArgs?: { fontBlobs: Buffer[] }[] }): TypstCompiler };
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
  // Still no system font: the fonts given are bytes in memory (the edition's own, read by typst-fonts.ts).
  const compiler = withEnvironment(sandbox.fonts, () => NodeCompiler.create({ workspace: root, ...(fontBlobs?.length ? { fontArgs: [{ fontBlobs }] } : {}) }));
  return { compiler, environment: sandbox.calls, design: addDesignModule(compiler, root), root };
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

/** compileTypst's options. */
export interface CompileOptions {
  keepCache?: boolean | 'until-pdf';
  alone?: boolean;
  /**
   * The document's images (its figures: print.ts printFiles), by their path
   * in the source ("/images/x.png", from the project root): given to the
   * compiler in memory for this compilation only (mapShadow; no file is
   * written, the root stays empty), so that it reads these and nothing else.
   */
  files?: Record<string, Uint8Array>;
  /**
   * The edition's own fonts (edition.json printFonts: typst-fonts.ts), for
   * the characters the embedded fonts lack: the compiler that has them
   * (typstCompiler), and their families given to the page design as
   * sys.inputs "ed-fonts" (one a line), which puts them after its own
   * (ed-fonts) and lets Typst fall back among the fonts it has (ed-fallback:
   * the embedded and these, never a system font). Without it, the design's
   * fonts alone, without fallback, as before.
   */
  fonts?: PrintFontSet;
}

/**
 * Compiles Typst source with the shared, shut-in compiler. Exposed so that
 * tests can prove the sandbox with deliberately unescaped input.
 *
 * Typst's memo cache is one for the whole process (every thread's
 * compiler shares it). After each compilation it keeps what the last 10
 * compilations used (the value Typst suggests), which lets the next letter
 * reuse the page design's work. `keepCache: false` empties it instead.
 *
 * `alone: true` typesets the document in a process of its own
 * (typst-process.ts), for a document so large that it is set with endnotes
 * (more than FOOTNOTE_LIMIT notes): Typst's memory for it (10,000 notes:
 * about 0.55 GB a compilation) is native memory that the allocator keeps for
 * the process once it has it, even after `evictCache(0)`, so that this
 * process would carry it through the rest of the build, and the volume's
 * compilation would add its own on top (two compilations in one process:
 * the build's peak, 1.2 GB). A process ends and gives all of it back. It
 * costs the process's start (about 0.1 s of CPU), small beside such a
 * document, and no other letter shares that compilation's cache.
 *
 * An image of `files` that Typst cannot read (a file that is not what its
 * name says, a broken SVG) would fail the whole document: when the
 * compilation fails, each image is tried alone, and the document is
 * compiled again without those that fail (ed-figure leaves out the paths
 * named in sys.inputs "ed-left-out"); imagesLeftOut says which, and why.
 */
export function compileTypst(source: string, pdfa?: boolean, options: CompileOptions = {}): TypstOutput {
  if (options.alone) return compileInOwnProcess(source, pdfa, options.files, options.fonts);
  const fonts = options.fonts?.files.length ? options.fonts : undefined;
  const { compiler, environment, design, root } = typstCompiler(fonts);
  const files = Object.entries(options.files ?? {});
  const inputs: Record<string, string> | undefined = fonts ? { 'ed-fonts': fonts.families.join('\n') } : undefined;
  return withEnvironment(environment, () => {
    for (const [path, bytes] of files) compiler.mapShadow(join(root, path), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    try {
      const main = designAsModule(source, design);
      let result = compiler.compile({ mainFileContent: main, ...(inputs ? { inputs } : {}) });
      // Images the typesetter could not read, and why: tried alone when the document failed.
      const leftOut: { path: string; why: string }[] = [];
      if ((result.hasError() || !result.result) && files.length) {
        for (const [path] of files) {
          const alone = compiler.compile({ mainFileContent: `#image(${JSON.stringify(path)})\n` });
          if (alone.hasError() || !alone.result) leftOut.push({ path, why: (alone.takeError()?.shortDiagnostics ?? []).map(diagnosticText).join('; ') || 'unknown error' });
        }
        // (Typst's own message names no file: the path says which.)
        if (leftOut.length) result = compiler.compile({ mainFileContent: main, inputs: { ...inputs, 'ed-left-out': leftOut.map((l) => l.path).join('\n') } });
      }
      if (result.hasError() || !result.result) {
        const diagnostics = (result.takeError()?.shortDiagnostics ?? []).map(diagnosticText);
        throw new TypstCompileError(`Typst could not compile the document: ${diagnostics.join(' | ') || 'unknown error'}`, diagnostics);
      }
      // 'until-pdf' (typst-process.ts): the memo cache is emptied before the PDF is written, which then reuses
      // the space it held instead of adding its own (the volume with a letter of 10,000 notes: the process's
      // peak 617 → 575 MB, the same CPU; the same PDF, byte for byte).
      if (options.keepCache === 'until-pdf') compiler.evictCache(0);
      const warnings = (result.takeWarnings()?.shortDiagnostics ?? []).map(diagnosticText);
      const document = result.result as { numOfPages?: number };
      const pages = document.numOfPages ?? 0;
      let left: Pick<TypstOutput, 'imagesLeftOut' | 'missingGlyphs'> = leftOut.length ? { imagesLeftOut: leftOut } : {};
      if (pdfa !== false) {
        try {
          return { pdf: toBytes(compiler.pdf(document, { pdfStandard: 'a-2b', pdfTags: true })), pdfStandard: 'a-2b' as const, pages, warnings, ...left };
        } catch (error) {
          const reason = pdfaFailure(error);
          if (pdfa === true) throw new TypstCompileError(`The document cannot be written as PDF/A-2b: ${reason}`, [reason]);
          warnings.push(`Written as PDF 1.7, not PDF/A-2b: ${reason}`);
          const missing = missingGlyphs(error);
          if (missing.length) left = { ...left, missingGlyphs: missing };
        }
      }
      return { pdf: toBytes(compiler.pdf(document, { pdfStandard: '1.7', pdfTags: true })), pages, warnings, ...left };
    } finally {
      for (const [path] of files) compiler.unmapShadow(join(root, path));
      // Keep the memo cache of a long build bounded (see above).
      if (options.keepCache !== 'until-pdf') compiler.evictCache(options.keepCache === false ? 0 : 10);
    }
  });
}

function pdfaFailure(error: unknown): string {
  const messages = pdfaMessages(error);
  return messages.length ? [...new Set(messages)].join('; ') : error instanceof Error ? error.message : String(error);
}

/** The messages of the compiler's PDF/A error, unescaped. */
function pdfaMessages(error: unknown): string[] {
  const text = error instanceof Error ? error.message : String(error);
  return [...text.matchAll(/message: "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
}

/** What PDF/A-2b says of text no font can show: the text `"中"` could not be displayed with font `"Libertinus Serif"`. */
const NO_GLYPH = /the text `"((?:[^"\\]|\\.)*)"` could not be displayed with font/;

/** The texts (characters, clusters) that PDF/A-2b refused because no font has their glyphs: distinct, in the order reported. */
export function missingGlyphs(error: unknown): string[] {
  return missingGlyphsIn(pdfaMessages(error));
}

/** The same, from PDF/A-2b's reasons as words (a warning of the fallback names them: "…: reason; reason"). */
export function missingGlyphsIn(reasons: readonly string[]): string[] {
  const found = new Set<string>();
  for (const reason of reasons) {
    const m = NO_GLYPH.exec(reason);
    // The text as Rust's Debug writes a string: \" \\ \n \u{301} escaped.
    if (m) found.add(m[1]!.replace(/\\u\{([0-9a-fA-F]+)\}|\\(.)/g, (_, hex: string | undefined, c: string) => (hex ? String.fromCodePoint(parseInt(hex, 16)) : c === 'n' ? '\n' : c === 't' ? '\t' : c)));
  }
  return [...found];
}

function toBytes(buffer: Uint8Array): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** The script of a process that typesets one document (compileTypst's `alone`), from the compiled toolkit. */
const TYPST_PROCESS = join(TOOLKIT_ROOT, 'lib', 'render', 'typst-process.js');

/** A document's files (compileTypst's files) as typst-process.ts's JSON request holds them: base64. */
export function typstProcessFiles(files: Record<string, Uint8Array>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([path, bytes]) => [path, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')]));
}

/** What typst-process.ts writes first, on one line, before the PDF's bytes. */
export type TypstProcessHead = Omit<TypstOutput, 'pdf'> | { error: string; diagnostics: string[] };

/**
 * Typesets `source` in a new process (typst-process.ts): the request as
 * JSON on its standard input; on its standard output one line of JSON (the
 * result without the PDF, or the compiler's error), then the PDF's bytes.
 * Synchronous like the compiler itself. (glibc's MALLOC_ARENA_MAX=1, which
 * lowered the memory of two compilations in one process, 839 → 683 MB,
 * changes nothing for one: 550 → 545 MB at 10,000 notes; not set.)
 */
function compileInOwnProcess(source: string, pdfa: boolean | undefined, files: Record<string, Uint8Array> | undefined, fonts: PrintFontSet | undefined): TypstOutput {
  // A full collection of this thread's heap first. The thread waits for that process (spawnSync) and allocates
  // nothing meanwhile, so V8 would not collect: what the document's stylesheets left (for a letter of 10,000 notes
  // some 100–250 MB of garbage) would stay in its heap, and in the machine's memory, through the whole typesetting
  // (the build's peak: both processes at once). Collected, its free pages go back to the system while Typst runs.
  fullCollection();
  const run = spawnSync(process.execPath, [TYPST_PROCESS], {
    // The fonts by their paths: that process reads them (once).
    input: JSON.stringify({ source, pdfa, ...(files ? { files: typstProcessFiles(files) } : {}), ...(fonts?.files.length ? { fonts } : {}) }),
    maxBuffer: 2 ** 31 - 1,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (run.error) throw run.error;
  const out = run.stdout;
  const end = out.indexOf(10);
  if (run.status !== 0 || end < 0) {
    throw new Error(`The Typst process ended without a result (${run.signal ?? `exit code ${run.status}`}): ${run.stderr.toString('utf8').trim() || 'no message'}`);
  }
  const head = JSON.parse(out.subarray(0, end).toString('utf8')) as TypstProcessHead;
  if ('error' in head) throw new TypstCompileError(head.error, head.diagnostics);
  return { ...head, pdf: new Uint8Array(out.buffer, out.byteOffset + end + 1, out.length - end - 1) };
}

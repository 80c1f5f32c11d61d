/**
 * XSLT stylesheet → SEF (SaxonJS's compiled stylesheet format), cached.
 *
 * SaxonJS can only run compiled stylesheets. The compiler ("XX", itself an
 * XSLT stylesheet compiled to SEF) ships inside saxon-js; the xslt3 package
 * is a command-line front end to it. Its `compileXSLT` function runs the
 * compiler with initial mode `compile-complete` through SaxonJS's
 * `internalTransform`, then converts the result with `XPath.sefToJSON` and
 * stamps a checksum. We do the same in-process (≈0.1–0.3 s for a small
 * stylesheet instead of ≈0.5 s for spawning `node xslt3.js`), and keep the
 * CLI as a fallback for a saxon-js whose internals moved.
 *
 * Cache: `<cacheDir>/<key>.sef.json`, where key = sha256 of the stylesheet
 * text, the text of every module it xsl:include/xsl:imports (recursively),
 * the saxon-js version and the stylesheet's base URI (SaxonJS bakes the base
 * URI into the SEF: it is the static base URI that `doc()` and
 * `static-base-uri()` resolve against). Written atomically (temp + rename)
 * so a concurrent reader never sees half a file. A per-process memory cache
 * sits in front of it. Entries are keyed by content, so each edit of a
 * stylesheet (an editor's own Schematron rules) adds one: after a compile,
 * the least recently used beyond `SEF_CACHE_KEEP` are removed.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import { readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expandReferences, scanXml } from '../load/scan.js';
import { TOOLKIT_ROOT } from '../paths.js';
import { pruneCache, touchCacheEntry } from '../write/cache-prune.js';
import { writeCacheFile } from '../write/fs.js';
import { saxon, saxonVersion, type SaxonDocument, type SaxonError } from './transform.js';

/** A compiled stylesheet: the parsed JSON of a `.sef.json` file. */
export interface SefJson {
  N: string;
  [key: string]: unknown;
}

export interface SefOptions {
  /** Where compiled stylesheets are kept; default `.cache/sef` in the toolkit's folder (or $TEI_EDITION_CACHE). */
  cacheDir?: string;
  /**
   * 'in-process' (default) runs the XX compiler inside this process;
   * 'cli' spawns `node node_modules/xslt3/xslt3.js -export … -nogo`.
   */
  compiler?: 'in-process' | 'cli';
}

/** A static error in a stylesheet, with its position when SaxonJS gives one. */
export class XsltCompileError extends Error {
  constructor(
    message: string,
    /** 1-based line in the stylesheet module named by `module`, when known. */
    readonly line: number | undefined,
    readonly module: string | undefined,
    /** Error code, e.g. `XPST0003`. */
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'XsltCompileError';
  }
}

/** Counters, so callers and tests can see whether the cache did its job. */
export const sefStats = { compiled: 0, loadedFromDisk: 0, fromMemory: 0 };

const CACHE_FORMAT = 'tei-edition-sef-cache-1';
const XSL_NS = 'http://www.w3.org/1999/XSL/Transform';

const memory = new Map<string, Promise<SefJson>>();

/** How many compiled stylesheets `.cache/sef` keeps (the toolkit's own are 7; the test suite makes about 20). */
export const SEF_CACHE_KEEP = 64;

/** After a new entry: the least recently used beyond SEF_CACHE_KEEP go, with a Schematron entry's generated XSLT. */
function pruneSefCache(dir: string): Promise<number> {
  return pruneCache(dir, { keep: SEF_CACHE_KEEP, suffix: '.sef.json', companions: ['.xsl'] });
}

/** Forgets the in-memory cache (the disk cache stays). */
export function clearSefMemoryCache(): void {
  memory.clear();
  byPath.clear();
}

/** Compiles (or fetches from cache) the stylesheet at `xslPath`. */
export async function loadSef(xslPath: string, options: SefOptions = {}): Promise<SefJson> {
  const absolute = resolve(xslPath);
  // Within a process, a stylesheet none of whose files (main module and
  // included or imported modules) has changed is not read and hashed again.
  const known = byPath.get(absolute);
  if (known && known.cacheDir === cacheDirOf(options) && (await stamp(known.files)) === known.stamp) {
    sefStats.fromMemory++;
    return known.sef;
  }
  const text = await readFile(absolute, 'utf8');
  const modules = await collectModules(text, pathToFileURL(absolute).href);
  const files = [absolute, ...modules.filter((m) => m.uri.startsWith('file:')).map((m) => fileURLToPath(m.uri))];
  const before = await stamp(files);
  const sef = loadSefFromText(text, absolute, options);
  byPath.set(absolute, { files, stamp: before, cacheDir: cacheDirOf(options), sef });
  sef.catch(() => byPath.delete(absolute));
  return sef;
}

/**
 * Modification times and sizes of files, as one string. Synchronously: it
 * runs at every loadSef (a build's thread asks for four or five stylesheets
 * a letter, some twenty files), and a stat through the thread pool and a
 * promise costs far more CPU than the call itself.
 */
async function stamp(files: string[]): Promise<string> {
  return files.map(fileStamp).join('|');
}

function fileStamp(file: string): string {
  try {
    const s = statSync(file);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return 'missing';
  }
}

const byPath = new Map<string, { files: string[]; stamp: string; cacheDir: string; sef: Promise<SefJson> }>();

/**
 * Compiles (or fetches from cache) a stylesheet given as text. `baseName`
 * is a file path (it need not exist) that serves as the stylesheet's base
 * URI, for relative xsl:include/xsl:import and in error messages.
 */
export async function loadSefFromText(xslText: string, baseName: string, options: SefOptions = {}): Promise<SefJson> {
  const baseUri = pathToFileURL(resolve(baseName)).href;
  const key = await sefCacheKey(xslText, baseName);
  const cached = memory.get(key);
  if (cached) {
    sefStats.fromMemory++;
    return cached;
  }
  const pending = loadOrCompile(key, xslText, baseUri, options);
  memory.set(key, pending);
  // A failed compile must not stay cached: the author will fix the file.
  pending.catch(() => memory.delete(key));
  return pending;
}

/** The cache file a stylesheet compiles to (exposed for tests and tooling). */
export async function sefCacheFile(xslText: string, baseName: string, options: SefOptions = {}): Promise<string> {
  return join(cacheDirOf(options), `${await sefCacheKey(xslText, baseName)}.sef.json`);
}

/** sha256 over the cache format, saxon-js version, base URI, text and modules' texts. */
export async function sefCacheKey(xslText: string, baseName: string): Promise<string> {
  const baseUri = pathToFileURL(resolve(baseName)).href;
  const hash = createHash('sha256');
  hash.update(`${CACHE_FORMAT}\0${saxonVersion()}\0${baseUri}\0${xslText}`);
  for (const module of await collectModules(xslText, baseUri)) {
    hash.update(`\0${module.uri}\0${module.text ?? '\u0000missing'}`);
  }
  return hash.digest('hex');
}

/**
 * A compiled stylesheet stored under a name of the caller's choosing (for
 * callers that can key their cache more cheaply than by the stylesheet
 * text, like the Schematron loader keying by the schema's text).
 */
export async function readNamedSef(name: string, options: SefOptions = {}): Promise<SefJson | undefined> {
  try {
    const file = join(cacheDirOf(options), `${name}.sef.json`);
    const sef = JSON.parse(await readFile(file, 'utf8')) as SefJson;
    if (sef && sef.N === 'package') {
      sefStats.loadedFromDisk++;
      touchCacheEntry(file);
      return sef;
    }
  } catch {
    // not cached yet
  }
  return undefined;
}

/** Stores a compiled stylesheet under a name (call before running it: SaxonJS decorates the SEF it runs). */
export async function writeNamedSef(name: string, sef: SefJson, options: SefOptions = {}): Promise<void> {
  await writeCacheFile(join(cacheDirOf(options), `${name}.sef.json`), JSON.stringify(sef));
  await pruneSefCache(cacheDirOf(options));
}

/** Where a named cache entry with this extension lives. */
export function namedCachePath(name: string, extension: string, options: SefOptions = {}): string {
  return join(cacheDirOf(options), `${name}${extension}`);
}

function cacheDirOf(options: SefOptions): string {
  // Beside the toolkit, not the working directory: one cache however many editions use it.
  return resolve(options.cacheDir ?? process.env.TEI_EDITION_CACHE ?? join(TOOLKIT_ROOT, '.cache', 'sef'));
}

async function loadOrCompile(key: string, xslText: string, baseUri: string, options: SefOptions): Promise<SefJson> {
  const dir = cacheDirOf(options);
  const file = join(dir, `${key}.sef.json`);
  try {
    const sef = JSON.parse(await readFile(file, 'utf8')) as SefJson;
    if (sef && sef.N === 'package') {
      sefStats.loadedFromDisk++;
      touchCacheEntry(file);
      return sef;
    }
  } catch {
    // Missing or unreadable (e.g. truncated by a crash before rename existed): compile again.
  }
  const sefText =
    options.compiler === 'cli' || !inProcessCompilerAvailable()
      ? await compileWithCli(xslText, baseUri)
      : JSON.stringify(await compileInProcess(xslText, baseUri));
  sefStats.compiled++;
  // A cache we cannot write (read-only checkout, full disk) only costs time.
  await writeCacheFile(file, sefText);
  await pruneSefCache(dir);
  // Parse the text again rather than return the compiler's object: SaxonJS
  // adds parent pointers to the SEF it runs, and callers get a clean copy.
  return JSON.parse(sefText) as SefJson;
}

// ---------------------------------------------------------------- modules

interface Module {
  uri: string;
  /** undefined when the file cannot be read (the compiler will say so). */
  text: string | undefined;
}


/** Every module reachable through top-level xsl:include/xsl:import, depth first. */
async function collectModules(xslText: string, baseUri: string): Promise<Module[]> {
  const seen = new Set<string>([baseUri]);
  const modules: Module[] = [];
  const visit = async (text: string, uri: string): Promise<void> => {
    for (const href of includedHrefs(text)) {
      let target: string;
      try {
        target = new URL(href, uri).href;
      } catch {
        continue;
      }
      if (seen.has(target)) continue;
      seen.add(target);
      let moduleText: string | undefined;
      try {
        moduleText = target.startsWith('file:') ? await readFile(fileURLToPath(target), 'utf8') : undefined;
      } catch {
        moduleText = undefined;
      }
      modules.push({ uri: target, text: moduleText });
      if (moduleText !== undefined) await visit(moduleText, target);
    }
  };
  await visit(xslText, baseUri);
  return modules;
}

/**
 * The @href of top-level xsl:include and xsl:import elements, found with
 * the toolkit's own XML scanner (which resolves namespace prefixes).
 */
function includedHrefs(xslText: string): string[] {
  const scan = scanXml(xslText);
  if (scan.fatal) return []; // Not well-formed: the compiler will report it.
  return scan.elements
    .filter((e) => e.depth === 1 && e.namespace === XSL_NS && /(^|:)(include|import)$/.test(e.name))
    .map((e) => e.attributes.find((a) => a.name === 'href')?.raw)
    .filter((href): href is string => Boolean(href))
    .map(expandReferences);
}

// ---------------------------------------------------------------- compilers

interface SefNode {
  N: string;
  C?: SefNode[];
  parentNode?: SefNode;
  [key: string]: unknown;
}

function inProcessCompilerAvailable(): boolean {
  const s = saxon() as unknown as Record<string, unknown>;
  return typeof s.internalTransform === 'function' && typeof s.checkOptions === 'function';
}

/**
 * Compilations share SaxonJS's one compiler object; run them one at a time
 * rather than rely on SaxonJS being re-entrant across interleaved async
 * transforms.
 */
let compileQueue: Promise<unknown> = Promise.resolve();

function compileInProcess(xslText: string, baseUri: string): Promise<SefJson> {
  const run = compileQueue.then(() => compileNow(xslText, baseUri));
  compileQueue = run.catch(() => undefined);
  return run;
}

const prepared = new WeakSet<object>();

/** What xslt3.js's `compileXSLT` + `compile` do, minus the file I/O. */
async function compileNow(xslText: string, baseUri: string): Promise<SefJson> {
  const S = saxon();
  const platform = S.getPlatform();
  const compiler = platform.resource('compiler') as unknown as SefNode;
  if (!prepared.has(compiler)) {
    addParentPointers(compiler);
    prepared.add(compiler);
  }
  const stylesheetParams = new S.XdmMap();
  stylesheetParams.inSituPut(S.XS.QName.fromParts('', '', 'staticParameters'), [new S.XdmMap()]);
  const options = S.checkOptions({
    destination: 'application',
    initialMode: 'compile-complete',
    templateParams: {
      'Q{}options': { noXPath: false, traceProgress: false, timing: false, relocatable: false, extraOptions: {} },
    },
    stylesheetParams,
    tunnelParams: {},
    functionParams: {},
    stylesheetInternal: compiler,
    stylesheetText: '',
    async: true,
  });
  let source: SaxonDocument;
  try {
    source = platform.parseXmlFromString(xslText);
  } catch (e) {
    throw new XsltCompileError(`Stylesheet ${baseUri} is not well-formed XML: ${(e as Error).message}`, undefined, baseUri, 'FODC0002');
  }
  // Where xsl:include/import hrefs resolve from, and the module name in errors.
  (source as unknown as Record<string, unknown>)._saxonBaseUri = baseUri;
  let result: { principalResult: unknown };
  try {
    S.internalTransform(compiler as unknown as SefJson, source, options);
    result = await options.resultPromise;
  } catch (e) {
    throw toCompileError(e as SaxonError);
  }
  let root = result.principalResult as unknown;
  if (Array.isArray(root)) root = root[0];
  const sef = S.XPath.sefToJSON((root as { firstChild: unknown }).firstChild, false);
  stampChecksum(sef as unknown as SefNode);
  return sef;
}

function toCompileError(e: SaxonError): XsltCompileError {
  const message = e?.message ?? String(e);
  // Static errors carry the compiler's own position in xsltLineNr; the
  // user's position is in the message: "... on line 12 in dir/file.xsl ...".
  const where = /on line (\d+) (?:column \d+ )?in (\S+)/.exec(message);
  const line = where ? Number(where[1]) : undefined;
  const code = e?.code?.replace(/^Q\{[^}]*\}/, '');
  return new XsltCompileError(message, line, where?.[2], code);
}

function addParentPointers(node: SefNode): void {
  for (const child of node.C ?? []) {
    child.parentNode = node;
    addParentPointers(child);
  }
}

/**
 * The SEF checksum ("Σ" property) that SaxonJS verifies when it loads a
 * SEF; same algorithm as xslt3.js, which computes it after `sefToJSON`.
 */
function stampChecksum(sef: SefNode): void {
  const SIGMA = '\u03a3';
  const mix = (text: string, seed: number): number => {
    let h = seed << 8;
    for (let i = 0; i < text.length; i++) h = (h << 1) + text.charCodeAt(i);
    return h;
  };
  const pair = (a: string, b: string, seed: number): number => mix(a, seed) ^ mix(b, seed);
  let sum = 0;
  let counter = 0;
  const walk = (node: SefNode): void => {
    sum ^= pair(node.N, 'http://ns.saxonica.com/xslt/export', counter++);
    for (const key of Object.keys(node)) {
      if (key !== 'N' && key !== 'C' && key !== SIGMA) {
        sum ^= pair(key, '', counter);
        sum ^= mix(String(node[key]), counter);
      }
    }
    node.C?.forEach(walk);
    sum ^= 1;
  };
  walk(sef);
  sef[SIGMA] = (sum < 0 ? 4294967295 + sum + 1 : sum).toString(16);
}

const require = createRequire(import.meta.url);

/** Fallback: the xslt3 command line, in a child process. */
async function compileWithCli(xslText: string, baseUri: string): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'tei-edition-sef-'));
  try {
    // Compile the file itself when it exists unchanged on disk, so that
    // relative includes resolve; otherwise a temporary copy.
    let xslFile = baseUri.startsWith('file:') ? fileURLToPath(baseUri) : '';
    const onDisk = xslFile ? await readFile(xslFile, 'utf8').catch(() => undefined) : undefined;
    if (onDisk !== xslText) {
      xslFile = join(work, 'stylesheet.xsl');
      await writeFile(xslFile, xslText, 'utf8');
    }
    const out = join(work, 'out.sef.json');
    const cli = require.resolve('xslt3/xslt3.js');
    await new Promise<void>((done, fail) => {
      execFile(process.execPath, [cli, `-xsl:${xslFile}`, `-export:${out}`, '-nogo'], (error, _stdout, stderr) => {
        if (!error) return done();
        const message = stderr.trim() || error.message;
        const where = /on line (\d+) (?:column \d+ )?in (\S+)/.exec(message);
        const code = /Error (\w+)/.exec(message)?.[1];
        fail(new XsltCompileError(message, where ? Number(where[1]) : undefined, where?.[2], code));
      });
    });
    return await readFile(out, 'utf8');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

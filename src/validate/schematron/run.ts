/**
 * Compile a Schematron schema to a cached SEF and run it on documents.
 *
 *   const sef = await loadSchematronFile('schemas/edition.sch');
 *   const findings = runSchematron(sef, documentText);
 *
 * Errors in the schema (bad XML, unsupported constructs, XPath syntax or
 * type errors, dynamic errors raised by a test) are thrown as
 * SchematronSchemaError naming the pattern and rule; problems in the
 * document are returned as findings.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Severity } from '../../diagnostic.js';
import { loadSefFromText, namedCachePath, readNamedSef, writeNamedSef, XsltCompileError, type SefJson, type SefOptions } from '../../xslt/sef.js';
import { saxonVersion, transformBatch, transformSync, type SaxonDocument, type SaxonError } from '../../xslt/transform.js';
import type { CompileSchematronOptions } from './compile.js';
import { describeGeneratedLine, SchematronSchemaError, VALIDATOR_NS } from './errors.js';

export { SchematronSchemaError } from './errors.js';

/**
 * The compiler's own source is part of the cache key, so a change to the
 * compiler recompiles every schema. In a checkout both its TypeScript
 * source and its compiled JavaScript are hashed, whichever of the two
 * runs (the command line runs lib/, the tests run src/): both then find
 * the SEF that `npm install` made (scripts/precompile.mjs) instead of
 * compiling the edition's rules again (4 s of CPU), and a lib/ older than
 * its source is never taken for it. The installed package has lib/ only.
 */
const COMPILER_ID = (() => {
  const hash = createHash('sha256');
  let found = false;
  // The source first, then the JavaScript; each once (from src/, the first two names are one file).
  const files = new Set(['./compile.ts', '../../../src/validate/schematron/compile.ts', './compile.js', '../../../lib/validate/schematron/compile.js'].map((name) => fileURLToPath(new URL(name, import.meta.url))));
  for (const file of [...files].sort((a, b) => Number(a.endsWith('.js')) - Number(b.endsWith('.js')))) {
    try {
      hash.update(readFileSync(file));
      found = true;
    } catch {
      // not in this layout
    }
  }
  return found ? hash.digest('hex') : 'unknown';
})();

/** One failed sch:assert or successful sch:report. */
export interface SchematronFinding {
  kind: 'assert' | 'report';
  /** sch:pattern/@id, or `pattern-<n>` (n = its position among the schema's patterns) when it has none. */
  patternId: string;
  /** The rule's @context, as written. */
  context: string;
  /** The assert/report @id, else the pattern id. */
  id: string;
  /** From @role: fatal/error → error, warning/warn/nonfatal → warning, info/information → info; default error. */
  role: Severity;
  /** @role as written (of the assertion, else of its rule), when there is one. */
  roleAsWritten?: string;
  /** The message with sch:name/value-of evaluated, diagnostics appended, whitespace collapsed. */
  message: string;
  /** Text of each referenced sch:diagnostic (also appended to `message`). */
  diagnostics?: string[];
  /** Referenced sch:property elements, evaluated. */
  properties?: { id: string; role?: string; scheme?: string; value: string }[];
  see?: string;
  flag?: string;
  /**
   * 1-based index, in document order among all elements, of the context
   * element (for an attribute or text node: of its parent element);
   * 0 when the context is the document node.
   */
  element: number;
  /** The attribute's lexical QName when the context node is an attribute. */
  attribute?: string;
}

export interface LoadSchematronOptions extends CompileSchematronOptions, SefOptions {
  /**
   * Path of the schema file, if it has one: the generated stylesheet's base
   * URI is derived from it (relative doc() calls in tests resolve from the
   * schema's directory) and errors name it.
   */
  schemaPath?: string;
}

export interface RunSchematronOptions {
  /** Values for schema-level sch:let variables (they are stylesheet parameters). */
  params?: Record<string, unknown>;
}

/** Generated stylesheet text per SEF, to map error line numbers back to the schema. */
const generatedText = new WeakMap<SefJson, string>();

/** Schemas already loaded in this process, by cache name (a rebuild validates again and again). */
const loaded = new Map<string, SefJson>();

/** For a SEF loaded from the cache: where its generated XSLT is kept, to map an error's line. */
const generatedFile = new WeakMap<SefJson, string>();

/**
 * Compiles a Schematron schema (text) to a runnable, cached SEF. A schema
 * already compiled is found by the hash of its own text (with the phase,
 * base URI, compiler and saxon-js versions), so a warm start neither
 * generates the XSLT again nor loads the compiler.
 */
export async function loadSchematron(schText: string, options: LoadSchematronOptions = {}): Promise<SefJson> {
  const baseName = `${options.schemaPath ?? 'schematron'}.${options.phase ?? 'default'}.xsl`;
  const name = `sch-${createHash('sha256').update(`${COMPILER_ID}\0${saxonVersion()}\0${options.phase ?? ''}\0${resolve(baseName)}\0${schText}`).digest('hex')}`;
  const inMemory = loaded.get(name);
  if (inMemory) return inMemory;
  const cached = await readNamedSef(name, options);
  if (cached) {
    loaded.set(name, cached);
    generatedFile.set(cached, namedCachePath(name, '.xsl', options));
    return cached;
  }
  const { compileSchematron } = await import('./compile.js');
  const xslt = compileSchematron(schText, options);
  let sef: SefJson;
  try {
    sef = await loadSefFromText(xslt, baseName, options);
  } catch (e) {
    if (!(e instanceof XsltCompileError)) throw e;
    const origin = e.line !== undefined ? describeGeneratedLine(xslt, e.line) : undefined;
    throw new SchematronSchemaError(
      `Schematron schema ${options.schemaPath ?? ''} error${origin ? ` in ${origin}` : ''}: ${stripLocation(e.message)}`.replace('  ', ' '),
    );
  }
  await writeNamedSef(name, sef, options);
  loaded.set(name, sef);
  await writeFile(namedCachePath(name, '.xsl', options), xslt, 'utf8').catch(() => undefined);
  generatedText.set(sef, xslt);
  return sef;
}

/** Reads and compiles a Schematron schema file. */
export async function loadSchematronFile(schemaPath: string, options: LoadSchematronOptions = {}): Promise<SefJson> {
  return loadSchematron(await readFile(schemaPath, 'utf8'), { ...options, schemaPath });
}

/** Validates one document (text, or a tree from `parseXml`). */
export function runSchematron(sef: SefJson, document: string | SaxonDocument, options: RunSchematronOptions = {}): SchematronFinding[] {
  let raw: unknown;
  try {
    raw = transformSync(sef, { source: document, destination: 'raw', stylesheetParams: options.params }).principalResult;
  } catch (e) {
    throw runtimeError(sef, e as SaxonError);
  }
  if (!Array.isArray(raw)) throw new Error('Schematron validator returned no findings array (not a stylesheet from loadSchematron?).');
  return decodeFindings(raw as (string | TreeNode)[]);
}

/** The validator's template and parameter for several documents (compile.ts, writeBatch), by their expanded names. */
const BATCH = `Q{${VALIDATOR_NS}}batch`;

/** Whether a validator can check several documents in one transform (its schema's own XSLT uses none of its lets: compile.ts). */
const batchable = new WeakMap<SefJson, boolean>();

export function canRunBatch(sef: SefJson): boolean {
  let known = batchable.get(sef);
  if (known === undefined) {
    // The package's components ("co"), each holding one declaration: the named template is one of them.
    const components = (sef as { C?: { N?: string; C?: { N?: string; name?: string }[] }[] }).C ?? [];
    known = components.some((co) => co.N === 'co' && (co.C ?? []).some((d) => d.N === 'template' && d.name === BATCH));
    batchable.set(sef, known);
  }
  return known;
}

/**
 * Validates several documents (trees from `parseXml`) in one transform, as runSchematron validates each:
 * the same findings, for less CPU (SaxonJS prepares the whole stylesheet at each transform: about 1.4 ms
 * of a letter's 4.7). Throws as runSchematron does; the caller then checks each alone, so that the error
 * is the failing document's own. Only for a validator canRunBatch accepts, and without parameters.
 */
export function runSchematronBatch(sef: SefJson, documents: SaxonDocument[]): SchematronFinding[][] {
  let raw: unknown[];
  try {
    // The parameter by its expanded name: a schema's own let may be called "batch".
    raw = transformBatch<unknown>(sef, BATCH, documents.map((doc) => ({ doc })), {}, 'The Schematron validator', BATCH);
  } catch (e) {
    throw runtimeError(sef, e as SaxonError);
  }
  if (!raw.every(Array.isArray)) throw new Error('The Schematron validator gave a result that is not a findings array.');
  return (raw as (string | TreeNode)[][]).map((flat) => decodeFindings(flat));
}

/** A node of SaxonJS's tree (its DOM), as the raw result hands it over. */
interface TreeNode {
  nodeType: number;
  ownerDocument?: TreeNode | null;
  firstChild?: TreeNode | null;
  nextSibling?: TreeNode | null;
  parentNode?: TreeNode | null;
}

/**
 * The 1-based index of every element of the tree holding `node`, in
 * document order: one iterative walk, made only for a run with findings.
 */
function elementIndexes(node: TreeNode): Map<TreeNode, number> {
  const index = new Map<TreeNode, number>();
  let top: TreeNode = node;
  while (top.parentNode) top = top.parentNode;
  let n = 0;
  let current: TreeNode | null | undefined = top;
  while (current) {
    if (current.nodeType === 1) index.set(current, ++n);
    if (current.firstChild) {
      current = current.firstChild;
      continue;
    }
    while (current && current !== top && !current.nextSibling) current = current.parentNode;
    current = current && current !== top ? current.nextSibling : null;
  }
  return index;
}

/** The validator's flat output (see writeAssertion in compile.ts): a field count, then name/value pairs; the element's value is its node. */
function decodeFindings(flat: (string | TreeNode)[]): SchematronFinding[] {
  const out: SchematronFinding[] = [];
  let indexes: Map<TreeNode, number> | undefined;
  for (let i = 0; i < flat.length; ) {
    const n = Number(flat[i]);
    const r: Record<string, string> = {};
    const diagnostics: string[] = [];
    const properties: RawFinding['properties'] = [];
    for (let k = i + 1; k < i + 1 + n; k += 2) {
      const name = flat[k] as string;
      const item = flat[k + 1] as string | TreeNode;
      let value: string;
      if (typeof item === 'string') value = item;
      else {
        indexes ??= elementIndexes(item);
        value = String(indexes.get(item) ?? 0);
      }
      if (name === 'diagnostic') diagnostics.push(value);
      else if (name === 'property') properties.push(JSON.parse(value) as NonNullable<RawFinding['properties']>[number]);
      else r[name] = value;
    }
    out.push(toFinding({ ...(r as unknown as RawFinding), ...(diagnostics.length ? { diagnostics } : {}), ...(properties.length ? { properties } : {}) }));
    i += n + 1;
  }
  return out;
}

interface RawFinding {
  kind: 'assert' | 'report';
  pattern: string;
  context: string;
  id: string;
  severity: Severity;
  message: string;
  element: number;
  attribute: string;
  role?: string;
  see?: string;
  flag?: string;
  diagnostics?: string[];
  properties?: { id: string; role?: string; scheme?: string; value: string }[];
}

function toFinding(item: unknown): SchematronFinding {
  const r = item as RawFinding;
  const finding: SchematronFinding = {
    kind: r.kind,
    patternId: r.pattern,
    context: r.context,
    id: r.id,
    role: r.severity,
    message: r.message,
    element: Number(r.element),
  };
  if (r.attribute) finding.attribute = r.attribute;
  if (r.role !== undefined) finding.roleAsWritten = r.role;
  if (r.see !== undefined) finding.see = r.see;
  if (r.flag !== undefined) finding.flag = r.flag;
  if (r.diagnostics !== undefined) finding.diagnostics = [...r.diagnostics];
  if (r.properties !== undefined) finding.properties = r.properties.map((p) => ({ ...p }));
  return finding;
}

/** A dynamic error raised while evaluating the schema's expressions names the pattern/rule. */
function runtimeError(sef: SefJson, e: SaxonError): Error {
  const xslt = generatedText.get(sef) ?? readGenerated(generatedFile.get(sef));
  const line = Number(e?.xsltLineNr);
  if (!xslt || !Number.isFinite(line) || line <= 0) return e;
  const origin = describeGeneratedLine(xslt, line);
  if (!origin) return e;
  const code = e.code ? ` [${e.code.replace(/^Q\{[^}]*\}/, '')}]` : '';
  return new SchematronSchemaError(`Schematron error while validating, in ${origin}: ${e.message}${code}`);
}

function readGenerated(file: string | undefined): string | undefined {
  try {
    return file ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** SaxonJS prefixes "Static error in XPath on line N in file {expr}:" — the origin says it better. */
function stripLocation(message: string): string {
  return message.replace(/ on line \d+ (?:column \d+ )?in \S+/, '');
}

/**
 * XInclude (`<xi:include href="chapter.xml"/>`), as many editions (the
 * FRUS volumes among them) assemble a document from files of their own.
 *
 * Resolved at load time, before the stages that need the text (model,
 * rendering), into `Source.resolvedText`; `Source.text` stays as written,
 * so that every finding of the checks keeps its line and column in the file
 * the editor opens. What is resolved, and what is a finding instead (each
 * at the include's line and column, an error, so nothing is published with
 * a part silently missing):
 *
 * - only files: an href with a scheme (http:, file: …) is never fetched;
 * - only inside the edition folder (the folder of the nearest edition.json
 *   above the document, else the document's own folder): no `..` out of it,
 *   no absolute path elsewhere, no symbolic link leading out;
 * - parse="xml" (the default): the file must be well-formed, without a DTD
 *   (the same scanner as every document); its root element, or the element
 *   an `xpointer` names by id (`xpointer="id"` or `element(id)`), is put in
 *   place of the include; parse="text": the file's text, escaped;
 * - includes inside included files, to a depth of 8, never in a cycle;
 * - an include that cannot be resolved uses its xi:fallback when it has one;
 * - the file-size limit (MAX_FILE_BYTES) applies to the document with its
 *   includes: every file read while resolving is counted, each time it is
 *   read, as it is read (with the growth of escaping parse="text"), and so
 *   are the includes (at most MAX_INCLUDES), so that nested includes (ten
 *   includes of a file of ten includes of …) stop at the include that
 *   passes the limit, after reading at most that much, rather than build a
 *   result of gigabytes. The text put in place is never longer than what
 *   was read, so this bounds both the time and the memory. A limit passed
 *   is not a failure a fallback replaces: the whole document is refused.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostic.js';
import { decodeXml } from './decode.js';
import { LineIndex } from './lines.js';
import { expandReferences, scanXml, type ElementSpan } from './scan.js';
import { MAX_FILE_BYTES } from './source.js';

export const XINCLUDE_NS = 'http://www.w3.org/2001/XInclude';
const XML_ID = 'xml:id';
const MAX_DEPTH = 8;
/**
 * The most includes resolved for one document, nested ones counted each
 * time they are reached: a document assembled from its chapters has tens
 * or hundreds; each costs a few file-system calls even when its file is
 * empty, which the size limit alone would not bound.
 */
export const MAX_INCLUDES = 50_000;

/** What one document's includes have used so far (see the module's comment). */
interface Budget {
  /** Bytes counted: the document itself, then every file read. */
  bytes: number;
  includes: number;
}

export interface IncludeResult {
  /** The document with every include replaced, or undefined when it has none. */
  text?: string;
  diagnostics: Diagnostic[];
}

/** The folder includes may read from: where the nearest edition.json is (up to three levels up), else the document's folder. */
export function editionFolder(file: string): string {
  let dir = dirname(resolve(file));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'edition.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dirname(resolve(file));
}

function isInclude(e: ElementSpan): boolean {
  return e.namespace === XINCLUDE_NS && (e.name === 'include' || e.name.endsWith(':include'));
}

function attribute(e: ElementSpan, name: string): string | undefined {
  const a = e.attributes.find((x) => x.name === name);
  return a ? expandReferences(a.raw) : undefined;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Where an element ends (after its end tag, or after "/>" when empty). */
function elementEnd(text: string, e: ElementSpan): number {
  const last = e.attributes[e.attributes.length - 1];
  let i = last ? last.valueOffset + last.raw.length + 1 : e.offset + 1 + e.name.length;
  i = text.indexOf('>', i);
  if (text[i - 1] === '/') return i + 1;
  // Elements of the same name nest (an include inside a fallback): count them.
  const open = new RegExp(`<${e.name.replace(/[.:]/g, '\\$&')}(?=[\\s/>])|</${e.name.replace(/[.:]/g, '\\$&')}\\s*>`, 'g');
  open.lastIndex = i + 1;
  let depth = 1;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    if (m[0].startsWith('</')) depth--;
    else if (text[text.indexOf('>', m.index) - 1] !== '/') depth++;
    if (depth === 0) return m.index + m[0].length;
  }
  return text.length;
}

/** The text of the xi:fallback inside an include, if it has one. */
function fallbackContent(text: string, include: ElementSpan, end: number, elements: ElementSpan[]): string | undefined {
  const fb = elements.find((x) => x.offset > include.offset && x.offset < end && x.depth === include.depth + 1 && x.namespace === XINCLUDE_NS && (x.name === 'fallback' || x.name.endsWith(':fallback')));
  if (!fb) return undefined;
  const fbEnd = elementEnd(text, fb);
  const startTagEnd = text.indexOf('>', fb.offset) + 1;
  if (text[startTagEnd - 2] === '/') return '';
  return text.slice(startTagEnd, fbEnd).replace(/<\/[^>]+>\s*$/, '');
}

class IncludeError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** A limit on the document with its includes passed: ends the resolution (no fallback, no further include). */
class IncludeLimit extends IncludeError {}

const mib = (n: number): string => `${(n / 1024 / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} MiB`;

/** Counts `bytes` more for the document; past MAX_FILE_BYTES, refuses it. */
function charge(budget: Budget, bytes: number, what: string): void {
  budget.bytes += bytes;
  if (budget.bytes > MAX_FILE_BYTES) {
    throw new IncludeLimit(
      `the document with its includes passes ${mib(MAX_FILE_BYTES)}, the most the toolkit reads (at ${what})`,
      'A letter with its parts is far smaller: check for includes that include the same parts many times over (each level multiplies them), or split the document into several letters.',
    );
  }
}

/** The XML an include brings in: the file's root element (or the element the xpointer names), its own includes resolved. */
function includedXml(path: string, href: string, xpointer: string | undefined, root: string, stack: string[], budget: Budget): string {
  const bytes = readFileSync(path);
  charge(budget, bytes.length, `the include of ${href}`);
  const decoded = decodeXml(bytes);
  if (!decoded.ok) throw new IncludeError(`the included file ${relative(root, path)} cannot be read: ${decoded.problem.message}`, decoded.problem.hint);
  const scan = scanXml(decoded.text);
  const first = scan.errors[0];
  if (first) {
    const at = new LineIndex(decoded.text).position(first.offset);
    throw new IncludeError(`the included file ${relative(root, path)} is not well-formed (${at.line}:${at.column}: ${first.message})`, first.hint);
  }
  const resolved = resolveText(path, decoded.text, scan.elements, root, stack, budget, true);
  if (resolved.errors.length) throw resolved.errors[0] as IncludeError;
  const text = resolved.text ?? decoded.text;
  const rawRoot = scan.elements[0] as ElementSpan;
  if (!xpointer && !isInclude(rawRoot)) {
    // The root element, its includes in place: what follows it (comments, spaces) is as written, so no second scan is needed.
    const after = decoded.text.length - elementEnd(decoded.text, rawRoot);
    return text.slice(rawRoot.offset, text.length - after);
  }
  const elements = resolved.text ? scanXml(text).elements : scan.elements;
  let target = elements[0] as ElementSpan;
  if (xpointer) {
    const id = /^\s*(?:element\(\s*([^)/\s]+)\s*\)|([^\s()]+))\s*$/.exec(xpointer);
    const wanted = id?.[1] ?? id?.[2];
    if (!wanted) throw new IncludeError(`xpointer "${xpointer}" is not supported`, 'Point to an element by its id: xpointer="ID" or xpointer="element(ID)".');
    const found = elements.find((x) => x.attributes.some((a) => a.name === XML_ID && expandReferences(a.raw) === wanted));
    if (!found) throw new IncludeError(`no element with xml:id "${wanted}" in ${relative(root, path)}`, 'Check the xpointer against the ids of the included file.');
    target = found;
  }
  return text.slice(target.offset, elementEnd(text, target));
}

interface Resolved {
  text?: string;
  errors: IncludeError[];
  /** Offsets of failed includes, for positions. */
  failed: { offset: number; error: IncludeError }[];
}

/** `nested`: the text of an included file, whose first failure fails its include (the rest are not tried). */
function resolveText(file: string, text: string, elements: ElementSpan[], root: string, stack: string[], budget: Budget, nested: boolean): Resolved {
  const includes = elements.filter(isInclude);
  if (includes.length === 0) return { errors: [], failed: [] };
  const failed: { offset: number; error: IncludeError }[] = [];
  let out = '';
  let at = 0;
  for (const inc of includes) {
    if (inc.offset < at) continue; // inside an include already replaced (its fallback)
    const end = elementEnd(text, inc);
    out += text.slice(at, inc.offset);
    at = end;
    let replacement: string | undefined;
    try {
      replacement = includeOne(file, inc, root, stack, budget);
    } catch (e) {
      if (!(e instanceof IncludeError)) throw e;
      const fb = e instanceof IncludeLimit ? undefined : fallbackContent(text, inc, end, elements);
      if (fb !== undefined) replacement = fb;
      else {
        failed.push({ offset: inc.offset, error: e });
        if (nested || e instanceof IncludeLimit) return { errors: [e], failed };
      }
    }
    out += replacement ?? text.slice(inc.offset, end);
  }
  out += text.slice(at);
  return { text: out, errors: failed.map((f) => f.error), failed };
}

function includeOne(file: string, inc: ElementSpan, root: string, stack: string[], budget: Budget): string {
  const href = attribute(inc, 'href') ?? '';
  if (++budget.includes > MAX_INCLUDES) {
    throw new IncludeLimit(`the document with its includes has more than ${MAX_INCLUDES.toLocaleString('en')} includes (at the include of ${href})`, 'A letter with its parts has far fewer: check for includes that include the same parts many times over (each level multiplies them).');
  }
  const parse = attribute(inc, 'parse') ?? 'xml';
  const xpointer = attribute(inc, 'xpointer');
  if (href === '') {
    if (xpointer) throw new IncludeError('an include of the same document (href="" with xpointer) is not supported', 'Copy the element, or point to it with @corresp or @sameAs.');
    throw new IncludeError('xi:include has no href', 'Name the file to include: <xi:include href="part.xml"/>.');
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(href) && !/^[A-Za-z]:[\\/]/.test(href)) {
    throw new IncludeError(`xi:include href="${href}" names a URL: nothing is ever fetched`, 'Keep the included file in the edition folder and name it by a relative path.');
  }
  const path = resolve(dirname(file), decodeURIComponent(href.replace(/#.*$/, '')));
  const inside = (p: string): boolean => {
    const r = relative(root, p);
    return r !== '' && !r.startsWith('..') && !isAbsolute(r) && !r.split(sep).includes('..');
  };
  if (!inside(path)) throw new IncludeError(`xi:include href="${href}" leads out of the edition folder (${root})`, 'Keep included files inside the edition folder.');
  if (!existsSync(path)) throw new IncludeError(`the included file ${href} does not exist`, `Create ${relative(root, path)} or correct the href.`);
  const real = realpathSync(path);
  if (!inside(real) && real !== path) throw new IncludeError(`xi:include href="${href}" is a link that leads out of the edition folder`, 'Keep included files inside the edition folder.');
  // Hidden files and folders (.git/config, which CI checkouts give a token; .env; .ssh) and installed packages are
  // no part of the edition: a letter could otherwise publish them in its page.
  const hidden = [relative(root, path), relative(root, real)].flatMap((r) => r.split(sep)).find((segment) => segment.startsWith('.') || segment === 'node_modules');
  if (hidden) throw new IncludeError(`xi:include href="${href}" names a file in ${hidden.startsWith('.') ? `a hidden file or folder (${hidden})` : 'node_modules'}, which is not part of the edition`, 'Include only the edition\'s own files, kept in ordinary folders (e.g. tei/parts/).');
  const st = statSync(real);
  if (!st.isFile()) throw new IncludeError(`xi:include href="${href}" is not a file`, 'Name a file.');
  if (st.size > MAX_FILE_BYTES) throw new IncludeError(`the included file ${href} has ${(st.size / 1024 / 1024).toFixed(1)} MiB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MiB the toolkit reads`, 'Include a smaller file (split it into parts).');
  if (stack.includes(real)) throw new IncludeError(`xi:include href="${href}" includes itself (${[...stack, real].map((p) => relative(root, p)).join(' → ')})`, 'Remove the include that closes the cycle.');
  if (stack.length >= MAX_DEPTH) throw new IncludeError(`includes nested more than ${MAX_DEPTH} deep`, 'Flatten the includes.');
  // Counted before it is read: a file that would pass the limit is not read.
  if (budget.bytes + st.size > MAX_FILE_BYTES) charge(budget, st.size, `the include of ${href}`);
  if (parse === 'text') {
    const bytes = readFileSync(real);
    charge(budget, bytes.length, `the include of ${href}`);
    const decoded = decodeXml(bytes);
    if (!decoded.ok) throw new IncludeError(`the included file ${href} cannot be read: ${decoded.problem.message}`, decoded.problem.hint);
    const escaped = escapeText(decoded.text);
    charge(budget, escaped.length - decoded.text.length, `the include of ${href}`);
    return escaped;
  }
  if (parse !== 'xml') throw new IncludeError(`xi:include parse="${parse}" is not XInclude (xml or text)`, 'Use parse="xml" or parse="text".');
  return includedXml(real, href, xpointer, root, [...stack, real], budget);
}

/**
 * Resolves the includes of one loaded document. No includes: nothing. Every
 * include that cannot be resolved (and has no fallback) is an error finding
 * at its position; the text then keeps it as written.
 */
export function resolveIncludes(file: string, text: string, elements: ElementSpan[], lines: LineIndex): IncludeResult {
  if (!elements.some(isInclude)) return { diagnostics: [] };
  const root = editionFolder(file);
  const absolute = resolve(file);
  const budget: Budget = { bytes: Buffer.byteLength(text), includes: 0 };
  const resolved = resolveText(absolute, text, elements, root, [existsSync(absolute) ? realpathSync(absolute) : absolute], budget, false);
  const diagnostics: Diagnostic[] = resolved.failed.map(({ offset, error }) => ({
    file,
    ...lines.position(offset),
    severity: 'error',
    source: 'xml',
    rule: 'xinclude',
    message: error.message,
    hint: error.hint,
  }));
  if (diagnostics.length) return { diagnostics };
  // The merged document must itself be well-formed (an included fragment may use a prefix its new place does not declare).
  const check = scanXml(resolved.text ?? text);
  const bad = check.errors[0];
  if (bad) {
    const first = elements.find(isInclude) as ElementSpan;
    return {
      diagnostics: [{ file, ...lines.position(first.offset), severity: 'error', source: 'xml', rule: 'xinclude', message: `the document with its includes is not well-formed: ${bad.message}`, hint: 'Declare in each included file the namespaces its elements use.' }],
    };
  }
  return { text: resolved.text, diagnostics: [] };
}

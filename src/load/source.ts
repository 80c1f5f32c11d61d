import { open } from 'node:fs/promises';
import { moreFindings, type Diagnostic } from '../diagnostic.js';
import { decodeXml } from './decode.js';
import { LineIndex } from './lines.js';
import { scanXml, type ElementSpan } from './scan.js';
import { resolveIncludes } from './xinclude.js';
import { discouragedControls } from './control-chars.js';
import { spacedElementOnly } from './element-only.js';

export const TEI_NS = 'http://www.tei-c.org/ns/1.0';

/**
 * A well-formed XML document, read and indexed. Every later stage works on
 * this record and reports positions through its line index and element table.
 */
export interface Source {
  /** The path as the user gave it (used in every message). */
  file: string;
  text: string;
  lines: LineIndex;
  /** All elements in document order, with their start offsets and attributes. */
  elements: ElementSpan[];
  /** Whether the root is a TEI P5 `TEI` element (other XML is reported, not rendered). */
  isTei: boolean;
  /**
   * The reading text, when it differs from `text`: xi:includes resolved
   * (src/load/xinclude.ts) and word boundaries between the children of
   * element-only containers (src/load/element-only.ts). What the model and
   * the renderings read; `text` stays as written, for the checks and their
   * positions.
   */
  resolvedText?: string;
}

export interface Loaded {
  /** Present when the file is well-formed XML. */
  source?: Source;
  /** Present when the file could be decoded, so findings can quote their line. */
  lines?: LineIndex;
  diagnostics: Diagnostic[];
}

/**
 * The largest file read, in bytes: 32 MiB, thirteen times the largest real
 * TEI file at hand (a 2.4 MB dictionary, which validates in 3 s; ten copies
 * of its entries, 25 MB, in 16 s and 620 MB). A larger file is refused
 * before it is read, so its size alone never decides how much memory a
 * check takes; within it, the scanner's limits (MAX_TOKEN_LENGTH,
 * MAX_ELEMENTS in scan.ts) bound each token and the element count.
 */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

function tooLarge(file: string, size: number): Diagnostic {
  const mb = (n: number): string => `${(n / 1024 / 1024).toLocaleString('en', { maximumFractionDigits: 1 })} MiB`;
  return {
    file,
    line: 0,
    column: 0,
    severity: 'error',
    source: 'security',
    rule: 'file-too-large',
    message: `the file has ${mb(size)}, more than the ${mb(MAX_FILE_BYTES)} the toolkit reads (it was not read)`,
    hint: 'A letter is far smaller (the largest TEI files at hand, dictionaries, have a few MB): split the document into several files, or check that this is the file you meant.',
  };
}

/** Reads and checks one file: bytes, encoding, DTD refusal, well-formedness. */
export async function loadFile(file: string): Promise<Loaded> {
  let bytes: Uint8Array;
  try {
    const handle = await open(file, 'r');
    try {
      // Its size first: a file past the limit is refused unread.
      const { size } = await handle.stat();
      if (size > MAX_FILE_BYTES) return { diagnostics: [tooLarge(file, size)] };
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? String(e)})`;
    const hint = code === 'EACCES' || code === 'EPERM' ? 'Give yourself permission to read the file (chmod u+r), or run the command as its owner.' : 'Check the path; `tei-edition validate` with no arguments checks every tei/*.xml.';
    return { diagnostics: [{ file, line: 0, column: 0, severity: 'error', source: 'io', rule: 'file-unreadable', message, hint }] };
  }
  return loadBytes(file, bytes);
}

export function loadBytes(file: string, bytes: Uint8Array): Loaded {
  // (A file that grew after loadFile's check, or bytes read elsewhere.)
  if (bytes.length > MAX_FILE_BYTES) return { diagnostics: [tooLarge(file, bytes.length)] };
  const decoded = decodeXml(bytes);
  if (!decoded.ok) {
    const p = decoded.problem;
    return { diagnostics: [{ file, line: p.line, column: p.column, severity: 'error', source: p.rule === 'empty-file' ? 'xml' : 'encoding', rule: p.rule, message: p.message, hint: p.hint }] };
  }
  return loadText(file, decoded.text);
}

export function loadText(file: string, original: string): Loaded {
  const lines = new LineIndex(original);
  const scan = scanXml(original);
  const diagnostics: Diagnostic[] = scan.errors.map((e) => ({
    file,
    ...lines.position(e.offset),
    severity: 'error',
    source: e.source,
    rule: e.rule,
    message: e.message,
    hint: e.hint,
  }));
  for (const [rule, s] of scan.suppressed) {
    const first = diagnostics.find((d) => d.rule === rule);
    if (first) diagnostics.push(moreFindings({ ...first, ...lines.position(s.offset) }, s.count));
  }
  if (diagnostics.length > 0) return { lines, diagnostics };
  let text = original;
  if (scan.doctype) {
    const { offset, length } = scan.doctype;
    diagnostics.push({
      file,
      ...lines.position(offset),
      severity: 'info',
      source: 'security',
      rule: 'dtd-ignored',
      message: 'the DOCTYPE names an external DTD, which is ignored: it is never read or fetched',
      hint: 'Nothing to do; the document is checked with the edition\'s RELAX NG schema. Delete the DOCTYPE to silence this note.',
    });
    // Later stages (libxml2, SaxonJS) never see it: blanked to spaces, so every offset and line stays the same.
    text = original.slice(0, offset) + original.slice(offset, offset + length).replace(/[^\r\n]/g, ' ') + original.slice(offset + length);
  }
  const root = scan.elements[0] as ElementSpan;
  const isTei = root.namespace === TEI_NS && (root.name === 'TEI' || root.name.endsWith(':TEI'));
  if (!isTei) {
    const what = root.namespace === TEI_NS ? `<${root.name}> in the TEI namespace` : root.namespace ? `<${root.name}> in namespace ${root.namespace}` : `<${root.name}> in no namespace`;
    diagnostics.push({
      file,
      ...lines.position(root.offset),
      severity: 'error',
      source: 'xml',
      rule: 'not-tei',
      message: `not a TEI document: the root element is ${what}`,
      hint: 'A TEI P5 document has the root <TEI xmlns="http://www.tei-c.org/ns/1.0">.',
    });
  }
  diagnostics.push(...discouragedControls(file, original, lines));
  const included = resolveIncludes(file, text, scan.elements, lines);
  diagnostics.push(...included.diagnostics);
  const source: Source = { file, text, lines, elements: scan.elements, isTei };
  // The reading text: includes resolved, and word boundaries between the children of element-only containers (element-only.ts).
  const reading = included.text ?? text;
  const spaced = spacedElementOnly(reading, included.text === undefined ? scan.elements : scanXml(included.text).elements);
  if (spaced !== undefined || included.text !== undefined) source.resolvedText = spaced ?? reading;
  return { source, lines, diagnostics };
}

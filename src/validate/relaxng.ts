import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { libxml2Limit, runXmllint } from './xmllint.js';
import { vocabulary } from './rng-vocabulary.js';
import type { Diagnostic } from '../diagnostic.js';
import type { Source } from '../load/source.js';
import type { ElementSpan } from '../load/scan.js';
import { compareText } from '../collate.js';
import { closest } from '../closest.js';

export interface RelaxNgSchema {
  /** Path of the main schema file (for messages). */
  file: string;
  text: string;
  /** Files the schema includes (`include`, `externalRef`), by the href it uses. */
  preload: { fileName: string; contents: string }[];
}

/** Reads a RELAX NG schema (XML syntax) and every file it includes. */
export function readRelaxNgSchema(file: string): RelaxNgSchema {
  const text = readFileSync(file, 'utf8');
  const preload: RelaxNgSchema['preload'] = [];
  const seen = new Set<string>();
  const visit = (from: string, body: string): void => {
    for (const m of body.matchAll(/<(?:[\w.-]+:)?(?:include|externalRef)\b[^>]*\bhref\s*=\s*["']([^"']+)["']/g)) {
      const href = m[1] as string;
      if (/^[a-z]+:/i.test(href) || seen.has(href)) continue; // never fetch URLs
      seen.add(href);
      const path = resolve(dirname(from), href);
      const contents = readFileSync(path, 'utf8');
      preload.push({ fileName: href, contents });
      visit(path, contents);
    }
  };
  visit(file, text);
  return { file, text, preload };
}

/**
 * Validates all sources against one schema in a single libxml2 call (libxml2
 * compiles the schema on every call, so batching is what keeps large schemas
 * such as tei_all.rng affordable).
 */
export async function validateRelaxNg(sources: Source[], schema: RelaxNgSchema): Promise<Diagnostic[]> {
  if (sources.length === 0) return [];
  // Neutral names inside the wasm file system: user paths may contain
  // characters xmllint would read as options.
  const names = sources.map((_, i) => `doc${i}.xml`);
  const byName = new Map(names.map((n, i) => [n, sources[i] as Source]));
  const schemaName = 'schema.rng';
  const run = await runXmllint(
    [{ fileName: schemaName, contents: schema.text }, ...schema.preload, ...sources.map((s, i) => ({ fileName: names[i] as string, contents: s.text }))],
    ['--relaxng', schemaName, '--noout', ...names],
  );
  if (run.exitCode === 0) return [];
  const out: Diagnostic[] = [];
  const lines = run.stderr.split('\n').filter((l) => l.trim() && !/ (validates|fails to validate)$/.test(l));
  if (run.exitCode !== 3 && run.exitCode !== 4) {
    const first = (lines.find((l) => !l.startsWith('doc')) ?? lines[0] ?? `xmllint exit code ${run.exitCode}`).replace(/^schema\.rng:\d+: /, '');
    return [{ file: schema.file, line: 0, column: 0, severity: 'error', source: 'relaxng', rule: 'schema-unusable', message: `the RELAX NG schema cannot be used: ${libxml2Limit(first.replace(/^\S+ (?:error|warning) : /, '')) ?? first}`, hint: 'Check the schema file; it must be RELAX NG in XML syntax (.rng).' }];
  }
  // libxml2 can report tens of thousands of errors for one document (40,000
  // stray attributes): only the first ones are worth placing; the rest are counted.
  const perDocument = new Map<string, number>();
  // Attribute errors already placed, per document, line, element and attribute (see toDiagnostic).
  const placed = new Map<string, number>();
  const skipped = new Map<Source, { count: number; line: number }>();
  // Documents where libxml2 hit one of its limits: what it says after that is its confusion, not the user's mistake.
  const limited = new Set<Source>();
  for (const [i, l] of lines.entries()) {
    const m = /^(doc\d+\.xml):(\d+): (.*)$/.exec(l);
    const source = m ? byName.get(m[1] as string) : undefined;
    if (!m || !source || limited.has(source)) continue; // continuation lines of a message already reported
    const n = (perDocument.get(source.file) ?? 0) + 1;
    perDocument.set(source.file, n);
    if (n > MAX_PLACED) {
      const s = skipped.get(source);
      if (s) s.count++;
      else skipped.set(source, { count: 1, line: Number(m[2]) });
      continue;
    }
    const parse = /^(?:parser|namespace|IO|encoding) (?:error|warning) : (.*)$/.exec(m[3] as string);
    if (parse) {
      const d = parseError(source, Number(m[2]), parse[1] as string, lines[i + 1], lines[i + 2]);
      if (d.rule === 'xml-libxml2-limit') limited.add(source);
      out.push(d);
    }
    else out.push(toDiagnostic(source, Number(m[2]), m[3] as string, schema.text, placed));
  }
  const kept = dropCascades(out);
  for (const [source, s] of skipped) {
    kept.push({ file: source.file, line: s.line, column: 0, severity: 'error', source: 'relaxng', rule: 'relaxng', message: `${s.count} more schema errors in this file, from here on (only the first ${MAX_PLACED} are placed)`, hint: 'Fix the errors listed (often one cause) and check again.' });
  }
  return kept;
}

/** Schema errors of one document placed and explained; the rest are counted. */
const MAX_PLACED = 1_000;

/**
 * libxml2 refused to parse a document the toolkit's own scanner accepted
 * (rare: the scanner checks the same syntax). It is reported as what it is,
 * a well-formedness finding, with the column from libxml2's caret line.
 */
function parseError(source: Source, line: number, text: string, context: string | undefined, caret: string | undefined): Diagnostic {
  // libxml2 shows a window of the line (at most 80 characters) and a caret under the place.
  const at = context !== undefined ? source.lines.lineText(line).indexOf(context) : -1;
  const column = at >= 0 && caret && /^\s*\^\s*$/.test(caret) ? at + caret.indexOf('^') + 1 : 0;
  const limit = libxml2Limit(text);
  if (limit !== undefined) {
    return {
      file: source.file,
      line,
      column,
      severity: 'error',
      source: 'xml',
      rule: 'xml-libxml2-limit',
      message: `the schema check cannot read this document: ${limit}`,
      hint: 'The limit is fixed (the toolkit does not lift it): shorten or split what is this large (a run of text into paragraphs, large data into a file of its own that the document links to), or check how the file was produced.',
    };
  }
  return {
    file: source.file,
    line,
    column,
    severity: 'error',
    source: 'xml',
    rule: 'xml-libxml2',
    message: `the XML parser (libxml2) cannot read this document: ${text.trim()}`,
    hint: 'Fix the XML at this place; the document is not checked against the schema until it parses.',
  };
}

/** libxml2 message → our finding, with a column and a hint. */
function toDiagnostic(source: Source, line: number, raw: string, schemaText: string, placed: Map<string, number>): Diagnostic {
  // "element date: Relax-NG validity error : Invalid attribute when for element date"
  const m = /^element ([^:]+): Relax-NG validity error : (.*)$/.exec(raw.trim());
  const elementName = m?.[1]?.trim();
  const text = (m?.[2] ?? raw).trim();
  // libxml2 names only the line and the element: the n-th error about one attribute of elements of one
  // name on one line is about the n-th such element there (two broken pointers on one line are two findings).
  const invalid = /^Invalid attribute (\S+) for element/.exec(text);
  let nth = 0;
  if (invalid && elementName) {
    const key = `${source.file}\0${line}\0${elementName}\0${invalid[1]}`;
    nth = placed.get(key) ?? 0;
    placed.set(key, nth + 1);
  }
  const el = elementName ? elementAtLine(source.elements, source, elementName, line, invalid?.[1], nth) : undefined;
  let pos = el ? source.lines.position(el.offset) : { line, column: 0 };
  let rule = 'relaxng';
  let message = text;
  let hint = 'See the schema documentation in schemas/ for what this element may contain.';
  let a: RegExpExecArray | null;
  if ((a = /^Invalid attribute (\S+) for element (\S+)/.exec(text)) && a[1] === 'id' && el?.attributes.some((x) => x.name === 'xml:id')) {
    // libxml2 reports an xml:id used twice (its type is ID) as an invalid attribute.
    const attr = el.attributes.find((x) => x.name === 'xml:id') as ElementSpan['attributes'][number];
    pos = source.lines.position(attr.valueOffset);
    rule = 'xml-id-unique';
    message = `xml:id "${attr.raw}" is used more than once in this document`;
    hint = 'Give each element a different xml:id; pointers to the old id must be updated too.';
  } else if ((a = /^Invalid attribute (\S+) for element (\S+)/.exec(text))) {
    const attr = el?.attributes.find((x) => x.name === a?.[1]);
    if (attr) pos = source.lines.position(attr.offset);
    rule = 'rng-attribute';
    const allowed = vocabulary(schemaText).attributes.get(local(a[2] as string));
    if (allowed?.has(a[1] as string)) {
      message = `the value of ${a[1]}${attr ? `="${attr.raw}"` : ''} on <${a[2]}> does not match the schema's datatype`;
      hint = 'Write the value in the form the schema requires: dates are ISO 8601 (1956-11-04), pointers "#id", sigla "#SIGLUM"; closed lists are given in the schema.';
    } else {
      message = `attribute ${a[1]} is not allowed on <${a[2]}>`;
      const meant = allowed?.size ? closest(a[1] as string, [...allowed]) : undefined;
      hint = allowed?.size ? `${meant ? `Did you mean @${meant}? ` : ''}<${a[2]}> allows: ${list([...allowed].map((x) => `@${x}`))}.` : 'Check the spelling of the attribute.';
    }
  } else if ((a = /^Did not expect element (\S+) there/.exec(text))) {
    rule = 'rng-element';
    const parent = el ? parentOf(source.elements, el) : undefined;
    const allowed = parent ? vocabulary(schemaText).children.get(local(parent.name)) : undefined;
    if (parent && allowed?.has(local(a[1] as string))) {
      message = `element <${a[1]}> is not allowed at this point in <${parent.name}>`;
      hint = `<${parent.name}> may contain <${a[1]}>, but not here: check the order of its children (the schema documentation in schemas/ gives it).`;
    } else {
      message = parent ? `element <${a[1]}> is not allowed in <${parent.name}>` : `element <${a[1]}> is not allowed here`;
      // A misspelling first ("persname"), then what may stand there.
      const meant = allowed?.size ? closest(local(a[1] as string), [...allowed]) : undefined;
      const spelling = meant ? `Did you mean <${meant}>? ` : '';
      hint = allowed?.size ? `${spelling}<${parent?.name}> may contain: ${list([...allowed].map((x) => `<${x}>`))}.` : 'Check the spelling and nesting of the element against the schema.';
    }
  } else if ((a = /^Expecting element (\S+), got (\S+)/.exec(text))) {
    rule = 'rng-element';
    message = `expected <${a[1]}> here, found <${a[2]}>`;
    hint = `Add <${a[1]}> before this element or fix the element's name.`;
  } else if ((a = /^Element (\S+) has extra content: (\S+)/.exec(text))) {
    rule = 'rng-content';
    message = `<${a[1]}> has content the schema does not allow (${a[2]})`;
    hint = 'Remove the extra content or move it into an element that allows it.';
  } else if (/^Expecting an element\s*, got nothing/.test(text)) {
    // libxml2 names no element when the schema wants any content at all ("Expecting an element , got nothing").
    rule = 'rng-content';
    message = `<${elementName}> is empty, but the schema requires content in it`;
    hint = `Give <${elementName}> the content the schema requires, or remove the empty element.`;
  } else if ((a = /^Expecting an element (\S+), got nothing/.exec(text)) || (a = /^Element (\S+) failed to validate content/.exec(text))) {
    rule = 'rng-content';
    message = text.startsWith('Expecting') ? `<${elementName}> lacks a required <${a[1]}>` : `the content of <${a[1]}> does not match the schema`;
    hint = 'Compare the element with the schema: a required child may be missing or the children may be out of order.';
  } else if ((a = /^Element (\S+) failed to validate attributes/.exec(text))) {
    rule = 'rng-attribute';
    message = `an attribute of <${a[1]}> is missing or has a value the schema does not allow`;
    hint = 'Check required attributes and the form of their values.';
  } else if (/^Type \S+ doesn't allow value/.test(text) || /Error validating datatype/.test(text)) {
    rule = 'rng-datatype';
    hint = 'Write the value in the form the schema requires (for dates: YYYY-MM-DD).';
  }
  return { file: source.file, line: pos.line, column: pos.column, severity: 'error', source: 'relaxng', rule, message, hint };
}

const local = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

/** The parent of an element in document order: the nearest element before it one level up. */
function parentOf(elements: ElementSpan[], el: ElementSpan): ElementSpan | undefined {
  for (let i = elements.indexOf(el) - 1; i >= 0; i--) if ((elements[i] as ElementSpan).depth === el.depth - 1) return elements[i];
  return undefined;
}

function list(names: string[]): string {
  return names.sort(compareText).join(', ');
}

/**
 * libxml2 reports a line for the element; the element table tells which
 * element (and so which column) it means: the first element of that name
 * starting on that line, else the nearest one starting before it (a start
 * tag spread over several lines is reported at its last line). For an error
 * about an attribute, the nth element of that name on the line that has the
 * attribute (libxml2 reports them in document order).
 */
function elementAtLine(elements: ElementSpan[], source: Source, name: string, line: number, attribute?: string, nth = 0): ElementSpan | undefined {
  let before: ElementSpan | undefined;
  let first: ElementSpan | undefined;
  let seen = 0;
  const local = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
  for (const el of elements) {
    const elLocal = el.name.includes(':') ? el.name.slice(el.name.indexOf(':') + 1) : el.name;
    if (elLocal !== local) continue;
    const l = source.lines.position(el.offset).line;
    if (l === line) {
      // With an attribute named: the nth element on the line that has it (else the first of the name).
      if (attribute === undefined) return el;
      first ??= el;
      if (el.attributes.some((a) => a.name === attribute || a.name.endsWith(`:${attribute}`)) && seen++ === nth) return el;
    } else if (l < line) before = el;
    else break;
  }
  return first ?? before;
}

/**
 * libxml2 follows a precise error with summaries up the tree ("Element body
 * failed to validate content"); the precise one is enough to act on, so a
 * summary is dropped when a more precise finding of the same file exists.
 */
function dropCascades(ds: Diagnostic[]): Diagnostic[] {
  const precise = new Set(ds.filter((d) => d.rule !== 'rng-content' || !d.message.startsWith('the content of')).map((d) => d.file));
  // Linear: one set of the lines with a precise attribute finding (was a search per finding).
  const attributeLines = new Set(ds.filter((o) => o.rule === 'rng-attribute' && !o.message.startsWith('an attribute of')).map((o) => `${o.file}:${o.line}`));
  const seen = new Set<string>();
  return ds.filter((d) => {
    if (d.message.startsWith('the content of') && precise.has(d.file)) return false;
    if (d.message.startsWith('an attribute of') && attributeLines.has(`${d.file}:${d.line}`)) return false;
    const key = `${d.file}:${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

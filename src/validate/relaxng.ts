import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { libxml2Limit, runXmllint } from './xmllint.js';
import { rngDefines, rngTree, vocabulary, type RngNode } from './rng-vocabulary.js';
import type { Diagnostic } from '../diagnostic.js';
import type { Source } from '../load/source.js';
import { expandReferences, isNcName, type ElementSpan } from '../load/scan.js';
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
  // How many errors libxml2 gives about one attribute of elements of one name on one line (see toDiagnostic).
  const totals = new Map<string, number>();
  for (const l of lines) {
    const e = /^(doc\d+\.xml):(\d+): element ([^:]+): Relax-NG validity error : Invalid attribute (\S+) for element/.exec(l);
    const s = e ? byName.get(e[1] as string) : undefined;
    if (!e || !s) continue;
    const key = `${s.file}\0${e[2]}\0${(e[3] as string).trim()}\0${e[4]}`;
    totals.set(key, (totals.get(key) ?? 0) + 1);
  }
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
    else out.push(toDiagnostic(source, Number(m[2]), m[3] as string, schema.text, placed, totals));
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
  const what =
    limit !== undefined
      ? {
          rule: 'xml-libxml2-limit',
          message: `the schema check cannot read this document: ${limit}`,
          hint: 'The limit is fixed (the toolkit does not lift it): shorten or split what is this large (a run of text into paragraphs, large data into a file of its own that the document links to), or check how the file was produced.',
        }
      : {
          rule: 'xml-libxml2',
          message: `the XML parser (libxml2) cannot read this document: ${text.trim()}`,
          hint: 'Fix the XML at this place; the document is not checked against the schema until it parses.',
        };
  return { file: source.file, line, column, severity: 'error', source: 'xml', ...what };
}

/** libxml2 message → our finding, with a column and a hint. */
function toDiagnostic(source: Source, line: number, raw: string, schemaText: string, placed: Map<string, number>, totals: Map<string, number>): Diagnostic {
  // "element date: Relax-NG validity error : Invalid attribute when for element date"
  const m = /^element ([^:]+): Relax-NG validity error : (.*)$/.exec(raw.trim());
  const elementName = m?.[1]?.trim();
  const text = (m?.[2] ?? raw).trim();
  // libxml2 names only the line and the element: the n-th error about one attribute of elements of one
  // name on one line is about the n-th such element there (two broken pointers on one line are two findings).
  const invalid = /^Invalid attribute (\S+) for element/.exec(text);
  let nth = 0;
  let total = 0;
  if (invalid && elementName) {
    const key = `${source.file}\0${line}\0${elementName}\0${invalid[1]}`;
    nth = placed.get(key) ?? 0;
    placed.set(key, nth + 1);
    total = totals.get(key) ?? nth + 1;
  }
  let el = elementName ? elementAtLine(source.elements, source, elementName, line, invalid?.[1], nth) : undefined;
  // Several elements of the name on the line carry the attribute and not all are refused: the ones whose value
  // the schema's datatype refuses are meant; if that cannot be told, the finding says so instead of naming one.
  let unsure: ElementSpan[] | undefined;
  if (invalid && elementName && invalid[1] !== 'id') {
    const { candidates, refused } = refusedOnLine(source, schemaText, elementName, line, invalid[1] as string);
    if (candidates.length > 1 && total < candidates.length) {
      if (refused && refused.length === total) el = refused[nth];
      else unsure = candidates;
    }
  }
  let pos = el && !unsure ? source.lines.position(el.offset) : { line, column: 0 };
  let rule = 'relaxng';
  let message = text;
  let hint = 'See the schema documentation in schemas/ for what this element may contain.';
  let a: RegExpExecArray | null;
  const badId = /^validity error : xml:id : attribute value (.*) is not an NCName$/.exec(text);
  if (badId) {
    // libxml2's parser checks every xml:id (its type is ID) before the schema does, and names no element.
    return xmlIdNotAName(source, line, badId[1] as string);
  }
  // libxml2 refuses an xml:id used twice (its type is ID) as an invalid attribute "id", and one that is not an XML
  // name likewise, after its own message about that (the same finding, which dropCascades keeps once).
  const xmlId = invalid?.[1] === 'id' && !el?.attributes.some((x) => x.name === 'id') ? el?.attributes.find((x) => x.name === 'xml:id') : undefined;
  const idValue = xmlId ? collapseSpace(expandReferences(xmlId.raw)) : '';
  if (xmlId && !isNcName(idValue)) return xmlIdNotAName(source, line, idValue);
  if (xmlId && (xmlIdCounts(source).get(idValue) ?? 0) > 1) {
    const attr = xmlId;
    pos = source.lines.position(attr.valueOffset);
    rule = 'xml-id-unique';
    message = `xml:id "${attr.raw}" is used more than once in this document`;
    hint = 'Give each element a different xml:id; pointers to the old id must be updated too.';
  } else if ((a = /^Invalid attribute (\S+) for element (\S+)/.exec(text))) {
    // libxml2 names the attribute by its local name: xml:ID is "ID", xml:lang "lang". Named as written.
    const attr = unsure ? undefined : (el?.attributes.find((x) => x.name === a?.[1]) ?? el?.attributes.find((x) => local(x.name) === a?.[1]));
    if (attr) pos = source.lines.position(attr.offset);
    const written = attr?.name ?? (a[1] as string);
    rule = 'rng-attribute';
    const allowed = vocabulary(schemaText).attributes.get(local(a[2] as string));
    if (unsure) {
      const values = unsure.map((x) => `${a?.[1]}="${x.attributes.find((y) => local(y.name) === a?.[1])?.raw ?? ''}"`);
      const which = total === 1 ? 'one' : `${total}`;
      message = `the value of ${a[1]} on ${which} of the ${unsure.length} <${a[2]}> elements on this line does not match the schema's datatype, and the schema check (libxml2) does not say which: ${values.join(', ')}`;
      hint = 'Check each of these values (put the elements on lines of their own to have the one meant pointed out): dates are ISO 8601 (1956-11-04), pointers "#id", sigla "#SIGLUM"; closed lists are given in the schema.';
    } else if (allowed?.has(written)) {
      message = `the value of ${written}${attr ? `="${attr.raw}"` : ''} on <${a[2]}> does not match the schema's datatype`;
      hint = 'Write the value in the form the schema requires: dates are ISO 8601 (1956-11-04), pointers "#id", sigla "#SIGLUM"; closed lists are given in the schema.';
    } else {
      message = `attribute ${written} is not allowed on <${a[2]}>`;
      const meant = allowed?.size ? meantAttribute(written, [...allowed]) : undefined;
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
    // libxml2 names the value: the attribute of an element of the name on the line that has it, if just one.
    const v = /doesn't allow value '(.*)'$/.exec(text)?.[1];
    const having = v === undefined || !elementName ? [] : source.elements.flatMap((x) =>
      local(x.name) === local(elementName) && source.lines.position(x.offset).line === line ? x.attributes.filter((y) => collapseSpace(expandReferences(y.raw)) === collapseSpace(v)) : [],
    );
    if (having.length === 1) pos = source.lines.position((having[0] as ElementSpan['attributes'][number]).offset);
    else if (having.length > 1) pos = { line, column: 0 };
    hint = 'Write the value in the form the schema requires (for dates: YYYY-MM-DD).';
  }
  return { file: source.file, line: pos.line, column: pos.column, severity: 'error', source: 'relaxng', rule, message, hint };
}

const idCounts = new WeakMap<Source, Map<string, number>>();

/** How many elements of the document have each xml:id (as an ID is read: references expanded, spaces collapsed). */
function xmlIdCounts(source: Source): Map<string, number> {
  let counts = idCounts.get(source);
  if (!counts) {
    counts = new Map();
    for (const el of source.elements) {
      for (const a of el.attributes) if (a.name === 'xml:id') counts.set(collapseSpace(expandReferences(a.raw)), (counts.get(collapseSpace(expandReferences(a.raw))) ?? 0) + 1);
    }
    idCounts.set(source, counts);
  }
  return counts;
}

/**
 * An xml:id that is not an XML name without a colon (an NCName): `1princes-street`, `princes street`. Placed at the
 * value of the xml:id on or before `line` that has it (libxml2 gives the line and the value, normalized as an ID).
 */
function xmlIdNotAName(source: Source, line: number, value: string): Diagnostic {
  let attr: ElementSpan['attributes'][number] | undefined;
  for (const el of source.elements) {
    const x = el.attributes.find((y) => y.name === 'xml:id' && collapseSpace(expandReferences(y.raw)) === value);
    if (!x) continue;
    if (source.lines.position(x.offset).line > line) break;
    attr = x;
  }
  const pos = attr ? source.lines.position(attr.valueOffset) : { line, column: 0 };
  // A likely id: spaces and colons as hyphens; one that begins with a digit, "-" or "." after a letter.
  let meant = value.replace(/[\s:]+/g, '-');
  if (/^[-.0-9]/.test(meant)) meant = `id-${meant}`;
  const example = NCNAME_ASCII.test(meant) ? ` (e.g. "${meant}"; the pointers to it change with it)` : '';
  return {
    file: source.file,
    ...pos,
    severity: 'error',
    source: 'relaxng',
    rule: 'xml-id-name',
    message: `xml:id "${value}" is not a valid id: an xml:id must begin with a letter or underscore and contain no spaces or colons (an XML name)`,
    hint: `Write the id with letters, digits, "-", "_" and ".", beginning with a letter or "_"${example}.`,
  };
}

/** Attributes written without their xml: prefix, as HTML writes them. */
const XML_ATTRIBUTES: ReadonlyMap<string, string> = new Map([['id', 'xml:id'], ['lang', 'xml:lang'], ['base', 'xml:base'], ['space', 'xml:space']]);

/**
 * The allowed attribute an unknown one likely means: the same name but for case (xml:ID, xml:Lang), an xml:
 * attribute without its prefix (id, lang), else the nearest by spelling. (By spelling alone, `id` came out as @n
 * and `lang` as @ana.)
 */
function meantAttribute(written: string, allowed: string[]): string | undefined {
  const lower = written.toLowerCase();
  const xml = XML_ATTRIBUTES.get(local(lower));
  return allowed.find((x) => x.toLowerCase() === lower) ?? (xml && allowed.includes(xml) ? xml : undefined) ?? closest(written, allowed);
}

const local = (qname: string): string => qname.slice(qname.indexOf(':') + 1);
const collapseSpace = (s: string): string => s.replace(/[ \t\r\n]+/g, ' ').trim();

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
  const attributeLines = new Set(ds.filter((o) => (o.rule === 'rng-attribute' && !o.message.startsWith('an attribute of')) || o.rule === 'rng-datatype').map((o) => `${o.file}:${o.line}`));
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

/*
 * Which of several elements on one line has the attribute value libxml2 refused. libxml2 says only
 * "Invalid attribute target for element ref" and a line; with two <ref target> on the line, the
 * one whose value fails the attribute's datatype in the schema is the one meant. The datatypes are
 * read off the schema and tested here as far as they can be with certainty (patterns, enumerated
 * values, lists, the XML Schema types a TEI schema uses for its attributes); where one cannot be,
 * the answer is "cannot tell", never a guess.
 */

interface Grammar {
  defines: Map<string, RngNode[]>;
  elements: Map<string, RngNode[]>;
}

const grammars = new Map<string, Grammar | undefined>();

/** The schema's definitions and its named elements (rng-vocabulary.ts reads the tree, once per schema). */
function grammarOf(schemaText: string): Grammar | undefined {
  if (grammars.has(schemaText)) return grammars.get(schemaText);
  const root = rngTree(schemaText);
  let g: Grammar | undefined;
  if (root) {
    const elements = new Map<string, RngNode[]>();
    const visit = (n: RngNode): void => {
      if (n.name === 'element' && n.attrs.has('name')) {
        const name = local(n.attrs.get('name') as string);
        elements.set(name, [...(elements.get(name) ?? []), n]);
      }
      n.kids.forEach(visit);
    };
    visit(root);
    g = { defines: rngDefines(root), elements };
  }
  grammars.set(schemaText, g);
  return g;
}

/** The patterns of attribute `attribute` on the definitions of element `element` (not entering nested elements). */
function attributePatterns(g: Grammar, element: string, attribute: string): RngNode[] | undefined {
  const found: RngNode[] = [];
  const seen = new Set<string>();
  const walk = (nodes: RngNode[]): void => {
    for (const n of nodes) {
      if (n.name === 'attribute') {
        if (local(n.attrs.get('name') ?? '') === attribute) found.push(n);
      } else if (n.name === 'ref' || n.name === 'parentRef') {
        const r = n.attrs.get('name') ?? '';
        if (seen.has(r)) continue;
        seen.add(r);
        for (const d of g.defines.get(r) ?? []) walk(d.kids);
      } else if (n.name !== 'element' && n.name !== 'data' && n.name !== 'value') walk(n.kids);
    }
  };
  for (const e of g.elements.get(element) ?? []) walk(e.kids);
  return found.length > 0 ? found : undefined;
}

/** true: the value matches; false: it does not; undefined: cannot tell. Several patterns: a choice. */
function anyMatches(g: Grammar, patterns: RngNode[][], value: string): boolean | undefined {
  let unknown = false;
  for (const p of patterns) {
    const r = groupMatches(g, p, value, 0);
    if (r === true) return true;
    if (r === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}

function groupMatches(g: Grammar, nodes: RngNode[], value: string, depth: number): boolean | undefined {
  const real = nodes.filter((n) => n.name !== 'name' && n.name !== 'anyName' && n.name !== 'nsName');
  if (real.length === 0) return true; // <attribute name="x"/>: text
  if (real.length > 1 || depth > 50) return undefined;
  const n = real[0] as RngNode;
  switch (n.name) {
    case 'text':
      return true;
    case 'empty':
      return value === '';
    case 'ref': {
      const defs = g.defines.get(n.attrs.get('name') ?? '');
      return defs ? anyMatches(g, defs.map((d) => d.kids), value) : undefined;
    }
    case 'choice':
      return anyMatches(g, n.kids.map((k) => [k]), value);
    case 'value': {
      const type = n.attrs.get('type') ?? 'token';
      if (type === 'string') return value === n.text;
      if (type === 'token') return collapse(value) === collapse(n.text);
      return undefined;
    }
    case 'data':
      return dataMatches(n, value);
    case 'list': {
      const tokens = collapse(value).split(' ').filter((t) => t !== '');
      const items = n.kids;
      if (items.length === 1 && (items[0]?.name === 'oneOrMore' || items[0]?.name === 'zeroOrMore')) {
        if (tokens.length === 0) return items[0]?.name === 'zeroOrMore';
        return allOf(tokens.map((t) => groupMatches(g, (items[0] as RngNode).kids, t, depth + 1)));
      }
      if (items.every((k) => k.name === 'data' || k.name === 'value' || k.name === 'ref' || k.name === 'choice')) {
        if (tokens.length !== items.length) return undefined;
        return allOf(tokens.map((t, i) => groupMatches(g, [items[i] as RngNode], t, depth + 1)));
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** All true: true; any false: false; else undefined. */
function allOf(results: (boolean | undefined)[]): boolean | undefined {
  if (results.includes(false)) return false;
  return results.every((r) => r === true) ? true : undefined;
}

const collapse = (s: string): string => s.replace(/[ \t\r\n]+/g, ' ').trim();
const YEAR = '-?(?:[1-9][0-9]{3,}|0[0-9]{3})';
const ZONE = '(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?';
const DATE_TYPES: Record<string, RegExp> = {
  date: new RegExp(`^${YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])${ZONE}$`),
  gYear: new RegExp(`^${YEAR}${ZONE}$`),
  gYearMonth: new RegExp(`^${YEAR}-(?:0[1-9]|1[0-2])${ZONE}$`),
  dateTime: new RegExp(`^${YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]+)?${ZONE}$`),
};
const NCNAME_ASCII = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** A value against `<data type="…">` with its params: the facets that can be checked with certainty. */
function dataMatches(n: RngNode, raw: string): boolean | undefined {
  const type = n.attrs.get('type') ?? '';
  if (n.kids.some((k) => k.name === 'except')) return undefined;
  const value = type === 'string' ? raw : type === 'normalizedString' ? raw.replace(/[\t\r\n]/g, ' ') : collapse(raw);
  let base: boolean | undefined;
  if (type === 'string' || type === 'token' || type === 'normalizedString') base = true;
  // libxml2 refuses a "%" not followed by two hex digits in an anyURI ("a%zz.xml"), as RFC 3986 does.
  else if (type === 'anyURI') base = /%(?![0-9A-Fa-f]{2})/.test(value) ? false : /^[\x21-\x7e]*$/.test(value) ? true : undefined;
  else if (type === 'NCName' || type === 'ID' || type === 'IDREF') base = /^[\x00-\x7f]*$/.test(value) ? NCNAME_ASCII.test(value) : undefined;
  else if (DATE_TYPES[type]) {
    const m = DATE_TYPES[type]?.exec(value);
    // Day 29–31 in a month that may not have it: left to libxml2.
    base = m ? (Number(m[2] ?? 0) > 28 ? undefined : true) : /^[\x00-\x7f]*$/.test(value) ? false : undefined;
  }
  let facets: boolean | undefined = true;
  for (const p of n.kids.filter((k) => k.name === 'param')) {
    if (p.attrs.get('name') !== 'pattern') {
      facets = undefined;
      continue;
    }
    const re = xsdPattern(p.text);
    if (!re) facets = undefined;
    else if (!re.test(value)) return false;
  }
  if (base === false) return false;
  return base === true && facets === true ? true : undefined;
}

/**
 * An XML Schema regular expression as a JavaScript one, when it uses only what both read alike: Unicode
 * general categories (\p{L}, \P{Nd}) read the same with the 'u' flag; block escapes (\p{IsGreek}), XML's
 * name classes (\i, \c) and class subtraction do not.
 */
function xsdPattern(p: string): RegExp | undefined {
  if (/[\^$]|\\[iIcC]|\\[pP](?!\{[A-Z][a-z]?\})|-\[/.test(p)) return undefined;
  try {
    return new RegExp(`^(?:${p})$`, 'u');
  } catch {
    return undefined;
  }
}

/**
 * Of the elements named `name` on `line` with attribute `attribute`, those whose value the schema refuses.
 * undefined when a value cannot be judged (an unknown datatype, a pattern JavaScript reads otherwise).
 */
function refusedOnLine(source: Source, schemaText: string, name: string, line: number, attribute: string): { candidates: ElementSpan[]; refused?: ElementSpan[] } {
  const candidates = source.elements.filter(
    (el) => local(el.name) === local(name) && el.attributes.some((a) => local(a.name) === attribute) && source.lines.position(el.offset).line === line,
  );
  const g = candidates.length > 1 ? grammarOf(schemaText) : undefined;
  const patterns = g ? attributePatterns(g, local(name), attribute) : undefined;
  if (!g || !patterns) return { candidates };
  const refused: ElementSpan[] = [];
  for (const el of candidates) {
    const a = el.attributes.find((x) => local(x.name) === attribute) as ElementSpan['attributes'][number];
    // The value as the validator sees it: references expanded, tab and line ends normalized to spaces.
    const r = anyMatches(g, patterns.map((p) => p.kids), expandReferences(a.raw.replace(/[\t\r\n]/g, ' ')));
    if (r === undefined) return { candidates };
    if (r === false) refused.push(el);
  }
  return { candidates, refused };
}

/**
 * ISO Schematron (queryBinding xslt2/xslt3/xpath2) → an XSLT 3.0 validator.
 *
 * Strategy: ONE walk over the document in one mode (`sv:validate`). Each
 * concrete rule becomes a template whose match pattern is the rule context;
 * after its checks the template calls `xsl:next-match`, so every rule of
 * every pattern that matches a node fires, in pattern order (priorities are
 * unique and descending in document order of the rules). Schematron's
 * "within a pattern, a node fires only the FIRST matching rule" matters only
 * for a rule that an earlier rule of its pattern may also match: the rule
 * contexts' last steps are compared (an attribute never matches an element
 * context, `tei:p` never matches `tei:note`), and only such a rule asks, for
 * the nodes it matches, which rule of its pattern matches first (one
 * template per rule in a mode of the pattern's own, same priorities). Every
 * other rule fires unconditionally. (A tunnel parameter carrying the
 * patterns fired costs about half the whole run on a large document; an
 * `except` pattern is evaluated by SaxonJS over the whole document for every
 * node it tests: quadratic.) The chain ends in a
 * low-priority template that recurses to the children (and to attributes
 * only when some context can match an attribute). Compared with the classic
 * skeleton (one full document walk per pattern) this walks the tree once.
 *
 * Each failed assert / successful report yields an XDM map; the main
 * template returns them as an array, which SaxonJS hands to JavaScript as
 * an array of plain objects (destination 'raw'), see ./run.ts. Locations are
 * element indexes: each finding carries its element node, and run.ts counts
 * the elements of the tree once, in JavaScript, when there is a finding (an
 * accumulator did the same in SaxonJS at a third of the whole run's cost;
 * `xsl:number` is quadratic in SaxonJS).
 *
 * Every generated line that can fail to compile or to run is preceded by an
 * `<!--sv-origin …-->` comment naming the pattern / rule / assertion, so a
 * SaxonJS error's line number maps back to the schema (`describeGeneratedLine`).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const SCH_NS = 'http://purl.oclc.org/dsdl/schematron';
const SCH15_NS = 'http://www.ascc.net/xml/schematron';
const XSL_NS = 'http://www.w3.org/1999/XSL/Transform';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XS = 'Q{http://www.w3.org/2001/XMLSchema}';

/** queryBinding values whose expressions SaxonJS (XPath 3.1) evaluates as intended. */
const SUPPORTED_BINDINGS = new Set(['xslt2', 'xslt3', 'xpath2', 'xpath3', 'xpath31']);

import { SchematronSchemaError, VALIDATOR_NS } from './errors.js';
export { SchematronSchemaError };
export { describeGeneratedLine, VALIDATOR_NS } from './errors.js';

export interface CompileSchematronOptions {
  /** Phase to validate: a phase id, or '#ALL'; default schema/@defaultPhase, else '#ALL'. */
  phase?: string;
}

// ------------------------------------------------------------------ XML tree

interface XElement {
  kind: 'element';
  ns: string;
  local: string;
  qname: string;
  /** Attributes as written (qname → value, entities decoded), xmlns* excluded. */
  attrs: Map<string, string>;
  /** Namespace bindings in scope (prefix → uri, '' = default). */
  scope: Map<string, string>;
  children: XNode[];
}
interface XText {
  kind: 'text';
  value: string;
}
type XNode = XElement | XText;

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // We decode entities ourselves, exactly as XML defines them (the parser's
  // own decoding either misses character references or adds HTML names).
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

function parseSchema(text: string): XElement {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new SchematronSchemaError(`Schematron schema is not well-formed XML (line ${line}, column ${col}): ${msg}`);
  }
  const nodes = parser.parse(text) as Ordered[];
  const base = new Map([['xml', XML_NS]]);
  const root = toNodes(nodes, base).find((n): n is XElement => n.kind === 'element');
  if (!root) throw new SchematronSchemaError('Schematron schema has no root element.');
  return root;
}

function toNodes(ordered: Ordered[], scope: Map<string, string>): XNode[] {
  const out: XNode[] = [];
  for (const node of ordered) {
    if ('#text' in node) {
      out.push({ kind: 'text', value: decodeEntities(String(node['#text'])) });
    } else if ('#cdata' in node) {
      const parts = node['#cdata'] as Ordered[];
      out.push({ kind: 'text', value: parts.map((p) => String(p['#text'] ?? '')).join('') });
    } else {
      const qname = Object.keys(node).find((k) => k !== ':@');
      if (!qname || qname.startsWith('#') || qname.startsWith('?')) continue;
      out.push(toElement(qname, node, scope));
    }
  }
  return out;
}

function toElement(qname: string, node: Ordered, parentScope: Map<string, string>): XElement {
  const scope = new Map(parentScope);
  const attrs = new Map<string, string>();
  for (const [name, raw] of Object.entries(node[':@'] ?? {})) {
    // XML attribute-value normalisation: literal tab/CR/LF read as spaces.
    const value = decodeEntities(String(raw).replace(/[\t\r\n]/g, ' '));
    if (name === 'xmlns') scope.set('', value);
    else if (name.startsWith('xmlns:')) scope.set(name.slice(6), value);
    else attrs.set(name, value);
  }
  const [prefix, local] = splitQName(qname);
  const ns = scope.get(prefix) ?? (prefix === '' ? '' : undefined);
  if (ns === undefined) throw new SchematronSchemaError(`Undeclared namespace prefix "${prefix}" on element <${qname}>.`);
  const children = toNodes((node[qname] as Ordered[]) ?? [], scope);
  return { kind: 'element', ns, local, qname, attrs, scope, children };
}

function splitQName(qname: string): [string, string] {
  const colon = qname.indexOf(':');
  return colon < 0 ? ['', qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const value = PREDEFINED[ref];
    if (value === undefined) throw new SchematronSchemaError(`Undefined entity ${whole} in Schematron schema (DTD entities are not supported).`);
    return value;
  });
}

const isSch = (n: XNode, local?: string): n is XElement =>
  n.kind === 'element' && n.ns === SCH_NS && (local === undefined || n.local === local);
const schChildren = (e: XElement, local: string): XElement[] => e.children.filter((c): c is XElement => isSch(c, local));
const elementChildren = (e: XElement): XElement[] => e.children.filter((c): c is XElement => c.kind === 'element');

// ------------------------------------------------------------------ escaping

/** For attribute values: also keep newlines and tabs as written (XPath string literals may hold them). */
function escAttr(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
function escText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** An XPath string literal. */
function str(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
/** Text safe inside an XML comment on one line. */
function commentSafe(value: string): string {
  return value.replace(/\s+/g, ' ').replace(/-(?=-)/g, '- ').replace(/-$/, '- ');
}

// ------------------------------------------------------------------ model

interface Assertion {
  kind: 'assert' | 'report';
  element: XElement;
}
interface Let {
  element: XElement;
}
type RuleItem = { type: 'let'; element: XElement } | { type: 'assertion'; assertion: Assertion };

interface ConcreteRule {
  context: string;
  element: XElement;
  items: RuleItem[];
}

interface ConcretePattern {
  id: string;
  element: XElement;
  lets: Let[];
  rules: ConcreteRule[];
}

interface Schema {
  root: XElement;
  prefix: string;
  title: string;
  phase: string;
  namespaces: Map<string, string>;
  lets: Let[];
  phaseLets: Let[];
  foreign: XElement[];
  diagnostics: Map<string, XElement>;
  properties: Map<string, XElement>;
  patterns: ConcretePattern[];
}

const ROLE_SEVERITY: Record<string, 'error' | 'warning' | 'info'> = {
  error: 'error',
  fatal: 'error',
  warning: 'warning',
  warn: 'warning',
  nonfatal: 'warning',
  info: 'info',
  information: 'info',
};

/** Maps a Schematron @role to a severity; unknown or absent roles are errors. */
export function roleSeverity(role: string | undefined): 'error' | 'warning' | 'info' {
  return ROLE_SEVERITY[(role ?? '').trim().toLowerCase()] ?? 'error';
}

// ------------------------------------------------------------------ reading

function readSchema(text: string, options: CompileSchematronOptions): Schema {
  const root = parseSchema(text);
  if (root.ns === SCH15_NS) {
    throw new SchematronSchemaError('Schematron 1.5 (namespace http://www.ascc.net/xml/schematron) is not supported; use ISO Schematron.');
  }
  if (root.ns !== SCH_NS || root.local !== 'schema') {
    throw new SchematronSchemaError(`Root element must be sch:schema in namespace ${SCH_NS}, found <${root.qname}>.`);
  }
  const binding = root.attrs.get('queryBinding');
  if (binding === undefined) {
    throw new SchematronSchemaError(
      'sch:schema has no @queryBinding, which means XSLT 1.0 ("xslt"); only xslt2, xslt3 and xpath2 are supported.',
    );
  }
  if (!SUPPORTED_BINDINGS.has(binding.trim().toLowerCase())) {
    throw new SchematronSchemaError(`Unsupported queryBinding "${binding}"; supported: xslt2, xslt3, xpath2.`);
  }

  for (const child of elementChildren(root)) {
    if (child.ns === SCH_NS && ['include', 'param'].includes(child.local)) {
      throw new SchematronSchemaError(`sch:${child.local} is not supported (resolve includes before compiling).`);
    }
    if (child.ns === XSL_NS && !['function', 'key', 'variable', 'param'].includes(child.local)) {
      throw new SchematronSchemaError(`Foreign <${child.qname}> at schema level is not supported (only xsl:function, xsl:key, xsl:variable, xsl:param).`);
    }
  }
  if (root.children.some((c) => isSch(c, 'pattern') && c.attrs.has('documents'))) {
    throw new SchematronSchemaError('sch:pattern/@documents is not supported.');
  }

  const namespaces = new Map<string, string>();
  for (const ns of schChildren(root, 'ns')) {
    const prefix = ns.attrs.get('prefix');
    const uri = ns.attrs.get('uri');
    if (!prefix || uri === undefined) throw new SchematronSchemaError('sch:ns needs @prefix and @uri.');
    if (namespaces.has(prefix) && namespaces.get(prefix) !== uri) {
      throw new SchematronSchemaError(`sch:ns binds prefix "${prefix}" to two namespaces.`);
    }
    namespaces.set(prefix, uri);
  }
  if (namespaces.has('xsl') && namespaces.get('xsl') !== XSL_NS) {
    throw new SchematronSchemaError('sch:ns binds prefix "xsl" to a namespace other than XSLT; please use another prefix.');
  }
  let prefix = 'sv';
  for (let n = 1; namespaces.has(prefix); n++) prefix = `sv${n}`;

  const byId = (local: string, container: string): Map<string, XElement> => {
    const map = new Map<string, XElement>();
    for (const c of schChildren(root, container)) {
      for (const e of schChildren(c, local)) {
        const id = e.attrs.get('id');
        if (id) map.set(id, e);
      }
    }
    return map;
  };
  const diagnostics = byId('diagnostic', 'diagnostics');
  const properties = byId('property', 'properties');

  const phase = options.phase ?? root.attrs.get('defaultPhase') ?? '#ALL';
  const { active, phaseLets } = resolvePhase(root, phase);
  const patterns = readPatterns(root, active);

  return {
    root,
    prefix,
    title: schChildren(root, 'title').map(textOf).join(' ').trim(),
    phase,
    namespaces,
    lets: schChildren(root, 'let').map((element) => ({ element })),
    phaseLets,
    foreign: elementChildren(root).filter((c) => c.ns === XSL_NS),
    diagnostics,
    properties,
    patterns,
  };
}

function resolvePhase(root: XElement, phase: string): { active: Set<string> | undefined; phaseLets: Let[] } {
  if (phase === '#ALL') return { active: undefined, phaseLets: [] };
  if (phase === '#DEFAULT') return resolvePhase(root, root.attrs.get('defaultPhase') ?? '#ALL');
  const element = schChildren(root, 'phase').find((p) => p.attrs.get('id') === phase);
  if (!element) {
    const known = schChildren(root, 'phase').map((p) => p.attrs.get('id')).filter(Boolean);
    throw new SchematronSchemaError(`Unknown phase "${phase}" (phases: ${['#ALL', ...known].join(', ')}).`);
  }
  const active = new Set(schChildren(element, 'active').map((a) => a.attrs.get('pattern') ?? ''));
  return { active, phaseLets: schChildren(element, 'let').map((e) => ({ element: e })) };
}

function textOf(e: XNode): string {
  return e.kind === 'text' ? e.value : e.children.map(textOf).join('');
}

function readPatterns(root: XElement, active: Set<string> | undefined): ConcretePattern[] {
  const all = schChildren(root, 'pattern');
  const abstractPatterns = new Map<string, XElement>();
  for (const p of all) {
    if (p.attrs.get('abstract') === 'true') {
      const id = p.attrs.get('id');
      if (!id) throw new SchematronSchemaError('An abstract sch:pattern needs an @id.');
      abstractPatterns.set(id, p);
    }
  }
  // Abstract rules may live in any pattern or in schema-level sch:rules.
  const abstractRules = new Map<string, XElement>();
  const containers = [...all, ...schChildren(root, 'rules')];
  for (const c of containers) {
    for (const r of schChildren(c, 'rule')) {
      if (r.attrs.get('abstract') !== 'true') continue;
      const id = r.attrs.get('id');
      if (!id) throw new SchematronSchemaError('An abstract sch:rule needs an @id.');
      abstractRules.set(id, r);
    }
  }

  const patterns: ConcretePattern[] = [];
  all.forEach((element, index) => {
    if (element.attrs.get('abstract') === 'true') return;
    const id = element.attrs.get('id') ?? `pattern-${index + 1}`;
    if (active && !active.has(id)) return;
    let body = element;
    const isA = element.attrs.get('is-a');
    if (isA !== undefined) {
      const template = abstractPatterns.get(isA);
      if (!template) throw new SchematronSchemaError(`Pattern "${id}": is-a="${isA}" names no abstract pattern.`);
      body = instantiate(template, element, id);
    }
    const rules: ConcreteRule[] = [];
    for (const rule of schChildren(body, 'rule')) {
      if (rule.attrs.get('abstract') === 'true') continue;
      const context = rule.attrs.get('context');
      if (!context || !context.trim()) throw new SchematronSchemaError(`Pattern "${id}": a sch:rule has no @context.`);
      rules.push({ context, element: rule, items: ruleItems(rule, abstractRules, id, context, []) });
    }
    patterns.push({ id, element: body, lets: schChildren(body, 'let').map((e) => ({ element: e })), rules });
  });
  return patterns;
}

/** The lets and assertions of a rule, with sch:extends expanded in place. */
function ruleItems(rule: XElement, abstractRules: Map<string, XElement>, patternId: string, context: string, chain: string[]): RuleItem[] {
  const items: RuleItem[] = [];
  for (const child of elementChildren(rule)) {
    if (child.ns !== SCH_NS) continue;
    if (child.local === 'let') items.push({ type: 'let', element: child });
    else if (child.local === 'assert' || child.local === 'report') {
      items.push({ type: 'assertion', assertion: { kind: child.local, element: child } });
    } else if (child.local === 'extends') {
      const target = child.attrs.get('rule');
      const where = `pattern "${patternId}", rule context "${context}"`;
      if (target === undefined) {
        throw new SchematronSchemaError(`${where}: sch:extends without @rule (extends/@href is not supported).`);
      }
      const abstract = abstractRules.get(target);
      if (!abstract) throw new SchematronSchemaError(`${where}: sch:extends rule="${target}" names no abstract rule.`);
      if (chain.includes(target)) throw new SchematronSchemaError(`${where}: sch:extends cycle through "${target}".`);
      items.push(...ruleItems(abstract, abstractRules, patternId, context, [...chain, target]));
    }
  }
  return items;
}

/**
 * An abstract pattern instantiated by `is-a`: every `$name` in every
 * attribute of its descendants is replaced by the sch:param value (textual
 * substitution, as ISO Schematron defines it).
 */
function instantiate(template: XElement, instance: XElement, id: string): XElement {
  const params = new Map<string, string>();
  for (const p of schChildren(instance, 'param')) {
    const name = p.attrs.get('name');
    const value = p.attrs.get('value');
    if (!name || value === undefined) throw new SchematronSchemaError(`Pattern "${id}": sch:param needs @name and @value.`);
    params.set(name, value);
  }
  const names = [...params.keys()].sort((a, b) => b.length - a.length);
  const substitute = (value: string): string =>
    names.length === 0
      ? value
      : value.replace(variableReference(names, 'g'), (_, n: string) => params.get(n)!);
  const copy = (node: XNode): XNode =>
    node.kind === 'text'
      ? node
      : { ...node, attrs: new Map([...node.attrs].map(([k, v]) => [k, substitute(v)])), children: node.children.map(copy) };
  const attrs = new Map([...template.attrs, ...instance.attrs]);
  attrs.delete('abstract');
  attrs.delete('is-a');
  attrs.set('id', id);
  return { ...(copy(template) as XElement), attrs };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A reference to one of the variables `names` ($name, not followed by a character of a longer name). */
function variableReference(names: string[], flags = ''): RegExp {
  return new RegExp(`\\$(${names.map(escapeRegExp).join('|')})(?![\\w.\\-\\u00B7\\u00C0-\\uFFFF])`, flags);
}

// ------------------------------------------------------------------ writing

/**
 * Compiles a Schematron schema to the text of an XSLT 3.0 stylesheet. Throws
 * SchematronSchemaError for structural problems; XPath errors surface when
 * the stylesheet is compiled to SEF (see run.ts, which maps them back).
 */
export function compileSchematron(schText: string, options: CompileSchematronOptions = {}): string {
  const schema = readSchema(schText, options);
  return new Writer(schema).write();
}

class Writer {
  private readonly lines: string[] = [];
  private readonly p: string;

  constructor(private readonly schema: Schema) {
    this.p = schema.prefix;
  }

  write(): string {
    const { schema, p } = this;
    const nsDecls = [...schema.namespaces]
      .filter(([prefix]) => prefix !== 'xsl')
      .map(([prefix, uri]) => ` xmlns:${prefix}="${escAttr(uri)}"`)
      .join('');
    this.line('<?xml version="1.0" encoding="UTF-8"?>');
    this.line(
      `<xsl:stylesheet version="3.0" xmlns:xsl="${XSL_NS}" xmlns:${p}="${VALIDATOR_NS}"${nsDecls} exclude-result-prefixes="#all">`,
    );
    this.line(`<!-- Generated from the Schematron schema "${commentSafe(schema.title)}", phase ${commentSafe(schema.phase)}. -->`);
    this.writeInfrastructure();
    this.origin('schema-level declarations');
    for (const e of schema.foreign) this.line(serialize(e));
    for (const l of schema.lets) this.writeLet(l.element, 'param', `schema-level let`);
    for (const l of schema.phaseLets) this.writeLet(l.element, 'variable', `phase "${schema.phase}" let`);
    schema.patterns.forEach((pattern, i) => this.writePatternLets(pattern, i));
    if (this.batchable) this.writeBatch();
    const total = schema.patterns.reduce((n, pt) => n + pt.rules.length, 0);
    let priority = total;
    schema.patterns.forEach((pattern, i) => {
      const shadowed = shadowedRules(pattern, schema.namespaces);
      if (shadowed.some(Boolean)) this.writeFirstRuleMode(pattern, i, priority);
      pattern.rules.forEach((rule, r) => this.writeRule(pattern, i, rule, r, priority--, shadowed[r] ?? true));
    });
    this.line('</xsl:stylesheet>');
    return this.lines.join('\n') + '\n';
  }

  private line(text: string): void {
    this.lines.push(text);
  }

  private origin(description: string): void {
    this.line(`<!--sv-origin ${commentSafe(description)}-->`);
  }

  private writeInfrastructure(): void {
    const { p } = this;
    const visitAttributes = this.schema.patterns.some((pt) => pt.rules.some((r) => mayMatchAttributes(r.context)));
    const visitOthers = this.schema.patterns.some((pt) => pt.rules.some((r) => mayMatchNonElements(r.context)));
    const children = visitOthers ? 'node()' : '*';
    this.origin('validator infrastructure');
    this.line(`<xsl:mode name="${p}:validate" on-no-match="shallow-skip"/>`);
    this.line(`<xsl:template match="/">`);
    this.line(`<xsl:variable name="${p}:findings" as="item()*"><xsl:apply-templates select="." mode="${p}:validate"/></xsl:variable>`);
    this.line(`<xsl:sequence select="array{ $${p}:findings }"/>`);
    this.line(`</xsl:template>`);
    // End of every next-match chain: go on to the children.
    this.line(`<xsl:template match="document-node()|*" mode="${p}:validate" priority="-10">`);
    this.line(`<xsl:apply-templates select="${visitAttributes ? `@*|${children}` : children}" mode="${p}:validate"/>`);
    this.line(`</xsl:template>`);
    this.line(`<xsl:template match="node()|@*" mode="${p}:validate" priority="-11"/>`);
    // The element a finding is placed on: the node itself, or the parent of an attribute or text
    // node; '0' for the document node or a node of another document. The caller turns it into
    // the element's index in one pass over the tree (an accumulator in SaxonJS costs a third of the run).
    this.line(`<xsl:function name="${p}:located-element" as="item()">`);
    this.line(`<xsl:param name="node" as="node()"/>`);
    this.line(`<xsl:param name="root" as="node()"/>`);
    this.line(`<xsl:variable name="element" select="$node/ancestor-or-self::*[1]"/>`);
    this.line(`<xsl:sequence select="if (exists($element) and root($element) is $root) then $element else '0'"/>`);
    this.line(`</xsl:function>`);
  }

  /** Pattern lets are global (evaluated with the document as context), under private names. */
  private writePatternLets(pattern: ConcretePattern, index: number): void {
    const previous: string[] = [];
    for (const l of pattern.lets) {
      const name = letName(l.element, `pattern "${pattern.id}"`);
      this.origin(`pattern "${pattern.id}" let $${name}`);
      const as = l.element.attrs.get('as') ?? 'item()*';
      this.line(`<xsl:variable name="${this.patternLetName(index, name)}" as="${escAttr(as)}">`);
      for (const earlier of previous) this.line(`<xsl:variable name="${earlier}" select="$${this.patternLetName(index, earlier)}"/>`);
      this.writeLetValue(l.element);
      this.line(`</xsl:variable>`);
      previous.push(name);
    }
  }

  /**
   * Whether the validator can check several documents in one transform (writeBatch): its global values
   * that depend on the document (the schema's and the phase's lets, the patterns' lets) are then also
   * given to the rules that use them as tunnel parameters, set per document. Not when the schema's own
   * XSLT declarations (functions, keys, variables) use a let: those would see the global, of no document.
   */
  private get batchable(): boolean {
    if (this.isBatchable === undefined) {
      const names = [...this.schema.lets, ...this.schema.phaseLets].map((l) => letName(l.element, 'schema-level let'));
      const own = this.schema.foreign.map((e) => serialize(e)).join('\n');
      this.isBatchable = names.length === 0 || !variableReference(names).test(own);
    }
    return this.isBatchable;
  }

  private isBatchable: boolean | undefined;

  /**
   * The values a rule of pattern `index` takes per document (see batchable), those its `body` uses: tunnel
   * parameters, the globals by default (one document a transform). Each costs a lookup at every node the
   * rule matches, so a rule that uses none declares none.
   */
  private documentParams(index: number, body: string): string[] {
    return this.documentValues(index)
      .filter(({ name }) => variableReference([name]).test(body))
      .map(({ name, as }) => `<xsl:param name="${name}"${as ? ` as="${escAttr(as)}"` : ''} tunnel="yes" select="$${name}"/>`);
  }

  /** The names (and declared types) of the values that depend on the document: the lets of the schema and phase, and those of pattern `index` (all patterns' when undefined). */
  private documentValues(index?: number): { name: string; as?: string }[] {
    const { schema, p } = this;
    const out: { name: string; as?: string }[] = [];
    for (const l of [...schema.lets, ...schema.phaseLets]) out.push({ name: letName(l.element, 'schema-level let'), as: l.element.attrs.get('as') });
    schema.patterns.forEach((pattern, i) => {
      if (index !== undefined && i !== index) return;
      for (const l of pattern.lets) out.push({ name: this.patternLetName(i, letName(l.element, `pattern "${pattern.id}"`)), as: l.element.attrs.get('as') ?? 'item()*' });
    });
    return out;
  }

  /**
   * Several documents in one transform (SaxonJS prepares the whole stylesheet again at each transform):
   * the initial template `batch` takes the global parameter `batch`, an array of maps {'doc': a document},
   * and gives an array with each document's findings array, in their order. Per document, its values
   * (documentValues) are computed as the globals are, with it as the context, and passed to the rules.
   */
  private writeBatch(): void {
    const { schema, p } = this;
    this.origin('several documents in one transform');
    this.line(`<xsl:param name="${p}:batch" as="array(map(*))" select="[]"/>`);
    this.line(`<xsl:template name="${p}:batch">`);
    this.line(`<xsl:variable name="${p}:each" as="array(*)*">`);
    this.line(`<xsl:for-each select="$${p}:batch?*">`);
    this.line(`<xsl:for-each select="?doc">`);
    for (const l of schema.lets) this.writeLet(l.element, 'variable', 'schema-level let, per document');
    for (const l of schema.phaseLets) this.writeLet(l.element, 'variable', `phase "${schema.phase}" let, per document`);
    schema.patterns.forEach((pattern, i) => {
      const previous: string[] = [];
      for (const l of pattern.lets) {
        const name = letName(l.element, `pattern "${pattern.id}"`);
        this.line(`<xsl:variable name="${this.patternLetName(i, name)}" as="${escAttr(l.element.attrs.get('as') ?? 'item()*')}">`);
        for (const earlier of previous) this.line(`<xsl:variable name="${earlier}" select="$${this.patternLetName(i, earlier)}"/>`);
        this.writeLetValue(l.element);
        this.line(`</xsl:variable>`);
        previous.push(name);
      }
    });
    this.line(`<xsl:variable name="${p}:findings" as="item()*">`);
    this.line(`<xsl:apply-templates select="." mode="${p}:validate">`);
    for (const { name } of this.documentValues()) this.line(`<xsl:with-param name="${name}" select="$${name}" tunnel="yes"/>`);
    this.line(`</xsl:apply-templates>`);
    this.line(`</xsl:variable>`);
    this.line(`<xsl:sequence select="array{ $${p}:findings }"/>`);
    this.line(`</xsl:for-each>`);
    this.line(`</xsl:for-each>`);
    this.line(`</xsl:variable>`);
    this.line(`<xsl:sequence select="array{ $${p}:each }"/>`);
    this.line(`</xsl:template>`);
  }

  private patternLetName(index: number, name: string): string {
    return `${this.p}:pattern${index + 1}-${name.replace(':', '_')}`;
  }

  private writeLet(element: XElement, kind: 'param' | 'variable', where: string): void {
    const name = letName(element, where);
    this.origin(`${where} $${name}`);
    const as = element.attrs.get('as');
    const asAttr = as ? ` as="${escAttr(as)}"` : '';
    const value = element.attrs.get('value');
    if (value !== undefined) {
      this.line(`<xsl:${kind} name="${name}"${asAttr} select="${escAttr(value)}"/>`);
    } else {
      this.line(`<xsl:${kind} name="${name}"${asAttr}>${element.children.map((c) => serialize(c)).join('')}</xsl:${kind}>`);
    }
  }

  /** Inside a variable declared as="…": the let's value as a sequence. */
  private writeLetValue(element: XElement): void {
    const value = element.attrs.get('value');
    if (value !== undefined) this.line(`<xsl:sequence select="${escAttr(value)}"/>`);
    else this.line(`<xsl:document>${element.children.map((c) => serialize(c)).join('')}</xsl:document>`);
  }

  /**
   * For a pattern with rules that an earlier rule may shadow: a mode in
   * which the node's first matching rule of the pattern returns its number
   * (the same contexts and the same order as in the validating mode).
   */
  private writeFirstRuleMode(pattern: ConcretePattern, index: number, priority: number): void {
    const { p } = this;
    this.origin(`pattern "${pattern.id}": which rule matches a node first`);
    this.line(`<xsl:mode name="${p}:first-rule-${index + 1}" on-no-match="shallow-skip"/>`);
    pattern.rules.forEach((rule, r) => {
      this.origin(`pattern "${pattern.id}", rule ${r + 1} (context "${rule.context}")`);
      this.line(`<xsl:template match="${escAttr(rule.context)}" mode="${p}:first-rule-${index + 1}" priority="${priority - r}"><xsl:sequence select="${r + 1}"/></xsl:template>`);
    });
  }

  private writeRule(pattern: ConcretePattern, index: number, rule: ConcreteRule, ruleIndex: number, priority: number, shadowed: boolean): void {
    const { p } = this;
    const where = `pattern "${pattern.id}", rule ${ruleIndex + 1} (context "${rule.context}")`;
    this.origin(where);
    this.line(`<xsl:template match="${escAttr(rule.context)}" mode="${p}:validate" priority="${priority}">`);
    const paramsAt = this.lines.length;
    if (shadowed) {
      // Fires only when no earlier rule of its pattern matches this node.
      this.line(`<xsl:variable name="${p}:first-rule" as="${XS}integer*"><xsl:apply-templates select="." mode="${p}:first-rule-${index + 1}"/></xsl:variable>`);
      this.line(`<xsl:if test="$${p}:first-rule = ${ruleIndex + 1}">`);
    }
    for (const l of pattern.lets) {
      const name = letName(l.element, where);
      this.line(`<xsl:variable name="${name}" select="$${this.patternLetName(index, name)}"/>`);
    }
    for (const item of rule.items) {
      if (item.type === 'let') {
        const name = letName(item.element, where);
        this.origin(`${where}, let $${name}`);
        const as = item.element.attrs.get('as');
        if (item.element.attrs.has('value')) {
          this.line(`<xsl:variable name="${name}"${as ? ` as="${escAttr(as)}"` : ''} select="${escAttr(item.element.attrs.get('value')!)}"/>`);
        } else {
          this.line(`<xsl:variable name="${name}" as="${escAttr(as ?? 'item()*')}">`);
          this.writeLetValue(item.element);
          this.line(`</xsl:variable>`);
        }
      } else {
        this.writeAssertion(pattern, rule, item.assertion, where);
      }
    }
    if (shadowed) this.line(`</xsl:if>`);
    if (this.batchable) this.lines.splice(paramsAt, 0, ...this.documentParams(index, this.lines.slice(paramsAt).join('\n')));
    this.line(`<xsl:next-match/>`);
    this.line(`</xsl:template>`);
  }

  private writeAssertion(pattern: ConcretePattern, rule: ConcreteRule, assertion: Assertion, ruleWhere: string): void {
    const { p, schema } = this;
    const e = assertion.element;
    const test = e.attrs.get('test');
    const id = e.attrs.get('id');
    const where = `${ruleWhere}, ${assertion.kind}${id ? ` "${id}"` : ''} test "${test ?? ''}"`;
    if (test === undefined) throw new SchematronSchemaError(`${ruleWhere}: sch:${assertion.kind} without @test.`);
    this.origin(where);
    const condition = assertion.kind === 'assert' ? `not((${test}))` : `(${test})`;
    this.line(`<xsl:if test="${escAttr(condition)}">`);

    const role = e.attrs.get('role') ?? rule.element.attrs.get('role');
    const see = e.attrs.get('see') ?? rule.element.attrs.get('see') ?? pattern.element.attrs.get('see');
    const flag = e.attrs.get('flag') ?? rule.element.attrs.get('flag');
    const subject = e.attrs.get('subject') ?? rule.element.attrs.get('subject');
    const located = subject ? `((${subject})[1], .)[1]` : '.';

    const diagnosticIds = tokens(e.attrs.get('diagnostics'));
    const diagnosticTexts = diagnosticIds.map((d) => {
      const diagnostic = schema.diagnostics.get(d);
      if (!diagnostic) throw new SchematronSchemaError(`${where}: diagnostics="${d}" names no sch:diagnostic.`);
      return `normalize-space(${messageExpression(diagnostic.children)})`;
    });
    // A finding is a flat run of strings, "field count, then name, value, name, value…":
    // XDM maps cost a millisecond each to build and to convert to JavaScript.
    const entries: string[] = [
      `'kind', ${str(assertion.kind)}`,
      `'pattern', ${str(pattern.id)}`,
      `'context', ${str(rule.context)}`,
      `'id', ${str(id ?? pattern.id)}`,
      `'severity', ${str(roleSeverity(role))}`,
      `'message', normalize-space(string-join((${messageExpression(e.children)}, ${diagnosticTexts.join(', ') || '()'}), ' '))`,
      `'element', ${p}:located-element($${p}:located, root(.))`,
      `'attribute', if ($${p}:located instance of attribute()) then name($${p}:located) else ''`,
    ];
    if (role !== undefined) entries.push(`'role', ${str(role)}`);
    if (see !== undefined) entries.push(`'see', ${str(see)}`);
    if (flag !== undefined) entries.push(`'flag', ${str(flag)}`);
    for (const d of diagnosticTexts) entries.push(`'diagnostic', ${d}`);
    const propertyIds = tokens(e.attrs.get('properties'));
    for (const pid of propertyIds) {
      const property = schema.properties.get(pid);
      if (!property) throw new SchematronSchemaError(`${where}: properties="${pid}" names no sch:property.`);
      const extra = ['role', 'scheme']
        .filter((a) => property.attrs.has(a))
        .map((a) => `, ${str(a)}: ${str(property.attrs.get(a)!)}`)
        .join('');
      entries.push(`'property', serialize(map{ 'id': ${str(pid)}${extra}, 'value': normalize-space(${messageExpression(property.children)}) }, map{ 'method': 'json' })`);
    }
    this.line(`<xsl:variable name="${p}:located" as="node()" select="${escAttr(located)}"/>`);
    this.line(`<xsl:sequence select="${escAttr(`('${entries.length * 2}', ${entries.join(', ')})`)}"/>`);
    this.line(`</xsl:if>`);
  }
}

function letName(element: XElement, where: string): string {
  const name = element.attrs.get('name');
  if (!name) throw new SchematronSchemaError(`${where}: sch:let without @name.`);
  return name;
}

function tokens(value: string | undefined): string[] {
  return (value ?? '').split(/\s+/).filter(Boolean);
}

/**
 * The text of an assertion, diagnostic or property as one XPath string
 * expression: literal text, sch:name, sch:value-of, and the text of
 * sch:emph/dir/span and of foreign elements.
 */
function messageExpression(content: XNode[]): string {
  const parts: string[] = [];
  const visit = (node: XNode): void => {
    if (node.kind === 'text') {
      parts.push(str(node.value));
    } else if (node.ns === SCH_NS && node.local === 'name') {
      const path = node.attrs.get('path');
      parts.push(path ? `name((${path})[1])` : 'name(.)');
    } else if (node.ns === SCH_NS && node.local === 'value-of') {
      const select = node.attrs.get('select');
      if (select === undefined) throw new SchematronSchemaError('sch:value-of without @select.');
      // Like xsl:value-of: the atomized items joined by single spaces.
      parts.push(`string-join(data((${select})) ! string(.), ' ')`);
    } else {
      node.children.forEach(visit);
    }
  };
  content.forEach(visit);
  return parts.length === 0 ? "''" : `string-join((${parts.join(', ')}), '')`;
}

/**
 * Per rule of a pattern: may an earlier rule of the same pattern match a node
 * this rule matches? Conservative: only rule contexts whose alternatives all
 * end in a plain name test (`tei:p[…]`, `@when`, `*`, `a//b/@c`) are told
 * apart, by the kind (element or attribute) and expanded name of that test;
 * anything else may overlap with everything.
 */
function shadowedRules(pattern: ConcretePattern, namespaces: Map<string, string>): boolean[] {
  const targets = pattern.rules.map((r) => contextTargets(r.context, namespaces));
  return targets.map((mine, r) => targets.slice(0, r).some((earlier) => overlaps(earlier, mine)));
}

/** The node test of a context alternative's last step; `name` '*' for any, `undefined` when unknown. */
type Target = { kind: 'element' | 'attribute'; name: string } | undefined;

function overlaps(a: Target[], b: Target[]): boolean {
  return a.some((x) => b.some((y) => !x || !y || (x.kind === y.kind && (x.name === '*' || y.name === '*' || x.name === y.name))));
}

function contextTargets(context: string, namespaces: Map<string, string>): Target[] {
  return topLevelSplit(context, '|').map((alternative) => {
    const steps = topLevelSplit(stripPredicates(alternative.trim()), '/');
    return stepTarget((steps[steps.length - 1] ?? '').trim(), namespaces);
  });
}

function stepTarget(step: string, namespaces: Map<string, string>): Target {
  const m = /^(@|attribute::|child::)?(\*|[\w.-]+:\*|\*:[\w.-]+|(?:[\w.-]+:)?[\w.-]+)$/.exec(step);
  if (!m || step.startsWith('child::@')) return undefined;
  const kind = m[1] === '@' || m[1] === 'attribute::' ? 'attribute' : 'element';
  const name = m[2] as string;
  if (name.includes('*')) return { kind, name: '*' };
  const colon = name.indexOf(':');
  if (colon < 0) return { kind, name: `{}${name}` };
  const uri = name.startsWith('xml:') ? XML_NS : namespaces.get(name.slice(0, colon));
  return uri === undefined ? undefined : { kind, name: `{${uri}}${name.slice(colon + 1)}` };
}

/** Splits on a separator outside brackets, parentheses and string literals. */
function topLevelSplit(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') depth--;
    else if (depth === 0 && c === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The text with every bracketed predicate removed (string literals respected). */
function stripPredicates(text: string): string {
  let out = '';
  let depth = 0;
  let quote = '';
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = '';
    } else if (depth > 0 && (c === '"' || c === "'")) quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

/**
 * Conservative: could this pattern select attribute nodes? (If not, the
 * validator does not visit attributes at all.)
 */
function mayMatchAttributes(context: string): boolean {
  return /@|attribute|\$|key\s*\(|(^|[^\w.\-])\.($|[^\w.\-])/.test(context);
}

/**
 * Conservative: could this pattern select text, comment or processing-instruction
 * nodes? (If not, the validator walks elements only: text nodes are about
 * half the nodes of a document.)
 */
function mayMatchNonElements(context: string): boolean {
  return /text\s*\(|node\s*\(|comment\s*\(|processing-instruction|\$|key\s*\(|id\s*\(|root\s*\(|doc\s*\(|(^|[^\w.\-])\.($|[^\w.\-])/.test(context);
}

/**
 * A node back to XML text. Namespace bindings in scope are declared where
 * they differ from `outerScope`, so a top-level copy (outerScope = none)
 * means the same wherever it is pasted.
 */
function serialize(node: XNode, outerScope: Map<string, string> = new Map()): string {
  if (node.kind === 'text') return escText(node.value);
  const attrs: string[] = [];
  for (const [prefix, uri] of node.scope) {
    if (prefix === 'xml' || outerScope.get(prefix) === uri) continue;
    attrs.push(prefix === '' ? ` xmlns="${escAttr(uri)}"` : ` xmlns:${prefix}="${escAttr(uri)}"`);
  }
  for (const [name, value] of node.attrs) attrs.push(` ${name}="${escAttr(value)}"`);
  const inner = node.children.map((c) => serialize(c, node.scope)).join('');
  return `<${node.qname}${attrs.join('')}>${inner}</${node.qname}>`;
}


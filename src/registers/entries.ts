import { dirname, join, normalize } from 'node:path';
import { TEI_NS, type Source } from '../load/source.js';
import { expandReferences, localName, textOfElement, type ElementSpan } from '../load/scan.js';

/**
 * Register entries and the pointers to them, across the documents of an
 * edition: the shared register file (`<TEI type="registers">`) and the
 * local registers of each letter. Read from the loaded sources' element
 * tables, so every entry keeps the place it is defined at.
 */

/** Elements that are register entries (what a name's @ref points to). */
const ENTRY_ELEMENTS = new Set(['person', 'personGrp', 'place', 'org', 'bibl']);

export interface EntryDefinition {
  id: string;
  /** person, personGrp, place, org or bibl. */
  kind: string;
  source: Source;
  /** Index of the element in source.elements. */
  index: number;
  /** Offset of the xml:id value (where findings point). */
  idOffset: number;
  /** Offsets of the element's source text, start tag to end tag. */
  start: number;
  end: number;
  /** The element's text with comments left out and white space collapsed: what "the same content" means. */
  content: string;
  /** Authority URIs of the entry (its idno values that are http(s) URIs). */
  authorities: string[];
}

function isTei(e: ElementSpan, name: string): boolean {
  return e.namespace === TEI_NS && localName(e.name) === name;
}

/**
 * Where element `index` ends: after its end tag (or its empty-element tag).
 * The element table has start offsets only; the end tag is the first
 * `</name` after the end of the element's last child.
 */
export function elementEnd(source: Source, index: number): number {
  const el = source.elements[index] as ElementSpan;
  const text = source.text;
  const tagEnd = text.indexOf('>', lastAttributeEnd(el));
  if (text[tagEnd - 1] === '/') return tagEnd + 1;
  let lastChild = -1;
  for (let j = index + 1; j < source.elements.length && (source.elements[j] as ElementSpan).depth > el.depth; j++) {
    if ((source.elements[j] as ElementSpan).depth === el.depth + 1) lastChild = j;
  }
  const from = lastChild === -1 ? tagEnd + 1 : elementEnd(source, lastChild);
  const close = text.indexOf(`</${el.name}`, from);
  return text.indexOf('>', close) + 1;
}

function lastAttributeEnd(el: ElementSpan): number {
  const last = el.attributes[el.attributes.length - 1];
  return last ? last.valueOffset + last.raw.length + 1 : el.offset + el.name.length + 1;
}

/** The comparable content of an entry: comments out, white space collapsed, quotes unified. */
export function canonicalContent(xml: string): string {
  return xml
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\s+/g, ' ')
    .replace(/>\s+</g, '><')
    .replace(/\s+(\/?>)/g, '$1')
    .replace(/='([^']*)'/g, '="$1"')
    .trim();
}

/** Every register entry with an xml:id in one document. */
export function entriesOf(source: Source): EntryDefinition[] {
  const out: EntryDefinition[] = [];
  const inStandOffOrList = (i: number): boolean => {
    // bibl is an entry only inside a register list (listBibl), not a citation in the text.
    const el = source.elements[i] as ElementSpan;
    for (let j = i - 1; j >= 0; j--) {
      const p = source.elements[j] as ElementSpan;
      if (p.depth < el.depth) return isTei(p, 'listBibl');
    }
    return false;
  };
  source.elements.forEach((el, i) => {
    if (el.namespace !== TEI_NS || !ENTRY_ELEMENTS.has(localName(el.name))) return;
    const id = el.attributes.find((a) => a.name === 'xml:id');
    if (!id) return;
    if (localName(el.name) === 'bibl' && !inStandOffOrList(i)) return;
    const end = elementEnd(source, i);
    const authorities: string[] = [];
    for (let j = i + 1; j < source.elements.length; j++) {
      const c = source.elements[j] as ElementSpan;
      if (c.offset >= end) break;
      if (!isTei(c, 'idno')) continue;
      const value = textOfElement(source.text, c);
      if (value !== undefined && /^https?:\/\/\S+$/.test(value)) authorities.push(normaliseUri(value));
    }
    out.push({ id: expandReferences(id.raw), kind: localName(el.name), source, index: i, idOffset: id.valueOffset, start: el.offset, end, content: canonicalContent(source.text.slice(el.offset, end)), authorities });
  });
  return out;
}

/** http and https, a trailing slash, and Wikidata's /wiki/ and /entity/ forms name the same record. */
function normaliseUri(uri: string): string {
  return uri.replace(/^http:/, 'https:').replace(/\/+$/, '').replace('://www.wikidata.org/wiki/', '://www.wikidata.org/entity/');
}

export interface PrefixDef {
  ident: string;
  matchPattern: string;
  replacementPattern: string;
}

/** The document's prefixDef declarations (private URI schemes such as psn:). */
export function prefixDefsOf(source: Source): PrefixDef[] {
  const out: PrefixDef[] = [];
  for (const el of source.elements) {
    if (!isTei(el, 'prefixDef')) continue;
    const get = (n: string): string | undefined => {
      const a = el.attributes.find((x) => x.name === n);
      return a && expandReferences(a.raw);
    };
    const ident = get('ident');
    const matchPattern = get('matchPattern');
    const replacementPattern = get('replacementPattern');
    if (ident && matchPattern && replacementPattern !== undefined) out.push({ ident, matchPattern: unescapeXml(matchPattern), replacementPattern: unescapeXml(replacementPattern) });
  }
  return out;
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos);/g, (_m, n: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[n] as string);
}

/**
 * A private URI (`psn:whitcombe`) expanded by the document's prefixDef, as
 * TEI defines it: the part after the colon must match matchPattern as a
 * whole, and the replacement (with $1 …) is the pointer. Undefined when no
 * prefixDef declares the prefix, or its pattern does not match.
 */
export function expandPrefixed(token: string, defs: PrefixDef[]): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(token);
  if (!m) return undefined;
  for (const d of defs) {
    if (d.ident !== m[1]) continue;
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${d.matchPattern})$`, 'u');
    } catch {
      return undefined;
    }
    if (re.test(m[2] as string)) return (m[2] as string).replace(re, d.replacementPattern);
  }
  return undefined;
}

/** The file and id a pointer leads to, or undefined for an external URI (or an undeclared prefix). */
export function pointerTarget(token: string, from: Source, defs: PrefixDef[]): { file: string; id?: string; expanded?: string } | undefined {
  let t = token;
  let expanded: string | undefined;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(t)) {
    expanded = expandPrefixed(t, defs);
    if (expanded === undefined) return undefined;
    t = expanded;
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(t)) return undefined; // expands to an external URI
  }
  const hash = t.indexOf('#');
  const path = hash === -1 ? t : t.slice(0, hash);
  const id = hash === -1 ? undefined : t.slice(hash + 1);
  const file = path === '' ? normalize(from.file) : normalize(join(dirname(from.file), path));
  return { file, ...(id !== undefined ? { id } : {}), ...(expanded !== undefined ? { expanded } : {}) };
}

import { FINDINGS_PER_RULE } from '../diagnostic.js';
import { LineIndex } from './lines.js';

/**
 * A strict XML 1.0 well-formedness scanner that also records where every
 * element and attribute starts.
 *
 * Why our own scanner: fast-xml-parser's validator accepts undefined
 * entities, control characters, `<` in attribute values, several root
 * elements and undeclared namespace prefixes, all of which libxml2 and
 * SaxonJS later reject with worse positions or none. This scanner gives every
 * well-formedness error an exact offset, refuses DTDs before any parser sees
 * them, and its element table lets later stages (RELAX NG, Schematron,
 * cross-references) turn "element number 57" or "line 12, element date"
 * into a line and column.
 */

export interface AttributeSpan {
  name: string;
  /** Offset of the attribute name. */
  offset: number;
  /** The attribute value as written (entities not expanded). */
  raw: string;
  /** Offset of the first character of the value (after the quote). */
  valueOffset: number;
}

export interface ElementSpan {
  /** Lexical QName, e.g. `persName` or `tei:p`. */
  name: string;
  /** Namespace URI ('' for none). */
  namespace: string;
  /** Offset of the `<` of the start tag. */
  offset: number;
  attributes: AttributeSpan[];
  /** Nesting depth: 0 for the root element. */
  depth: number;
}

export interface WellFormednessError {
  offset: number;
  source: 'xml' | 'security';
  rule: string;
  message: string;
  hint: string;
}

export interface ScanResult {
  /** Every element in document order (index 0 is the root). */
  elements: ElementSpan[];
  errors: WellFormednessError[];
  /** True when an error stopped the scan (the element table is then partial). */
  fatal: boolean;
  /** Errors past the cap, by rule: how many, and where the first of them is. */
  suppressed: Map<string, { count: number; offset: number }>;
  /**
   * A DOCTYPE that only names an external DTD (no internal subset): its
   * offset and length. It is accepted, never read, and blanked out of the
   * text the later stages see.
   */
  doctype?: { offset: number; length: number };
}

/**
 * The deepest nesting of elements accepted (the root is level 1). libxml2
 * refuses documents deeper than 256 levels, and SaxonJS, the Schematron run
 * and the stylesheets recurse once per level: one limit, checked here, means
 * no later stage ever sees a deeper document.
 */
export const MAX_DEPTH = 256;

/**
 * The most attributes one element may carry. TEI elements use a handful;
 * SaxonJS (the rules, the stylesheets) takes time quadratic in the
 * attributes of one element (40,000 took four minutes), so a document past
 * this is refused here like one nested too deep.
 */
export const MAX_ATTRIBUTES = 1_000;

/**
 * The most elements one document may hold. The largest real TEI file at hand
 * (a 2.4 MB dictionary) has 19,000, a letter of 10,000 notes some 30,000;
 * the checks take some 20 µs and 1 kB per element (Schematron's SaxonJS
 * most of it: 600,000 empty elements took 14 s and 530 MB to validate, six
 * million 147 s and 3.6 GB), so a document past this is refused at the
 * element that goes over, before any later stage sees it.
 */
export const MAX_ELEMENTS = 500_000;

/**
 * The longest name accepted (element, attribute, processing-instruction
 * target, entity reference), in characters. TEI's longest names have some
 * 30 characters (the longest in the toolkit's fixtures and the corpora in
 * /work/shared/corpora: 31). A longer one is refused as soon as it is read,
 * before any regular expression sees it (a name of ten million characters
 * overflowed the stack of the name check), and libxml2 refuses names over
 * 50,000 characters anyway.
 */
export const MAX_NAME_LENGTH = 1_000;

/**
 * The longest text node, attribute value, comment, CDATA section or
 * processing instruction accepted, in characters (UTF-16 code units).
 * Real TEI stays far below: the corpora's longest attribute value has 119
 * characters, their longest run of text 5,000 (a 2.4 MB dictionary's
 * entries are short). libxml2 refuses a token over 10,000,000 bytes with
 * advice the user cannot follow ("try XML_PARSE_HUGE"); 3,000,000
 * characters are at most 9,000,000 bytes of UTF-8, so the scanner's finding
 * always comes first, at the token, after one `indexOf`, and no later stage
 * (which each copy such a value several times: a 50 MB value took 2.1 GB)
 * ever sees a larger one. Room enough for a data: URL of a 2 MB image.
 */
export const MAX_TOKEN_LENGTH = 3_000_000;

/**
 * The longest tag (name, attributes, values, spaces): a value at the limit
 * with room to spare, still under libxml2's 10,000,000 bytes of one piece
 * of markup even in three-byte characters.
 */
export const MAX_TAG_LENGTH = MAX_TOKEN_LENGTH + 10_000;

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const PREDEFINED = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);
const NAME = /^[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}][-.0-9:A-Z_a-z\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C-\u200D\u203F-\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]*$/u;
const INVALID_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** Characters that end a name inside markup. */
const NAME_END = /[\s/>=<"'&?!]/;
/** Enough findings of one kind to act on; more would bury the rest. */
const MAX_CHAR_ERRORS = 10;
/** Errors of one rule kept per file (the rest are counted: see FINDINGS_PER_RULE in diagnostic.ts). */
const MAX_PER_RULE = FINDINGS_PER_RULE;
const NCNAME_PART = /^[^:]+$/;
/**
 * TEI elements that are empty (or, as gap and space, nearly always written so): an editor who types `<lb>`
 * for `<lb/>` is told so, not to close it with `</lb>`.
 */
const TEI_EMPTY = new Set(['lb', 'pb', 'cb', 'gb', 'milestone', 'gap', 'space', 'anchor', 'ptr', 'graphic', 'handShift', 'caesura', 'catRef', 'addSpan', 'delSpan', 'damageSpan', 'link', 'variantEncoding', 'substJoin', 'refState']);
/** Quotes a word processor or "smart quotes" puts for " and ' (and their look-alikes): never quotes in XML. */
const TYPOGRAPHIC_QUOTES = '“”„‟‘’‚‛«»‹›″′＂＇';
const TYPOGRAPHIC_QUOTE_END = /[“”„‟‘’‚‛«»‹›″′＂＇].*$/;
/** XMLDecl (XML 1.0 §2.8, §4.3.3, §2.9): version, then optional encoding, then optional standalone, in this order. */
const XML_DECL = /^[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"1\.[0-9]+"|'1\.[0-9]+')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*$/;

class Fatal extends Error {}

/**
 * Whether a string is a URI reference of RFC 3986, as libxml2 checks a
 * namespace name: only the characters of a URI, "%" only before two hex
 * digits, at most one "#", a scheme that starts with a letter, an authority
 * of a host (a name, or an IP literal in "[" "]") and a port of digits
 * after ":", "[" and "]" nowhere else but in the fragment. (An IRI, with
 * characters outside ASCII, is not one: Namespaces in XML 1.0 asks for a
 * URI reference.) Parsed by splitting, not by one regular expression, so
 * that its cost stays linear in the value's length.
 */
export function isUriReference(s: string): boolean {
  if (!URI_CHARACTERS.test(s)) return false;
  const hash = s.indexOf('#');
  const fragment = hash === -1 ? '' : s.slice(hash + 1);
  let rest = hash === -1 ? s : s.slice(0, hash);
  // (libxml2 lets "[" and "]" stand in a fragment.)
  if (fragment.includes('#')) return false;
  const question = rest.indexOf('?');
  if (question !== -1 && /[[\]]/.test(rest.slice(question + 1))) return false;
  if (question !== -1) rest = rest.slice(0, question);
  const scheme = /^([^:/]*):/.exec(rest);
  if (scheme) {
    if (!/^[A-Za-z][A-Za-z0-9+.-]*$/.test(scheme[1] as string)) return false;
    rest = rest.slice(scheme[0].length);
  }
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    if (!isUriAuthority(rest.slice(2, slash === -1 ? undefined : slash))) return false;
    rest = slash === -1 ? '' : rest.slice(slash);
  }
  return !/[[\]]/.test(rest);
}

/** userinfo "@", then a host (an IP literal in brackets, or a name), then ":" and at least one digit, or nothing. */
function isUriAuthority(authority: string): boolean {
  // The userinfo ends at the last "@" before an IP literal's "[", if any.
  const bracket = authority.indexOf('[');
  const at = bracket === -1 ? authority.lastIndexOf('@') : authority.lastIndexOf('@', bracket);
  if (at !== -1 && /[@[\]]/.test(authority.slice(0, at))) return false;
  const hostPort = authority.slice(at + 1);
  let port: string | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close === -1) return false;
    const after = hostPort.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return false;
    if (after !== '') port = after.slice(1);
  } else {
    const colon = hostPort.indexOf(':');
    if (/[[\]]/.test(colon === -1 ? hostPort : hostPort.slice(0, colon))) return false;
    if (colon !== -1) port = hostPort.slice(colon + 1);
  }
  return port === undefined || /^[0-9]+$/.test(port);
}

const URI_CHARACTERS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;

/**
 * Text or an attribute value with its predefined entity and character references expanded, as an XML parser
 * delivers it (a reference to no valid character, or to an entity that is not predefined, is left as written:
 * the scanner reports those). The one decoder for XML the toolkit reads or made itself.
 */
export function expandReferences(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(REFERENCE, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return isValidCharCode(cp) ? String.fromCodePoint(cp) : whole;
    }
    return PREDEFINED_ENTITIES.get(ref) ?? whole;
  });
}

/**
 * The blank-separated tokens of an attribute's value as XML reads it (pointers, ids), each with the offset
 * in the file where it is written: its own, or, in a value with references (`registers.xml&#x23;ada`, which
 * is `registers.xml#ada`), the value's start.
 */
export function attributeTokens(a: { raw: string; valueOffset: number }): { token: string; offset: number }[] {
  const value = expandReferences(a.raw);
  const exact = value === a.raw;
  return [...value.matchAll(/\S+/g)].map((m) => ({ token: m[0], offset: a.valueOffset + (exact ? (m.index ?? 0) : 0) }));
}

/** Text made fit to stand in an attribute value between either quote. */
export function escapeAttributeValue(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|[^;&]+);/g;
// A Map, not an object literal: `&constructor;` must not find Object.prototype's.
const PREDEFINED_ENTITIES: ReadonlyMap<string, string> = new Map([['lt', '<'], ['gt', '>'], ['amp', '&'], ['quot', '"'], ['apos', "'"]]);

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isValidCharCode(cp: number): boolean {
  return (
    cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** A count for a message: 3,000,000. */
function count(n: number): string {
  return n.toLocaleString('en');
}

function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Whether a string is an XML name without a colon (an NCName), as an xml:id must be. */
export function isNcName(s: string): boolean {
  return NAME.test(s) && !s.includes(':');
}

/** An element's local name: `persName` of `tei:persName`. */
export function localName(qname: string): string {
  return qname.slice(qname.indexOf(':') + 1);
}

/**
 * The text of an element that holds only text (no element, comment or
 * CDATA section): references expanded, white space collapsed; '' for an
 * empty element; undefined otherwise. Read off the document's text from
 * the end of the start tag (after the last attribute's closing quote: a
 * value may hold a '>').
 */
export function textOfElement(text: string, el: ElementSpan): string | undefined {
  const last = el.attributes[el.attributes.length - 1];
  const end = text.indexOf('>', last ? last.valueOffset + last.raw.length + 1 : el.offset);
  if (end === -1) return undefined;
  if (text[end - 1] === '/') return '';
  const next = text.indexOf('<', end + 1);
  if (next === -1 || text[next + 1] !== '/') return undefined;
  return expandReferences(text.slice(end + 1, next)).replace(/[ \t\r\n]+/g, ' ').trim();
}

export function scanXml(text: string): ScanResult {
  return new Scanner(text).run();
}

interface OpenElement {
  name: string;
  offset: number;
  /** Prefixes this element declared ('' for the default namespace), undone at its end tag. */
  declared: string[];
}

class Scanner {
  private pos = 0;
  private readonly elements: ElementSpan[] = [];
  private readonly errors: WellFormednessError[] = [];
  private readonly stack: OpenElement[] = [];
  private rootClosed = false;
  /**
   * Namespace bindings in scope: each prefix's URIs, innermost last. One
   * table pushed at start tags and popped at end tags keeps the cost linear
   * (a copy of the scope per element was quadratic with many prefixes).
   */
  private readonly bindings = new Map<string, string[]>([['xml', [XML_NS]]]);
  private readonly perRule = new Map<string, number>();
  private readonly suppressed = new Map<string, { count: number; offset: number }>();
  private doctype?: { offset: number; length: number };

  constructor(private readonly text: string) {}

  run(): ScanResult {
    let fatal = false;
    this.checkCharacters();
    try {
      this.document();
    } catch (e) {
      if (!(e instanceof Fatal)) throw e;
      fatal = true;
    }
    return { elements: this.elements, errors: this.errors.sort((a, b) => a.offset - b.offset), fatal, suppressed: this.suppressed, ...(this.doctype ? { doctype: this.doctype } : {}) };
  }

  private error(offset: number, rule: string, message: string, hint: string, source: 'xml' | 'security' = 'xml'): void {
    const n = (this.perRule.get(rule) ?? 0) + 1;
    this.perRule.set(rule, n);
    if (n <= MAX_PER_RULE) {
      this.errors.push({ offset, source, rule, message, hint });
      return;
    }
    const s = this.suppressed.get(rule);
    if (s) s.count++;
    else this.suppressed.set(rule, { count: 1, offset });
  }

  private fail(offset: number, rule: string, message: string, hint: string, source: 'xml' | 'security' = 'xml'): never {
    this.error(offset, rule, message, hint, source);
    throw new Fatal(message);
  }

  /** A token past MAX_TOKEN_LENGTH: refused where it starts (nothing after it is read). */
  private tooLong(offset: number, rule: string, what: string, kind: string, atMost = false): never {
    this.fail(
      offset,
      rule,
      atMost ? `${what} the toolkit accepts in one ${kind}` : `${what}, more than the ${count(MAX_TOKEN_LENGTH)} the toolkit accepts in one ${kind}`,
      'No letter needs this much in one piece: check how the file was produced (a missing closing quote or "-->", or data pasted in by mistake). Split the text into paragraphs, or refer to large data by a link instead of embedding it.',
      'security',
    );
  }

  /** A name past MAX_NAME_LENGTH: refused at its first character. */
  private nameTooLong(offset: number, what: string): never {
    this.fail(
      offset,
      'xml-name-too-long',
      `${what} name is longer than ${count(MAX_NAME_LENGTH)} characters`,
      'No TEI name is this long: check for a missing space, "=" or quote before this point, or how the file was produced.',
      'security',
    );
  }

  /** Characters XML 1.0 forbids anywhere, even in comments. */
  private checkCharacters(): void {
    let count = 0;
    for (const m of this.text.matchAll(INVALID_CHAR)) {
      if (++count > MAX_CHAR_ERRORS) break;
      this.error(
        m.index ?? 0,
        'xml-invalid-char',
        `character ${describeChar(m[0])} is not allowed in XML`,
        'Delete the character; control characters usually come from copying out of a word processor or PDF.',
      );
    }
  }

  private document(): void {
    const t = this.text;
    if (t.startsWith('<?xml') && (t.length === 5 || isSpace(t.charCodeAt(5)) || t[5] === '?')) this.xmlDeclaration();
    while (this.pos < t.length) {
      const lt = t.indexOf('<', this.pos);
      const end = lt === -1 ? t.length : lt;
      if (end - this.pos > MAX_TOKEN_LENGTH) this.tooLong(this.pos, 'xml-text-too-long', `this run of text has ${count(end - this.pos)} characters`, 'run of text');
      this.characterData(this.pos, end);
      if (lt === -1) break;
      this.pos = lt;
      this.markup();
    }
    const open = this.stack[this.stack.length - 1];
    if (open) {
      this.fail(open.offset, 'xml-unclosed-element', `element <${open.name}> is never closed`, `Add </${open.name}> where the element ends.`);
    }
    if (this.elements.length === 0) {
      // Plain text, not XML: one finding says so better than one per stray character.
      this.errors.length = 0;
      this.fail(0, 'xml-no-root', 'the file contains no XML element: it is not an XML document', 'A TEI document starts with <TEI xmlns="http://www.tei-c.org/ns/1.0">.');
    }
  }

  private xmlDeclaration(): void {
    const end = this.text.indexOf('?>', 5);
    if (end === -1) this.fail(0, 'xml-declaration', 'the XML declaration is not closed with "?>"', 'Write <?xml version="1.0" encoding="UTF-8"?>.');
    if (end > MAX_NAME_LENGTH) this.fail(0, 'xml-declaration', `the XML declaration is longer than ${count(MAX_NAME_LENGTH)} characters`, 'Write <?xml version="1.0" encoding="UTF-8"?>.', 'security');
    const body = this.text.slice(5, end);
    if (!/^[ \t\r\n]+version[ \t\r\n]*=/.test(body)) {
      this.error(0, 'xml-declaration', 'the XML declaration has no version', 'Write <?xml version="1.0" encoding="UTF-8"?>.');
    } else if (!XML_DECL.test(body)) {
      this.error(
        0,
        'xml-declaration',
        'the XML declaration is malformed: it may hold version, encoding and standalone (yes or no), in this order, each once, separated by spaces, with quoted values',
        'Write <?xml version="1.0" encoding="UTF-8"?>.',
      );
    }
    this.pos = end + 2;
  }

  /** Text between markup: references, `]]>`, and text outside the root. */
  private characterData(start: number, end: number): void {
    const t = this.text;
    const outside = this.stack.length === 0;
    for (let i = start; i < end; i++) {
      const c = t.charCodeAt(i);
      if (c === 0x26 /* & */) {
        i = this.reference(i, end) - 1;
        if (outside) this.error(i, 'xml-text-outside-root', 'text is not allowed outside the root element', 'Move the text inside the root element or delete it.');
      } else if (outside && !isSpace(c)) {
        this.error(
          i,
          this.rootClosed ? 'xml-content-after-root' : 'xml-text-outside-root',
          this.rootClosed ? 'text after the end of the root element' : 'text before the root element',
          'A document has exactly one root element; move the text inside it or delete it.',
        );
        return;
      } else if (c === 0x5d /* ] */ && t.startsWith(']]>', i)) {
        this.error(i, 'xml-cdata-end-in-text', '"]]>" is not allowed in text', 'Write "]]&gt;".');
      }
    }
  }

  /** Checks an entity or character reference at `i`; returns the offset after it. */
  private reference(i: number, limit: number): number {
    const t = this.text;
    // The reference's own characters decide where it ends (a character
    // reference may have any number of leading zeros, so no length limit).
    let j = i + 1;
    const numeric = t[j] === '#';
    if (numeric) {
      j++;
      const hex = t[j] === 'x';
      if (hex) j++;
      const digits = hex ? /[0-9a-fA-F]/ : /[0-9]/;
      while (j < limit && digits.test(t[j] as string)) j++;
    } else {
      const stop = Math.min(limit, i + 2 + MAX_NAME_LENGTH);
      while (j < stop && !NAME_END.test(t[j] as string) && t[j] !== ';') j++;
      if (j > i + 1 + MAX_NAME_LENGTH) this.nameTooLong(i + 1, 'an entity reference\'s');
    }
    if (t[j] !== ';' || j >= limit || j === i + 1) {
      this.error(i, 'xml-bare-ampersand', 'a bare "&" is not allowed', 'Write "&amp;" for an ampersand.');
      return i + 1;
    }
    const raw = t.slice(i + 1, j);
    const semi = j;
    if (numeric) {
      const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(raw);
      const cp = m ? parseInt(m[1] ?? m[2] ?? '', m[1] ? 16 : 10) : NaN;
      if (!m || !isValidCharCode(cp)) {
        this.error(i, 'xml-invalid-char-ref', `"&${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw};" is not a reference to a character allowed in XML`, 'Use a valid character reference such as &#x2014; or the character itself.');
      }
    } else if (!PREDEFINED.has(raw)) {
      this.error(
        i,
        'xml-undefined-entity',
        `entity "&${raw};" is not defined`,
        'Only &lt; &gt; &amp; &quot; &apos; exist without a DTD, and DTDs are not accepted: type the character itself (UTF-8) or use a character reference such as &#x2014;.',
      );
    }
    return semi + 1;
  }

  private markup(): void {
    const t = this.text;
    const at = this.pos;
    if (t.startsWith('<!--', at)) return this.comment();
    if (t.startsWith('<![CDATA[', at)) return this.cdata();
    if (t.startsWith('<!DOCTYPE', at) && this.externalDoctype(at)) return;
    if (t.startsWith('<!DOCTYPE', at) || t.startsWith('<!ENTITY', at)) {
      this.fail(
        at,
        'no-dtd',
        `${t.startsWith('<!DOCTYPE', at) ? 'a DOCTYPE' : 'an entity declaration'} is not accepted: DTDs and entities are never read, expanded or fetched`,
        'Delete the DOCTYPE and any entity declarations; the edition is validated with its RELAX NG schema, and special characters are written as UTF-8 or as character references.',
        'security',
      );
    }
    if (t.startsWith('<!', at)) this.fail(at, 'xml-markup', 'unknown markup declaration', 'Markup declarations ("<!…") are not allowed; write a comment as <!-- … -->.');
    if (t.startsWith('<?', at)) return this.processingInstruction();
    if (t.startsWith('</', at)) return this.endTag();
    this.startTag();
  }

  /**
   * A DOCTYPE that only names an external DTD (`<!DOCTYPE TEI SYSTEM "…">`,
   * common in older projects) is accepted and ignored: the DTD is never
   * read or fetched. One with an internal subset (`[`), anywhere but before
   * the root, or a second one, is refused by the caller.
   */
  private externalDoctype(at: number): boolean {
    if (this.elements.length > 0 || this.doctype) return false;
    const m = /^<!DOCTYPE[ \t\r\n]+[^\s>\[]+(?:[ \t\r\n]+(?:SYSTEM[ \t\r\n]+(?:"[^"]*"|'[^']*')|PUBLIC[ \t\r\n]+(?:"[-'()+,./:=?;!*#@$_%a-zA-Z0-9 \r\n]*"|'[-()+,./:=?;!*#@$_%a-zA-Z0-9 \r\n]*')[ \t\r\n]+(?:"[^"]*"|'[^']*')))?[ \t\r\n]*>/.exec(this.text.slice(at, at + 2000));
    if (!m) return false;
    const name = /^<!DOCTYPE[ \t\r\n]+([^\s>\[]+)/.exec(m[0])?.[1] ?? '';
    if (!NAME.test(name)) return false;
    this.doctype = { offset: at, length: m[0].length };
    this.pos = at + m[0].length;
    return true;
  }

  private comment(): void {
    const at = this.pos;
    const end = this.text.indexOf('-->', at + 4);
    // A comment not closed with "-->" (a "->" typed for it) runs on to the next comment's "-->": its "<!--" is then the
    // first "--" inside, the markup between is read as comment, and the end tags after it do not match. Said where the
    // comment opens, and read on after its likely end, so that nothing after it is reported as a consequence.
    const next = this.text.indexOf('<!--', at + 4);
    if (end === -1 || (next !== -1 && next < end)) return this.unclosedComment(at, next, end);
    if (end - at > MAX_TOKEN_LENGTH) this.tooLong(at, 'xml-text-too-long', `a comment has ${count(end - at - 4)} characters`, 'comment');
    const dd = this.text.indexOf('--', at + 4);
    if (dd !== -1 && dd < end) this.error(dd, 'xml-comment-double-hyphen', '"--" is not allowed inside a comment', 'Replace "--" inside the comment, e.g. with an en dash.');
    if (end > at + 4 && this.text[end - 1] === '-') this.error(end - 1, 'xml-comment-double-hyphen', 'a comment may not end with "--->"', 'Remove the extra hyphen.');
    this.pos = end + 3;
  }

  /**
   * A comment with no "-->" before the next "<!--" (`next`, or -1) or the end of the file (`end` is -1). Its likely
   * end is the first "->", or "--" or ">" at the end of a line, before any markup in it: then one finding, and the
   * scan goes on after it. Without one, the comment is reported as never closed, and the scan stops if markup stands
   * in it (read as comment, it would only give findings that are consequences).
   */
  private unclosedComment(at: number, next: number, end: number): void {
    const t = this.text;
    const stop = Math.min(next !== -1 ? next : t.length, at + 4 + MAX_TOKEN_LENGTH);
    const markup = /<[A-Za-z_:/!?]/.exec(t.slice(at + 4, stop));
    const body = t.slice(at + 4, markup ? at + 4 + markup.index : stop);
    const likely = /->|--!>|--(?=[ \t]*(?:\r|\n|$))|>(?=[ \t]*(?:\r|\n|$))/.exec(body);
    const line = this.lineOf(at);
    const before = next !== -1 ? ` before the next comment (line ${this.lineOf(next)})` : '';
    if (likely) {
      const close = at + 4 + likely.index;
      const where = this.lineOf(close) === line ? 'on the same line' : `on line ${this.lineOf(close)}`;
      this.error(
        at,
        'xml-unclosed-comment',
        `the comment opened here is not closed with "-->"${before}: it seems to end in "${likely[0]}" ${where}`,
        `Write "-->" for that "${likely[0]}": a comment ends with two hyphens and ">".`,
      );
      this.pos = close + likely[0].length;
      return;
    }
    const message = `the comment opened here is never closed with "-->"${before}`;
    const hint = 'End the comment with "-->" where it ends (comments do not nest).';
    if (end === -1 || markup) this.fail(at, 'xml-unclosed-comment', message, hint);
    if (end - at > MAX_TOKEN_LENGTH) this.tooLong(at, 'xml-text-too-long', `a comment has ${count(end - at - 4)} characters`, 'comment');
    this.error(at, 'xml-unclosed-comment', message, hint);
    this.pos = end + 3;
  }

  private cdata(): void {
    const at = this.pos;
    if (this.stack.length === 0) this.error(at, 'xml-text-outside-root', 'a CDATA section is not allowed outside the root element', 'Move it inside the root element.');
    const end = this.text.indexOf(']]>', at + 9);
    if (end === -1) this.fail(at, 'xml-unclosed-cdata', 'CDATA section is never closed', 'End it with "]]>".');
    if (end - at > MAX_TOKEN_LENGTH) this.tooLong(at, 'xml-text-too-long', `a CDATA section has ${count(end - at - 9)} characters`, 'CDATA section');
    this.pos = end + 3;
  }

  private processingInstruction(): void {
    const at = this.pos;
    const end = this.text.indexOf('?>', at + 2);
    if (end === -1) this.fail(at, 'xml-unclosed-pi', 'processing instruction is never closed', 'End it with "?>".');
    if (end - at > MAX_TOKEN_LENGTH) this.tooLong(at, 'xml-text-too-long', `a processing instruction has ${count(end - at - 2)} characters`, 'processing instruction');
    const target = this.readName(at + 2, 'a processing-instruction target');
    const after = at + 2 + target.length;
    if (!target || !NAME.test(target) || target.includes(':') || (after < end && !isSpace(this.text.charCodeAt(after)))) {
      this.error(at, 'xml-pi-target', 'processing instruction has no valid target name', 'Write <?target data?>: the target is a name without a colon, followed by a space before any data.');
    } else if (target.toLowerCase() === 'xml') {
      this.fail(at, 'xml-declaration-position', 'the XML declaration is only allowed at the very start of the file', 'Move <?xml …?> to the first line, first column (no blank line or space before it).');
    }
    this.pos = end + 2;
  }

  /** Reads a name starting at `i` (without validating it); one longer than MAX_NAME_LENGTH is refused there. */
  private readName(i: number, what: string): string {
    const t = this.text;
    const stop = Math.min(t.length, i + MAX_NAME_LENGTH + 1);
    let j = i;
    while (j < stop && !NAME_END.test(t[j] as string)) j++;
    if (j > i + MAX_NAME_LENGTH) this.nameTooLong(i, what);
    return t.slice(i, j);
  }

  private checkName(name: string, offset: number, what: string): void {
    if (!NAME.test(name)) {
      this.fail(offset, 'xml-invalid-name', `"${name}" is not a valid ${what} name`, 'XML names start with a letter or underscore and contain no spaces.');
    }
    // Namespaces in XML: a name is "local" or "prefix:local", each part non-empty and without a colon.
    const colon = name.indexOf(':');
    if (colon !== -1 && !(colon > 0 && NCNAME_PART.test(name.slice(colon + 1)) && NAME.test(name.slice(colon + 1)))) {
      this.fail(offset, 'xml-invalid-name', `"${name}" is not a valid ${what} name: a name has at most one colon, between a prefix and a local name`, 'Write prefix:name, or a name without a colon.');
    }
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (this.pos < this.text.length && isSpace(this.text.charCodeAt(this.pos))) this.pos++;
    return this.pos > start;
  }

  private startTag(): void {
    const t = this.text;
    const at = this.pos;
    if (this.rootClosed) {
      this.fail(at, 'xml-multiple-roots', 'a second root element: a document has exactly one', 'Wrap the content in one root element (<TEI>) or split it into separate files.');
    }
    const name = this.readName(at + 1, 'an element');
    if (!name) this.fail(at, 'xml-invalid-name', 'a "<" that starts no element', 'Write "&lt;" for a less-than sign in text.');
    this.checkName(name, at + 1, 'element');
    this.pos = at + 1 + name.length;
    if (this.stack.length >= MAX_DEPTH) {
      this.fail(
        at,
        'xml-too-deep',
        `elements are nested more than ${MAX_DEPTH} levels deep`,
        `No edition needs this depth; the limit keeps every later stage (the schema check, the rules, the stylesheets) safe. Flatten the nesting.`,
        'security',
      );
    }
    if (this.elements.length >= MAX_ELEMENTS) {
      this.fail(
        at,
        'xml-too-many-elements',
        `the document has more than ${count(MAX_ELEMENTS)} elements`,
        'No letter needs this many; the limit keeps validation and the build within time and memory. Split the document into several files, or check how it was produced.',
        'security',
      );
    }
    const attributes: AttributeSpan[] = [];
    const names = new Set<string>();
    for (;;) {
      const spaced = this.skipSpace();
      if (this.pos - at > MAX_TAG_LENGTH) this.tooLong(at, 'xml-tag-too-long', `the start tag <${name}> (its attributes and the spaces between them) has more than ${count(MAX_TAG_LENGTH)} characters, the most`, 'tag', true);
      if (this.pos >= t.length) this.fail(at, 'xml-unclosed-tag', `start tag <${name}> is never closed with ">"`, 'Close the tag with ">".');
      const c = t[this.pos];
      if (c === '>' || (c === '/' && t[this.pos + 1] === '>')) break;
      if (!spaced) {
        const previous = attributes[attributes.length - 1];
        if (previous) this.missingQuote(previous);
        this.fail(this.pos, 'xml-attribute-space', `attributes of <${name}> must be separated by white space`, 'Put a space before the attribute.');
      }
      attributes.push(this.attribute(name, names));
      if (attributes.length > MAX_ATTRIBUTES) {
        this.fail(at, 'xml-too-many-attributes', `<${name}> has more than ${MAX_ATTRIBUTES} attributes`, 'No TEI element needs this many; the limit keeps the later stages fast. Check how the file was produced.', 'security');
      }
    }
    const selfClosing = t[this.pos] === '/';
    this.pos += selfClosing ? 2 : 1;
    const declared = this.declareNamespaces(attributes);
    const namespace = this.resolvePrefix(name, at + 1, true);
    let expanded: Map<string, string> | undefined;
    for (const a of attributes) {
      if (!a.name.includes(':') || a.name.startsWith('xmlns:')) continue;
      const uri = this.resolvePrefix(a.name, a.offset, false);
      // Namespaces in XML: no two attributes with the same namespace and local name
      // (the same name written twice is already reported).
      const key = `${uri}\u0000${a.name.slice(a.name.indexOf(':') + 1)}`;
      expanded ??= new Map();
      const before = expanded.get(key);
      if (uri && before !== undefined && before !== a.name) {
        this.error(a.offset, 'xml-duplicate-attribute', `attribute ${a.name} appears twice on <${name}> (${before} names the same namespace and name)`, 'Keep one of the two values.');
      }
      expanded.set(key, a.name);
    }
    this.elements.push({ name, namespace, offset: at, attributes, depth: this.stack.length });
    if (selfClosing) {
      this.undeclare(declared);
      if (this.stack.length === 0) this.rootClosed = true;
    } else {
      this.stack.push({ name, offset: at, declared });
    }
  }

  private attribute(element: string, seen: Set<string>): AttributeSpan {
    const t = this.text;
    const offset = this.pos;
    const name = this.readName(offset, 'an attribute');
    if (!name || !NAME.test(name)) this.unclosedStartTag(element, offset);
    if (!name) this.fail(offset, 'xml-invalid-attribute', `unexpected "${t[offset]}" in start tag <${element}>`, 'Check the quotes and the ">" of this tag.');
    this.checkName(name, offset, 'attribute');
    this.pos += name.length;
    this.skipSpace();
    if (t[this.pos] !== '=') {
      this.unclosedStartTag(element, offset);
      this.fail(offset, 'xml-attribute-value', `attribute ${name} has no value`, `Write ${name}="…".`);
    }
    this.pos++;
    this.skipSpace();
    const quote = t[this.pos];
    if (quote !== undefined && TYPOGRAPHIC_QUOTES.includes(quote)) {
      const value = /^[^\s>/"']*/.exec(t.slice(this.pos + 1, this.pos + 201))?.[0].replace(TYPOGRAPHIC_QUOTE_END, '') ?? '';
      this.fail(
        this.pos,
        'xml-attribute-quotes',
        `the value of attribute ${name} is in typographic (curly) quotes ${quote}…: XML accepts only straight quotes (" or ') around a value`,
        `Write ${name}="${value || '…'}" with straight quotes (a word processor or an editor's "smart quotes" turns " into “ ”).`,
      );
    }
    if (quote !== '"' && quote !== "'") this.fail(this.pos, 'xml-attribute-quotes', `the value of attribute ${name} is not in quotes`, `Write ${name}="…".`);
    const valueOffset = this.pos + 1;
    const close = t.indexOf(quote, valueOffset);
    if (close === -1) this.fail(this.pos, 'xml-attribute-quotes', `the value of attribute ${name} is never closed`, `Close the value with ${quote}.`);
    if (close - valueOffset > MAX_TOKEN_LENGTH) this.tooLong(valueOffset, 'xml-value-too-long', `the value of attribute ${name} has ${count(close - valueOffset)} characters`, 'attribute value');
    const raw = t.slice(valueOffset, close);
    const lt = raw.indexOf('<');
    if (lt !== -1) this.missingQuote({ name, offset, raw, valueOffset });
    if (lt !== -1) this.fail(valueOffset + lt, 'xml-attribute-lt', `"<" is not allowed in the value of attribute ${name}`, 'Write "&lt;" or check for a missing closing quote.');
    for (let i = raw.indexOf('&'); i !== -1; i = raw.indexOf('&', i + 1)) this.reference(valueOffset + i, close);
    if (seen.has(name)) {
      this.error(offset, 'xml-duplicate-attribute', `attribute ${name} appears twice on <${element}>`, 'Keep one of the two values.');
    }
    seen.add(name);
    this.pos = close + 1;
    return { name, offset, raw, valueOffset };
  }

  /**
   * A value that ran past its closing quote, which is missing: `type="editorial resp="#ed"` (the value read is
   * `editorial resp=`), `type="editorial>text…` (a ">" in it) or `type="editorial”` (a typographic quote for the
   * straight one). Called where that value leads to an error later in the tag, which would otherwise be reported as
   * the consequence ("put a space before the attribute"); reported at the place of the missing quote, then stops.
   */
  private missingQuote(a: AttributeSpan): void {
    const quote = this.text[a.valueOffset - 1] as string;
    // The earliest of: a curly quote that ends a word, a ">", the next attribute's "name=" at the end.
    const m = [/[”’“‘](?=[\s/>]|$)/.exec(a.raw), /[”’“‘]?>/.exec(a.raw), /[ \t\r\n]+[^\s="'<>]+[ \t\r\n]*=[ \t\r\n]*$/.exec(a.raw)]
      .filter((x): x is RegExpExecArray => x !== null)
      .sort((x, y) => x.index - y.index)[0];
    if (!m) return;
    const value = a.raw.slice(0, m.index);
    const curly = /^[”’“‘]/.test(m[0]);
    this.fail(
      a.valueOffset + m.index,
      'xml-attribute-quotes',
      `the value of ${a.name} seems to lack its closing quote ${quote} (after "${value.length > 40 ? `${value.slice(0, 40)}…` : value}")${curly ? `: ${m[0][0]} is a typographic (curly) quote, which XML does not accept` : ''}`,
      `Put the closing ${curly ? 'straight ' : ''}${quote} after "${value.length > 40 ? `${value.slice(0, 40)}…` : value}": ${a.name}=${quote}${value.length > 40 ? '…' : value}${quote}.`,
    );
  }

  /**
   * An "attribute" with no "=" and no ">" before the next "<" is text: the start tag was not closed with ">"
   * (`<salute Dear Ben,</salute>`), which would otherwise be reported as an attribute without a value.
   * Reported where the ">" is missing (after the name or the last attribute). Asked only of an attribute that is
   * not one (no name, an invalid one, no "=").
   */
  private unclosedStartTag(element: string, offset: number): void {
    const t = this.text;
    const lt = t.indexOf('<', offset);
    if (lt === -1 || lt - offset > 1000) return;
    const rest = t.slice(offset, lt);
    if (rest.includes('=') || rest.includes('>')) return;
    let at = offset;
    while (at > 0 && isSpace(t.charCodeAt(at - 1))) at--;
    const text = rest.replace(/[ \t\r\n]+/g, ' ').trim();
    // No text (`<p <lb/>`, `<p <`): an unexpected "<" in the tag, as the caller says ("check the quotes and the >").
    if (!text) return;
    const shown = text.length > 30 ? `${text.slice(0, 30)}…` : text;
    this.fail(
      at,
      'xml-unclosed-tag',
      `the start tag <${element} seems not to be closed with ">" before its text "${shown}"`,
      `Write ">" after <${element} (or after its last attribute): <${element}>${shown}`,
    );
  }

  /** Binds the namespaces an element declares, checking the constraints of Namespaces in XML 1.0. */
  private declareNamespaces(attributes: AttributeSpan[]): string[] {
    const declared: string[] = [];
    for (const d of attributes) {
      if (d.name !== 'xmlns' && !d.name.startsWith('xmlns:')) continue;
      const prefix = d.name === 'xmlns' ? '' : d.name.slice(6);
      const uri = expandReferences(d.raw);
      const bad = (message: string): void => this.error(d.offset, 'xml-namespace-declaration', message, 'Remove the declaration or bind the prefix to a namespace of its own.');
      if (prefix === 'xmlns') bad('the prefix "xmlns" is reserved and may not be declared');
      else if (prefix === 'xml' && uri !== XML_NS) bad(`the prefix "xml" is bound to ${XML_NS} and nothing else`);
      else if (prefix !== 'xml' && uri === XML_NS) bad(`the namespace ${XML_NS} belongs to the prefix "xml" only`);
      else if (uri === XMLNS_NS) bad(`the namespace ${XMLNS_NS} may not be declared`);
      else if (prefix !== '' && uri === '') bad(`xmlns:${prefix}="" is not allowed: a prefix cannot be undeclared in XML 1.0`);
      // A namespace name is a URI reference (Namespaces in XML 1.0; libxml2 says so of any other).
      else if (uri !== '' && !isUriReference(uri))
        this.error(d.offset, 'xml-namespace-declaration', `the namespace name "${uri}" is not a valid URI`, 'A namespace name is a URI: write a space, a "%" or a character outside ASCII percent-encoded ("ä" as %C3%A4, a space as %20, "%" as %25).');
      else {
        let stack = this.bindings.get(prefix);
        if (!stack) this.bindings.set(prefix, (stack = []));
        stack.push(uri);
        declared.push(prefix);
      }
    }
    return declared;
  }

  private undeclare(prefixes: string[]): void {
    for (const p of prefixes) this.bindings.get(p)?.pop();
  }

  private resolvePrefix(qname: string, offset: number, isElement: boolean): string {
    const colon = qname.indexOf(':');
    if (colon === -1) return isElement ? (this.bindings.get('')?.at(-1) ?? '') : '';
    const prefix = qname.slice(0, colon);
    const uri = this.bindings.get(prefix)?.at(-1);
    if (uri === undefined) {
      this.error(offset, 'xml-undeclared-prefix', `namespace prefix "${prefix}" is not declared`, `Declare it with xmlns:${prefix}="…" on this or an ancestor element, or remove the prefix.`);
      return '';
    }
    return uri;
  }

  private endTag(): void {
    const t = this.text;
    const at = this.pos;
    const name = this.readName(at + 2, 'an element');
    this.pos = at + 2 + name.length;
    this.skipSpace();
    if (this.pos - at > MAX_TAG_LENGTH) this.tooLong(at, 'xml-tag-too-long', `the end tag </${name}> has more than ${count(MAX_TAG_LENGTH)} characters, the most`, 'tag', true);
    if (t[this.pos] !== '>') this.fail(at, 'xml-unclosed-tag', `end tag </${name}> is not closed with ">"`, 'Close the tag with ">".');
    this.pos++;
    this.unclosedEmptyElements(name, at);
    const open = this.stack.pop();
    if (!open) {
      this.fail(at, 'xml-unexpected-end-tag', `end tag </${name}> has no matching start tag`, `Delete </${name}> or add the missing <${name}>.`);
    }
    if (open.name !== name) {
      const where = this.lineOf(open.offset);
      const empty = TEI_EMPTY.has(localName(open.name));
      this.fail(
        at,
        'xml-mismatched-tag',
        `end tag </${name}> does not match the open element <${open.name}> (line ${where})`,
        empty
          ? `<${open.name}> is an empty element in TEI: write it <${open.name}/> (line ${where}), or fix the misspelt tag.`
          : `Close <${open.name}> with </${open.name}> before this point, or fix the misspelt tag.`,
      );
    }
    this.undeclare(open.declared);
    if (this.stack.length === 0) this.rootClosed = true;
  }

  /**
   * `<lb>` for `<lb/>`: an end tag that closes an element around elements TEI writes empty, left open. Each is
   * reported where it is written (not at the end tag, where the mismatch shows), and closed, so that the end tag
   * matches and nothing after it is a consequence.
   */
  private unclosedEmptyElements(name: string, at: number): void {
    let i = this.stack.length - 1;
    while (i >= 0 && (this.stack[i] as OpenElement).name !== name && TEI_EMPTY.has(localName((this.stack[i] as OpenElement).name))) i--;
    if (i < 0 || i === this.stack.length - 1 || (this.stack[i] as OpenElement).name !== name) return;
    for (const open of this.stack.splice(i + 1)) {
      this.error(
        open.offset,
        'xml-unclosed-element',
        `<${open.name}> is never closed (the end tag </${name}> on line ${this.lineOf(at)} closes the element around it): ${localName(open.name)} is an empty element in TEI`,
        `Write <${open.name}/>, with "/" before ">".`,
      );
      this.undeclare(open.declared);
    }
  }

  /** The file's lines, indexed once when a message first names a line (a file of many errors asks often). */
  private lines?: LineIndex;

  private lineOf(offset: number): number {
    return (this.lines ??= new LineIndex(this.text)).position(offset).line;
  }
}

/**
 * The web edition's rendering of a letter (the XHTML parts of
 * xslt/tei-to-html.xsl) → the body of its EPUB content document
 * (src/render/epub.ts), by one pass over the serialized parts, without
 * parsing them into a tree: for a letter of 10,000 notes (5.2 MB of XHTML)
 * the parse and the transform by XSLT cost 4.4-5.9 s of CPU, this pass
 * 0.6-1.1 s (both at load 14-20 on 2 cores).
 *
 * What changes (the rest is copied as it stands):
 * - note calls (`a` with class noteref) become EPUB note references
 *   (epub:type="noteref", without their ARIA role);
 * - the notes (`section` with class notes) become EPUB footnotes: the
 *   section keeps its class, aria-labelledby and heading; each of its
 *   `li` whose id starts with "note-" becomes an `aside` (epub:type
 *   "footnote") holding one paragraph, the note's number first; a note's own
 *   blocks (`p`, `div`) become spans of class "block";
 * - links to the web edition's other pages (not #fragments, not http(s)
 *   or mailto) become spans: the book's indexes take their place; except
 *   a link to the page of a letter in the book (options.letters: `other.html`,
 *   `other.html#p2`), which links that letter's content document instead,
 *   at the element named when its body has that id, else at its start;
 * - controls that need the web page's script (`button`, `script`) are left
 *   out, and the roles doc-endnotes and doc-backlink.
 *
 * Without letters to link, the output is, byte for byte, what SaxonJS's
 * XML serializer wrote when xslt/html-to-epub.xsl did this (its rules, in
 * its order of precedence; tests/epub-body.test.ts compares the two): empty
 * elements closed as
 * `<x/>`, text and attributes escaped as it escapes them, the EPUB
 * namespace declared on each element the stylesheet made (not copied) where
 * no ancestor declares it.
 *
 * The input is what the HTML stylesheet serialized: well-formed XML, each
 * part one or more elements in the XHTML namespace, attributes in double
 * quotes, no DOCTYPE and no CDATA section.
 */

import { expandReferences } from '../load/scan.js';

const EPUB_NS = 'http://www.idpf.org/2007/ops';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

interface Tag {
  name: string;
  /** [name, value] with the value unescaped, in document order. */
  attributes: [string, string][];
}

/** An element of the input that is open: what its end tag writes, and what its descendants' rules need to know. */
interface Open {
  /** Written at its end tag (nothing when left out). */
  end: string;
  /** Neither it nor its content is written, except notes inside the notes section. */
  hidden: boolean;
  /** The notes section itself: of its content, only its h2 and its notes are written. */
  notesSection: boolean;
  /** Inside the notes section (it or an ancestor). */
  inSection: boolean;
  /** Inside a note (an li whose id starts with "note-": it or an ancestor). */
  inNote: boolean;
  /** The EPUB namespace is declared on this element of the output or on an ancestor. */
  epub: boolean;
}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<\/[^\s>]+\s*>|<([^\s/>!?]+)((?:\s+[^\s=]+\s*=\s*"[^"]*")*)\s*(\/?)>|[^<]+/g;
const ATTRIBUTE = /([^\s=]+)\s*=\s*"([^"]*)"/g;
const OUTSIDE: Open = { end: '', hidden: false, notesSection: false, inSection: false, inNote: false, epub: false };

/** A letter of the book, as a link to its web page finds it in the EPUB. */
export interface EpubLetterTarget {
  /** Its content document (`letter-0003.xhtml`). */
  file: string;
  /** The ids its body has: a link's fragment is kept only when it is one of them. Not known: the fragment is kept and reported (EpubBodyOptions.unchecked). */
  ids?: ReadonlySet<string>;
}

export interface EpubBodyOptions {
  /** The letters of the book by the name of their web page (`<id>.html`, as the letters' links write it). */
  letters?: ReadonlyMap<string, EpubLetterTarget>;
  /** Filled with the ids the body's elements have. */
  ids?: Set<string>;
  /** Filled with the links written with a fragment whose target's ids were not known: [file, fragment]. */
  unchecked?: [string, string][];
}

/** The EPUB body of the concatenated XHTML parts (header, text, notes, apparatus). */
export function epubBody(parts: string, options: EpubBodyOptions = {}): string {
  const { letters, ids, unchecked } = options;
  const out: string[] = [];
  const stack: Open[] = [];
  // The last start tag written, without its ">": closed as "/>" if its element turns out empty, as the serializer did.
  let pending = false;
  const write = (s: string): void => {
    if (pending) out.push('>');
    pending = false;
    out.push(s);
  };
  for (const m of parts.matchAll(TOKEN)) {
    const [token, name, rawAttributes, selfClosing] = m;
    const parent = stack[stack.length - 1] ?? OUTSIDE;
    if (token.startsWith('</')) {
      const open = stack.pop();
      if (!open || open.hidden) continue;
      if (pending) {
        out.push('/>');
        pending = false;
      } else write(open.end);
      continue;
    }
    if (name === undefined) {
      // Text, a comment, a processing instruction: copied, unless left out with what holds it.
      if (parent.hidden || parent.notesSection) continue;
      write(token.startsWith('<') ? token : escapeText(expandReferences(token)));
      continue;
    }
    const tag: Tag = { name, attributes: [...(rawAttributes ?? '').matchAll(ATTRIBUTE)].map((a) => [a[1]!, expandReferences(a[2]!)]) };
    const open = start(tag, parent, stack.length === 0);
    if (selfClosing) {
      if (!open.hidden) {
        if (pending) {
          out.push('/>');
          pending = false;
        } else write(open.end);
      }
    } else stack.push(open);
  }
  if (pending) out.push('>');
  return out.join('');

  /** Writes the start tag of the element's counterpart (if any) and returns what its end and content need. */
  function start(tag: Tag, holder: Open, root: boolean): Open {
    const note = tag.name === 'li' && (get(tag, 'id') ?? '').startsWith('note-');
    // In the notes section: its notes wherever they stand in it (the stylesheet takes .//li), its h2; nothing else.
    if (holder.inSection && !holder.inNote) {
      if (note) {
        ids?.add(get(tag, 'id') ?? '');
        write(`<aside id="${escapeAttribute(get(tag, 'id') ?? '')}" class="${escapeAttribute(get(tag, 'class') ?? '')}" epub:type="footnote"><p><span class="note-number">${escapeText(get(tag, 'value') ?? '')}. </span>`);
        return { ...holder, notesSection: false, inNote: true, end: '</p></aside>', hidden: false };
      }
      if (!(holder.notesSection && tag.name === 'h2')) return { ...holder, notesSection: false, end: '', hidden: true };
    }
    // The section's heading is copied like any element, with all it holds.
    const parent = holder.notesSection ? { ...holder, notesSection: false, inSection: false } : holder;
    const inherited = { notesSection: false, inSection: parent.inSection, inNote: parent.inNote || note, epub: parent.epub };
    if (parent.hidden || tag.name === 'button' || tag.name === 'script') return { ...inherited, end: '', hidden: true };
    const classes = (get(tag, 'class') ?? '').split(/\s+/);
    const href = get(tag, 'href');
    // The stylesheet's templates, the later first where two match (as XSLT resolves it).
    if (tag.name === 'a' && href !== undefined && !href.startsWith('#') && !/^(https?|mailto):/i.test(href)) {
      // A letter of the book: a link as any other (the last rule), to its content document.
      const target = letters && letterHref(href);
      if (target !== undefined) {
        const kept = tag.attributes.filter(([k, v]) => !(k === 'role' && (v === 'doc-endnotes' || v === 'doc-backlink')) && !(root && k.startsWith('xmlns'))).map(([k, v]): [string, string] => [k, k === 'href' ? target : v]);
        return element(tag.name, `${namespaces(root, false)}${attributes(kept)}`, inherited);
      }
      const kept = ['class', 'lang', 'xml:lang', 'data-ref'].flatMap((n) => tag.attributes.filter(([k]) => k === n));
      return element('span', `${namespaces(root, !parent.epub)}${attributes(kept)}`, { ...inherited, epub: true });
    }
    if ((tag.name === 'p' || tag.name === 'div') && parent.inNote) {
      const cls = get(tag, 'class');
      const kept = tag.attributes.filter(([k]) => k !== 'class');
      return element('span', `${namespaces(root, !parent.epub)} class="${escapeAttribute(cls === undefined ? 'block' : `block ${cls}`)}"${attributes(kept)}`, { ...inherited, epub: true });
    }
    if (tag.name === 'section' && classes.includes('notes')) {
      const kept = tag.attributes.filter(([k]) => k === 'aria-labelledby');
      const open = element('section', `${namespaces(root, !parent.epub)} class="${escapeAttribute(get(tag, 'class') ?? '')}" epub:type="footnotes"${attributes(kept)}`, { ...inherited, epub: true });
      return { ...open, notesSection: true, inSection: true };
    }
    if (tag.name === 'a' && classes.includes('noteref')) {
      const kept = tag.attributes.filter(([k]) => k !== 'role' && !(root && k.startsWith('xmlns')));
      return element('a', `${namespaces(root, !parent.epub)} epub:type="noteref"${attributes(kept)}`, { ...inherited, epub: true });
    }
    const kept = tag.attributes.filter(([k, v]) => !(k === 'role' && (v === 'doc-endnotes' || v === 'doc-backlink')) && !(root && k.startsWith('xmlns')));
    return element(tag.name, `${namespaces(root, false)}${attributes(kept)}`, inherited);
  }

  /** Where a link to a web page leads in the EPUB, if that page is a letter's of the book. */
  function letterHref(href: string): string | undefined {
    const hash = href.indexOf('#');
    const target = letters!.get(hash < 0 ? href : href.slice(0, hash));
    if (!target) return undefined;
    const fragment = hash < 0 ? '' : href.slice(hash + 1);
    if (!fragment) return target.file;
    if (!target.ids) unchecked?.push([target.file, fragment]);
    else if (!target.ids.has(fragment)) return target.file;
    return `${target.file}#${fragment}`;
  }

  /** The attributes as written, their id noted. */
  function attributes(list: [string, string][]): string {
    if (ids) for (const [k, v] of list) if (k === 'id') ids.add(v);
    return writtenAttributes(list);
  }

  function element(name: string, rest: string, inherited: Omit<Open, 'end' | 'hidden'>): Open {
    write(`<${name}${rest}`);
    pending = true;
    return { ...inherited, end: `</${name}>`, hidden: false };
  }
}

function get(tag: Tag, name: string): string | undefined {
  return tag.attributes.find(([k]) => k === name)?.[1];
}

/** The namespace declarations of an element of the output: the EPUB one where it is first needed, the XHTML one on a root. */
function namespaces(root: boolean, epub: boolean): string {
  return `${epub ? ` xmlns:epub="${EPUB_NS}"` : ''}${root ? ` xmlns="${XHTML_NS}"` : ''}`;
}

function writtenAttributes(list: [string, string][]): string {
  return list.map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
}

// As SaxonJS's XML serializer writes them: the markup characters as entities; carriage returns, the C1 controls and
// U+2028 as decimal character references (so that no XML processor changes them); in attributes also '"' and the
// white space a parser would normalise.
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTRIBUTE_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&#34;' };

function escapeText(s: string): string {
  return s.replace(/[&<>\r\x7F-\x9F\u2028]/g, (c) => TEXT_ESCAPES[c] ?? `&#${c.charCodeAt(0)};`);
}

function escapeAttribute(s: string): string {
  return s.replace(/[&<>"\t\n\r\x7F-\x9F\u2028]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? `&#${c.charCodeAt(0)};`);
}

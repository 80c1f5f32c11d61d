/**
 * The words a reader gets from each output, for the corpus test:
 * - HTML: the text a browser shows (text nodes, blocks and line breaks
 *   apart), without what the stylesheet generates (class "generated": note
 *   numbers, brackets, page markers) and without hidden alternatives;
 * - Typst: the text the PDF sets, from the Typst source: escapes undone,
 *   calls of the page design dropped, footnotes taken out in order.
 */
import { parseFragment } from 'parse5';
import { JOIN_MARK } from './marks.js';

type P5Node = { nodeName: string; value?: string; attrs?: { name: string; value: string }[]; childNodes?: P5Node[] };

const HTML_BLOCKS = new Set(['div', 'p', 'section', 'article', 'li', 'ul', 'ol', 'td', 'th', 'tr', 'table', 'tbody', 'thead', 'caption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'figure', 'aside', 'header', 'footer', 'dl', 'dt', 'dd', 'br', 'hr']);

function attr(n: P5Node, name: string): string | undefined {
  return n.attrs?.find((a) => a.name === name)?.value;
}

/** The text of an HTML fragment as a reader sees it. */
export function htmlText(html: string): string {
  let out = '';
  const walk = (n: P5Node): void => {
    if (n.nodeName === '#text') {
      out += n.value ?? '';
      return;
    }
    if (n.nodeName.startsWith('#') && n.nodeName !== '#document-fragment') return;
    const classes = (attr(n, 'class') ?? '').split(/\s+/);
    if (classes.includes('generated') || attr(n, 'hidden') !== undefined || n.nodeName === 'script' || n.nodeName === 'style') return;
    if (n.nodeName === 'br') {
      out += attr(n, 'data-break') === 'no' ? JOIN_MARK : ' ';
      return;
    }
    // A TEI block inside phrasing content is a span.block, set as a block by the edition's CSS.
    const block = HTML_BLOCKS.has(n.nodeName) || classes.includes('block');
    if (block) out += ' ';
    for (const c of n.childNodes ?? []) walk(c);
    if (block) out += ' ';
  };
  walk(parseFragment(html) as unknown as P5Node);
  return out;
}

/**
 * A C1 control character (U+0080–U+009F, a Windows-1252 byte read as Latin-1
 * in some sources) as a browser reads it: the HTML parser takes its
 * character reference for the Windows-1252 character (WHATWG HTML,
 * numeric character reference end state), so "c\u009Cur" reads "cœur".
 */
const C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
export function asBrowserReads(s: string): string {
  return s.replace(/[\u0080-\u009F]/g, (c) => C1[c.charCodeAt(0) - 0x80] as string);
}

/** As the plain text and the PDF write a C1 control: as a browser reads it, and a space where Windows-1252 has no character (src/controls.ts). */
export function asOutputsRead(s: string): string {
  return asBrowserReads(s).replace(/[\u0080-\u009F]/g, ' ');
}

/** Calls of the page design (xslt/typst/edition.typ) that set no text of the document. */
const SILENT_CALLS = new Set(['ed-anchor', 'ed-pb', 'ed-pb-margin', 'metadata']);
const BREAK_CALLS = new Set(['linebreak', 'parbreak']);

/**
 * The text of the `#ed-text[…]` part of a generated Typst document, and the
 * footnotes in order. Handles what tei-to-typst.xsl writes: backslash
 * escapes, `#name(args)[content]` calls, and plain markup.
 */
export function typstText(typ: string): { text: string; notes: string[]; bibliography: string[] } {
  const start = typ.indexOf('#ed-text[');
  if (start < 0) return { text: '', notes: [], bibliography: [] };
  const notes: string[] = [];
  let i = start + '#ed-text['.length;
  // Reads markup up to the closing bracket of the current content block.
  const content = (): string => {
    let out = '';
    while (i < typ.length) {
      const c = typ[i] as string;
      if (c === '\\') {
        out += typ[i + 1] ?? '';
        i += 2;
      } else if (c === ']') {
        i++;
        return out;
      } else if (c === '#') {
        out += call();
      } else {
        out += c;
        i++;
      }
    }
    return out;
  };
  // #name(args)[content]…: the text the call sets.
  const call = (): string => {
    i++;
    const m = /^[A-Za-z][\w-]*/.exec(typ.slice(i, i + 64));
    const name = m ? m[0] : '';
    i += name.length;
    if (typ[i] === '(') skipArgs();
    const parts: string[] = [];
    while (typ[i] === '[') {
      i++;
      parts.push(content());
    }
    const inner = parts.join(' ');
    if (name === 'footnote') {
      notes.push(inner);
      return '';
    }
    if (SILENT_CALLS.has(name)) return '';
    if (BREAK_CALLS.has(name)) return ' ';
    if (name === 'ed-block' || name === 'ed-indent' || name === 'ed-editorial') return ` ${inner} `;
    return inner;
  };
  const skipArgs = (): void => {
    let depth = 0;
    while (i < typ.length) {
      const c = typ[i] as string;
      if (c === '"') {
        i++;
        while (i < typ.length && typ[i] !== '"') i += typ[i] === '\\' ? 2 : 1;
      } else if (c === '(') depth++;
      else if (c === ')') {
        depth--;
        if (depth === 0) {
          i++;
          return;
        }
      }
      i++;
    }
  };
  const text = content();
  // The bibliography after the text: #ed-bibliography(\n  [entry],\n  [entry],\n).
  const bibliography: string[] = [];
  const bib = typ.indexOf('#ed-bibliography(', i);
  if (bib >= 0) {
    i = bib + '#ed-bibliography('.length;
    for (;;) {
      while (i < typ.length && /[\s,]/.test(typ[i] as string)) i++;
      if (typ[i] !== '[') break;
      i++;
      bibliography.push(content());
    }
  }
  return { text, notes, bibliography };
}

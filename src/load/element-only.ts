/**
 * Word boundaries in element-only content. TEI's bibliographic containers
 * (biblStruct, analytic, monogr, series, imprint) hold elements only: the
 * white space between their children is not text, and many files have
 * none (`<author>Rowe</author><title>Letters</title>`). Every output reads
 * a document's text, so without a boundary the author's last word and the
 * title's first would run together in the web, print and text editions
 * alike. The reading text (Source.resolvedText, which the model and every
 * rendering read; the checks keep the file as written) gets one space
 * before each child that follows another with nothing but markup between.
 */
import { TEI_NS } from './source.js';
import type { ElementSpan } from './scan.js';

const ELEMENT_ONLY = new Set(['biblStruct', 'analytic', 'monogr', 'series', 'imprint']);

const localName = (e: ElementSpan): string => e.name.slice(e.name.indexOf(':') + 1);

/** The text with a space before each such child (undefined when none is needed). */
export function spacedElementOnly(text: string, elements: readonly ElementSpan[]): string | undefined {
  const at: number[] = [];
  // The open ancestors of the current element, by depth; and whether each has had a child yet.
  const open: { container: boolean; children: number }[] = [];
  for (const e of elements) {
    open.length = e.depth;
    const parent = open[e.depth - 1];
    if (parent) {
      if (parent.container && parent.children > 0 && !/\s/.test(text[e.offset - 1] ?? ' ')) at.push(e.offset);
      parent.children++;
    }
    open.push({ container: e.namespace === TEI_NS && ELEMENT_ONLY.has(localName(e)), children: 0 });
  }
  if (at.length === 0) return undefined;
  let out = '';
  let from = 0;
  for (const offset of at) {
    out += `${text.slice(from, offset)} `;
    from = offset;
  }
  return out + text.slice(from);
}

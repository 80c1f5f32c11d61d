/**
 * Escaping for XML written by string assembly (text and attribute values).
 * Control characters (C0 but tab and line breaks, DEL, C1, the line
 * separators) become spaces and bidi controls are dropped (src/controls.ts):
 * XML 1.1-only or display-reordering characters must not reach a CMIF
 * harvester from a TEI that happened to hold them.
 */
import { neutraliseText } from '../controls.js';

export function escapeXmlText(s: string): string {
  return neutraliseText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeXmlAttribute(s: string): string {
  return escapeXmlText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** ` name="value"` for each defined, non-empty value, in the order given. */
export function attributes(attrs: [string, string | undefined][]): string {
  return attrs
    .filter((a): a is [string, string] => a[1] !== undefined && a[1] !== '')
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(value)}"`)
    .join('');
}

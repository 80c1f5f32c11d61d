/**
 * The characters that must not reach a terminal or a line-oriented output
 * as they are: C0 and C1 control characters (ESC starts terminal escape
 * sequences, U+009B is the one-byte CSI, U+0085 a line break to some
 * readers), DEL, the Unicode line and paragraph separators, and the
 * bidirectional embedding, override and isolate controls, which make a
 * line display in another order than it reads ("Trojan source").
 * One place for the fact; the terminal formatter, the text outputs and the
 * citation formats (src/cite/controls.ts) each decide what to do with them.
 */

/** C0 (tab, LF and CR included: callers keep what structures their text), DEL, C1, U+2028, U+2029. */
// eslint-disable-next-line no-control-regex
export const BREAKING_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
/** Bidirectional embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069). */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

// eslint-disable-next-line no-control-regex
const FOR_TERMINAL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** The character as `\u{1B}`: what a terminal shows instead of obeying it. */
export function escapeCodePoint(c: string): string {
  return `\\u{${(c.codePointAt(0) as number).toString(16).toUpperCase()}}`;
}

/**
 * Text for a terminal: every control, separator and bidi control (marks
 * too) made visible as `\u{…}`; tabs kept (a caret under a column counts
 * them).
 */
export function visible(text: string): string {
  return text.replace(FOR_TERMINAL, escapeCodePoint);
}

/** What Windows-1252 has at bytes 0x80–0x9F (U+0000 where it has nothing). */
const WINDOWS_1252 = '€\u0000‚ƒ„…†‡ˆ‰Š‹Œ\u0000Ž\u0000\u0000‘’“”•–—˜™š›œ\u0000žŸ';

/**
 * The character Windows-1252 has at the byte a C1 control (U+0080–U+009F)
 * stands for, if any: in TEI a C1 character is nearly always Windows-1252
 * text once read as Latin-1 ("c\u009Cur" for "cœur"), and browsers show a
 * C1 character's reference as that character.
 */
export function windows1252(c: string): string | undefined {
  const cp = c.charCodeAt(0);
  const meant = cp >= 0x80 && cp <= 0x9f ? WINDOWS_1252[cp - 0x80] : undefined;
  return meant && meant !== '\u0000' ? meant : undefined;
}

/**
 * Text for a plain-text output (.txt): tabs and line breaks kept; a C1
 * control as the web page shows it (Windows-1252's character: "cœur", not
 * "c ur"); other controls and the separators become a space (they
 * separated words); bidi embeddings, overrides and isolates are removed
 * (they separate nothing).
 */
export function neutraliseText(text: string): string {
  return text.replace(BIDI_CONTROLS, '').replace(BREAKING_CONTROLS, (c) => (c === '\t' || c === '\n' || c === '\r' ? c : (windows1252(c) ?? ' ')));
}

/**
 * Serialized HTML with each character reference to a C1 control that
 * Windows-1252 has a character for written as that character ("&#156;" →
 * "œ"): what browsers show for the reference, now also what an XHTML reader
 * (the EPUB) and a copy of the page's source read, where the reference is
 * the control itself.
 */
export function windows1252References(html: string): string {
  if (!html.includes('&#1')) return html;
  return html.replace(/&#(12[89]|1[3-5]\d);/g, (ref, n: string) => windows1252(String.fromCharCode(Number(n))) ?? ref);
}

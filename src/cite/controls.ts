/**
 * Characters that must not reach a line-oriented output (RIS, CMIF, the
 * text printed by `tei-edition cite`, BibTeX): C0 and C1 control
 * characters (ESC, U+0085 NEXT LINE, U+009B CONTROL SEQUENCE INTRODUCER),
 * DEL, the Unicode line and paragraph separators, and the bidirectional
 * embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069),
 * which can make a line display in another order than it reads.
 *
 * Line breaks and other controls become a space (they separated words);
 * bidi controls are removed (they separate nothing). Every string of a
 * CitationRecord passes through here, so every citation format inherits it.
 */

import { BIDI_CONTROLS as BIDI, BREAKING_CONTROLS as BREAKING } from '../controls.js';

/** The text with controls neutralised and whitespace runs collapsed to one space, trimmed. */
export function plainLine(text: string): string {
  return text.replace(BIDI, '').replace(BREAKING, ' ').replace(/\s+/g, ' ').trim();
}

/** True when the text holds a character plainLine() would change (other than whitespace). */
export function hasControls(text: string): boolean {
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(text);
}

import { FINDINGS_PER_RULE, moreFindings, type Diagnostic } from '../diagnostic.js';
import { windows1252 } from '../controls.js';
import type { LineIndex } from './lines.js';

/**
 * The control characters XML 1.0 allows but discourages (§2.2: U+007F to
 * U+0084 and U+0086 to U+009F; U+0085 is a line end in XML 1.1). In TEI
 * they are nearly always text once written in Windows-1252 and later read
 * as Latin-1: "(\u0086 1832)" for "(† 1832)" in a dictionary of the test
 * corpora, 75 times. Browsers read the web page's character reference as
 * Windows-1252's character, and the plain text (src/controls.ts) and the
 * PDF (src/render/print.ts printable: its fonts have no glyph for the
 * control, and PDF/A refuses it) follow them, a space where Windows-1252
 * has no character.
 * A warning at each (at most FINDINGS_PER_RULE a file, then one summary),
 * naming the character Windows-1252 has at that byte. The text is never
 * changed: which character was meant is the editor's call.
 */
const DISCOURAGED = /[\u007f-\u0084\u0086-\u009f]/g;


export function discouragedControls(file: string, text: string, lines: LineIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  let more = 0;
  let moreAt = 0;
  for (const m of text.matchAll(DISCOURAGED)) {
    if (out.length === FINDINGS_PER_RULE) {
      if (more++ === 0) moreAt = m.index;
      continue;
    }
    const cp = m[0].charCodeAt(0);
    const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    // Windows-1252's character at that byte, where it has one.
    const meant = windows1252(m[0]);
    const guess = meant ? `; most likely "${meant}", Windows-1252's character at byte 0x${cp.toString(16).toUpperCase()}, read as Latin-1` : '';
    out.push({
      file,
      ...lines.position(m.index),
      severity: 'warning',
      source: 'xml',
      rule: 'xml-control-char',
      message: `character ${code} is a control character, which XML discourages${guess}`,
      // What each output makes of it (the page writes it as a character reference, which browsers read as Windows-1252's character).
      hint: meant
        ? `Write the character meant (here probably "${meant}"): until then the outputs show "${meant}" for ${code} (browsers read the web page's reference so, and the plain text and the PDF follow them).`
        : `Delete the character or write the one meant: the web page shows nothing for ${code}, the plain text and the PDF a space.`,
    });
  }
  if (more > 0) out.push(moreFindings({ ...(out[0] as Diagnostic), ...lines.position(moreAt) }, more));
  return out;
}

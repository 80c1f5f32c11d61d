/**
 * The words of a PDF of the print edition, read from the PDF itself with
 * pdfjs, for the corpus test. The PDF is tagged (Typst writes its logical
 * structure), so the reading order is the structure tree's, and:
 * - the reading text is what the page design sets after the heading block
 *   (title H1, subtitle, metadata rows, then the source note and the
 *   typography notice in 9 pt) and before the first section heading (H2:
 *   apparatus, bibliography, edition notice);
 * - footnotes are the structure's Note elements, taken out in order;
 * - what the page design adds is not counted: the calls and numbers of
 *   footnotes (Lbl), line numbers (in the left margin), page and column
 *   markers ("[p. 2]"), running heads and page numbers (artifacts); a
 *   hyphen Typst adds to break a word at a line end (marked content of its
 *   own, with the soft hyphen as its actual text) joins the word again;
 * - the bibliography is the text after the H2 "Bibliography".
 * The order is the structure tree's (the logical order: a superscript or a
 * footnote where it belongs); a footnote that runs on to the next page is
 * one note.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

interface StructNode {
  role?: string;
  type?: string;
  id?: string;
  children?: StructNode[];
}

interface Piece {
  str: string;
  eol: boolean;
  x: number;
  size: number;
  /** Inside marked content nested in a tagged span: a hyphen Typst added at a line break. */
  nested: boolean;
}

export interface PdfReading {
  text: string;
  notes: string[];
  bibliography: string;
}

/** Text the page design adds between words: page and column markers. */
const MARKER = /^\[(?:p\.|col\.) [^\]]*\]$|^\[(?:page|column) break\]$/;
/** The text block starts at the left margin (1.25 in); line numbers stand left of it. */
const LEFT_MARGIN = 90 - 1;
/** The text is 11 pt (back matter 10 pt); the source note and typography notice that end the heading block are 9 pt. */
const TEXT_SIZE = 9.75;
const NOTICE_SIZE = 9.5;

/** Whether a Note starts here: it holds its number (Lbl), also inside a paragraph of its own. */
function numbered(n: StructNode): boolean {
  return (n.children ?? []).some((c) => c.role === 'Lbl' || (c.role !== 'Note' && numbered(c)));
}

export async function pdfReading(pdf: Uint8Array): Promise<PdfReading> {
  // pdfjs takes ownership of (detaches) the buffer it is given: give it a copy.
  const doc = await getDocument({ data: pdf.slice(), disableFontFace: true, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  let state: 'head' | 'text' | 'after' = 'head';
  let section = '';
  let seenNotice = false;
  let text = '';
  let bibliography = '';
  const notes: string[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent({ includeMarkedContent: true });
      // Marked content id (MCID) → its pieces of text.
      const byId = new Map<string, Piece[]>();
      const stack: (string | null)[] = [];
      for (const it of content.items) {
        if ('type' in it) {
          if (it.type === 'beginMarkedContent' || it.type === 'beginMarkedContentProps') stack.push(it.id ?? (stack.length ? '' : null));
          else if (it.type === 'endMarkedContent') stack.pop();
          continue;
        }
        const owner = stack.find((s) => s) ?? null;
        if (!owner) continue; // an artifact: running head, page number
        const [a, b, , , x] = it.transform as number[];
        const piece = { str: it.str, eol: it.hasEOL, x: x as number, size: Math.hypot(a as number, b as number), nested: stack.length > 1 && stack[stack.length - 1] === '' };
        (byId.get(owner) ?? byId.set(owner, []).get(owner))?.push(piece);
      }
      const read = (pieces: Piece[]): string =>
        pieces
          .filter((q) => q.x >= LEFT_MARGIN && !MARKER.test(q.str.trim()))
          .map((q) => (q.nested && q.str === '-' ? '\u0001' : q.str + (q.eol ? '\n' : '')))
          .join('');
      // The structure tree gives the reading order (footnotes nested at their calls).
      const walk = (n: StructNode, sink: (s: string) => void): void => {
        if (n.role === 'Lbl' || n.role === 'H1' || n.type === 'object') return;
        if (n.role === 'Note') {
          let note = '';
          for (const c of n.children ?? []) walk(c, (s) => (note += s));
          // A footnote that runs on to the next page goes on there without its number.
          if (numbered(n) || !notes.length) notes.push(note);
          else notes[notes.length - 1] += ' ' + note;
          return;
        }
        if (n.role === 'H2') {
          let heading = '';
          for (const c of n.children ?? []) walk(c, (s) => (heading += s));
          if (state === 'text') state = 'after';
          section = heading.trim();
          return;
        }
        if (n.type === 'content' && n.id) {
          const pieces = byId.get(n.id) ?? [];
          // The heading block ends with the source note and the typography notice (9 pt); the text follows.
          if (state === 'head' && pieces.some((q) => q.str.trim() && q.size < NOTICE_SIZE)) seenNotice = true;
          else if (state === 'head' && seenNotice && pieces.some((q) => q.size >= TEXT_SIZE && q.str.trim())) state = 'text';
          sink(read(pieces));
          return;
        }
        for (const c of n.children ?? []) walk(c, sink);
      };
      const tree = (await page.getStructTree()) as StructNode | null;
      if (tree)
        walk(tree, (s) => {
          if (state === 'text') text += s;
          else if (state === 'after' && section === 'Bibliography') bibliography += s;
        });
    }
  } finally {
    await doc.destroy();
  }
  return { text, notes, bibliography };
}

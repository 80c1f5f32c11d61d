/**
 * The words of a PDF of the print edition, read from the PDF itself with
 * pdfjs, for the corpus test. The PDF is tagged (Typst writes its logical
 * structure), so the reading order is the structure tree's, and:
 * - the reading text is what the page design sets after the heading block
 *   (title H1, metadata rows, source note: all smaller than the 11 pt of
 *   the text) and before the first section heading after it (H2:
 *   apparatus, bibliography, edition notice);
 * - footnotes are the structure's Note elements, taken out in order;
 * - what the page design adds is not counted: the calls and numbers of
 *   footnotes (Lbl), line numbers (in the left margin), page and column
 *   markers ("[p. 2]"), running heads and page numbers (artifacts); a
 *   hyphen Typst adds to break a word at a line end (marked content of its
 *   own, with the soft hyphen as its actual text) joins the word again;
 * - the bibliography is the text after the H2 "Bibliography".
 * The structure tree tells what each piece is; the order is the content
 * stream's (the order in which the text is set on the page; Typst's tree
 * puts emphasised spans of a block before the rest).
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
const TEXT_SIZE = 10.75;

export async function pdfReading(pdf: Uint8Array): Promise<PdfReading> {
  // pdfjs takes ownership of (detaches) the buffer it is given: give it a copy.
  const doc = await getDocument({ data: pdf.slice(), disableFontFace: true, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  let state: 'head' | 'text' | 'after' = 'head';
  let section = '';
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
      // The structure tells what each marked content is; the content stream gives the order (as set on the page).
      const role = new Map<string, string>();
      const noteOf = new Map<string, number>();
      const classify = (n: StructNode, inherited: string, note: number | undefined): void => {
        if (n.type === 'content' && n.id) {
          role.set(n.id, inherited);
          if (note !== undefined) noteOf.set(n.id, note);
          return;
        }
        let r = inherited;
        let k = note;
        if (n.role === 'Lbl') r = 'Lbl';
        else if (n.role === 'H1' || n.role === 'H2') r = n.role;
        else if (n.role === 'Note' && note === undefined) {
          k = notes.length;
          notes.push('');
        }
        for (const c of n.children ?? []) classify(c, r, k);
      };
      const tree = (await page.getStructTree()) as StructNode | null;
      if (tree) classify(tree, '', undefined);
      for (const [id, pieces] of byId) {
        const r = role.get(id) ?? '';
        if (r === 'Lbl' || r === 'H1') continue;
        const note = noteOf.get(id);
        if (note !== undefined) {
          notes[note] += read(pieces);
          continue;
        }
        if (r === 'H2') {
          if (state === 'text') state = 'after';
          section = pieces.map((q) => q.str).join('').trim();
          continue;
        }
        if (state === 'head' && pieces.some((q) => q.size >= TEXT_SIZE && q.str.trim())) state = 'text';
        if (state === 'text') text += read(pieces);
        else if (state === 'after' && section === 'Bibliography') bibliography += read(pieces);
      }
    }
  } finally {
    await doc.destroy();
  }
  return { text, notes, bibliography };
}

/**
 * The oracle of the corpus test: the words each output must contain, read
 * straight from the TEI by a walk written here (independent of the
 * stylesheets under test), following the rule the README states in "What
 * each output includes":
 *
 * - the reading text is the text of <text> (every outermost one), not the
 *   header, standOff, facsimile or sourceDoc;
 * - choice: corr, reg, expan or ex, else its first alternative;
 * - app: the lemma, never a reading (rdg);
 * - fw (running heads, catchwords), interp, figDesc, and span annotating a
 *   range (@from/@to, in a spanGrp) are not reading text;
 * - del: in the web and print editions (struck through), not in the plain text;
 * - note: web and print editions give the notes (HTML: in the notes list
 *   after the text, in order); the plain text has no notes;
 * - the bibliography of standOff (each head, bibl, biblStruct, msDesc of a
 *   listBibl there) is not reading text, but it is not lost: web and print
 *   editions set it after the text, one entry each, notes in it inline;
 *   the plain text leaves it out (the annotated text has it);
 * - an empty ref (no words of its own) shows its target in the print
 *   edition, as a ptr does (the web page marks it generated);
 * - word boundaries: lb, pb and cb are boundaries unless break="no" (the
 *   word goes on across them, whatever white space lays out the source);
 *   <space/> is a boundary; blocks, table cells and list items are apart.
 */
import { XMLParser } from 'fast-xml-parser';
import { JOIN_MARK } from './marks.js';

export type Output = 'html' | 'txt' | 'print';

type XNode = { [name: string]: XNode[] | string | Record<string, string> | undefined; ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  commentPropName: '#comment',
  ignorePiTags: true,
});

const SKIPPED = new Set(['teiHeader', 'standOff', 'facsimile', 'sourceDoc', 'fw', 'rdg', 'rdgGrp', 'witDetail', 'wit', 'interp', 'interpGrp', 'spanGrp', 'link', 'linkGrp', 'figDesc', 'certainty', 'precision', 'respons', 'alt', 'altGrp', 'join', 'joinGrp', 'timeline', 'index']);

const BLOCKS = new Set([
  'text', 'front', 'body', 'back', 'group', 'floatingText', 'div', 'div1', 'div2', 'div3', 'div4', 'div5', 'div6', 'div7',
  'p', 'ab', 'head', 'lg', 'l', 'list', 'item', 'table', 'row', 'cell', 'figure', 'sp', 'speaker', 'stage',
  'opener', 'closer', 'dateline', 'salute', 'signed', 'byline', 'docDate', 'address', 'addrLine', 'postscript', 'trailer',
  'epigraph', 'argument', 'titlePage', 'docTitle', 'titlePart', 'docImprint', 'docEdition', 'listBibl', 'biblStruct',
  'listPerson', 'listPlace', 'listOrg', 'listEvent', 'person', 'place', 'org', 'event', 'entry', 'entryFree', 'superEntry',
  'msDesc',
]);

const ELEMENT_ONLY = new Set(['choice', 'subst', 'app', 'rdgGrp']);
const ENTRIES = new Set(['person', 'personGrp', 'place', 'org', 'event']);
/** Bibliographic containers of elements only: their children are apart even when the file has no white space between them. */
const BIBLIOGRAPHIC = new Set(['biblStruct', 'analytic', 'monogr', 'series', 'imprint']);

/** Separator between words; JOIN glues the two sides of a break inside a word. */
const SEP = ' ';
const JOIN = JOIN_MARK;

function nameOf(n: XNode): string {
  return Object.keys(n).find((k) => k !== ':@') ?? '';
}

function localTei(name: string): string | undefined {
  if (name.startsWith('tei:')) return name.slice(4);
  return name.includes(':') ? undefined : name;
}

function children(n: XNode): XNode[] {
  const v = n[nameOf(n)];
  return Array.isArray(v) ? v : [];
}

export interface ReadingText {
  /** The reading text with notes replaced by nothing. */
  text: string;
  /** The notes of the text, in order (for the web edition's notes list). */
  notes: string[];
  /** The entries of standOff's bibliographies, in order (web and print: after the text). */
  bibliography: string[];
}

/** The last document parsed: each test reads the same document for several outputs in a row (the walk never changes it). */
let last: { xml: string; doc: XNode[] } | undefined;
function parsed(xml: string): XNode[] {
  if (last?.xml !== xml) last = { xml, doc: parser.parse(xml) as XNode[] };
  return last.doc;
}

/** The reading text of a TEI document for one output. */
export function readingText(xml: string, output: Output): ReadingText {
  const doc = parsed(xml);
  const notes: string[] = [];
  const walk = (nodes: XNode[], inNote: boolean, parentLocal = ''): string => {
    let out = '';
    for (const n of nodes) {
      const name = nameOf(n);
      if (name === '#text') {
        // White space that only indents the children of choice, subst, app is no word boundary.
        if (!(ELEMENT_ONLY.has(parentLocal) && !String(n['#text']).trim())) out += String(n['#text']);
        continue;
      }
      if (name === '#comment' || name.startsWith('?')) continue;
      const local = localTei(name);
      const attrs = n[':@'] ?? {};
      const kids = children(n);
      if (local === undefined) {
        out += walk(kids, inNote, '');
        continue;
      }
      if (SKIPPED.has(local)) continue;
      if (local === 'span' && (attrs.from || attrs.to)) continue;
      if (local === 'del' && output === 'txt') continue;
      if ((local === 'lb' || local === 'pb' || local === 'cb') && !kids.length) {
        out += attrs.break === 'no' ? JOIN : SEP;
        continue;
      }
      if (local === 'space') {
        out += SEP;
        continue;
      }
      if (local === 'ref' && output === 'print' && attrs.target?.trim() && !kids.some((k) => nameOf(k) !== '#text' || String(k['#text']).trim())) {
        out += attrs.target.trim();
        continue;
      }
      if (local === 'note') {
        if (inNote) out += SEP + walk(kids, true) + SEP;
        else if (output !== 'txt') notes.push(tidy(walk(kids, true)));
        continue;
      }
      if (local === 'app') {
        const lem = kids.find((k) => localTei(nameOf(k)) === 'lem');
        if (lem) out += walk(children(lem), inNote);
        continue;
      }
      if (local === 'choice') {
        const elements = kids.filter((k) => !['#text', '#comment'].includes(nameOf(k)));
        const shown = ['corr', 'reg', 'expan', 'ex'].map((w) => elements.find((k) => localTei(nameOf(k)) === w)).find(Boolean) ?? elements[0];
        if (shown) out += walk(children(shown), inNote);
        continue;
      }
      if (local === 'listBibl') {
        // Each bibl of a bibliography is an entry of its own.
        out += SEP + kids.map((k) => SEP + walk([k], inNote) + SEP).join('') + SEP;
        continue;
      }
      if (ENTRIES.has(local) || BIBLIOGRAPHIC.has(local)) {
        // The parts of a register entry (name, dates, note) are apart.
        out += SEP + kids.map((k) => walk([k], inNote) + (nameOf(k) === '#text' ? '' : SEP)).join('') + SEP;
        continue;
      }
      const inner = walk(kids, inNote, local);
      out += BLOCKS.has(local) ? SEP + inner + SEP : inner;
    }
    return out;
  };
  const texts: XNode[] = [];
  const findTexts = (nodes: XNode[]): void => {
    for (const n of nodes) {
      const local = localTei(nameOf(n));
      if (local === 'text') texts.push(n);
      else if (local !== 'teiHeader' && local !== 'standOff') findTexts(children(n));
    }
  };
  findTexts(doc);
  const text = tidy(texts.map((t) => walk([t], false)).join(SEP));
  const bibliography: string[] = [];
  const findBibliographies = (nodes: XNode[], inStandOff: boolean): void => {
    for (const n of nodes) {
      const local = localTei(nameOf(n));
      if (local === 'teiHeader' || local === 'text') continue;
      if (inStandOff && local === 'listBibl') {
        for (const k of children(n)) {
          const kl = localTei(nameOf(k));
          if (kl === 'listBibl') findBibliographies([k], true);
          else if (kl === 'head' || kl === 'bibl' || kl === 'biblStruct' || kl === 'msDesc') {
            const entry = tidy(walk([k], true));
            if (entry) bibliography.push(entry);
          }
        }
      } else findBibliographies(children(n), inStandOff || local === 'standOff');
    }
  };
  findBibliographies(doc, false);
  return { text, notes, bibliography };
}

/** Joins the parts of words broken across a line (white space around a JOIN is layout). */
export function tidy(s: string): string {
  return s.replace(/\s*\u0001\s*/g, '').replace(/\s+/g, ' ').trim();
}

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

/**
 * A run (between white space) that is one plain word, with punctuation only
 * before or after it: Latin letters (Latin-1's included: ALetter in UAX #29)
 * and ASCII digits (Numeric) are one word (the rules never break between
 * them: WB5, WB8, WB9, WB10), and the punctuation here can join a word only
 * when a letter or digit stands on its other side (WB6, WB7, WB11, WB12),
 * which never happens at the edge of a run. Such a run needs no segmenter;
 * any other run (an apostrophe or hyphen inside, other scripts, combining
 * marks) is segmented.
 */
const PLAIN_WORD = /^[(\[{"'\u00AB\u2018\u201C\u201E-]*([A-Za-z0-9\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF]+)[.,;:!?)\]}"'\u00BB\u2019\u201D-]*$/;

/** Words by Unicode word boundaries (UAX #29): punctuation and spaces are not words. */
export function wordsOf(s: string): string[] {
  // White space is a word boundary (WB3a, WB3b) that no rule bridges, so the text is taken run by
  // run between white space. The runs that are not plain words are segmented together, joined by
  // spaces, in batches of about 2,000 characters (V8 segments one long string in quadratic time),
  // and each word found goes back to the run it came from, in order.
  const runs = s.normalize('NFC').split(/\s+/).filter((r) => r !== '');
  const words: (string | string[])[] = new Array(runs.length);
  let batch = '';
  let starts: number[] = [];
  let owners: number[] = [];
  const flush = (): void => {
    let r = 0;
    for (const seg of segmenter.segment(batch)) {
      if (!seg.isWordLike) continue;
      while (r + 1 < starts.length && (starts[r + 1] as number) <= seg.index) r++;
      (words[owners[r] as number] as string[]).push(seg.segment);
    }
    batch = '';
    starts = [];
    owners = [];
  };
  for (const [i, run] of runs.entries()) {
    const plain = PLAIN_WORD.exec(run);
    if (plain) {
      words[i] = plain[1] as string;
      continue;
    }
    words[i] = [];
    if (batch) batch += ' ';
    starts.push(batch.length);
    owners.push(i);
    batch += run;
    if (batch.length > 2000) flush();
  }
  if (batch) flush();
  return words.flat();
}

/** The first place where two word lists differ, with context, or undefined when they are equal. */
export function firstDifference(expected: string[], actual: string[]): string | undefined {
  const n = Math.min(expected.length, actual.length);
  let i = 0;
  while (i < n && expected[i] === actual[i]) i++;
  if (i === expected.length && i === actual.length) return undefined;
  const around = (w: string[]): string => w.slice(Math.max(0, i - 5), i + 6).join(' ');
  return `word ${i + 1} of ${expected.length} (output has ${actual.length}): expected «${around(expected)}», got «${around(actual)}»`;
}

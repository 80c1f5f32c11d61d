/**
 * The print edition (xslt/tei-to-typst.xsl + xslt/typst/edition.typ,
 * compiled by src/render/print.ts), read back with pdfjs-dist:
 *
 * - the letter's words in order (hyphenation at line ends joined; the
 *   typographic quotation marks and em dash mapped back to the copy text's
 *   straight quotes and double hyphen), note calls where the notes stand;
 * - every note on the page where it is called; the apparatus, each entry
 *   keyed to the line where its lemma stands (lines counted back from the
 *   PDF); the heading block, running heads, page numbers;
 * - metadata (Title, Author, Subject, Keywords, Lang), tagged PDF, PDF/A-2b
 *   identification, fonts embedded, page size, byte-identical rebuilds;
 * - safety: the hostile fixture's Typst syntax appears literally; the
 *   compiler itself reads no file and imports no package even when handed
 *   unescaped code.
 *
 * Golden file: tests/golden/typst/eisenhower-bulganin-1956-11-04.typ (the
 * whole Typst source). After checking a difference, rewrite it with
 *
 *     UPDATE_GOLDEN=1 npx vitest run tests/render-print.test.ts
 *
 * Artifacts (git-ignored) in tests/artifacts/: the PDFs and, where
 * poppler's pdftoppm is installed, an image of page 1 of the letter.
 */
import { checkGolden } from './golden.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readDocumentModel } from '../src/model/read.js';
import type { DocumentModel } from '../src/model/types.js';
import { loadPrintRenderer, pdfDate, renderPrint, type PrintEdition, type PrintRenderer } from '../src/render/print.js';
import { compileTypst, TypstCompileError } from '../src/render/typst.js';
import { words, teiReadingWords, teiNotes } from './tei-text.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LETTER = join(root, 'tests', 'fixtures', 'letter', 'tei', 'eisenhower-bulganin-1956-11-04.xml');
const COPY_TEXT = join(root, 'tests', 'fixtures', 'copy-text', '000_7c683ee98f370b22.txt');
const HOSTILE = join(root, 'tests', 'fixtures', 'typst-hostile', 'hostile.xml');
const GOLDEN_DIR = join(root, 'tests', 'golden', 'typst');
const ARTIFACTS = join(root, 'tests', 'artifacts');
const FRUS = [join(root, 'tests', 'fixtures', 'frus', 'frus1955-57v25-d166.xml'), resolve(root, '../shared/sources/frus1955-57v25-d166.xml')].find(
  (f) => existsSync(f),
);
if (!FRUS) console.warn('[render-print] SKIPPED: the FRUS witness frus1955-57v25-d166.xml was not found; its tests do not run.');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const HAVE_PDFTOPPM = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('[render-print] SKIPPED: pdftoppm (poppler-utils) is not installed; no page image is written.');
    return false;
  }
})();
const TEI = 'http://www.tei-c.org/ns/1.0';

// The PDF's date must come from the TEI here, whatever the environment says.
const savedEpoch = process.env.SOURCE_DATE_EPOCH;
delete process.env.SOURCE_DATE_EPOCH;
afterAll(() => {
  if (savedEpoch !== undefined) process.env.SOURCE_DATE_EPOCH = savedEpoch;
});

let render: PrintRenderer;
let hostileEdition: Promise<{ model: DocumentModel; edition: PrintEdition }> | undefined;
/** The hostile fixture rendered once: the determinism test renders it between two renders of the letter, the safety tests read it. */
const hostileRendered = (): Promise<{ model: DocumentModel; edition: PrintEdition }> =>
  (hostileEdition ??= (async () => {
    const text = readFileSync(HOSTILE, 'utf8');
    const model = await readDocumentModel(HOSTILE, text);
    return { model, edition: render(text, model) };
  })());
let letterText: string;
let letterModel: DocumentModel;
let letter: PrintEdition;
let letterPdf: ReadPdf;

beforeAll(async () => {
  render = await loadPrintRenderer();
  letterText = readFileSync(LETTER, 'utf8');
  letterModel = await readDocumentModel(LETTER, letterText);
  letter = render(letterText, letterModel);
  letterPdf = await readPdf(letter.pdf);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'eisenhower-bulganin-1956-11-04.pdf'), letter.pdf);
  writeFileSync(join(ARTIFACTS, 'eisenhower-bulganin-1956-11-04.typ'), letter.typst);
}, 120_000);

// ------------------------------------------------------------------ reading the PDF back

interface Item {
  page: number;
  str: string;
  size: number;
  x: number;
  y: number;
  width: number;
  eol: boolean;
}

interface ReadPdf {
  numPages: number;
  items: Item[];
  info: Record<string, unknown>;
  xmp: { get(name: string): unknown } | null;
  markInfo: { Marked?: boolean } | null;
  hasStructTree: boolean;
  views: number[][];
  fonts: { name: string; missingFile: boolean }[];
  bytes: string;
}

async function readPdf(pdf: Uint8Array): Promise<ReadPdf> {
  // pdfjs takes ownership of (detaches) the buffer it is given: give it a copy.
  const doc = await getDocument({
    data: pdf.slice(),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    fontExtraProperties: true,
    verbosity: 0,
  }).promise;
  const items: Item[] = [];
  const views: number[][] = [];
  const fonts = new Map<string, { name: string; missingFile: boolean }>();
  let hasStructTree = true;
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    views.push(page.view);
    const content = await page.getTextContent();
    for (const it of content.items) {
      if (!('str' in it)) continue;
      const [a, b, , , x, y] = it.transform as number[];
      items.push({ page: p, str: it.str, size: Math.hypot(a!, b!), x: x!, y: y!, width: it.width, eol: it.hasEOL });
    }
    hasStructTree &&= (await page.getStructTree()) !== null;
    const ops = await page.getOperatorList();
    for (let i = 0; i < ops.fnArray.length; i++) {
      if (ops.fnArray[i] !== OPS.setFont) continue;
      const id = (ops.argsArray[i] as [string])[0];
      const font = page.commonObjs.get(id) as { name: string; missingFile: boolean };
      fonts.set(id, { name: font.name, missingFile: font.missingFile });
    }
  }
  const meta = await doc.getMetadata();
  const markInfo = (await doc.getMarkInfo()) as { Marked?: boolean } | null;
  const result = {
    numPages: doc.numPages,
    items,
    info: meta.info as Record<string, unknown>,
    xmp: meta.metadata as ReadPdf['xmp'],
    markInfo,
    hasStructTree,
    views,
    fonts: [...fonts.values()],
    bytes: Buffer.from(pdf).toString('latin1'),
  };
  await doc.destroy();
  return result;
}

/** The copy text's characters for the print edition's typographic ones. */
const plainTypography = (s: string): string => s.replace(/[“”]/g, '"').replace(/[‘’]/g, "'").replace(/—/g, '--');
/** For finding a text anywhere: typography undone, white space, hyphens and quotation marks dropped. */
const canon = (s: string): string => plainTypography(s).replace(/[\s\-"']+/g, '');

interface Token {
  text: string;
  page: number;
  y: number;
  eol: boolean;
}

/** Words of the items that pass the filter, in reading order, each marked when a line ends after it. */
function tokens(items: Item[], keep: (i: Item) => boolean): Token[] {
  const out: Token[] = [];
  let current: Token | undefined;
  for (const item of items) {
    if (keep(item)) {
      for (const [k, piece] of item.str.split(/(\s+)/).entries()) {
        if (k % 2 === 1 || piece === '') {
          if (piece !== '') current = undefined;
          continue;
        }
        if (current) current.text += piece;
        else out.push((current = { text: piece, page: item.page, y: item.y, eol: false }));
      }
    }
    if (item.eol) {
      if (current) current.eol = true;
      else if (out.length) out[out.length - 1]!.eol = true;
      current = undefined;
    }
  }
  return out;
}

/** The text of the items, lines joined by spaces. */
const textOf = (items: Item[]): string => items.map((i) => i.str + (i.eol ? ' ' : '')).join('');

/** Sizes: the text 11 pt (the Public Papers' note 10 pt), notes and apparatus 9 pt, line numbers 7 pt. */
const isTextSize = (i: Item): boolean => i.size > 9.9 && i.size < 11.1;

/**
 * Matches the expected words against the tokens from `start`: equal after
 * typography is undone, a note call glued to a word ("Hungary1"), a word
 * hyphenated at a line end ("inexpres-" "sibly", "non-" "intervention").
 * Returns the note calls found, with the page each stands on.
 */
function matchWords(expected: string[], toks: Token[], start: number): { calls: { n: number; page: number }[]; end: number } {
  let i = start;
  let next = 1;
  const calls: { n: number; page: number }[] = [];
  const same = (t: string, w: string, page: number): boolean => {
    if (t === w) return true;
    if (t === w + String(next)) {
      calls.push({ n: next++, page });
      return true;
    }
    return false;
  };
  for (const [k, w] of expected.entries()) {
    const tok = toks[i];
    const t = plainTypography(tok?.text ?? '<end>');
    if (tok && same(t, w, tok.page)) {
      i++;
      continue;
    }
    const following = toks[i + 1];
    if (tok?.eol && t.endsWith('-') && following) {
      const n = plainTypography(following.text);
      if (same(t.slice(0, -1) + n, w, tok.page) || same(t + n, w, tok.page)) {
        i += 2;
        continue;
      }
    }
    const context = toks.slice(Math.max(start, i - 5), i + 3).map((x) => x.text).join(' ');
    throw new Error(`word ${k + 1} of ${expected.length}: expected ${JSON.stringify(w)}, the PDF has ${JSON.stringify(tok?.text)} (… ${context} …)`);
  }
  return { calls, end: i };
}

function findStart(expected: string[], toks: Token[]): number {
  const head = expected.slice(0, 4);
  const start = toks.findIndex((_, i) => head.every((w, k) => plainTypography(toks[i + k]?.text ?? '') === w));
  if (start < 0) throw new Error(`the first words ${JSON.stringify(head)} are not in the PDF`);
  return start;
}



/** The lines of the text as the PDF sets them (11 and 10 pt, from the first line of the text to the apparatus). */
function textLines(pdf: ReadPdf, firstLine: RegExp): { page: number; y: number; text: string }[] {
  const lines: { page: number; y: number; text: string }[] = [];
  for (const item of pdf.items) {
    if (!isTextSize(item) || item.str.trim() === '') continue;
    const last = lines[lines.length - 1];
    if (last && last.page === item.page && Math.abs(last.y - item.y) < 0.5) last.text += item.str;
    else lines.push({ page: item.page, y: item.y, text: item.str });
  }
  const start = lines.findIndex((l) => firstLine.test(l.text));
  const end = lines.findIndex((l, i) => i > start && l.text === 'Apparatus');
  return lines.slice(start, end < 0 ? undefined : end);
}


// ------------------------------------------------------------------ the letter

describe('the letter as PDF: text, notes, apparatus', () => {
  it('every word of the copy text appears in order, with the note calls 1–7 where the notes stand', () => {
    const expected = words(readFileSync(COPY_TEXT, 'utf8'));
    const toks = tokens(letterPdf.items, isTextSize);
    const { calls } = matchWords(expected, toks, findStart(expected, toks));
    expect(calls.map((c) => c.n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('sets the copy text typographically: curly quotation marks, an em dash, the signature in small capitals', () => {
    const text = textOf(letterPdf.items);
    expect(text).toContain('“it considered');
    expect(text).toContain('situation.”');
    expect(text).toContain('tragedy—makes');
    expect(text).toContain('Bulganin’s letter');
    expect(text).not.toContain('tragedy--makes');
    expect(letter.typst).toContain('smallcaps(all: caps == "all", body)');
    expect(letter.typst).toContain('#ed-block("signed", caps: "all")[D#ed-anchor(6, "start")WIGHT D\\. EISENHOWER#ed-anchor(6, "end")]');
  });

  it('prints every note as a footnote on the page where it is called', () => {
    const expected = words(readFileSync(COPY_TEXT, 'utf8'));
    const toks = tokens(letterPdf.items, isTextSize);
    const { calls } = matchWords(expected, toks, findStart(expected, toks));
    teiNotes(LETTER).forEach((note, i) => {
      const page = calls[i]!.page;
      const footnotes = canon(textOf(letterPdf.items.filter((it) => it.page === page && it.size < 9.5)));
      expect(footnotes, `note ${i + 1} on page ${page}`).toContain(canon(note));
    });
  });

  it('numbers every fifth line of the text in the margin', () => {
    const lines = textLines(letterPdf, /^Dwight D\. Eisenhower$/);
    const numbers = letterPdf.items.filter((i) => i.size < 7.5 && /^\d+$/.test(i.str));
    expect(numbers.map((n) => Number(n.str))).toEqual(Array.from({ length: numbers.length }, (_, k) => 5 * (k + 1)));
    expect(numbers.length).toBe(Math.floor(lines.length / 5));
    for (const n of numbers) {
      const line = lines[Number(n.str) - 1]!;
      expect(line.page, `line ${n.str}`).toBe(n.page);
      expect(Math.abs(line.y - n.y), `line ${n.str}`).toBeLessThan(0.5);
      expect(n.x).toBeLessThan(90); // in the left margin
    }
  });

  it('has an apparatus "lemma] reading SIGLA", each entry keyed to the line where its lemma stands', () => {
    const lines = textLines(letterPdf, /^Dwight D\. Eisenhower$/);
    const start = letterPdf.items.findIndex((i) => i.str === 'Apparatus');
    // One row of the apparatus per line of the PDF: the key, then the entry.
    const rows: string[] = [];
    let y: number | undefined;
    for (const item of letterPdf.items.slice(start).filter((i) => i.size < 9.5 && i.size > 8.5 && i.str.trim())) {
      if (y !== undefined && Math.abs(item.y - y) < 0.5) rows[rows.length - 1] += ` ${item.str}`;
      else rows.push(item.str);
      y = item.y;
    }
    const entries = rows.map((r) => r.replace(/\s+/g, ' ').trim()).filter((r) => /^\d+(–\d+)? .*\]/.test(r));
    expect(entries.map((e) => e.replace(/^[\d–]+ /, ''))).toEqual([
      'om. PPP] November 4, 1956 FRUS',
      'om. PPP] His Excellency … Republics, Moscow. FRUS',
      '"] ‘ FRUS',
      '."] ’. FRUS',
      'the] me FRUS',
      'DWIGHT D. EISENHOWER] Dwight D. Eisenhower FRUS',
    ]);
    const line = (e: string): string => lines[Number(/^\d+/.exec(e)![0]) - 1]!.text;
    expect(line(entries[0]!)).toMatch(/^I have noted/);
    expect(line(entries[1]!)).toMatch(/^I have noted/);
    expect(line(entries[2]!)).toMatch(/“it considered/);
    expect(line(entries[3]!)).toMatch(/situation\.”/);
    expect(line(entries[4]!)).toMatch(/those of the\b|^the Hungarian/);
    expect(line(entries[5]!)).toBe('DWIGHT D. EISENHOWER');
    // No lemma here spans two lines.
    expect(entries.every((e) => /^\d+ /.test(e))).toBe(true);
  });

  it('keys a lemma that runs over a line break to both lines ("15–16")', async () => {
    const variant = letterText.replace(
      /<app xml:id="app5"><lem wit="#PPP">the<\/lem><rdg wit="#FRUS">me<\/rdg><\/app>\s*<orgName ref="#hungarian-government">Hungarian Government<\/orgName>/,
      '<app xml:id="app5"><lem wit="#PPP">the <orgName ref="#hungarian-government">Hungarian Government</orgName></lem><rdg wit="#FRUS">me Hungarian Government</rdg></app>',
    );
    expect(variant).not.toBe(letterText);
    const pdf = await readPdf(render(variant, letterModel).pdf);
    const lines = textLines(pdf, /^Dwight D\. Eisenhower$/);
    const entry = textOf(pdf.items.filter((i) => i.size < 9.5 && i.size > 8.5)).match(/(\d+)–(\d+) the Hungarian Government\] me Hungarian Government FRUS/);
    expect(entry).not.toBeNull();
    const [first, last] = [Number(entry![1]), Number(entry![2])];
    expect(last).toBe(first + 1);
    expect(lines[first - 1]!.text).toMatch(/\bthe$/);
    expect(lines[last - 1]!.text).toMatch(/^Hungarian Government/);
  });

  it('opens with a heading block: title, correspondents, dates, source note with every witness', () => {
    const page1 = letterPdf.items.filter((i) => i.page === 1);
    const text = textOf(page1);
    expect(page1.find((i) => i.size > 14)?.str).toMatch(/^Message to Nikolai Bulganin/);
    for (const row of ['From Dwight D. Eisenhower, Washington, D.C.', 'To Nikolai A. Bulganin, Moscow', 'Date November 4, 1956', 'Released November 5, 1956']) {
      expect(text.replace(/\s+/g, ' ')).toContain(row);
    }
    const source = canon(text);
    for (const part of [
      'Source. Copy text (PPP): Public Papers of the Presidents of the United States: Dwight D. Eisenhower, 1956, Item 291.',
      'Other witnesses. DSB (preferred for citation): Department of State Bulletin, vol. 35 (November 19, 1956), pp. 795–797.',
      'FRUS: Foreign Relations of the United States, 1955–1957, Volume XXV, Eastern Europe, ed. Edward C. Keefer, Ronald D. Landa and Stanley Shaloff',
      'Department of State Publication 9789), Document 166, pp. 390–392.',
      'set as typographic ones',
    ]) {
      expect(source).toContain(canon(part));
    }
    // The source note comes before the text.
    expect(text.indexOf('Source.')).toBeLessThan(text.indexOf('I have noted'));
  });

  it('has running heads from page 2 and a page number on every page', () => {
    expect(letterPdf.numPages).toBeGreaterThanOrEqual(2);
    for (let p = 1; p <= letterPdf.numPages; p++) {
      const page = letterPdf.items.filter((i) => i.page === p && i.str.trim());
      const top = Math.max(...page.map((i) => i.y));
      const bottom = Math.min(...page.map((i) => i.y));
      if (p === 1) {
        expect(page.find((i) => i.y === bottom)?.str).toBe('1');
      } else {
        const head = page.filter((i) => i.y === top).map((i) => i.str.trim()).filter(Boolean);
        expect(head).toEqual(['Eisenhower to Bulganin, November 4, 1956', String(p)]);
      }
    }
  });

  it('justifies the text: most lines of the paragraphs end at the right margin', () => {
    const lines = new Map<string, number>();
    for (const i of letterPdf.items.filter((i) => i.size === 11 && i.str.trim())) {
      const key = `${i.page}:${i.y.toFixed(1)}`;
      lines.set(key, Math.max(lines.get(key) ?? 0, i.x + i.width));
    }
    const right = 612 - 72;
    expect([...lines.values()].filter((end) => Math.abs(end - right) < 0.6).length).toBeGreaterThan(15);
  });

  it('matches tests/golden/typst/eisenhower-bulganin-1956-11-04.typ', () => {
    checkGolden(GOLDEN_DIR, 'eisenhower-bulganin-1956-11-04.typ', letter.typst);
  });
});

// ------------------------------------------------------------------ the PDF file

describe('the letter as PDF: metadata, tags, PDF/A, fonts, determinism', () => {
  it('carries title, author, subject, keywords and language from the header', () => {
    expect(letterPdf.info.Title).toBe(letterModel.title);
    expect(letterPdf.info.Author).toBe('Dwight D. Eisenhower');
    expect(letterPdf.info.Subject).toBe('A TEI edition of President Eisenhower’s message of November 4, 1956');
    expect(letterPdf.info.Keywords).toBe(letterModel.keywords!.join(', '));
    expect(letterPdf.info.Language).toBe('en');
    expect(letterPdf.bytes).toMatch(/\/Lang \(en\)/);
    expect(letterPdf.xmp?.get('dc:title')).toBe(letterModel.title);
  });

  it('dates the PDF from the TEI (the latest revision, 2026-11-26), never from the clock', () => {
    expect(letterPdf.info.CreationDate).toBe('D:20261126000000Z');
    expect(letterPdf.info.ModDate).toBe('D:20261126000000Z');
    expect(letter.date.toISOString()).toBe('2026-11-26T00:00:00.000Z');
  });

  it('is tagged (MarkInfo Marked, a structure tree) and claims PDF/A-2b in its XMP metadata', () => {
    expect(letterPdf.markInfo?.Marked).toBe(true);
    expect(letterPdf.hasStructTree).toBe(true);
    expect(letterPdf.bytes).toContain('/StructTreeRoot');
    expect(letter.pdfStandard).toBe('a-2b');
    expect(String(letterPdf.xmp?.get('pdfaid:part'))).toBe('2');
    expect(String(letterPdf.xmp?.get('pdfaid:conformance'))).toBe('B');
    expect(letter.warnings).toEqual([]);
  });

  it('embeds every font it uses (pdfjs finds a font file for each; each font descriptor has one)', () => {
    expect(letterPdf.fonts.length).toBeGreaterThan(0);
    for (const font of letterPdf.fonts) {
      expect(font.missingFile, font.name).toBe(false);
      expect(font.name).toMatch(/^[A-Z]{6}\+(LibertinusSerif|NewCM|DejaVuSansMono)/);
    }
    const descriptors = letterPdf.bytes.match(/\/Type\s*\/FontDescriptor/g)?.length ?? 0;
    const files = letterPdf.bytes.match(/\/FontFile[23]?\s/g)?.length ?? 0;
    expect(descriptors).toBeGreaterThan(0);
    expect(files).toBe(descriptors);
  });

  /**
   * One render with both options (each a render of about half a second): A4 by option and the date from
   * SOURCE_DATE_EPOCH by option; the two tests below each assert one of them, and neither option touches the other's result.
   */
  let optioned: Promise<ReadPdf> | undefined;
  const a4Dated = (): Promise<ReadPdf> => (optioned ??= readPdf(render(letterText, letterModel, { paper: 'a4', sourceDateEpoch: 1_700_000_000 }).pdf));

  it('is US Letter by default and A4 by option', async () => {
    expect(letterPdf.views.every((v) => v[2] === 612 && v[3] === 792)).toBe(true);
    const a4 = await a4Dated();
    expect(a4.views.every((v) => Math.abs(v[2]! - 595.28) < 0.01 && Math.abs(v[3]! - 841.89) < 0.01)).toBe(true);
    // The A4 text is whole too.
    const expected = words(readFileSync(COPY_TEXT, 'utf8'));
    const toks = tokens(a4.items, isTextSize);
    expect(matchWords(expected, toks, findStart(expected, toks)).calls).toHaveLength(7);
  });

  it('is byte-identical when built again, also after other documents went through the same compiler', async () => {
    expect(Buffer.from(render(letterText, letterModel).pdf).equals(Buffer.from(letter.pdf))).toBe(true);
    await hostileRendered();
    const again = await renderPrint(letterText, letterModel);
    expect(again.typst).toBe(letter.typst);
    expect(Buffer.from(again.pdf).equals(Buffer.from(letter.pdf))).toBe(true);
  });

  it('takes its date from SOURCE_DATE_EPOCH (option, then environment) when given', async () => {
    expect((await a4Dated()).info.CreationDate).toBe('D:20231114221320Z');
    process.env.SOURCE_DATE_EPOCH = '0';
    try {
      expect(pdfDate(letterModel).toISOString()).toBe('1970-01-01T00:00:00.000Z');
      expect(pdfDate(letterModel, 86_400).toISOString()).toBe('1970-01-02T00:00:00.000Z');
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
    }
    expect(pdfDate({ ...letterModel, changes: [], publicationDate: '2026' }).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(pdfDate({ ...letterModel, changes: [{ when: '2027-02-03T04:05:06+01:00' }] }).toISOString()).toBe('2027-02-03T03:05:06.000Z');
    expect(pdfDate({ id: 'x', file: 'x.xml', registers: {} }).toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  it.skipIf(!HAVE_PDFTOPPM)('keeps an image of page 1 in tests/artifacts/ where pdftoppm is installed', () => {
    const base = join(ARTIFACTS, 'eisenhower-bulganin-1956-11-04-page1');
    execFileSync('pdftoppm', ['-r', '110', '-png', '-f', '1', '-l', '1', '-singlefile', join(ARTIFACTS, 'eisenhower-bulganin-1956-11-04.pdf'), base]);
    expect(statSync(`${base}.png`).size).toBeGreaterThan(20_000);
  });
});

// ------------------------------------------------------------------ PDF/A fallback

describe('PDF/A-2b', () => {
  // A character none of the embedded fonts has: PDF/A forbids a missing glyph. In a letter of one paragraph, not in
  // the 30 KB letter: what is tested is the compiler's verdict on the glyph and what the renderer does with it, the
  // same in a page as in four (each case compiles once or twice; some 1.5 s of CPU less).
  const short = (words: string): string => `<TEI xmlns="${TEI}"><teiHeader><fileDesc><titleStmt><title>A missing glyph</title></titleStmt><publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Test.</p></sourceDesc></fileDesc></teiHeader><text><body><p>${words}</p></body></text></TEI>`;
  const withMissingGlyph = (): string => short('I have noted 中文 with profound distress.');
  const withoutMissingGlyph = (): string => short('I have noted with profound distress.');
  let shortModel: DocumentModel;
  beforeAll(async () => {
    shortModel = await readDocumentModel('missing-glyph.xml', withMissingGlyph());
  });

  it('by default falls back to tagged PDF 1.7 when the document cannot conform, and says why', async () => {
    const edition = render(withMissingGlyph(), shortModel);
    expect(edition.pdfStandard).toBeUndefined();
    expect(edition.warnings.join(' ')).toMatch(/not PDF\/A-2b.*could not be displayed/);
    const pdf = await readPdf(edition.pdf);
    expect(pdf.xmp?.get('pdfaid:part') ?? null).toBeNull();
    expect(pdf.markInfo?.Marked).toBe(true);
  });

  it('with pdfa: true refuses instead; with pdfa: false writes plain PDF', () => {
    // One compilation: the error it throws is both the type and the message.
    let error: unknown;
    try {
      render(withMissingGlyph(), shortModel, { pdfa: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypstCompileError);
    expect((error as Error).message).toMatch(/cannot be written as PDF\/A-2b/);
    // A document that could conform: plain PDF all the same.
    const plain = withoutMissingGlyph();
    expect(render(plain, shortModel, {}).pdfStandard).toBe('a-2b');
    expect(render(plain, shortModel, { pdfa: false }).pdfStandard).toBeUndefined();
  });
});

// ------------------------------------------------------------------ FRUS

describe.skipIf(!FRUS)('the FRUS witness as PDF', () => {
  let frus: PrintEdition;
  let pdf: ReadPdf;
  beforeAll(async () => {
    const text = readFileSync(FRUS!, 'utf8');
    frus = render(text, await readDocumentModel(FRUS!, text));
    pdf = await readPdf(frus.pdf);
    writeFileSync(join(ARTIFACTS, 'frus1955-57v25-d166.pdf'), frus.pdf);
  });

  it('has every word of its text in order and all its notes: nothing lost', () => {
    const expected = words(plainTypography(teiReadingWords(FRUS!).join(' ')));
    const toks = tokens(pdf.items, isTextSize);
    const { calls } = matchWords(expected, toks, findStart(expected, toks));
    expect(calls.map((c) => c.n)).toEqual([1, 2, 3, 4, 5, 6]);
    const all = canon(textOf(pdf.items));
    for (const note of teiNotes(FRUS!)) expect(all).toContain(canon(note));
    expect(textOf(pdf.items)).toContain('[p. 391]');
    expect(textOf(pdf.items)).toContain('[p. 392]');
    expect(pdf.info.Title).toBe('FRUS 1955-1957, vol. XXV, Document 166 (fragment)');
    expect(frus.pdfStandard).toBe('a-2b');
  });
});

// ------------------------------------------------------------------ safety

describe('safety: TEI text is never Typst code', () => {
  let hostile: PrintEdition;
  let pdf: ReadPdf;
  let model: DocumentModel;
  beforeAll(async () => {
    ({ model, edition: hostile } = await hostileRendered());
    pdf = await readPdf(hostile.pdf);
    writeFileSync(join(ARTIFACTS, 'typst-hostile.pdf'), hostile.pdf);
    writeFileSync(join(ARTIFACTS, 'typst-hostile.typ'), hostile.typst);
  });

  it('compiles, and every piece of Typst syntax in the text appears literally in the PDF', () => {
    // White space may break anywhere in the PDF; "--" and "---" are set as em dashes, quotation marks curly.
    const flat = plainTypography(textOf(pdf.items)).replace(/\s+/g, '');
    const literal = (s: string): string => s.replace(/-{2,3}/g, '--').replace(/\s+/g, '');
    for (const piece of [
      '= Not a heading #read("/etc/passwd")',
      'Code: #read("/etc/passwd") and #eval("1 + 1") and #import "@preview/cetz:0.3.0" and #include "/etc/passwd".',
      '- not a list item',
      '+ not an enumeration',
      '1. not numbered either',
      '/ Term: not a term list',
      'Markup: *strong* _emphasis_ `raw text` $x + y$ <label> @reference \\u{41} \\ backslash \\\\ two ~ tilde ... dots -- dash --- three -? soft.',
      'Brackets: ] closes [ opens ) ( } { #[content] #(1 + 2) #{ read("/etc/passwd") } end.',
      // A ";" right after a call (#emph[…], a name's call) ends the call and was swallowed by Typst.
      'Semicolons: a call; and a name; kept.',
      'Comments: // line comment /* block comment */ https://example.org/not-a-link.',
      `Quote marks: "double" and 'single' and it's.`,
      'Signature #panic("x")',
      'Title #read("/etc/passwd") $x^2$ *bold* _em_ \\ "quoted"',
      'Subtitle #eval("panic()") <label> @ref',
      'Book #include "/etc/passwd", p. 1 // not a comment /* nor this */.',
      'Witness note #image("/etc/hostname") ~ tilde … `raw` [brackets] {braces}',
      'Other #json("/proc/self/environ") link text #plugin("/x.wasm")',
      '[p. #read("/etc/passwd")]',
      'Note #read("/etc/passwd") with *markup* and ] bracket [.',
      '#read("/etc/passwd")] #eval("panic()") ] B',
      'Licence text #{read("/etc/passwd")}',
      'Change #let x = read("/etc/passwd")',
      'Sender #sys.inputs, Place $ math $',
      '29 February 2020 #datetime.today()',
    ]) {
      expect(flat, piece).toContain(literal(piece));
    }
    // Nothing was read or evaluated.
    expect(flat).not.toMatch(/root:|daemon:|nologin/);
  });

  it('puts attribute values into the metadata literally', () => {
    expect(pdf.info.Title).toBe('Title #read("/etc/passwd") $x^2$ *bold* _em_ \\ "quoted"');
    expect(pdf.info.Author).toBe('Author "); #read("/etc/passwd"); ("');
    expect(pdf.info.Keywords).toBe('keyword "); #read("/etc/passwd, back\\slash\\');
    expect(pdf.info.Language).toBe('en'); // xml:lang="en\"); #eval(\"1\"" is not a language
  });

  it('escapes: the generated Typst calls only the functions of the page design and a few of Typst', () => {
    const generated = hostile.typst.slice(hostile.typst.indexOf('// Generated by tei-edition'));
    const identifiers = codeIdentifiers(generated);
    expect(identifiers.size).toBeGreaterThan(10);
    // The lexer does see code that was not escaped.
    expect([...codeIdentifiers('// x\n#ed-block("p")[x #read("/etc/passwd") y]')]).toEqual(['ed-block', 'read']);
    expect([...identifiers].filter((id) => !ALLOWED_CODE.has(id) && !id.startsWith('ed-'))).toEqual([]);
    for (const doc of [letter.typst]) {
      const ids = codeIdentifiers(doc.slice(doc.indexOf('// Generated by tei-edition')));
      expect([...ids].filter((id) => !ALLOWED_CODE.has(id) && !id.startsWith('ed-'))).toEqual([]);
    }
    // Links only to URLs made of URL characters; the hostile targets stay text.
    expect(generated).not.toContain('#link(');
    expect(generated).toContain('#ed-pb("#read(\\"/etc/passwd\\")")');
  });
});

/** What the generated part of a .typ may name in code: the page design's ed-… functions and these. */
const ALLOWED_CODE = new Set([
  'set', 'document', 'title', 'author', 'description', 'keywords', 'date', 'datetime', 'year', 'month', 'day', 'hour',
  'minute', 'second', 'show', 'with', 'paper', 'lang', 'region', 'running-head', 'none', 'caps', 'footnote', 'emph',
  'strong', 'smallcaps', 'super', 'sub', 'underline', 'strike', 'quote', 'link', 'linebreak', 'parbreak',
  // the named arguments of ed-typography-notice (which sentences are true of the document) and their values
  'copy-text', 'apparatus', 'editorial-notes', 'true', 'false',
]);

/**
 * Every identifier the generated Typst uses in code, found by a small lexer
 * of the Typst the stylesheet writes: markup (with backslash escapes, "#"
 * starting code, [ ] nesting), code after "#" (an identifier path, then
 * arguments in ( ) and content in [ ]), strings with escapes. TEI text that
 * slipped through unescaped shows up here as read, eval, import …
 */
function codeIdentifiers(source: string): Set<string> {
  const ids = new Set<string>();
  let i = source.indexOf('\n') + 1; // after the "// Generated …" comment line
  const identifier = (): string => {
    const m = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*/.exec(source.slice(i));
    if (!m) throw new Error(`code without an identifier at ${i}: ${source.slice(i, i + 30)}`);
    i += m[0].length;
    for (const part of m[0].split('.')) ids.add(part);
    return m[0];
  };
  const markup = (closing: boolean): void => {
    while (i < source.length) {
      const c = source[i]!;
      if (c === '\\') i += 2;
      else if (c === '#') {
        i++;
        expression();
      } else if (c === '[') {
        i++;
        markup(true);
      } else if (c === ']') {
        if (!closing) throw new Error(`unbalanced ] at ${i}`);
        i++;
        return;
      } else i++;
    }
    if (closing) throw new Error('unclosed [');
  };
  const string = (): void => {
    i++;
    while (source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
    i++;
  };
  const args = (): void => {
    i++;
    while (source[i] !== ')') {
      const c = source[i]!;
      if (c === '"') string();
      else if (c === '[') {
        i++;
        markup(true);
      } else if (c === '(') args();
      else if (/[A-Za-z_]/.test(c)) {
        identifier();
        while (source[i] === '(' || source[i] === '[') source[i] === '(' ? args() : (i++, markup(true));
      } else if (/[\s\d,:.]/.test(c)) i++;
      else throw new Error(`unexpected ${JSON.stringify(c)} in arguments at ${i}: ${source.slice(i - 20, i + 20)}`);
    }
    i++;
  };
  const expression = (): void => {
    const name = identifier();
    if (name === 'set') {
      i++;
      identifier();
    } else if (name === 'show' && source[i] === ':') {
      i += 2;
      identifier();
    }
    while (source[i] === '(' || source[i] === '[') {
      if (source[i] === '(') args();
      else {
        i++;
        markup(true);
      }
    }
  };
  markup(false);
  return ids;
}

describe('safety: the compiler is shut in, even for unescaped code', () => {
  const fails = (source: string): string => {
    try {
      compileTypst(source);
    } catch (error) {
      expect(error).toBeInstanceOf(TypstCompileError);
      return (error as Error).message;
    }
    throw new Error(`compiled: ${source}`);
  };

  it('cannot read /etc/passwd, by absolute path or by climbing out of its root', () => {
    expect(existsSync('/etc/passwd')).toBe(true);
    expect(fails('#read("/etc/passwd")')).toMatch(/file not found/);
    expect(fails('#read("../../../../../../../../../etc/passwd")')).toMatch(/access denied|outside of project root/);
    expect(fails('#eval("read(\\"/etc/passwd\\")")')).toMatch(/file not found/);
  });

  it('cannot read the files of the project or the working directory either', () => {
    expect(fails('#read("package.json")')).toMatch(/file not found/);
    expect(fails(`#read(${JSON.stringify(join(root, 'package.json'))})`)).toMatch(/file not found|access denied/);
    expect(fails('#image("/etc/hostname")')).toMatch(/file not found/);
    expect(fails('#json("/proc/self/environ")')).toMatch(/file not found/);
    expect(fails('#plugin("/x.wasm")')).toMatch(/file not found/);
  });

  it('cannot import a package (no local package folder, no download)', () => {
    expect(fails('#import "@preview/cetz:0.3.0"')).toMatch(/package/);
    expect(fails('#import "@local/anything:0.1.0"')).toMatch(/package not found/);
  });

  it('sees no system fonts, only the embedded ones', () => {
    const system = compileTypst('#set text(font: "DejaVu Sans")\nx');
    expect(system.warnings.join(' ')).toMatch(/unknown font family: dejavu sans/);
    const embedded = compileTypst('#set text(font: "Libertinus Serif")\nx');
    expect(embedded.warnings).toEqual([]);
  });

  it('leaves the environment as it found it', () => {
    const before = { ...process.env };
    compileTypst('x');
    expect({ ...process.env }).toEqual(before);
  });
});

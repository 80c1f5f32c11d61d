/**
 * The plain-text edition (xslt/tei-to-text.xsl through src/render/text.ts).
 *
 * - `<id>.txt` is checked against the copy text itself: the same lines,
 *   character for character (hence word for word);
 * - `<id>.annotated.txt` against golden files in tests/golden/text/, and
 *   for its layout rules (72 columns, line numbers, notes, apparatus keyed
 *   to the right lines, source note). After checking a difference, rewrite
 *   the golden files with
 *
 *     UPDATE_GOLDEN=1 npx vitest run tests/render-text.test.ts
 */
import { checkGolden } from './golden.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDocumentModel } from '../src/model/read.js';
import type { DocumentModel } from '../src/model/types.js';
import { apparatusEntry, formatIsoDate, loadTextRenderer, renderText, wrap, type TextEdition, type TextRenderer } from '../src/render/text.js';
import { words, teiReadingWords, teiNotes } from './tei-text.js';
import { parseXml } from '../src/xslt/transform.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LETTER = join(root, 'tests', 'fixtures', 'letter', 'tei', 'eisenhower-bulganin-1956-11-04.xml');
const COPY_TEXT = join(root, 'tests', 'fixtures', 'copy-text', '000_7c683ee98f370b22.txt');
const HOSTILE = join(root, 'tests', 'fixtures', 'typst-hostile', 'hostile.xml');
const GOLDEN_DIR = join(root, 'tests', 'golden', 'text');
const FRUS = [join(root, 'tests', 'fixtures', 'frus', 'frus1955-57v25-d166.xml'), resolve(root, '../shared/sources/frus1955-57v25-d166.xml')].find(
  (f) => existsSync(f),
);
if (!FRUS) console.warn('[render-text] SKIPPED: the FRUS witness frus1955-57v25-d166.xml was not found; its tests do not run.');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const TEI = 'http://www.tei-c.org/ns/1.0';

let render: TextRenderer;
let letterModel: DocumentModel;
let letter: TextEdition;
let frus: TextEdition | undefined;
let frusModel: DocumentModel | undefined;

beforeAll(async () => {
  render = await loadTextRenderer();
  const text = readFileSync(LETTER, 'utf8');
  letterModel = await readDocumentModel(LETTER, text);
  letter = render(text, letterModel);
  if (FRUS) {
    const frusText = readFileSync(FRUS, 'utf8');
    frusModel = await readDocumentModel(FRUS, frusText);
    frus = render(frusText, frusModel);
  }
}, 120_000);

const nonEmptyLines = (s: string): string[] => s.split(/\r?\n/).filter((l) => l.trim() !== '');




// ------------------------------------------------------------------ <id>.txt

describe('<id>.txt: the reading text', () => {
  it('has exactly the lines of the copy text (every word, every character: straight quotes and "--" kept)', () => {
    const copy = readFileSync(COPY_TEXT, 'utf8');
    expect(nonEmptyLines(letter.plain)).toEqual(nonEmptyLines(copy));
    expect(words(letter.plain)).toEqual(words(copy));
    expect(letter.plain).toContain('"it considered');
    expect(letter.plain).toContain('tragedy--makes');
    expect(letter.plain).not.toMatch(/[“”‘’—]/);
  });

  it('is one paragraph per line, a blank line between paragraphs, a final newline, no hard wrapping', () => {
    const lines = letter.plain.split('\n');
    expect(letter.plain.endsWith('\n')).toBe(true);
    expect(letter.plain.endsWith('\n\n')).toBe(false);
    expect(letter.plain).not.toMatch(/\r|\t| $|^ /m);
    // Odd lines are text, even lines blank: paragraph, blank, paragraph, …, final newline.
    lines.pop();
    lines.forEach((line, i) => expect(line === '', `line ${i + 1}`).toBe(i % 2 === 1));
    // The longest paragraph stays on one line.
    expect(Math.max(...lines.map((l) => l.length))).toBeGreaterThan(500);
  });

  it('leaves out notes, readings of other witnesses and editorial apparatus', () => {
    expect(letter.plain).not.toContain('Foreign Relations');
    expect(letter.plain).not.toContain('His Excellency');
    expect(letter.plain).not.toContain('those of me');
    expect(letter.plain).not.toMatch(/\[\d+\]/);
  });

  it.skipIf(!FRUS)('the FRUS witness: every word of its text, in order (nothing lost), without page numbers', () => {
    expect(words(frus!.plain)).toEqual(teiReadingWords(FRUS!));
    expect(frus!.plain).toContain('those of me Hungarian Government');
    expect(frus!.plain).not.toContain('[p. 391]');
  });

  it('the hostile fixture: Typst syntax is plain text here, kept as it stands', async () => {
    const text = readFileSync(HOSTILE, 'utf8');
    const edition = render(text, await readDocumentModel(HOSTILE, text));
    expect(words(edition.plain)).toEqual(teiReadingWords(HOSTILE));
    expect(edition.plain).toContain('Code: #read("/etc/passwd") and #eval("1 + 1")');
    expect(edition.plain).toContain('\\u{41} \\ backslash \\\\ two ~ tilde ... dots -- dash --- three -? soft.');
  });
});

// ------------------------------------------------------------------ <id>.annotated.txt

describe('<id>.annotated.txt: the reading edition', () => {
  it('matches tests/golden/text/eisenhower-bulganin-1956-11-04.annotated.txt', () => {
    checkGolden(GOLDEN_DIR, 'eisenhower-bulganin-1956-11-04.annotated.txt', letter.annotated);
  });

  it('the plain text matches tests/golden/text/eisenhower-bulganin-1956-11-04.txt', () => {
    checkGolden(GOLDEN_DIR, 'eisenhower-bulganin-1956-11-04.txt', letter.plain);
  });

  it.skipIf(!FRUS)('the FRUS witness matches tests/golden/text/frus1955-57v25-d166.annotated.txt', () => {
    checkGolden(GOLDEN_DIR, 'frus1955-57v25-d166.annotated.txt', frus!.annotated);
  });

  it('no line is longer than 72 columns', () => {
    const long = letter.annotated.split('\n').filter((l) => [...l].length > 72);
    expect(long).toEqual([]);
  });

  it('opens with the title, the correspondents, the dates and the licences from the document model', () => {
    const head = letter.annotated.split('\nText\n')[0]!;
    expect(head.startsWith('Message to Nikolai Bulganin, Chairman, Council of Ministers, U.S.S.R.,\nUrging Withdrawal')).toBe(true);
    expect(head).toMatch(/^From: +Dwight D\. Eisenhower, Washington, D\.C\.$/m);
    expect(head).toMatch(/^To: +Nikolai A\. Bulganin, Moscow$/m);
    expect(head).toMatch(/^Date: +November 4, 1956$/m);
    expect(head).toMatch(/^Released: +November 5, 1956$/m);
    expect(head).toContain('CC BY 4.0');
    expect(head).toContain('Hungarian Revolution of 1956');
  });

  it('the text: every word of the copy text in order, with note calls [1] … [7] where the notes stand', () => {
    const body = letter.annotated.split('\nText\n----\n')[1]!.split('\nNotes\n')[0]!;
    const bodyWords = words(body.replace(/^ {0,4}\d+ {2}/gm, ' ').replace(/\* \* \*/, ' '));
    const calls: string[] = [];
    const stripped = bodyWords.map((w) => w.replace(/\[(\d+)\]/g, (_, n: string) => (calls.push(n), '')));
    expect(stripped).toEqual(words(readFileSync(COPY_TEXT, 'utf8')));
    expect(calls).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(body).toContain('Hungary[1]');
    expect(body).toMatch(/1956,\[2\]\s+which/);
  });

  it('numbers every fifth line of the text in the margin, counting text lines only', () => {
    const body = letter.annotated.split('\nText\n----\n\n')[1]!.split('\n\nNotes\n')[0]!;
    const textLines = body.split('\n').filter((l) => l.trim() !== '' && l.trim() !== '* * *');
    textLines.forEach((line, i) => {
      const n = i + 1;
      const gutter = line.slice(0, 6);
      expect(gutter, `line ${n}: ${line}`).toBe(n % 5 === 0 ? String(n).padStart(4) + '  ' : '      ');
    });
    expect(textLines.length).toBeGreaterThan(40);
  });

  it('lists every note, numbered, and each note text in full', () => {
    const notes = letter.annotated.split('\nNotes\n-----\n\n')[1]!.split('\n\nApparatus\n')[0]!;
    const flat = notes.replace(/\n +/g, ' ');
    teiNotes(LETTER).forEach((note, i) => expect(flat).toContain(`[${i + 1}] ${note}`));
  });

  it('keys each apparatus entry to the line where its lemma stands', () => {
    const sections = letter.annotated.split('\nApparatus\n---------\n\n')[1]!.split('\n\nSource\n')[0]!;
    const entries = sections.split('\n').filter((l) => /^ *\d+(–\d+)?  /.test(l));
    expect(entries.map((e) => e.replace(/^ *[\d–]+ {2}/, ''))).toEqual([
      'om. PPP] November 4, 1956 FRUS',
      'om. PPP] His Excellency Marshal Nikolai A. Bulganin, Chairman of the',
      '"] ‘ FRUS',
      '."] ’. FRUS',
      'the] me FRUS',
      'DWIGHT D. EISENHOWER] Dwight D. Eisenhower FRUS',
    ]);
    const body = letter.annotated.split('\nText\n----\n\n')[1]!.split('\n\nNotes\n')[0]!;
    const textLines = body.split('\n').filter((l) => l.trim() !== '' && l.trim() !== '* * *');
    const line = (n: number): string => textLines[n - 1]!.slice(6);
    const key = (i: number): number => Number(/^ *(\d+)/.exec(entries[i]!)![1]);
    // The readings only FRUS has stand before the first paragraph of the message.
    expect(line(key(0))).toMatch(/^I have noted/);
    expect(key(1)).toBe(key(0));
    expect(line(key(2))).toContain('"it considered');
    expect(line(key(3))).toContain('situation."');
    expect(line(key(4))).toMatch(/\bthose of the\b|^the Hungarian\b/);
    expect(line(key(5))).toBe('DWIGHT D. EISENHOWER');
  });

  it('keys a lemma that runs over a line break to both lines ("21–22")', async () => {
    const text = readFileSync(LETTER, 'utf8');
    const variant = text.replace(
      'between your representatives and those of',
      'between <app><lem wit="#PPP">your representatives</lem><rdg wit="#FRUS">your representative</rdg></app> and those of',
    );
    expect(variant).not.toBe(text);
    const annotated = render(variant, letterModel).annotated;
    const entry = /^ *(\d+)–(\d+)  your representatives\] your representative FRUS$/m.exec(annotated);
    expect(entry).not.toBeNull();
    const body = annotated.split('\nText\n----\n\n')[1]!.split('\n\nNotes\n')[0]!;
    const textLines = body.split('\n').filter((l) => l.trim() !== '' && l.trim() !== '* * *');
    expect(textLines[Number(entry![1]) - 1]).toMatch(/ your$/);
    expect(textLines[Number(entry![2]) - 1]).toMatch(/^ +representatives and/);
  });

  it('ends with the source note: the copy text, then the other witnesses with their full references', () => {
    const source = letter.annotated.split('\nSource\n------\n\n')[1]!.replace(/\n/g, ' ');
    expect(source).toMatch(/^Copy text \(PPP\): Public Papers of the Presidents of the United States: Dwight D\. Eisenhower, 1956, Item 291\./);
    expect(source).toContain('Other witnesses:');
    expect(source).toContain('DSB (preferred for citation): Department of State Bulletin, vol. 35 (November 19, 1956), pp. 795–797.');
    expect(source).toContain('FRUS: Foreign Relations of the United States, 1955–1957, Volume XXV, Eastern Europe, ed. Edward C. Keefer');
    expect(source).toContain('<https://history.state.gov/historicaldocuments/frus1955-57v25/d166>.');
  });

  it.skipIf(!FRUS)('the FRUS witness: all its notes, page breaks as [p. 391], its source description', () => {
    const flat = frus!.annotated.replace(/\n +/g, ' ');
    teiNotes(FRUS!).forEach((note, i) => expect(flat).toContain(`[${i + 1}] ${note}`));
    expect(frus!.annotated).toContain('[p. 391]');
    expect(frus!.annotated).toContain('[p. 392]');
    expect(frus!.annotated).toMatch(/Source\n------\n\nForeign Relations of the United States, 1955-1957/);
    expect(frus!.annotated.split('\n').filter((l) => [...l].length > 72)).toEqual([]);
  });

  it('a pointer without words gives its target as words, in a note and, when it leads out of the letter, in the text (as the print edition); one within the letter stays out', () => {
    const tei = `<TEI xmlns="${TEI}"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>
      <text><body><p>Text<note><ref target="K_2430"/></note> and<note>See <ptr target="https://example.org/x"/>.</note> more <ptr target="#n"/>. See <ptr target="other.xml"/> and <ref target="other.xml#p2"/>.</p></body></text></TEI>`;
    const t = render(tei, { id: 'a', file: 'a.xml', registers: {} } as DocumentModel);
    expect(t.annotated).toContain('\n[1] K_2430\n[2] See https://example.org/x.\n');
    // The sentence read "See and ." before.
    expect(t.plain).toBe('Text and more . See other.xml and other.xml#p2.\n');
  });

  it('is deterministic, and the async entry point gives the same result', async () => {
    const text = readFileSync(LETTER, 'utf8');
    expect(render(text, letterModel)).toEqual(letter);
    expect(await renderText(parseXml(text), letterModel)).toEqual(letter);
  });
});

// ------------------------------------------------------------------ helpers

describe('layout helpers', () => {
  it('wrap: greedy at spaces, prefixes counted, long words never broken (flush left when that makes them fit)', () => {
    expect(wrap('aaa bbb ccc ddd', { width: 8 })).toEqual(['aaa bbb', 'ccc ddd']);
    expect(wrap('aaa bbb ccc', { width: 9, first: '[1] ', rest: '    ' })).toEqual(['[1] aaa', '    bbb', '    ccc']);
    expect(wrap('x https://example.org/long/path', { width: 29, first: '  ', rest: '  ' })).toEqual(['  x', 'https://example.org/long/path']);
    expect(wrap('x https://example.org/long/path', { width: 20, first: '  ', rest: '  ' })).toEqual(['  x', '  https://example.org/long/path']);
    expect(wrap('', { width: 10 })).toEqual(['']);
  });

  it('apparatus entries: lemma] reading SIGLA, om. for empty lemma or reading', () => {
    expect(apparatusEntry({ n: 1, lemma: 'the', lemmaWits: ['PPP'], readings: [{ text: 'me', wits: ['FRUS'] }] })).toBe('the] me FRUS');
    expect(apparatusEntry({ n: 1, lemma: '', lemmaWits: ['PPP'], readings: [{ text: 'x', wits: ['A', 'B'] }] })).toBe('om. PPP] x A B');
    expect(apparatusEntry({ n: 1, lemma: 'y', lemmaWits: ['PPP'], readings: [{ text: '', wits: ['A'] }, { text: 'z', wits: ['B'] }] })).toBe(
      'y] om. A; z B',
    );
  });

  it('formats ISO dates in English', () => {
    expect(formatIsoDate('1956-11-05')).toBe('November 5, 1956');
    expect(formatIsoDate('1956-11')).toBe('November 1956');
    expect(formatIsoDate('1956')).toBe('1956');
    expect(formatIsoDate('1956-13-01')).toBe('1956-13-01');
    expect(formatIsoDate('--11-05')).toBe('--11-05');
  });
});

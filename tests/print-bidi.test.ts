/**
 * Bidirectional controls in the values the print edition sets as units (a
 * witness's title and shelfmark, the running head, a reading of the
 * apparatus, the edition notice's lines): an embedding, override or
 * isolate opened in a value and not closed is closed at its end, and the
 * value is isolated (U+2068 … U+2069, as HTML's <bdi>), so the text after
 * it keeps its direction: a witness's title ending in U+202E printed the
 * shelfmark after it reversed. The editor's characters stay. Read back from
 * the PDF with poppler's pdftotext; the text edition drops the controls
 * (src/controls.ts), so nothing spills there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDocumentModel } from '../src/model/read.js';
import { compilePrintSource, loadPrintSourceWriter, type PrintSource } from '../src/render/print.js';
import { loadTextRenderer } from '../src/render/text.js';
import { parseXml } from '../src/xslt/transform.js';

const HAVE_PDFTOTEXT = spawnSync('pdftotext', ['-v']).status === 0;
if (!HAVE_PDFTOTEXT) console.warn('[print-bidi] SKIPPED in part: pdftotext (poppler-utils) is not installed; the PDF is not read.');

const RLO = '\u202E';
const PDF = '\u202C';
const FSI = '\u2068';
const PDI = '\u2069';

/** Values of the edition notice's identifiers (each its own value) and what the print edition sets for each. */
const IDENTIFIERS: [string, string][] = [
  ['a\u202Eb', `${FSI}a\u202Eb${PDF}${PDI}`],
  ['a\u2067b\u202Bc', `${FSI}a\u2067b\u202Bc${PDF}${PDI}${PDI}`],
  // Closed by the editor: isolated all the same, nothing added inside.
  ['a\u202Eb\u202Cc', `${FSI}a\u202Eb\u202Cc${PDI}`],
  // A PDI closes its isolate and the override opened in it.
  ['\u2066a\u202Eb\u2069c', `${FSI}\u2066a\u202Eb\u2069c${PDI}`],
  // A PDF does not close an isolate, nor an embedding outside the isolate it stands in.
  ['\u2067a\u202Cb', `${FSI}\u2067a\u202Cb${PDI}${PDI}`],
  ['\u202Ba\u2066b\u202C', `${FSI}\u202Ba\u2066b\u202C${PDI}${PDF}${PDI}`],
];

const filler = Array.from({ length: 45 }, (_, k) => `<p>Paragraph ${k + 1} of a long letter: the seeds should be sown under glass, for our springs are too late for the open border, and yours, I think, too wet.</p>`).join('\n');

const XML = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>
<titleStmt><title>A letter of many directions</title></titleStmt>
<publicationStmt><publisher>Fixture Press</publisher>${IDENTIFIERS.map(([v], i) => `<idno type="t${i}">${v}</idno>`).join('')}</publicationStmt>
<sourceDesc><listWit>
<witness xml:id="MS" ana="#copy-text"><bibl><title level="u">Autograph letter ${RLO}XYZ</title>, <idno type="shelfmark">Fixture MS 123</idno></bibl><note>An invented manuscript.</note></witness>
<witness xml:id="COPY"><bibl><title level="u">Letter-book copy</title></bibl></witness>
</listWit></sourceDesc></fileDesc>
<profileDesc><correspDesc>
<correspAction type="sent"><persName>Owen Pryce ${RLO}QRS</persName></correspAction>
<correspAction type="received"><persName>Ada Lindqvist</persName></correspAction>
</correspDesc></profileDesc></teiHeader>
<text><body><p>The eleventh of Feb<app><lem wit="#MS">y</lem><rdg wit="#COPY">ruary ${RLO}ABC</rdg></app> 1854.</p>
${filler}</body></text></TEI>`;

let source: PrintSource;
let dir: string;
let pages: string[] = [];

beforeAll(async () => {
  const tree = parseXml(XML);
  const model = await readDocumentModel('bidi.xml', tree);
  source = (await loadPrintSourceWriter())(tree, model, {});
  if (!HAVE_PDFTOTEXT) return;
  dir = mkdtempSync(join(tmpdir(), 'tei-print-bidi-'));
  const pdf = join(dir, 'bidi.pdf');
  const printed = compilePrintSource(source);
  expect(printed.pdfStandard).toBe('a-2b');
  writeFileSync(pdf, printed.pdf);
  pages = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A line of the PDF's text, spaces collapsed and without the marks pdftotext adds around what it read as right to left. */
const lines = (page: number): string[] =>
  (pages[page - 1] ?? '')
    .split('\n')
    .map((l) => l.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim().replace(/\s+/g, ' '))
    .filter(Boolean);

describe('bidirectional controls in the print edition', () => {
  it('each value is closed and isolated, and only a value that holds them', () => {
    // The witness's title (its text, in the quotation marks the edition sets) and nothing else of the source note.
    expect(source.typst).toContain(`#quote[${FSI}Autograph letter ${RLO}XYZ${PDF}${PDI}], Fixture MS 123\\.`);
    expect(source.typst).toContain('An invented manuscript\\.');
    // The running head (the model's names), the reading of the apparatus.
    expect(source.typst).toContain(`running-head: [${FSI}Owen Pryce ${RLO}QRS to Ada Lindqvist${PDF}${PDI}]`);
    expect(source.typst).toContain(`[${FSI}ruary ${RLO}ABC${PDF}${PDI} COPY]`);
    expect(source.typst).toContain(`([From], [${FSI}Owen Pryce ${RLO}QRS${PDF}${PDI}])`);
    for (const [i, [, set]] of IDENTIFIERS.entries()) expect(source.typst).toContain(`Identifier \\(t${i}\\): ${set}\\.`);
    // Nothing else gains one: 3 for each of the four values above (the witness title, the running head, the reading, the From row), and what each identifier needs.
    const controls = (x: string): number => x.match(/[\u2068\u2069\u202c]/g)?.length ?? 0;
    expect(controls(source.typst) - controls(XML)).toBe(4 * 3 + IDENTIFIERS.reduce((n, [v, set]) => n + controls(set) - controls(v), 0));
  });

  it.skipIf(!HAVE_PDFTOTEXT)('the text after a value keeps its direction: the shelfmark, the siglum, the page number', () => {
    const first = lines(1);
    const note = first.find((l) => l.startsWith('Source.'));
    expect(note).toMatch(/Fixture MS 123\. An invented manuscript\.$/);
    // Only the override's own letters are reversed.
    expect(note).toContain('Autograph letter ZYX');
    const app = pages.flatMap((_, k) => lines(k + 1)).find((l) => /^1 y\] /.test(l));
    expect(app).toMatch(/ COPY$/);
    // The running head of page 2: the page number at the end of the line, after the head.
    expect(pages.length).toBeGreaterThan(1);
    expect(lines(2)[0]).toMatch(/^Owen Pryce .* 2$/);
  });

  it('the PDF\'s metadata (title, author) holds none of them: a viewer shows its title as the window\'s, where an override reversed what follows', async () => {
    const tree = parseXml(XML.replace('<title>A letter of many directions</title>', `<title>A letter ${RLO}of many directions</title><author>Owen ${RLO}Pryce</author>`));
    const typst = (await loadPrintSourceWriter())(tree, await readDocumentModel('bidi.xml', tree), {}).typst;
    const settings = /^#set document\(.*$/m.exec(typst)?.[0] ?? '';
    expect(settings).toContain('title: "A letter of many directions"');
    expect(settings).toContain('author: ("Owen Pryce",)');
    expect(settings).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });

  it('the text edition has none of them, so none spills there', async () => {
    const tree = parseXml(XML);
    const text = (await loadTextRenderer())(tree, await readDocumentModel('bidi.xml', tree));
    expect(text.annotated.replace(/\s+/g, ' ')).toContain('Autograph letter XYZ, Fixture MS 123. An invented manuscript.');
    expect(text.annotated).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });
});

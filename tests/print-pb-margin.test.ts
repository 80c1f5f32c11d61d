/**
 * A page break of the source between blocks stands in the outside margin, wholly (ed-pb-margin in
 * xslt/typst/edition.typ and volume.typ): in the letter's PDF in the right margin, in the volume on the
 * right of a recto and on the left of a verso, clear of the text and of the line numbers. Before, the
 * marker was pushed 0.75 in out from the end of the text: "[p. BCz, 1596, p. 301]", wider than that,
 * covered the end of the line, and on a verso it went into the gutter.
 *
 * Read back with poppler's pdftotext -bbox (the position of each word); skipped where it is not installed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadText } from '../src/load/source.js';
import { readDocumentModel } from '../src/model/read.js';
import { assembleVolume, loadVolumeRenderer, orderParts } from '../src/render/book.js';
import { compilePrintSource, loadPrintSourceWriter } from '../src/render/print.js';
import { readingTreeOf } from '../src/xslt/tree.js';

const HAVE_PDFTOTEXT = spawnSync('pdftotext', ['-v']).status === 0;
if (!HAVE_PDFTOTEXT) console.warn('[print-pb-margin] SKIPPED: pdftotext (poppler-utils) is not installed; the PDF is not read.');

const PT = 72;
const PARAGRAPH = 'Dos cartas de vuestra señoría, una duplicada de otra, he recibido, y en cada una dellas los versos que vuestra señoría hizo intitulados a la majestad cesárea, y leílos muchas veces por bien comprehenderlos. ';

function letter(id: string, date: string, body: string): string {
  return `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="${id}"><teiHeader><fileDesc><titleStmt><title>Letter ${id}</title></titleStmt>
<publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Invented.</p></sourceDesc></fileDesc>
<profileDesc><correspDesc><correspAction type="sent"><persName>Ann Writer</persName><date when="${date}"/></correspAction>
<correspAction type="received"><persName>Ben Reader</persName></correspAction></correspDesc></profileDesc></teiHeader>
<text><body>${body}</body></text></TEI>`;
}

/** A letter over several pages, a page break of the source before each paragraph (some indented in a quotation). */
const LONG = letter(
  'breaks',
  '1531-08-01',
  Array.from({ length: 24 }, (_, k) => (k % 5 === 3 ? `<pb n="BCz, 1596, p. ${301 + k}"/><quote><p>${PARAGRAPH}</p></quote>` : `<pb n="BCz, 1596, p. ${301 + k}"/><p>${PARAGRAPH.repeat(2)}</p>`)).join('\n'),
);

interface Word {
  text: string;
  xMin: number;
  xMax: number;
}

/** The words of each page, in the order of the content, with their horizontal extent. */
function words(pdf: string): { width: number; pages: Word[][] } {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const width = Number(/<page width="([\d.]+)"/.exec(html)![1]);
  const pages = html.split('<page ').slice(1).map((page) =>
    [...page.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ text: m[3]!, xMin: Number(m[1]), xMax: Number(m[2]) })),
  );
  return { width, pages };
}

/** The markers between blocks on a page ("[p. BCz, 1596, p. 305]": their words from "[p." to one ending in "]"). */
function markers(page: Word[]): Word[][] {
  const found: Word[][] = [];
  for (let i = 0; i < page.length; i++) {
    if (page[i]!.text !== '[p.') continue;
    const end = page.findIndex((w, j) => j >= i && w.text.endsWith(']'));
    found.push(page.slice(i, end + 1));
    i = end;
  }
  return found;
}

let dir: string;
let single: { width: number; pages: Word[][] };
let volume: { width: number; pages: Word[][] };

beforeAll(async () => {
  if (!HAVE_PDFTOTEXT) return;
  dir = mkdtempSync(join(tmpdir(), 'tei-print-pb-'));
  const sources = [LONG, letter('other', '1532-01-01', '<p>A short letter.</p>')];
  const renderer = await loadVolumeRenderer();
  const print = await loadPrintSourceWriter();
  const parts = [];
  for (const [k, text] of sources.entries()) {
    const file = join(dir, `letter-${k}.xml`);
    const tree = readingTreeOf(loadText(file, text).source!);
    const model = await readDocumentModel(file, tree);
    parts.push(renderer.letter(tree, model));
    if (k === 0) {
      writeFileSync(join(dir, 'letter.pdf'), compilePrintSource(print(tree, model, { paper: 'a4' })).pdf);
      single = words(join(dir, 'letter.pdf'));
    }
  }
  writeFileSync(join(dir, 'edition.pdf'), assembleVolume(orderParts(parts), { paper: 'a4', settings: { title: 'Breaks' } }).pdf);
  volume = words(join(dir, 'edition.pdf'));
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAVE_PDFTOTEXT)('a page break between blocks', () => {
  it('stands wholly in the right margin of the letter’s PDF, clear of the text', () => {
    // The letter's margins: left 1.25 in, right 1 in.
    const textRight = single.width - 1 * PT;
    const found = single.pages.flatMap(markers);
    expect(found.length).toBeGreaterThanOrEqual(20);
    for (const marker of found) {
      const label = marker.map((w) => w.text).join(' ');
      expect(Math.min(...marker.map((w) => w.xMin)), label).toBeGreaterThan(textRight + 2);
      expect(Math.max(...marker.map((w) => w.xMax)), label).toBeLessThan(single.width - 4);
    }
  });

  it('stands wholly in the outside margin of the volume, on the right of a recto and on the left of a verso, clear of the line numbers', () => {
    // The volume's margins: inside 1.1 in, outside 0.85 in.
    const sides = { recto: 0, verso: 0 };
    volume.pages.forEach((page, k) => {
      const number = k + 1;
      const recto = number % 2 === 1;
      const textLeft = (recto ? 1.1 : 0.85) * PT;
      const textRight = volume.width - (recto ? 0.85 : 1.1) * PT;
      // The line numbers: words of digits only to the left of the text.
      const lineNumbers = page.filter((w) => /^\d+$/.test(w.text) && w.xMax < textLeft);
      for (const marker of markers(page)) {
        const label = `page ${number}: ${marker.map((w) => w.text).join(' ')}`;
        const xMin = Math.min(...marker.map((w) => w.xMin));
        const xMax = Math.max(...marker.map((w) => w.xMax));
        if (recto) {
          expect(xMin, label).toBeGreaterThan(textRight + 2);
          expect(xMax, label).toBeLessThan(volume.width - 4);
        } else {
          expect(xMin, label).toBeGreaterThan(4);
          expect(xMax, label).toBeLessThan(textLeft - 2);
          for (const n of lineNumbers) expect(xMax, `${label} beside line number ${n.text}`).toBeLessThan(n.xMin);
        }
        sides[recto ? 'recto' : 'verso']++;
      }
    });
    expect(sides.recto).toBeGreaterThanOrEqual(3);
    expect(sides.verso).toBeGreaterThanOrEqual(3);
  });
});

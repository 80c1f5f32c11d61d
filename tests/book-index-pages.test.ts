/**
 * The indexes of the volume give the page on which a name is named, also when the name begins a page
 * (xslt/tei-to-typst-volume.xsl puts a name's index markers after its first character; in front of it, the
 * marker stayed at the end of the page before when the line broke before the name: "Creuzer 56–58" for a
 * name on pages 56 and 58).
 *
 * A letter whose text is a run of names only, each of its own register entry, so that every line and
 * every page of it begins with a name; each entry's pages in the index must be the pages on which its name
 * is printed. Read with poppler's pdftotext (.ci/run installs it); skipped with a warning where it is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadText } from '../src/load/source.js';
import { readDocumentModel } from '../src/model/read.js';
import { assembleVolume, loadVolumeRenderer, orderParts } from '../src/render/book.js';
import { readingTreeOf } from '../src/xslt/tree.js';

const HAVE_PDFTOTEXT = spawnSync('pdftotext', ['-v']).status === 0;
if (!HAVE_PDFTOTEXT) console.warn('[book-index-pages] SKIPPED: pdftotext (poppler-utils) is not installed; the index is not read.');

const NAMES = 900;
const name = (k: number) => `Qz${String(k).padStart(3, '0')}`;

function letter(id: string, date: string, body: string, standOff = ''): string {
  return `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="${id}"><teiHeader><fileDesc><titleStmt><title>Letter ${id}</title></titleStmt>
<publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Invented.</p></sourceDesc></fileDesc>
<profileDesc><correspDesc><correspAction type="sent"><persName>Ann Writer</persName><date when="${date}"/></correspAction>
<correspAction type="received"><persName>Ben Reader</persName></correspAction></correspDesc></profileDesc></teiHeader>
<text><body>${body}</body></text>${standOff}</TEI>`;
}

let dir: string;
/** The text of each page (index 0 is page 1). */
let pages: string[];

beforeAll(async () => {
  if (!HAVE_PDFTOTEXT) return;
  dir = mkdtempSync(join(tmpdir(), 'tei-edition-index-pages-'));
  const names = Array.from({ length: NAMES }, (_, k) => `<persName ref="#p${k}">${name(k)}</persName>`).join('\n');
  const persons = Array.from({ length: NAMES }, (_, k) => `<person xml:id="p${k}"><persName>${name(k)}</persName></person>`).join('');
  const sources = [
    letter('names', '1850-01-01', `<p>${names}</p>`, `<standOff><listPerson>${persons}</listPerson></standOff>`),
    letter('other', '1851-01-01', '<p>A short letter.</p>'),
  ];
  const renderer = await loadVolumeRenderer();
  const parts = [];
  for (const [k, text] of sources.entries()) {
    const file = join(dir, `letter-${k}.xml`);
    const loaded = loadText(file, text);
    const tree = readingTreeOf(loaded.source!);
    parts.push(renderer.letter(tree, await readDocumentModel(file, tree)));
  }
  const volume = assembleVolume(orderParts(parts), { paper: 'a4', settings: { title: 'Names' } });
  const pdf = join(dir, 'edition.pdf');
  writeFileSync(pdf, volume.pdf);
  pages = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAVE_PDFTOTEXT)('the index of persons', () => {
  it('gives for each name the pages on which it is printed, a name that begins a page included', () => {
    // The first page after the letters (the contents name the index too).
    const last = pages.findIndex((p) => p.includes('A short letter.'));
    const indexStart = pages.findIndex((p, k) => k > last && /^Index of persons$/m.test(p));
    expect(indexStart).toBeGreaterThan(0);
    // Where each name is printed, from the pages before the index (the letter's text).
    const printed = new Map<string, number[]>();
    const pageStarts: string[] = [];
    pages.slice(0, indexStart).forEach((text, k) => {
      const found = text.match(/Qz\d{3}/g) ?? [];
      for (const n of new Set(found)) printed.set(n, [...(printed.get(n) ?? []), k + 1]);
      const first = text.split('\n').map((l) => l.trim()).find((l) => /^Qz\d{3}\b/.test(l) && l.split(' ').length > 3);
      if (first && k > 0 && (pages[k - 1] ?? '').includes('Qz')) pageStarts.push(first.slice(0, 5));
    });
    expect(printed.size).toBe(NAMES);
    // The case is what it claims: the letter's text goes on over pages that begin with a name.
    expect(pageStarts.length).toBeGreaterThanOrEqual(1);
    // The index as printed: "Qz123, 4" or "Qz123, 4–5".
    const indexed = new Map<string, number[]>();
    for (const line of pages.slice(indexStart).join('\n').split('\n')) {
      const m = /^(Qz\d{3}), ([\d–, ]+)$/.exec(line.trim());
      if (!m) continue;
      indexed.set(m[1]!, m[2]!.split(', ').flatMap((r) => {
        const [a, b] = r.split('–').map(Number);
        return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, k) => a! + k);
      }));
    }
    expect(indexed.size).toBe(NAMES);
    const wrong = [...printed].filter(([n, on]) => JSON.stringify(indexed.get(n)) !== JSON.stringify(on)).map(([n, on]) => `${n}: printed on ${on}, indexed ${indexed.get(n)}`);
    expect(wrong).toEqual([]);
  });
});

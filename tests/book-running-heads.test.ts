/**
 * The running heads of the volume (xslt/typst/volume.typ, ed-volume's header): the volume's title on a verso,
 * on a recto the letter or section that starts on that page, else the one in progress; a blank page (left
 * empty so that a part starts on a recto) has no head and no page number. Read with poppler's pdftotext,
 * page by page, where it is installed (.ci/run installs it); skipped with a warning where it is not.
 *
 * The fixture edition with its second letter lengthened to several pages, so that a letter has a page on
 * which it goes on but does not start.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEdition } from '../src/build/index.js';
import type { EditionSettings } from '../src/settings/types.js';

const EDITION = join('tests', 'fixtures', 'edition');
const settings = JSON.parse(readFileSync(join(EDITION, 'edition.json'), 'utf8')) as EditionSettings;
const TITLE = settings.title!;
const HAVE_PDFTOTEXT = spawnSync('pdftotext', ['-v']).status === 0;
if (!HAVE_PDFTOTEXT) console.warn('[book-running-heads] SKIPPED: pdftotext (poppler-utils) is not installed; the running heads are not read.');

let dir: string;
/** The text of each page (index 0 is page 1), laid out as on the page. */
let pages: string[];

beforeAll(async () => {
  if (!HAVE_PDFTOTEXT) return;
  dir = mkdtempSync(join(tmpdir(), 'tei-edition-heads-'));
  const tei = join(dir, 'tei');
  cpSync(join(EDITION, 'tei'), tei, { recursive: true });
  const file = join(tei, 'lindqvist-whitcombe-1851-05-02.xml');
  const filler = Array.from(
    { length: 60 },
    (_, k) => `<p>Paragraph ${k + 1} of a long letter: the seeds should be sown under glass, for our springs are too late for the open border, and yours, I think, too wet; the parcel will follow by the next ship.</p>`,
  ).join('\n');
  writeFileSync(file, readFileSync(file, 'utf8').replace('<p xml:id="p2">', `${filler}\n<p xml:id="p2">`));
  const result = await buildEdition({ inputs: [tei], targets: ['print'], settings, paper: 'a4', schema: false, rules: false });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const pdf = join(dir, 'edition.pdf');
  writeFileSync(pdf, result.files.get('print/edition.pdf') as Uint8Array);
  pages = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAVE_PDFTOTEXT)('the notes of the volume', () => {
  it('are numbered from 1 in each letter, as on its page and in the EPUB', () => {
    // The first letter's footnote, then the third letter's: 1 and 1 (the second was 2: Typst's counter ran on).
    const text = pages.join('\n');
    expect(text).toMatch(/^\s*1 ?The parcel is not otherwise recorded/m);
    expect(text).toMatch(/^\s*1 ?An invented dating/m);
    expect(text).not.toMatch(/^\s*2 ?An invented dating/m);
  });
});

/** The running head of a page (its first line, spaces collapsed), '' for none. */
const head = (page: number): string => (pages[page - 1] ?? '').split('\n').find((l) => l.trim() !== '')?.trim().replace(/\s+/g, ' ') ?? '';
/** The first page whose text has a line that is exactly `line`. */
const pageOf = (line: string): number => {
  const k = pages.findIndex((p) => p.split('\n').some((l) => l.trim() === line));
  if (k < 0) throw new Error(`"${line}" is on no page`);
  return k + 1;
};
/** The page on which a letter starts: its heading "N. Sender to Recipient, date". */
const letterPage = (n: number, heading: string): number => {
  const k = pages.findIndex((p) => p.split('\n').some((l) => l.trim().startsWith(`${n}. ${heading}`)));
  if (k < 0) throw new Error(`letter ${n} is on no page`);
  return k + 1;
};

describe.skipIf(!HAVE_PDFTOTEXT)('the running heads of the volume', () => {
  it('name, on a recto where a section starts, that section, and the blank verso before it has no head', () => {
    for (const section of ['Introduction', 'Editorial principles', 'Sources', 'Letters']) {
      const page = pageOf(section);
      expect(page % 2, section).toBe(1);
      expect(head(page), section).toBe(`${section} ${page}`);
      // Each of these sections fits on one page, so the section before it ends on the recto before the verso
      // left blank for this one to start on a recto.
      expect(pages[page - 2]!.trim(), `the verso before ${section}`).toBe('');
    }
    expect(head(pageOf('Contents'))).toBe(`Contents ${pageOf('Contents')}`);
  });

  it('name, on a recto where a letter starts, that letter, and on the rectos after it the letter in progress', () => {
    const start = letterPage(2, 'Anders Lindqvist to Clara Whitcombe');
    const next = letterPage(3, 'Étienne Moreau to Clara Whitcombe');
    expect(start % 2).toBe(1);
    expect(head(start)).toBe(`No. 2. Lindqvist to Whitcombe ${start}`);
    // The lengthened letter goes on over a verso and a recto before the next starts.
    expect(next - start).toBeGreaterThanOrEqual(3);
    for (let page = start + 1; page < next; page++) {
      expect(head(page), `page ${page}`).toBe(page % 2 === 0 ? `${page} ${TITLE}` : `No. 2. Lindqvist to Whitcombe ${page}`);
    }
    if (next % 2 === 1) expect(head(next)).toBe(`No. 3. Moreau to Whitcombe ${next}`);
    // The first index starts on the page after the last letter, and names itself when it is a recto.
    const persons = pageOf('Index of persons');
    expect(head(persons)).toBe(persons % 2 === 1 ? `Index of persons ${persons}` : `${persons} ${TITLE}`);
  });
});

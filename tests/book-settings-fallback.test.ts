/**
 * The edition's date and licences where edition.json has none: the build takes them from the letters' headers
 * (the latest revision or publication date; every header's licences) and warns of it, and CMIF and the
 * JSON-LD have them; the volume and its EPUB did not: no year on the title page nor in "How to cite this
 * volume", no dc:date and no dc:rights in the EPUB's package document. Now they have them too
 * (volumeSettings in src/render/book.ts).
 *
 * The fixture edition without "date" and "licences", one letter revised later than the others' publication.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { strFromU8, unzipSync } from 'fflate';
import { buildEdition } from '../src/build/index.js';
import { volumeSettings } from '../src/render/book.js';
import type { DocumentModel } from '../src/model/types.js';
import type { EditionSettings } from '../src/settings/types.js';

const EDITION = join('tests', 'fixtures', 'edition');
const { date: _date, licences: _licences, ...settings } = JSON.parse(readFileSync(join(EDITION, 'edition.json'), 'utf8')) as EditionSettings;

let dir: string;
let front = '';
let opf = '';
let titlePage = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tei-book-fallback-'));
  const tei = join(dir, 'tei');
  cpSync(join(EDITION, 'tei'), tei, { recursive: true });
  const file = join(tei, 'moreau-whitcombe-1852.xml');
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.includes('<revisionDesc') ? text.replace('<revisionDesc>', '<revisionDesc><change when="2027-03-05">Revised.</change>') : text.replace('</teiHeader>', '<revisionDesc><change when="2027-03-05">Revised.</change></revisionDesc></teiHeader>'));
  const result = await buildEdition({ inputs: [tei], targets: ['print', 'web'], settings, paper: 'a4', schema: false, rules: false });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  // The case is what it claims: the build warns that it takes the date and the licences from the headers.
  const fallbacks = result.diagnostics.filter((d) => d.rule === 'settings-fallback').map((d) => d.message);
  expect(fallbacks.join(' ')).toMatch(/the licences and date from all the letters' headers/);
  const pdf = await getDocument({ data: (result.files.get('print/edition.pdf') as Uint8Array).slice(), disableFontFace: true, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  for (const p of [1, 2]) front += `${(await (await pdf.getPage(p)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ')}\n`;
  await pdf.destroy();
  const epub = unzipSync(result.files.get('print/edition.epub') as Uint8Array);
  opf = strFromU8(epub['OEBPS/content.opf']!);
  titlePage = strFromU8(epub['OEBPS/title.xhtml']!);
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the date and licences the build takes from the headers', () => {
  it('are on the volume’s title page and in how to cite it', () => {
    const text = front.replace(/\s+/g, ' ');
    expect(text).toMatch(/How to cite this volume: .*2027\./);
    expect(text).toContain('CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)');
  });

  it('are the EPUB’s dc:date and dc:rights, and on its title page', () => {
    expect(opf).toContain('<dc:date>2027-03-05</dc:date>');
    expect(opf).toContain('<dc:rights>CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)</dc:rights>');
    expect(titlePage).toContain('2027');
    expect(titlePage).toContain('href="https://creativecommons.org/licenses/by/4.0/"');
  });

  it('give way to the settings’, and take each licence once', () => {
    const model = (over: Partial<DocumentModel>) => ({ ...over }) as DocumentModel;
    const models = [
      model({ publicationDate: '2020', licences: [{ target: 'https://example.org/a', text: 'A' }] }),
      model({ changes: [{ when: '2021-05-01' }] as DocumentModel['changes'], licences: [{ target: 'https://example.org/a', text: 'A again' }, { text: 'Words without a link.' }] }),
    ];
    expect(volumeSettings({}, models)).toEqual({ date: '2021-05-01', licences: [{ url: 'https://example.org/a', name: 'A' }] });
    expect(volumeSettings({ date: '1999', licences: [] }, models)).toEqual({ date: '1999', licences: [] });
  });
});

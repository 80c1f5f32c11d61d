import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { renderEpub } from '../src/render/epub.js';
import { bookLanguage, NO_SOURCES, sourceTexts } from '../src/render/book.js';
import { readDocumentModel } from '../src/model/read.js';

/** The DOS date and time of the zip's first local file header (bytes 10–13), as "YYYY-MM-DD hh:mm:ss". */
function firstEntryTime(zip: Uint8Array): string {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const time = view.getUint16(10, true);
  const date = view.getUint16(12, true);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${1980 + (date >> 9)}-${two((date >> 5) & 15)}-${two(date & 31)} ${two(time >> 11)}:${two((time >> 5) & 63)}:${two((time & 31) * 2)}`;
}

describe('the EPUB package', () => {
  it('is the same bytes under any time zone, its entries dated by the volume\'s date in UTC', async () => {
    const date = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));
    const made = async (tz: string): Promise<Uint8Array> => {
      const before = process.env.TZ;
      process.env.TZ = tz;
      try {
        return await renderEpub([], { title: 'Letters', date, entries: [], correspondents: [] });
      } finally {
        if (before === undefined) delete process.env.TZ;
        else process.env.TZ = before;
      }
    };
    const utc = await made('UTC');
    // New York is behind UTC (the entries were dated 2025-12-31 19:00 there), Kiritimati 14 hours ahead.
    for (const tz of ['America/New_York', 'Pacific/Kiritimati']) expect(Buffer.from(await made(tz)).equals(Buffer.from(utc)), tz).toBe(true);
    expect(firstEntryTime(utc)).toBe('2026-01-01 00:00:00');
    // Without witnesses or sources, the Sources page does not say there are none where the letters print a manuscript's.
    expect(strFromU8(unzipSync(utc)['OEBPS/sources.xhtml']!)).toContain(`<p>${NO_SOURCES.replace(/;/g, ';')}</p>`);
  });

  it('a letter without witnesses lists its manuscripts and bibliographic sources in the Sources of the volume and the EPUB', async () => {
    const tei = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p/></publicationStmt>
      <sourceDesc><msDesc><msIdentifier><repository>WinBib</repository><idno>Ms AS 5/15</idno></msIdentifier></msDesc><bibl>Jung/Koch, Escher Briefe, Band 3, Nr. 71</bibl></sourceDesc></fileDesc></teiHeader><text><body><p>x</p></body></text></TEI>`;
    // (The Escher letters: 12 of 15 were missing from the list, which printed only the printed sources.)
    expect(sourceTexts(await readDocumentModel('k.xml', tei))).toEqual(['Repository: WinBib. Shelfmark: Ms AS 5/15', 'Jung/Koch, Escher Briefe, Band 3, Nr. 71']);
  });

  it('has a language whatever the letters say: the settings\', else the first letter\'s, else English', () => {
    expect(bookLanguage(undefined, ['', '', 'de'])).toBe('de');
    expect(bookLanguage(undefined, ['', ''])).toBe('en');
    expect(bookLanguage('fr', ['de'])).toBe('fr');
    expect(bookLanguage('', ['not a tag', 'de-CH'])).toBe('de-CH');
  });
});

/**
 * The edition's date style (edition.json "dateStyle"): every date the
 * toolkit writes from a date's attributes reads "March 14, 1851"
 * (month-day-year, the default) or "14 March 1851" (day-month-year), in the
 * three formatters alike: render/text.ts (plain text, print, the volume),
 * site/letters.ts (index, lists, navigation) and xslt/html/header.xsl (the
 * page's header). A month alone is "March 1851" either way; words a header
 * gives stay its words; a doubted date keeps its "?".
 */
import { describe, expect, it } from 'vitest';
import { readDocumentModel } from '../src/model/read.js';
import { madeDateOption, renderDocumentHtml } from '../src/render/html.js';
import { correspondenceRows, dateText, formatIsoDate } from '../src/render/text.js';
import { withDateStyle } from '../src/model/dates.js';
import { dateLabel, humanDate, summarize } from '../src/site/letters.js';
import type { DateValue } from '../src/model/types.js';

const US = 'month-day-year';
const DMY = 'day-month-year';

/** A letter whose sent and received dates are the given <date> elements. */
const letter = (sent: string, received = ''): string => `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Whitcombe to Lindqvist</title></titleStmt>
<publicationStmt><publisher>P</publisher></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>
<profileDesc><correspDesc><correspAction type="sent"><persName>Clara Whitcombe</persName>${sent}</correspAction>
<correspAction type="received"><persName>Anders Lindqvist</persName>${received}</correspAction></correspDesc></profileDesc></teiHeader>
<text><body><p>Dear Sir,</p></body></text></TEI>`;

/** The header's Date row as the page shows it. */
const pageDate = (header: string): string | undefined => /<dt class="generated">Date<\/dt>\s*<dd>(?:<time[^>]*>|<span class="tei-date">)([^<]*)</.exec(header)?.[1];

describe('the date style: the TypeScript formatters', () => {
  it('a day: month-day-year by default, day-month-year when asked; a month or a year alone is the same both ways', () => {
    for (const format of [formatIsoDate, humanDate]) {
      expect(format('1851-03-14')).toBe('March 14, 1851');
      expect(format('1851-03-14', US)).toBe('March 14, 1851');
      expect(format('1851-03-14', DMY)).toBe('14 March 1851');
      expect(format('1853-09-05', DMY)).toBe('5 September 1853');
      expect(format('1851-03', US)).toBe('March 1851');
      expect(format('1851-03', DMY)).toBe('March 1851');
      expect(format('1851', DMY)).toBe('1851');
    }
    // A date-time is written as its day.
    expect(formatIsoDate('1956-11-04T16:25:00', DMY)).toBe('4 November 1956');
    expect(humanDate('1956-11-04T16:25:00', DMY)).toBe('4 November 1956');
  });

  it('ranges, bounds and doubted dates, in the plain text, print and volume (dateText) and in the lists (dateLabel)', () => {
    const both = (d: DateValue): [string | undefined, string] => [dateText(d, DMY), dateLabel(d, DMY)];
    expect(both({ notBefore: '1852-01-01', notAfter: '1852-06-30' })).toEqual(['between 1 January 1852 and 30 June 1852', 'between 1 January 1852 and 30 June 1852']);
    expect(both({ notBefore: '1853-09-20' })).toEqual(['not before 20 September 1853', 'not before 20 September 1853']);
    expect(both({ notAfter: '1853-09-20' })).toEqual(['not after 20 September 1853', 'not after 20 September 1853']);
    // A from–to range: the text and print say "from … to …", the lists' narrow column a dash (as before, in either style).
    expect(both({ from: '1851-05-02', to: '1851-05-04' })).toEqual(['from 2 May 1851 to 4 May 1851', '2 May 1851 – 4 May 1851']);
    expect(both({ notBefore: '1852-03', notAfter: '1852-04' })).toEqual(['between March 1852 and April 1852', 'between March 1852 and April 1852']);
    expect(both({ when: '1852-03-01', cert: 'low' })).toEqual(['1 March 1852?', '1 March 1852?']);
    expect(both({ notBefore: '1852-03-01', cert: 'medium' })).toEqual(['not before 1 March 1852?', 'not before 1 March 1852?']);
    // The header's words are the header's, in any style.
    expect(both({ when: '1851-03-14', text: 'March 14th, 1851' })).toEqual(['March 14th, 1851', 'March 14th, 1851']);
    // The default is the form every output had before.
    expect([dateText({ notBefore: '1852-01-01', notAfter: '1852-06-30' }), dateLabel({ notBefore: '1852-01-01', notAfter: '1852-06-30' })]).toEqual(['between January 1, 1852 and June 30, 1852', 'between January 1, 1852 and June 30, 1852']);
    expect(dateText({ when: '1852-03-01', cert: 'low' }, US)).toBe('March 1, 1852?');
  });

  it('the heading rows (text, print, volume) follow the model the renderers are given; the default style gives the model itself', async () => {
    const model = await readDocumentModel('w.xml', letter('<date notBefore="1852-01-01" notAfter="1852-06-30"/>', '<date notBefore="1853-09-20"/>'));
    expect(withDateStyle(model, undefined)).toBe(model);
    expect(withDateStyle(model, US)).toBe(model);
    expect(correspondenceRows(model).filter(([label]) => label === 'Date' || label === 'Received')).toEqual([
      ['Date', 'between January 1, 1852 and June 30, 1852'],
      ['Received', 'not before September 20, 1853'],
    ]);
    expect(correspondenceRows(withDateStyle(model, DMY)).filter(([label]) => label === 'Date' || label === 'Received')).toEqual([
      ['Date', 'between 1 January 1852 and 30 June 1852'],
      ['Received', 'not before 20 September 1853'],
    ]);
    expect(summarize(model, DMY).date).toBe('between 1 January 1852 and 30 June 1852');
    expect(summarize(model).date).toBe('between January 1, 1852 and June 30, 1852');
  });
});

describe("the date style: the web page's header (xslt/html/header.xsl)", () => {
  const header = async (date: string, dateStyle?: typeof US | typeof DMY): Promise<string | undefined> =>
    pageDate((await renderDocumentHtml(letter(date), { documentId: 'w', ...(dateStyle ? { dateStyle } : {}) })).header);

  it('writes the day, the range and the bounds in the style asked, and as before without one', async () => {
    expect(await header('<date when="1851-03-14"/>')).toBe('March 14, 1851');
    expect(await header('<date when="1851-03-14"/>', US)).toBe('March 14, 1851');
    expect(await header('<date when="1851-03-14"/>', DMY)).toBe('14 March 1851');
    expect(await header('<date when="1851-03"/>', DMY)).toBe('March 1851');
    expect(await header('<date when="1851-03"/>', US)).toBe('March 1851');
    expect(await header('<date notBefore="1852-01-01" notAfter="1852-06-30"/>', DMY)).toBe('between 1 January 1852 and 30 June 1852');
    expect(await header('<date notBefore="1852-01-01" notAfter="1852-06-30"/>')).toBe('between January 1, 1852 and June 30, 1852');
    expect(await header('<date notBefore="1853-09-20"/>', DMY)).toBe('not before 20 September 1853');
    expect(await header('<date notAfter="1853-09-20"/>', DMY)).toBe('not after 20 September 1853');
    expect(await header('<date from="1851-05-02" to="1851-05-04"/>', DMY)).toBe('from 2 May 1851 to 4 May 1851');
    // Doubted: the "?" of src/model/dates.ts markUncertain, in either style.
    expect(await header('<date when="1852-03-01" cert="low"/>', DMY)).toBe('1 March 1852?');
    expect(await header('<date when="1852-03-01" cert="low"/>')).toBe('March 1, 1852?');
    // The header's own words, whatever the style.
    expect(await header('<date when="1851-03-14">March 14th, 1851</date>', DMY)).toBe('March 14th, 1851');
  });

  it('a document dated by when it was made has the Date row of the model it is rendered with', async () => {
    const source = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Memorandum</title></titleStmt>
<publicationStmt><publisher>P</publisher></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>
<profileDesc><creation><date when="1979-09-28"/></creation></profileDesc></teiHeader><text><body><p>Text.</p></body></text></TEI>`;
    const model = await readDocumentModel('memo.xml', source);
    expect(madeDateOption(model)).toEqual({ text: 'September 28, 1979', when: '1979-09-28' });
    const date = madeDateOption(withDateStyle(model, DMY));
    expect(date).toEqual({ text: '28 September 1979', when: '1979-09-28' });
    expect(pageDate((await renderDocumentHtml(source, { documentId: 'memo', date, dateStyle: DMY })).header)).toBe('28 September 1979');
  });
});

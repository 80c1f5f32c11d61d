/**
 * A letter dated in words only (`<date>22 January 1898</date>`, as the TEI
 * Correspondence SIG's examples write it): its date orders and groups it on
 * the site and goes into its citations, as a date with @when does; words
 * that are not one unambiguous date are not read.
 */
import { describe, expect, it } from 'vitest';
import { citationRecord } from '../src/cite/record.js';
import { formatCitation } from '../src/cite/index.js';
import { dateFromWords, documentDate, isoDateOf } from '../src/model/dates.js';
import { readDocumentModel } from '../src/model/read.js';
import { volumeOrder } from '../src/render/book.js';
import { madeDateOption, renderDocumentHtml } from '../src/render/html.js';
import { correspondenceRows } from '../src/render/text.js';
import { summarize } from '../src/site/letters.js';

describe('dates in words', () => {
  it('reads the forms that cannot be misread, and nothing else', () => {
    const read = (w: string): string | undefined => dateFromWords(w);
    expect(read('1951')).toBe('1951');
    expect(read(' 1898-01-22 ')).toBe('1898-01-22');
    expect(read('1898-01')).toBe('1898-01');
    expect(read('22 January 1898')).toBe('1898-01-22');
    expect(read('22. Januar 1898')).toBe('1898-01-22');
    expect(read('3 März\n   1845')).toBe('1845-03-03');
    expect(read('January 22, 1898')).toBe('1898-01-22');
    expect(read('Jan. 22, 1898')).toBe('1898-01-22');
    expect(read('Sept. 1898')).toBe('1898-09');
    expect(read('May 1898')).toBe('1898-05');
    expect(read('29 February 1900')).toBeUndefined(); // not a leap year
    expect(read('29 February 1904')).toBe('1904-02-29');
    expect(read('31 April 1898')).toBeUndefined();
    expect(read('1898-13')).toBeUndefined();
    for (const w of ['unknown', 'about 1900', '22/1/1898', '1.2.1898', 'Monday, 22 January 1898', '1898–1899', 'Janu. 1898', 'Mayday 1898', '', '22 January 98', 'constructor 1898', '1 __proto__ 1898', 'toString 1, 1898', 'hasOwnProperty 1898'])
      expect(read(w), w).toBeUndefined();
  });

  it('attributes come first; a date with only an end (notAfter, to) is not read from its words', () => {
    expect(isoDateOf({ when: '1898-01-24', text: '22 January 1898' })).toBe('1898-01-24');
    expect(isoDateOf({ notBefore: '1898', notAfter: '1899', text: '1898' })).toBe('1898');
    expect(isoDateOf({ notAfter: '1899', text: '1898' })).toBeUndefined();
    expect(isoDateOf({ text: '1951' })).toBe('1951');
    expect(isoDateOf(undefined)).toBeUndefined();
  });

  const letter = (date: string): string => `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Purrmann to Hesse</title></titleStmt>
<publicationStmt><publisher>P</publisher></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>
<profileDesc><correspDesc><correspAction type="sent"><persName>Hans Purrmann</persName>${date}</correspAction>
<correspAction type="received"><persName>Hermann Hesse</persName></correspAction></correspDesc></profileDesc></teiHeader>
<text><body><p>Lieber Hesse</p></body></text></TEI>`;

  it('orders and groups the letter on the site, and its citations give the date', async () => {
    const model = await readDocumentModel('purrmann.xml', letter('<date>22 January 1898</date>'));
    expect(summarize(model)).toMatchObject({ iso: '1898-01-22', year: '1898', date: '22 January 1898' });
    // <time datetime> only for a date the encoding gives as @when.
    expect(summarize(model).when).toBeUndefined();
    expect(citationRecord(model).dateSent?.iso).toBe('1898-01-22');
    expect(formatCitation(citationRecord(model), 'chicago-note')).toContain('January 22, 1898');
    const undated = await readDocumentModel('purrmann.xml', letter('<date>unknown</date>'));
    expect(summarize(undated)).toMatchObject({ iso: '', year: 'undated', date: 'unknown' });
    expect(citationRecord(undated).dateSent).toBeUndefined();
  });

  it('takes its place in the volume by that date', async () => {
    const model = async (id: string, date: string) => ({ ...(await readDocumentModel(`${id}.xml`, letter(date))), id });
    const order = volumeOrder([await model('a-undated', '<date>unknown</date>'), await model('b-1900', '<date when="1900-03-01"/>'), await model('c-words', '<date>22 January 1898</date>')]);
    expect(order.map((m) => m.id)).toEqual(['c-words', 'b-1900', 'a-undated']);
  });

  const memo = (profile: string, text: string): string => `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Memorandum</title></titleStmt>
<publicationStmt><date type="posted" when="2014-01-22">January 22, 2014</date></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>${profile}</teiHeader>
<text><body><div>${text}<p>Text.</p><closer><dateline><date when="1990-01-01"/></dateline></closer></div></body></text></TEI>`;

  it('a document without a dated correspDesc is dated by when it was made: creation date, the date or the words of its first dateline', async () => {
    const date = async (profile: string, text: string) => {
      const m = await readDocumentModel('memo.xml', memo(profile, text));
      return [isoDateOf(documentDate(m)), summarize(m).year, citationRecord(m).dateSent?.iso];
    };
    // The Office of the Historian's documents: no correspDesc, the date in the dateline's words.
    expect(await date('', '<dateline>September 27, 1979</dateline>')).toEqual(['1979-09-27', '1979', '1979-09-27']);
    expect(await date('', '<dateline>Washington, <date when="1956-11-04">November 4, 1956—4:25 p.m.</date></dateline>')).toEqual(['1956-11-04', '1956', '1956-11-04']);
    // The creation date first; the first dateline of the text, not the closer's.
    expect(await date('<profileDesc><creation><date when="1979-09-28"/></creation></profileDesc>', '<dateline>September 27, 1979</dateline>')).toEqual(['1979-09-28', '1979', '1979-09-28']);
    // A correspDesc whose sent date is in words no one can read: the dateline's.
    const sentUnknown = '<profileDesc><correspDesc><correspAction type="sent"><persName>A</persName><date>unknown</date></correspAction></correspDesc></profileDesc>';
    expect(await date(sentUnknown, '<dateline>September 27, 1979</dateline>')).toEqual(['1979-09-27', '1979', '1979-09-27']);
    // A dated correspDesc wins over everything else.
    const sent = '<profileDesc><correspDesc><correspAction type="sent"><persName>A</persName><date when="1979-09-20"/></correspAction></correspDesc></profileDesc>';
    expect(await date(sent, '<dateline>September 27, 1979</dateline>')).toEqual(['1979-09-20', '1979', '1979-09-20']);
    // Words that are not one date: undated (the closer's dateline is not the first one).
    expect(await date('', '<dateline>November 7-8, 1958</dateline>')).toEqual([undefined, 'undated', undefined]);
    // The Office of the Historian records the day a document was made beside the day it was posted, in the
    // publicationStmt (the corpora's HAC minutes: dateline "November 7-8, 1958"): that date, before the dateline.
    const made = async (publication: string) => {
      const m = await readDocumentModel('memo.xml', memo('', '<dateline>November 7-8, 1958</dateline>').replace(/<publicationStmt>.*?<\/publicationStmt>/s, `<publicationStmt>${publication}</publicationStmt>`));
      return [isoDateOf(documentDate(m)), summarize(m).year, citationRecord(m).dateSent?.iso, correspondenceRows(m).find(([label]) => label === 'Date')?.[1]];
    };
    expect(await made('<date type="posted" when="2015-02-13">February 13, 2015</date><date type="created" when="1958-11-07">November 7, 1958</date>')).toEqual(['1958-11-07', '1958', '1958-11-07', 'November 7, 1958']);
    // The day it was made is no publication date, in whichever order the two stand.
    const both = memo('', '').replace(/<publicationStmt>.*?<\/publicationStmt>/s, '<publicationStmt><date type="created" when="1958-11-07">November 7, 1958</date><date type="posted" when="2015-02-13">February 13, 2015</date></publicationStmt>');
    expect((await readDocumentModel('memo.xml', both)).publicationDate).toBe('2015-02-13');
    // Only a date typed "created": the day it was posted is not when it was made.
    expect(await made('<date type="posted" when="2015-02-13">February 13, 2015</date>')).toEqual([undefined, 'undated', undefined, undefined]);
  });

  it("the web page's header gives that date in the Date row the print and text editions give", async () => {
    // The header's Date row: [its words, its datetime] (null: a span, no time), or undefined when there is none.
    const rows = async (profile: string, text: string) => {
      const source = memo(profile, text);
      const m = await readDocumentModel('memo.xml', source);
      const html = await renderDocumentHtml(source, { documentId: 'memo', date: madeDateOption(m) });
      const dd = /<dt class="generated">Date<\/dt>\s*<dd>(?:<time class="tei-date" datetime="([^"]*)">|<span class="tei-date">)([^<]*)</.exec(html.header);
      return { web: dd ? [dd[2], dd[1] ?? null] : undefined, text: correspondenceRows(m).find(([label]) => label === 'Date')?.[1] };
    };
    expect(await rows('', '<dateline>September 27, 1979</dateline>')).toEqual({ web: ['September 27, 1979', '1979-09-27'], text: 'September 27, 1979' });
    expect(await rows('<profileDesc><creation><date when="1915-01-01">1. Januar 1915</date></creation></profileDesc>', '<p>No dateline.</p>')).toEqual({ web: ['1. Januar 1915', '1915-01-01'], text: '1. Januar 1915' });
    // A sent date in words no one can read: the dateline's date, as in print and text, not "unknown".
    const sentUnknown = '<profileDesc><correspDesc><correspAction type="sent"><persName>A</persName><date>unknown</date></correspAction></correspDesc></profileDesc>';
    expect(await rows(sentUnknown, '<dateline>September 27, 1979</dateline>')).toEqual({ web: ['September 27, 1979', '1979-09-27'], text: 'September 27, 1979' });
    // Dated by its correspDesc: the stylesheet's own row, from the header (no option given).
    const sent = '<profileDesc><correspDesc><correspAction type="sent"><persName>A</persName><date when="1979-09-20">20 September 1979</date></correspAction></correspDesc></profileDesc>';
    expect(madeDateOption(await readDocumentModel('memo.xml', memo(sent, '')))).toBeUndefined();
    expect(await rows(sent, '<dateline>September 27, 1979</dateline>')).toEqual({ web: ['20 September 1979', '1979-09-20'], text: '20 September 1979' });
    // Undated: no row anywhere.
    expect(await rows('', '<dateline>November 7-8, 1958</dateline>')).toEqual({ web: undefined, text: undefined });
  });

  it('a date its encoder doubts (@cert low, medium, unknown) is asked with "?" on the page, in the lists and the text alike', async () => {
    const doubted = (cert: string, words = '1 March 1852') =>
      `<profileDesc><correspDesc><correspAction type="sent"><persName>A</persName><date when="1852-03-01"${cert}>${words}</date></correspAction></correspDesc></profileDesc>`;
    for (const [cert, words, shown] of [[' cert="low"', '1 March 1852', '1 March 1852?'], [' cert="unknown"', '', 'March 1, 1852?'], [' cert="high"', '1 March 1852', '1 March 1852'], ['', '1 March 1852', '1 March 1852'], [' cert="low"', '[1 March 1852?]', '[1 March 1852?]']] as const) {
      const source = memo(doubted(cert, words), '<p>x</p>');
      const m = await readDocumentModel('memo.xml', source);
      const html = await renderDocumentHtml(source, { documentId: 'memo' });
      const dd = /<dt class="generated">Date<\/dt>\s*<dd><time class="tei-date" datetime="1852-03-01">([^<]*)</.exec(html.header)?.[1];
      expect([dd, correspondenceRows(m).find(([label]) => label === 'Date')?.[1], summarize(m).date], cert + words).toEqual([shown, shown, shown]);
    }
  });
});

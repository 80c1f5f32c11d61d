/**
 * BibTeX for the classic styles (`plain`, `chicago`, `apalike`): each
 * target gets the standard entry type whose required fields the record
 * can fill, so no style warns of an empty field:
 *
 * - a periodical witness → `@article` (author, title, journal, volume,
 *   number, pages, year and month of the issue);
 * - a book witness, or the digital edition, whose title, publisher and
 *   year are known → `@incollection` (booktitle, editor, volume,
 *   publisher, address, year, pages). The volume's own title joins the
 *   booktitle ("Foreign Relations of the United States, 1955–1957, Eastern
 *   Europe"), the form FRUS itself uses; a series is only given when there
 *   is no volume (BibTeX styles print "volume V of SERIES", which would be
 *   wrong here);
 * - anything else (the *Public Papers*, whose page and year this edition
 *   does not know) → `@misc`: the letter itself, dated by its own date,
 *   with `howpublished` saying where it is printed.
 *
 * BibTeX has no recipient or letter-date field: an untitled letter is
 * described in `title` ("Letter to Nikolai A. Bulganin, November 4, 1956",
 * CMOS and MLA's description in place of a title); a titled one has the
 * description in `note`, with the document or item number. Every value is
 * written by formatEntry() through the escaper of its kind (latex.ts); text
 * is 7-bit (accents as commands); titles of letters and books are
 * case-protected only for acronyms and the names the TEI marks up in them
 * (journal and series titles keep every capital).
 */
import { bibtexMonth, longDate } from './dates.js';
import { formatEntry, isEnglish, type EntryField, type EntryOptions } from './latex.js';
import { letterTo } from './names.js';
import { arabicVolume, fullPages } from './numbers.js';
import { joinMarked } from './case.js';
import { archiveParts, containerMarked, marked, type CitationRecord } from './record.js';
import { sourceNote } from './ris.js';

export function toBibtex(r: CitationRecord): string {
  const c = r.container;
  const options: EntryOptions = { ascii: true, keepCase: !isEnglish(r.language) };
  const key = `${r.documentId}-${r.target}`;
  const description = letterDescription(r);
  const number = numberText(r);
  const common: EntryField[] = [
    ['author', 'names', r.senders],
    ['title', 'title', marked(r, r.title) ?? description],
  ];
  // Where the letter is kept (an archive the edition names): `note`, which plain, chicago and apalike print.
  const archive = archiveText(r);
  const note = [r.title && r.genre ? description : undefined, number, archive].filter(Boolean).join('. ') || undefined;
  const pages = r.pages ? fullPages(r.pages, '--') : undefined;
  const booktitle = joinMarked(', ', containerMarked(r), marked(r, c.volumeTitle));
  if (c.kind === 'periodical' && c.title) {
    return formatEntry('article', key, [
      ...common,
      ['journal', 'serial', c.title],
      ['volume', 'text', c.volume ? arabicVolume(c.volume) : undefined],
      ['number', 'text', c.issue],
      ['pages', 'range', pages],
      ['year', 'date', c.date ? String(c.date.year) : undefined],
      ['month', 'month', c.date ? bibtexMonth(c.date) : undefined],
      ['note', 'text', note],
      ['url', 'url', c.url],
    ], options);
  }
  if (booktitle && c.publisher && c.date) {
    return formatEntry('incollection', key, [
      ...common,
      ['booktitle', 'title', booktitle],
      ['editor', 'names', c.editors],
      ['volume', 'text', c.volume ? arabicVolume(c.volume) : undefined],
      ['series', 'serial', c.volume ? undefined : c.series?.title],
      ['number', 'text', c.volume ? undefined : c.series?.number],
      ['pages', 'range', pages],
      ['publisher', 'text', c.publisher],
      ['address', 'text', c.pubPlace],
      ['year', 'date', String(c.date.year)],
      ['note', 'text', note],
      ['url', 'url', c.url],
    ], options);
  }
  return formatEntry('misc', key, [
    ...common,
    ['howpublished', 'text', sourceNote(r)?.replace(/\.$/, '')],
    ['year', 'date', r.dateSent ? String(r.dateSent.year) : undefined],
    ['month', 'month', r.dateSent ? bibtexMonth(r.dateSent) : undefined],
    ['note', 'text', [r.title && r.genre ? description : undefined, archive].filter(Boolean).join('. ') || undefined],
    ['url', 'url', c.url],
  ], options);
}

/** "Letter to Nikolai A. Bulganin, November 4, 1956" ("Letter" alone without recipient or date). */
export function letterDescription(r: CitationRecord): string {
  if (!r.genre) return r.title ?? 'Untitled document';
  const to = letterTo(r.recipients) ?? 'Letter';
  return r.dateSent ? `${to}, ${longDate(r.dateSent)}` : to;
}

/**
 * The archive of a letter the edition publishes ("HCB Br 12, Sammlung H. C. Bodmer, Beethoven-Haus, Bonn", CMOS
 * 14.232's order); undefined for a manuscript witness, whose `howpublished` (sourceNote) gives it already.
 */
export function archiveText(r: CitationRecord): string | undefined {
  return r.container.kind === 'manuscript' ? undefined : archiveParts(r.container.archive).join(', ') || undefined;
}

/** "Document 166", "Item 291". */
export function numberText(r: CitationRecord): string | undefined {
  return r.number ? `${r.number.unit === 'document' ? 'Document' : 'Item'} ${r.number.value}` : undefined;
}

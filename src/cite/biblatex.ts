/**
 * BibLaTeX (biber): standard entry types and fields only, so that the
 * standard styles (`authoryear`, `verbose`, …) have a driver for every
 * entry and `biber --validate-datamodel` finds nothing to report:
 *
 * - a periodical witness → `@article` (journaltitle, volume, number,
 *   pages, date of the issue);
 * - a book witness or the edition with a title and a date → `@incollection`
 *   (`@inbook` when no editor is known: the data model requires one)
 *   (booktitle, or `maintitle` with the volume's own title in `booktitle`:
 *   `maintitle` = Foreign Relations …, `booktitle` = Eastern Europe,
 *   `volume` = 25; editor, series, number, publisher, location, pages,
 *   date of publication);
 * - otherwise → `@misc`, the letter itself dated by its own date, with
 *   `howpublished` saying where it is printed.
 *
 * Not `@letter`: the manual lists it among the types the standard styles
 * print as `@misc`, which drops the journal, volume and pages.
 * biblatex-chicago's conventions for a letter printed in a collection
 * (CMOS 14.111) are kept where it reads them: an untitled letter's `title`
 * is its description ("Letter to Nikolai A. Bulganin, November 4, 1956"),
 * which its notes style prints in full before the source; a titled letter
 * keeps its title with the description as `titleaddon`. The document or
 * item number goes to `note`. `volume` is arabic (an integer in the
 * manual); `langid` comes from the document's language, for hyphenation.
 *
 * Text stays UTF-8 (biber reads it); every value is written by
 * formatEntry() through the escaper of its kind (latex.ts).
 */
import { biblatexDate } from './dates.js';
import { archiveText, letterDescription, numberText } from './bibtex.js';
import { formatEntry, isEnglish, type EntryField, type EntryOptions } from './latex.js';
import { arabicVolume, fullPages } from './numbers.js';
import { marked, type CitationRecord } from './record.js';
import { sourceNote } from './ris.js';

/** ISO 639-1 → babel/polyglossia language names biblatex knows (langid). */
const LANGIDS: Record<string, string> = {
  en: 'english',
  de: 'german',
  fr: 'french',
  it: 'italian',
  es: 'spanish',
  nl: 'dutch',
  ru: 'russian',
  la: 'latin',
  pt: 'portuguese',
  pl: 'polish',
  hu: 'magyar',
};

export function toBiblatex(r: CitationRecord): string {
  const c = r.container;
  const options: EntryOptions = { ascii: false, keepCase: !isEnglish(r.language) };
  const key = `${r.documentId}-${r.target}`;
  const description = letterDescription(r);
  const common: EntryField[] = [
    ['author', 'names', r.senders],
    ['title', 'title', marked(r, r.title) ?? description],
    ['titleaddon', 'text', r.title && r.genre ? description : undefined],
  ];
  const tail: EntryField[] = [
    // Where the letter is kept: `addendum`, which every standard style prints at the end of any entry type
    // (`library` is printed by none of them, `howpublished` only by @misc and @booklet).
    ['addendum', 'text', archiveText(r)],
    ['url', 'url', c.url],
    ['langid', 'text', r.language ? LANGIDS[r.language.split('-')[0] as string] : undefined],
  ];
  const pages = r.pages ? fullPages(r.pages, '--') : undefined;
  if (c.kind === 'periodical' && c.title) {
    return formatEntry('article', key, [
      ...common,
      ['journaltitle', 'serial', c.title],
      ['volume', 'text', c.volume ? arabicVolume(c.volume) : undefined],
      ['number', 'text', c.issue],
      ['pages', 'range', pages],
      ['date', 'date', c.date?.iso],
      ['note', 'text', numberText(r)],
      ...tail,
    ], options);
  }
  if (c.title && c.date) {
    const titled = c.volumeTitle !== undefined;
    // biber's data model requires an editor for @incollection; a part of a book without one is @inbook.
    return formatEntry(c.editors.length ? 'incollection' : 'inbook', key, [
      ...common,
      ['maintitle', 'title', titled ? marked(r, c.title) : undefined],
      ['mainsubtitle', 'title', titled ? marked(r, c.subtitle) : undefined],
      ['booktitle', 'title', marked(r, titled ? c.volumeTitle : c.title)],
      ['booksubtitle', 'title', titled ? undefined : marked(r, c.subtitle)],
      ['editor', 'names', c.editors],
      ['volume', 'text', c.volume ? arabicVolume(c.volume) : undefined],
      ['series', 'serial', c.series?.title],
      ['number', 'text', c.series?.number],
      ['pages', 'range', pages],
      ['publisher', 'text', c.publisher],
      ['location', 'text', c.pubPlace],
      ['date', 'date', c.date.iso],
      ['note', 'text', numberText(r)],
      ...tail,
    ], options);
  }
  return formatEntry('misc', key, [
    ...common,
    ['howpublished', 'text', sourceNote(r)?.replace(/\.$/, '')],
    ['date', 'date', r.dateSent ? biblatexDate(r.dateSent) : undefined],
    ...tail,
  ], options);
}

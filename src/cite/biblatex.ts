/**
 * BibLaTeX: the `@letter` entry type, which the biblatex manual (§2.1.3)
 * defines for "personal correspondence such as letters, emails, memoranda",
 * with the manual's fields:
 *
 * - `author`, `title` (the document's title), `titleaddon` "Letter to
 *   Nikolai A. Bulganin" (biblatex has no recipient field; `titleaddon` is
 *   "an annex to the title", printed after it);
 * - `date` is the publication date of the version cited (the issue, the
 *   volume, the edition), `origdate` the letter's date, as the manual
 *   defines them for a reprint ("the publication date of the original");
 * - the container: `journaltitle` (periodical), or `booktitle` with
 *   `maintitle` for a titled volume of a multivolume work
 *   (`maintitle` = Foreign Relations …, `booktitle` = Eastern Europe,
 *   `volume` = 25), `editor`, `series` and `number`, `publisher`,
 *   `location`, `pages`, `url`; the document or item number in `note`;
 * - `volume` in arabic numerals (an integer field in the manual); `langid`
 *   from the document's language, for hyphenation.
 *
 * Text stays UTF-8 (biber reads it); TeX's special characters are escaped.
 * The manual lists @letter among the types its standard styles print as
 * @misc (without the container); styles with letter support (e.g.
 * biblatex-chicago) print it in full.
 */
import { letterTo } from './names.js';
import { citationKey, escapeLatex, formatEntry, latexNames, latexUrl, protectedTitle } from './latex.js';
import { arabicVolume, fullPages } from './numbers.js';
import type { CitationRecord } from './record.js';

const OPTIONS = { ascii: false };

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
  const e = (s: string | undefined): string | undefined => (s === undefined ? undefined : escapeLatex(s, OPTIONS));
  const t = (s: string | undefined): string | undefined => (s === undefined ? undefined : protectedTitle(s, OPTIONS));
  const titled = c.kind !== 'periodical' && c.volumeTitle !== undefined;
  const number = r.number ? `${r.number.unit === 'document' ? 'Document' : 'Item'} ${r.number.value}` : undefined;
  return formatEntry('letter', citationKey([r.documentId, r.target]), [
    ['author', r.senders.length ? latexNames(r.senders, OPTIONS) : undefined],
    ['title', t(r.title)],
    ['titleaddon', e(letterTo(r.recipients))],
    ['origdate', r.dateSent?.iso],
    ['journaltitle', c.kind === 'periodical' ? t(c.title) : undefined],
    ['maintitle', titled ? t(c.title) : undefined],
    ['booktitle', c.kind === 'periodical' ? undefined : t(titled ? c.volumeTitle : c.title)],
    ['booksubtitle', c.kind === 'periodical' ? undefined : t(c.subtitle)],
    ['editor', c.editors.length ? latexNames(c.editors, OPTIONS) : undefined],
    ['volume', c.volume ? e(arabicVolume(c.volume)) : undefined],
    ['number', c.kind === 'periodical' ? e(c.issue) : e(c.series?.number)],
    ['series', c.kind === 'periodical' ? undefined : t(c.series?.title)],
    ['pages', r.pages ? fullPages(r.pages, '--') : undefined],
    ['publisher', c.kind === 'periodical' ? undefined : e(c.publisher)],
    ['location', c.kind === 'periodical' ? undefined : e(c.pubPlace)],
    ['date', c.date?.iso],
    ['note', e(number)],
    ['url', c.url ? latexUrl(c.url) : undefined],
    ['langid', r.language ? LANGIDS[r.language.split('-')[0] as string] : undefined],
  ]);
}

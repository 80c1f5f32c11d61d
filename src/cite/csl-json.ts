/**
 * CSL-JSON, the native format of Zotero, Mendeley and pandoc: one
 * `personal_communication` item, mapped to the variables as the official
 * Chicago 17, MLA 9 and APA 7 styles read them (tests/consumers run
 * citeproc-js with those styles and compare the facts with our formatter):
 *
 * - `author`, `recipient`; `event-date` is the letter's date (the styles'
 *   "date of composition for letters"), `issued` the date of the source
 *   cited (the issue, the volume, the edition), never the letter's, but for
 *   an unpublished letter (a manuscript), which is dated by its own date;
 * - `original-date`: the letter's date again when the source was published
 *   in a later (or unknown) year, so APA adds "(Original work published
 *   1956)" (its only trace of a letter's date) and Chicago gives both years;
 * - `genre` "letter" only without a document number: the styles print
 *   `genre` with `number` as "Letter no. 166", which FRUS document 166 is
 *   not; with a number the item says "no. 166";
 * - the source: `container-title`, `volume` (arabic, so the styles print
 *   "vol."), `volume-title`, `issue`, `page`, `number`, `editor`,
 *   `collection-editor` (general editor), `collection-title` and
 *   `collection-number` (series), `publisher`, `publisher-place`, `URL`;
 * - `title` only when the version cited has one (see record.ts), and not
 *   when it is only the editors' description "Sender to Recipient, date"
 *   (the styles print their own "Letter to …");
 * - titles of letters and books in sentence case, CSL's convention for
 *   data: Chicago's and MLA's styles title-case them, APA's prints them as
 *   stored (APA 6.17). The names the TEI marks up keep their capitals, and
 *   a name with a lowercase particle ("Ludwig van Beethoven") is wrapped in
 *   `<span class="nocase">` so that title case leaves it alone. Periodical
 *   and series titles keep their capitals (case.ts, cslTitle()).
 *
 * The MLA style prints no `recipient` for any letter (a limit of the
 * style); `note` keeps the whole source in words for readers of the data.
 * Written directly (it is plain JSON); keys sorted, so files are stable.
 */
import { cslDate } from './dates.js';
import type { CitationName } from './names.js';
import { arabicVolume, fullPages } from './numbers.js';
import { cslTitle } from './case.js';
import { containerLanguageOf, containerMarked, containerTitleOf, marked, titleDescribesLetter, titleLanguageOf, type CitationRecord } from './record.js';
import { sourceNote } from './ris.js';
import { stableStringify } from './stable-json.js';

export interface CslName {
  family?: string;
  given?: string;
  'dropping-particle'?: string;
  'non-dropping-particle'?: string;
  literal?: string;
}

export type CslItem = Record<string, unknown> & { id: string; type: string };

export function cslName(n: CitationName): CslName {
  if (!n.family) return { literal: n.display };
  // A particle of the surname (names.ts keptParticle: "van Gogh") does not drop: the styles keep it in short forms.
  const particle = n.particle ? { [n.keptParticle ? 'non-dropping-particle' : 'dropping-particle']: n.particle } : {};
  return { family: n.family, ...(n.given ? { given: n.given } : {}), ...particle };
}

/**
 * A title in another language than the item's (titleLanguage: a letter's French title in a header in English)
 * that is not English, in a nocase span: an English item's title is title-cased by the styles that do so
 * (Chicago's CSL printed "Arles, Mercredi 3 Octobre 1888"), which would change this one's own capitals.
 */
function foreignTitle(r: CitationRecord, title: string | undefined): string | undefined {
  const own = r.titleLanguage;
  return title && own && own !== r.language && !/^en(?:-|$)/i.test(own) ? `<span class="nocase">${title}</span>` : title;
}

export function toCslItem(r: CitationRecord): CslItem {
  const c = r.container;
  // A letter is a personal communication (citeproc needs it for letters); a document without correspondents a manuscript.
  const item: CslItem = { id: `${r.documentId}-${r.target}`, type: r.genre === 'letter' ? 'personal_communication' : 'manuscript' };
  const set = (key: string, value: unknown): void => {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return;
    item[key] = value;
  };
  set('genre', r.genre && !r.number ? 'letter' : undefined);
  set('title', titleDescribesLetter(r) ? undefined : foreignTitle(r, cslTitle(titleLanguageOf(r), marked(r, r.title))));
  set('author', r.senders.map(cslName));
  set('recipient', r.recipients.map(cslName));
  set('event-date', r.dateSent ? cslDate(r.dateSent) : undefined);
  // An unpublished letter (a manuscript) is issued when it was written: the styles date it by `issued` alone
  // (APA's "(Bartók, 1907)", not "n.d."), as our own styles and Zotero's RIS import do.
  set('issued', c.date ? cslDate(c.date) : c.kind === 'manuscript' && r.dateSent ? cslDate(r.dateSent) : undefined);
  set('original-date', r.dateSent && c.kind !== 'manuscript' && c.date?.year !== r.dateSent.year ? cslDate(r.dateSent) : undefined);
  set('available-date', r.released ? cslDate(r.released) : undefined);
  // A manuscript is not a container: its description is the medium; where it is kept, the archive variables.
  set('container-title', c.kind === 'manuscript' ? undefined : c.kind === 'periodical' ? containerTitleOf(c) : cslTitle(containerLanguageOf(r), containerMarked(r)));
  set('medium', c.kind === 'manuscript' ? c.title : undefined);
  set('archive', c.archive?.repository);
  set('archive_collection', c.archive?.collection);
  set('archive_location', c.archive?.shelfmark);
  set('archive-place', c.archive?.place);
  set('volume', c.volume ? arabicVolume(c.volume) : undefined);
  set('volume-title', cslTitle(containerLanguageOf(r), marked(r, c.volumeTitle)));
  set('issue', c.issue);
  // A hyphen, as CSL processors and Zotero expect in data (they typeset the dash).
  set('page', r.pages ? fullPages(r.pages, '-') : undefined);
  set('number', r.number?.value);
  set('editor', c.editors.map(cslName));
  set('collection-editor', c.generalEditors.map(cslName));
  set('collection-title', c.series?.title);
  set('collection-number', c.series?.number);
  set('publisher', c.publisher);
  set('publisher-place', c.pubPlace);
  set('URL', c.url);
  set('language', r.language);
  set('note', sourceNote(r));
  return item;
}

/** A CSL-JSON file: an array of items, keys sorted, two-space indent, final newline. */
export function toCslJson(records: CitationRecord[]): string {
  return `${stableStringify(records.map(toCslItem))}\n`;
}

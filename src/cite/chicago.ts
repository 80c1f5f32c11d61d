/**
 * The Chicago Manual of Style, 17th ed., notes and bibliography, for a
 * letter in a published source (CMOS 14.111: the letter is cited by
 * sender, recipient and date, "to" joining them and the word "letter"
 * omitted; then the source it is printed in):
 *
 *   note   Dwight D. Eisenhower to Nikolai A. Bulganin, November 4, 1956,
 *          *Department of State Bulletin* 35 (November 19, 1956): 795–97.
 *   short  Eisenhower to Bulganin, November 4, 1956.
 *   bib    Eisenhower, Dwight D. Letter to Nikolai A. Bulganin, November 4,
 *          1956. *Department of State Bulletin* 35 (November 19, 1956): 795–97.
 *
 * A periodical is cited like a journal article (no "in"; volume, issue
 * date in parentheses, colon, pages); a book like a chapter in an edited,
 * possibly multivolume, work ("in *Title*, vol. 25, *Volume Title*, ed. …
 * (Place: Publisher, Year), doc. 166, 390–92"); the digital edition like a
 * book with its URL. Page ranges are abbreviated by CMOS 9.61, volume
 * numbers are arabic, titles headline-style. The short note names the
 * correspondents and the date, which is what tells one letter of a
 * correspondence from another.
 *
 * Why not citeproc with a CSL style: plugin-csl bundles only apa,
 * vancouver and harvard1, and a Chicago style may not be fetched. A style
 * of our own would still meet CSL's model of a letter: a
 * `personal_communication` whose `issued` is the letter's date has no
 * variable for the date of the issue that printed it, and the project
 * measured that citeproc drops the recipient, issue date, page range and
 * document number of such items. Mapping around that (issued = issue date,
 * original-date = letter date, a home-made CSL file) would cost ~1 s of
 * style parsing per process for the same result. So the form is written
 * here, from the typed record, as small functions the golden tests pin.
 */
import { longDate } from './dates.js';
import { headlineCaseIn, type MarkedTitle } from './case.js';
import { inverted, joinNames, surnameOf, type CitationName, letterTo } from './names.js';
import { arabicVolume, chicagoPages } from './numbers.js';
import { archiveParts, containerLanguageOf, containerMarked, marked, type CitationContainer, type CitationRecord } from './record.js';
import { italic, link, plain, RichBuilder, type Rich, type Run } from './rich.js';

export function chicagoNote(r: CitationRecord): Rich {
  const b = new RichBuilder();
  b.add('', plain(correspondents(r, r.senders.map((n) => n.display), r.recipients.map((n) => n.display))));
  b.add(', ', plain(dateOf(r)));
  // CMOS 14.232: a letter in a manuscript collection is followed by its shelfmark, collection, repository and place.
  if (r.container.kind !== 'manuscript') b.add(', ', plain(archiveParts(r.container.archive).join(', ')));
  // A source named by its facts of publication alone follows without a comma: "January 1, 1915 (Basel: …, 2025)".
  const source = noteSource(r);
  b.add(source[0]?.text.startsWith('(') ? ' ' : ', ', ...source);
  return b.end().build();
}

export function chicagoShortNote(r: CitationRecord): Rich {
  const b = new RichBuilder();
  b.add('', plain(correspondents(r, r.senders.map(surnameOf), r.recipients.map(surnameOf))));
  b.add(', ', plain(dateOf(r)));
  return b.end().build();
}

export function chicagoBibliography(r: CitationRecord): Rich {
  const b = new RichBuilder();
  if (r.senders.length) b.add('', plain(bibliographyNames(r.senders)));
  const description = !r.genre && r.title ? `“${r.title}”` : letterTo(r.recipients) ?? 'Letter';
  b.add('. ', plain(description));
  b.add(', ', plain(dateOf(r)));
  if (r.container.kind !== 'manuscript') b.add('. ', plain(archiveParts(r.container.archive).join(', ')));
  b.add('. ', ...bibliographySource(r));
  return b.end().build();
}

/**
 * The source alone, in note form ("*Department of State Bulletin* 35
 * (November 19, 1956): 795–97"): used where a format has no field for the
 * container of a letter (RIS N1 for Zotero's Letter type).
 */
export function chicagoSource(r: CitationRecord): Rich {
  const b = new RichBuilder();
  b.add('', ...noteSource(r, ''));
  return b.build();
}

/** The letter's date; "n.d." (Chicago's abbreviation for no date) for a letter the header gives no date of; nothing for a date it gives in words the toolkit cannot read. */
function dateOf(r: CitationRecord): string {
  return r.dateSent ? longDate(r.dateSent) : r.undated ? 'n.d.' : '';
}

/** "Sender to Recipient"; a document without correspondents is named by its title, in quotation marks. */
function correspondents(r: CitationRecord, senders: string[], recipients: string[]): string {
  const from = joinNames(senders);
  const to = joinNames(recipients);
  if (from && to) return `${from} to ${to}`;
  if (to) return `Letter to ${to}`;
  if (from) return from;
  return r.title ? `“${r.title}”` : 'Untitled document';
}

/** First name inverted, the others in display order (CMOS). */
function bibliographyNames(names: CitationName[]): string {
  const [first, ...rest] = names;
  if (!first) return '';
  if (rest.length === 0) return inverted(first);
  const all = [inverted(first), ...rest.map((n) => n.display)];
  if (all.length === 2) return `${all[0]}, and ${all[1]}`;
  return joinNames(all);
}

function containerTitle(r: CitationRecord): string | undefined {
  const t = containerMarked(r);
  return t === undefined ? undefined : headlineCaseIn(containerLanguageOf(r), t);
}

/** `lead` introduces a book ("in *Title*"); '' for the source on its own. */
function noteSource(r: CitationRecord, lead = 'in '): Run[] {
  const c = r.container;
  const b = new RichBuilder();
  const title = containerTitle(r);
  if (c.kind === 'manuscript') {
    // CMOS 14.232: the description, then the shelfmark, collection, repository and place, neither italic nor "in".
    if (c.title) b.add('', plain(c.title));
    b.add(', ', plain(archiveParts(c.archive).join(', ')));
  } else if (c.kind === 'periodical') {
    if (title) b.add('', italic(title));
    if (c.volume) b.add(' ', plain(arabicVolume(c.volume)));
    if (c.issue) b.add(', ', plain(`no. ${c.issue}`));
    // CMOS 14.171: the date in parentheses after the volume or, without one, the issue number ("no. 6 (1995): 5–6").
    const numbered = Boolean(c.volume || c.issue);
    if (c.date) b.add(numbered ? ' ' : ', ', plain(numbered ? `(${longDate(c.date)})` : longDate(c.date)));
    if (r.number) b.add(', ', plain(numberLabel(r)));
    if (r.pages) b.add(numbered && c.date && !r.number ? ': ' : ', ', plain(chicagoPages(r.pages)));
  } else {
    if (title) b.add('', plain(lead), italic(title));
    if (c.volume) b.add(', ', plain(`vol. ${arabicVolume(c.volume)}`));
    if (c.volumeTitle) b.add(', ', italic(headlineCaseIn(containerLanguageOf(r), marked(r, c.volumeTitle) as MarkedTitle)));
    if (c.editors.length) b.add(', ', plain(`ed. ${noteEditors(c.editors)}`));
    if (c.series) b.add(', ', plain(seriesText(r, c.series)));
    const facts = publicationFacts(c);
    if (facts) b.add(' ', plain(`(${facts})`));
    if (r.number) b.add(', ', plain(numberLabel(r)));
    if (r.pages) b.add(', ', plain(chicagoPages(r.pages)));
  }
  if (c.url) b.add(', ', link(c.url));
  return b.build();
}

function bibliographySource(r: CitationRecord): Run[] {
  const c = r.container;
  const b = new RichBuilder();
  if (c.kind === 'periodical' || c.kind === 'manuscript') {
    b.add('', ...noteSource({ ...r, container: { ...c, url: undefined } }));
  } else {
    // As a chapter in an edited book: "In *Book*, vol. 25, *Volume*, edited by …, 390–92. Place: Publisher, Year."
    const title = containerTitle(r);
    if (title) b.add('', plain('In '), italic(title));
    if (c.volume) b.add(', ', plain(`vol. ${arabicVolume(c.volume)}`));
    if (c.volumeTitle) b.add(', ', italic(headlineCaseIn(containerLanguageOf(r), marked(r, c.volumeTitle) as MarkedTitle)));
    if (c.editors.length) b.add(', ', plain(`edited by ${joinNames(c.editors.map((n) => n.display))}`));
    if (r.number) b.add(', ', plain(numberLabel(r)));
    if (r.pages) b.add(', ', plain(chicagoPages(r.pages)));
    if (c.series) b.add('. ', plain(seriesText(r, c.series)));
    const facts = publicationFacts(c);
    if (facts) b.add('. ', plain(facts));
  }
  if (c.url) b.add('. ', link(c.url));
  return b.build();
}

/** "Edward C. Keefer, Ronald D. Landa, and Stanley Shaloff"; four or more: the first and "et al.". */
function noteEditors(editors: CitationName[]): string {
  const names = editors.map((n) => n.display);
  return names.length >= 4 ? `${names[0]} et al.` : joinNames(names);
}

function seriesText(r: CitationRecord, s: { title: string; number?: string }): string {
  const title = headlineCaseIn(containerLanguageOf(r), marked(r, s.title) as MarkedTitle);
  return s.number ? `${title} ${s.number}` : title;
}

/** "Washington: Government Printing Office, 1990", "TEI Edition Toolkit project, 2026", or '' when the header has none. */
function publicationFacts(c: CitationContainer): string {
  const who = c.pubPlace && c.publisher ? `${c.pubPlace}: ${c.publisher}` : (c.publisher ?? c.pubPlace ?? '');
  const year = c.date ? String(c.date.year) : '';
  return [who, year].filter(Boolean).join(', ');
}

function numberLabel(r: CitationRecord): string {
  const n = r.number as NonNullable<CitationRecord['number']>;
  return n.unit === 'document' ? `doc. ${n.value}` : `item ${n.value}`;
}

/**
 * APA Publication Manual, 7th ed.: reference entry and in-text citation.
 *
 * A published letter is a recoverable source, so APA cites it as a
 * reference, not as a personal communication (APA 8.9 keeps personal
 * communications for unrecoverable sources, cited in text only). An
 * untitled work is described in square brackets, as APA's
 * archival letters are ("[Letter to Robert M. Ogden]"); the description
 * carries the recipient and the letter's date, because the date element
 * of a reference is the date of the publication the reader consults:
 * the issue date for a periodical, the year of the volume for a book.
 * When that date is later than the letter (APA's republished work),
 * the letter's year closes the entry as "(Original work published 1956)"
 * and the in-text citation gives both years, "(Eisenhower, 1956/1990)".
 *
 *   Eisenhower, D. D. (1956, November 19). [Letter to Nikolai A. Bulganin,
 *   November 4, 1956]. *Department of State Bulletin*, *35*, 795–797.
 *
 * Titles of books and reports (the container of a letter, the edition,
 * a volume's own title) and a letter's own title are in sentence case
 * (APA 6.17), keeping the names the TEI marks up in them and acronyms
 * (case.ts, sentenceCase); a titled letter is followed by its description
 * in brackets (APA 9.21). Periodical titles keep their capitals (title case
 * is APA's rule for them).
 * An unknown date of publication is "n.d.", as APA writes it.
 *
 * Why not citeproc with the bundled apa.csl: with `personal_communication`
 * it prints "In Department of State Bulletin (Vol. 35, pp. 795–797)",
 * a book-chapter form without the issue date (tests/cite.test.ts pins
 * this); with `article-magazine` the recipient is no longer data and
 * would have to be written into the title. The manual's form is built here from the record.
 */
import { apaDate, longDate, type PartialDate } from './dates.js';
import { apaDirect, apaInverted, letterTo, surnameOf, type CitationName } from './names.js';
import { arabicVolume, fullPages } from './numbers.js';
import { sentenceCaseIn } from './case.js';
import { containerLanguageOf, containerMarked, marked, titleDescribesLetter, titleLanguageOf, type ArchiveLocation, type CitationRecord } from './record.js';
import { italic, link, plain, RichBuilder, type Rich } from './rich.js';

export function apaReference(r: CitationRecord): Rich {
  const b = new RichBuilder();
  const c = r.container;
  const own = titleDescribesLetter(r) ? undefined : marked(r, r.title);
  const description = own ? `${sentenceCaseIn(titleLanguageOf(r), own)}${r.genre ? ` [${describe(r)}]` : ''}` : `[${describe(r)}]`;
  if (r.senders.length) {
    b.add('', plain(apaAuthors(r.senders)));
    // APA 9.8: the author element ends in a period, also after a group author or a particle ("Royal Society of
    // London. (2001)."); after an initial the initial's period is that period.
    b.add('. ', plain(`(${publicationDate(r)})`));
    b.add('. ', plain(description));
  } else {
    b.add('', plain(description));
    b.add(' ', plain(`(${publicationDate(r)})`));
  }
  if (c.kind !== 'manuscript') b.add('. ', plain(apaArchive(c.archive)));
  if (c.kind === 'manuscript') {
    b.add('. ', plain([c.title, apaArchive(c.archive)].filter(Boolean).join(', ')));
  } else if (c.kind === 'periodical') {
    const source = new RichBuilder();
    if (c.title) source.add('', italic(c.title));
    if (c.volume) source.add(c.title ? ', ' : '', italic(arabicVolume(c.volume)));
    if (c.issue) source.add(c.volume ? '' : ', ', plain(`(${c.issue})`));
    if (r.number) source.add(', ', plain(numberLabel(r)));
    if (r.pages) source.add(', ', plain(fullPages(r.pages)));
    b.add('. ', ...source.build());
  } else {
    const source = new RichBuilder();
    const title = bookTitle(r);
    // "In" only before something that names the source (an untitled, uneditored edition has none).
    if (title || c.editors.length) source.add('', plain('In '));
    if (c.editors.length) {
      const eds = c.editors.map(apaDirect);
      source.add('', plain(`${apaList(eds)} (${eds.length > 1 ? 'Eds.' : 'Ed.'})${title ? ', ' : ''}`));
    }
    if (title) source.add('', italic(title));
    const parts: string[] = [];
    if (c.volume && !c.volumeTitle) parts.push(`Vol. ${arabicVolume(c.volume)}`);
    if (r.number) parts.push(numberLabel(r));
    if (r.pages) parts.push(r.pages.to && r.pages.to !== r.pages.from ? `pp. ${fullPages(r.pages)}` : `p. ${r.pages.from}`);
    if (parts.length) source.add(' ', plain(`(${parts.join(', ')})`));
    b.add('. ', ...source.build());
    if (c.publisher) b.add('. ', plain(c.publisher));
  }
  b.end();
  if (c.url) b.add(' ', link(c.url));
  const original = originalYear(r);
  if (original) b.add(' ', plain(`(Original work published ${original})`));
  return b.build();
}

/**
 * APA 7 (10.8, archival documents): "Collection (shelfmark), Repository, Place", as its "Rockefeller Archive
 * Center (GEB series 1.3, Box 371, Folder 3877), Tarrytown, NY"; the shelfmark in parentheses after the first part.
 */
function apaArchive(a: ArchiveLocation | undefined): string {
  if (!a) return '';
  const [first, ...rest] = [a.collection, a.repository, a.place].filter((x): x is string => Boolean(x));
  if (!first) return a.shelfmark ?? '';
  return [a.shelfmark ? `${first} (${a.shelfmark})` : first, ...rest].join(', ');
}

/** "(Eisenhower, 1956)", "(Eisenhower, 1956/1990)". */
export function apaInText(r: CitationRecord): Rich {
  const names = r.senders.map(surnameOf);
  const who = names.length >= 3 ? `${names[0]} et al.` : names.length === 2 ? `${names[0]} & ${names[1]}` : (names[0] ?? (r.genre || !r.title ? `[${describe(r)}]` : r.title));
  const original = originalYear(r);
  const published = datedByItself(r) ? undefined : r.container.date;
  const date = original ? `${original}/${published ? published.year : 'n.d.'}` : published ? String(published.year) : r.dateSent ? apaYear(r.dateSent) : 'n.d.';
  return [plain(`(${who}, ${date})`)];
}

/** "Letter to Nikolai A. Bulganin, November 4, 1956" (printed in brackets: an uncertain date keeps only its "?"). */
function describe(r: CitationRecord): string {
  const to = letterTo(r.recipients) ?? 'Letter';
  return r.dateSent ? `${to}, ${longDate(r.dateSent, { brackets: false })}` : to;
}

/**
 * The letter is dated by its own date: a manuscript, or a version the header names no publication for (no title,
 * publisher or address: a foreign document's "edition" target), where there is no republication to date.
 */
function datedByItself(r: CitationRecord): boolean {
  const c = r.container;
  return c.kind === 'manuscript' || (!c.title && !c.publisher && !c.url);
}

/** The date of the version cited: the issue's full date for a periodical, the year for a book or the edition. */
function publicationDate(r: CitationRecord): string {
  // An unpublished letter is dated by its own date (APA 10.8 archival letters).
  if (datedByItself(r)) return r.dateSent ? approximate(r.dateSent, apaDate({ ...r.dateSent, inferred: undefined, uncertain: undefined })) : 'n.d.';
  const d = r.container.date;
  if (!d) return 'n.d.';
  return r.container.kind === 'periodical' ? apaDate(d) : String(d.year);
}

/** The letter's year when the version cited is later (or undated): APA's republished work ("1956", "ca. 1810–1812"). */
function originalYear(r: CitationRecord): string | undefined {
  if (!r.dateSent || datedByItself(r)) return undefined;
  const d = r.container.date;
  if (d && d.year === r.dateSent.year && !r.dateSent.end) return undefined;
  return apaYear(r.dateSent);
}

/**
 * A letter's year as APA writes a year: a span of years with an en dash ("1810–1812"); a date the editors
 * inferred (notBefore/notAfter) or doubt (@cert) is approximate, "ca. 1888" (APA 7 9.15: "ca." for an
 * approximate date; no brackets or question mark in the date element).
 */
function apaYear(d: PartialDate): string {
  return approximate(d, d.end && d.end.year !== d.year ? `${d.year}\u2013${d.end.year}` : String(d.year));
}

function approximate(d: PartialDate, text: string): string {
  return d.inferred || d.uncertain ? `ca. ${text}` : text;
}

/** "*Title: Vol. 25. Volume Title*" (a titled volume of a multivolume work). */
function bookTitle(r: CitationRecord): string | undefined {
  const c = r.container;
  const title = containerMarked(r);
  if (!title) return undefined;
  const t = sentenceCaseIn(containerLanguageOf(r), title);
  const volume = marked(r, c.volumeTitle);
  return c.volume && volume ? `${t}: Vol. ${arabicVolume(c.volume)}. ${sentenceCaseIn(containerLanguageOf(r), volume)}` : t;
}

function apaAuthors(names: CitationName[]): string {
  const inv = names.map(apaInverted);
  if (inv.length === 1) return inv[0] as string;
  if (inv.length === 2) return `${inv[0]}, & ${inv[1]}`;
  return `${inv.slice(0, -1).join(', ')}, & ${inv[inv.length - 1]}`;
}

/** "E. C. Keefer, R. D. Landa, & S. Shaloff". */
function apaList(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length === 2) return `${names[0]} & ${names[1]}`;
  return `${names.slice(0, -1).join(', ')}, & ${names[names.length - 1]}`;
}

function numberLabel(r: CitationRecord): string {
  const n = r.number as NonNullable<CitationRecord['number']>;
  return n.unit === 'document' ? `Document ${n.value}` : `Item ${n.value}`;
}

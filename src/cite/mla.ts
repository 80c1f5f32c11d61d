/**
 * MLA Handbook, 9th ed.: works-cited entry and in-text citation of a
 * published letter. The letter has no title of its own in MLA's form: the
 * description "Letter to Recipient" stands in its place, unquoted and not
 * italic, followed by the letter's date; then the container, with MLA's
 * core elements in their order (title of container, contributors, number,
 * publisher, date, location):
 *
 *   Eisenhower, Dwight D. Letter to Nikolai A. Bulganin. 4 Nov. 1956.
 *   *Department of State Bulletin*, vol. 35, 19 Nov. 1956, pp. 795–97.
 *
 *   (Eisenhower)
 *
 * Three or more editors: the first and "et al."; page ranges by MLA's rule
 * for inclusive numbers; volume numbers arabic; months abbreviated; URLs
 * shown without "https://", as in the Handbook's examples (the HTML link
 * keeps the full URL). A series (an optional element) closes the entry.
 *
 * Not through citeproc: plugin-csl bundles no MLA style (none may be
 * fetched), and CSL's `personal_communication` has no slot for the issue
 * date of the periodical that printed the letter (see chicago.ts).
 */
import { mlaDate } from './dates.js';
import { headlineCaseIn, type MarkedTitle } from './case.js';
import { keptInverted as inverted, joinNames, surnameOf, type CitationName, letterTo } from './names.js';
import { arabicVolume, mlaPages } from './numbers.js';
import { containerLanguageOf, containerMarked, containerTitleOf, marked, type ArchiveLocation, type CitationRecord } from './record.js';
import { italic, link, plain, RichBuilder, type Rich } from './rich.js';

export function mlaWorksCited(r: CitationRecord): Rich {
  const b = new RichBuilder();
  if (r.senders.length) b.add('', plain(authorNames(r.senders)));
  const description = !r.genre && r.title ? `“${r.title}”` : letterTo(r.recipients) ?? 'Letter';
  b.add('. ', plain(description));
  if (r.dateSent) b.add('. ', plain(mlaDate(r.dateSent)));

  const c = r.container;
  // The archive of a letter the edition publishes: a first container (the collection), its location (repository,
  // place, shelfmark); the edition is the second container.
  if (c.kind !== 'manuscript') b.add('. ', plain(mlaArchive(c.archive)));
  const container = new RichBuilder();
  const title = containerTitleOf(c);
  if (c.kind === 'manuscript') {
    if (title) container.add('', plain(title));
    container.add(', ', plain(mlaArchive(c.archive)));
  } else if (title) container.add('', italic(headlineCaseIn(containerLanguageOf(r), containerMarked(r) ?? title)));
  if (c.editors.length) container.add(', ', plain(`edited by ${editorNames(c.editors)}`));
  if (c.volume) container.add(', ', plain(`vol. ${arabicVolume(c.volume)}`));
  if (c.volumeTitle) container.add(', ', italic(headlineCaseIn(containerLanguageOf(r), marked(r, c.volumeTitle) as MarkedTitle)));
  if (c.issue) container.add(', ', plain(`no. ${c.issue}`));
  if (c.publisher && c.kind !== 'periodical') container.add(', ', plain(c.publisher));
  if (c.date) container.add(', ', plain(c.kind === 'periodical' ? mlaDate(c.date) : String(c.date.year)));
  if (r.number) container.add(', ', plain(r.number.unit === 'document' ? `doc. ${r.number.value}` : `item ${r.number.value}`));
  if (r.pages) container.add(', ', plain(r.pages.to && r.pages.to !== r.pages.from ? `pp. ${mlaPages(r.pages)}` : `p. ${r.pages.from}`));
  if (c.url) container.add(', ', link(c.url, c.url.replace(/^https?:\/\//, '')));
  b.add('. ', ...container.build());
  if (c.series) {
    const series = headlineCaseIn(containerLanguageOf(r), marked(r, c.series.title) as MarkedTitle);
    b.add('. ', plain(c.series.number ? `${series} ${c.series.number}` : series));
  }
  return b.end().build();
}

/**
 * An archival source as the MLA Style Center's examples give it: the collection (the container), then the
 * location, the repository with its place, then the box, folder or manuscript number ("Bryher Papers, Beinecke
 * Rare Book and Manuscript Library, Yale U, GEN MSS 97, box 38, folder 1373").
 */
function mlaArchive(a: ArchiveLocation | undefined): string {
  return a ? [a.collection, a.repository, a.place, a.shelfmark].filter(Boolean).join(', ') : '';
}

/** "(Eisenhower)": the author's surname; the whole work is cited, so no page. */
export function mlaInText(r: CitationRecord): Rich {
  const names = r.senders.map(surnameOf);
  const who = names.length >= 3 ? `${names[0]} et al.` : joinNames(names);
  const label = who || (r.recipients.length ? `Letter to ${joinNames(r.recipients.map(surnameOf))}` : r.title ? `“${r.title}”` : 'Untitled document');
  return [plain(`(${label})`)];
}

/** "Eisenhower, Dwight D.", "A, and B", "A, et al." (MLA 9 authors). */
function authorNames(names: CitationName[]): string {
  const [first, second] = names;
  if (!first) return '';
  // (keptInverted: a particle of the surname in front, "van Gogh, Vincent", as MLA's CSL style writes it.)
  if (names.length === 1) return inverted(first);
  if (names.length === 2 && second) return `${inverted(first)}, and ${second.display}`;
  return `${inverted(first)}, et al.`;
}

function editorNames(names: CitationName[]): string {
  if (names.length >= 3) return `${(names[0] as CitationName).display} et al.`;
  return joinNames(names.map((n) => n.display));
}

import { esc } from './html.js';
import { byTime, byYear, emptyLast, UNDATED, yearRange, type Correspondent, type LetterSummary, type Party } from './letters.js';
import { compareText } from '../collate.js';

/**
 * The lists of letters: the table every list page shares (index, year and
 * correspondent pages), with what the page script needs to filter and sort
 * it, and the filter form. Without JavaScript the tables are complete and
 * every name links to its correspondent page, every year to its year page:
 * the filters are plain pages. With it, the form filters in place and the
 * column headers sort.
 */

export const documentPath = (id: string): string => `documents/${encodeURIComponent(id)}.html`;
export const correspondentPath = (key: string): string => `correspondents/${encodeURIComponent(key)}.html`;
export const yearPath = (year: string): string => `years/${encodeURIComponent(year)}.html`;
export const CORRESPONDENTS_PAGE = 'correspondents.html';

export const COLUMNS = ['date', 'from', 'to', 'place', 'title'] as const;
type Column = (typeof COLUMNS)[number];

/**
 * Each letter's rank in each column's order, computed at build time with the
 * toolkit's collation, so the browser sorts by numbers and every list sorts
 * the same way in every browser and locale.
 */
export type SortRanks = Map<string, number[]>;

export function sortRanks(letters: readonly LetterSummary[]): SortRanks {
  const key: Record<Column, (s: LetterSummary) => string> = {
    date: (s) => s.iso,
    from: (s) => s.from.map((p) => p.sortAs).join(' '),
    to: (s) => s.to.map((p) => p.sortAs).join(' '),
    place: (s) => s.place?.name ?? '',
    title: (s) => s.title,
  };
  const ranks: SortRanks = new Map(letters.map((s) => [s.id, []]));
  for (const c of COLUMNS) {
    const sorted = [...letters].sort((a, b) => emptyLast(key[c](a), key[c](b)) || compareText(key[c](a), key[c](b)) || byTime(a, b));
    sorted.forEach((s, i) => (ranks.get(s.id) as number[]).push(i));
  }
  return ranks;
}

function partyLinks(parties: Party[], root: string): string {
  return parties.map((p) => `<a href="${root}${correspondentPath(p.key)}">${esc(p.name)}</a>`).join(', ');
}

/** One table of letters; `caption` says which (it is also what screen readers announce). */
export function letterTable(letters: readonly LetterSummary[], o: { root: string; caption: string; ranks: SortRanks; id?: string }): string {
  const rows = [...letters]
    .sort(byTime)
    .map((s) => {
      const people = [...new Set([...s.from, ...s.to].map((p) => p.key))].join(' ');
      const data = `data-year="${esc(s.year)}" data-people="${esc(people)}" data-place="${esc(s.place?.key ?? '')}" data-sort="${(o.ranks.get(s.id) ?? []).join(' ')}"`;
      const date = s.when ? `<time datetime="${esc(s.when)}">${esc(s.date)}</time>` : esc(s.date || 'undated');
      return `<tr ${data}><td>${date}</td><td>${partyLinks(s.from, o.root)}</td><td>${partyLinks(s.to, o.root)}</td><td>${esc(s.place?.name ?? '')}</td><td><a href="${o.root}${documentPath(s.id)}">${esc(s.title)}</a></td></tr>`;
    })
    .join('\n');
  return `<table class="letter-list"${o.id ? ` id="${esc(o.id)}"` : ''}>
<caption>${esc(o.caption)}</caption>
<thead><tr><th scope="col" data-column="0">Date</th><th scope="col" data-column="1">From</th><th scope="col" data-column="2">To</th><th scope="col" data-column="3">Place</th><th scope="col" data-column="4">Title</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

export function countLabel(n: number): string {
  return `${n} letter${n === 1 ? '' : 's'}`;
}

/** Links to every year page, the current one marked. */
export function yearNav(years: readonly string[], o: { root: string; current?: string; inPage?: boolean }): string {
  const items = years.map((y) => {
    const href = o.inPage ? `#y-${esc(y)}` : `${o.root}${yearPath(y)}`;
    return `<li><a href="${href}"${y === o.current ? ' aria-current="page"' : ''}>${esc(y)}</a></li>`;
  });
  return `<nav class="year-nav" aria-label="Years"><ul>${items.join('')}</ul></nav>`;
}

/**
 * The filter form, shown by the page script (it does nothing without it).
 * The options are what the lists contain; their values are the keys the
 * rows carry in data-people, data-year and data-place.
 */
export function filterForm(letters: readonly LetterSummary[], people: readonly Correspondent[]): string {
  const years = byYear(letters).map(([y]) => y);
  const places = new Map<string, string>();
  for (const s of letters) if (s.place) places.set(s.place.key, s.place.name);
  const option = (value: string, label: string) => `<option value="${esc(value)}">${esc(label)}</option>`;
  const placeOptions = [...places.entries()].sort((a, b) => compareText(a[1], b[1]) || compareText(a[0], b[0]));
  return `<form class="letter-filter" hidden aria-label="Filter the letters">
<div class="filter-fields">
<label>Correspondent <select name="person"><option value="">All</option>${people.map((p) => option(p.key, p.name)).join('')}</select></label>
<label>Year <select name="year"><option value="">All</option>${years.map((y) => option(y, y)).join('')}</select></label>
<label>Place <select name="place"><option value="">All</option>${placeOptions.map(([k, n]) => option(k, n)).join('')}</select></label>
<button type="submit">Filter</button> <button type="reset">Show all</button>
</div>
<p class="filter-status" role="status" aria-live="polite"></p>
</form>`;
}

/** The years' sections of the index: a heading linking to the year's page, and its table. */
export function yearSections(letters: readonly LetterSummary[], ranks: SortRanks, root: string): string {
  return byYear(letters)
    .map(([year, list]) => {
      const heading = year === UNDATED ? 'Undated' : year;
      return `<section class="year" id="y-${esc(year)}" aria-labelledby="y-${esc(year)}-h">
<h3 id="y-${esc(year)}-h"><a href="${root}${yearPath(year)}">${esc(heading)}</a> <span class="count">${countLabel(list.length)}</span></h3>
${letterTable(list, { root, caption: year === UNDATED ? 'Undated letters' : `Letters of ${year}`, ranks })}
</section>`;
    })
    .join('\n');
}

/** "5 letters, 1890–1893" */
export function extent(letters: readonly LetterSummary[]): string {
  const dates = letters.map((s) => s.iso).filter(Boolean).sort(compareText);
  const range = yearRange(dates[0] ?? '', dates[dates.length - 1] ?? '');
  return `${countLabel(letters.length)}${range ? `, ${range}` : ''}`;
}

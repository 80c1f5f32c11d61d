import { absoluteUrl, esc, page } from './html.js';
import { byYear, correspondents, neighbours, summarize, UNDATED, yearRange, type Correspondent, type LetterSummary, type Neighbours } from './letters.js';
import { correspondentPath, CORRESPONDENTS_PAGE, countLabel, extent, filterForm, letterTable, sortRanks, yearNav, yearPath, yearSections, type SortRanks } from './lists.js';
import type { Edition } from './pages.js';

/**
 * The pages for browsing many letters: the index (grouped by year, with the
 * filter form), one page per year and one per correspondent, and the list
 * of correspondents. What they share is computed once per edition
 * (`browseIndex`): summaries, orders, neighbours, sort ranks.
 */

export interface BrowseIndex {
  letters: LetterSummary[];
  byId: Map<string, LetterSummary>;
  people: Correspondent[];
  years: string[];
  ranks: SortRanks;
  neighbours: Map<string, Neighbours>;
}

const indexes = new WeakMap<Edition, BrowseIndex>();

export function browseIndex(ed: Edition): BrowseIndex {
  let b = indexes.get(ed);
  if (!b) {
    const letters = ed.letters ?? Array.from(ed.documents, (d) => summarize(d.model, ed.settings?.dateStyle));
    b = {
      letters,
      byId: new Map(letters.map((s) => [s.id, s])),
      people: correspondents(letters),
      years: byYear(letters).map(([y]) => y),
      ranks: sortRanks(letters),
      neighbours: neighbours(letters),
    };
    indexes.set(ed, b);
  }
  return b;
}

export function indexPage(ed: Edition): string {
  const b = browseIndex(ed);
  // The settings' introduction is plain paragraphs separated by blank lines; the subtitle is the settings' too.
  const subtitle = ed.settings?.subtitle ? `<p class="subtitle">${esc(ed.settings.subtitle)}</p>\n` : '';
  const intro = (ed.introduction ?? '').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean).map((p) => `<p class="introduction">${esc(p)}</p>\n`).join('');
  const main = `<h1>${esc(ed.title)}</h1>
${subtitle}${intro}<section aria-labelledby="letters-h" class="letters">
<h2 id="letters-h">Letters</h2>
<p class="extent">${esc(extent(b.letters))}. Browse by <a href="${CORRESPONDENTS_PAGE}">correspondent</a> or by year, or <a href="search.html">search the text</a>.</p>
${yearNav(b.years, { root: '', inPage: true })}
${filterForm(b.letters, b.people)}
${yearSections(b.letters, b.ranks, '')}
</section>
${ed.volume?.length ? `<section aria-labelledby="volume-h" class="downloads">
<h2 id="volume-h">The edition as a book</h2>
<ul>
${ed.volume.map((v) => `<li><a href="${esc(v.href)}" type="${esc(v.type)}" download>${esc(v.label)}</a></li>`).join('\n')}
</ul>
</section>
` : ''}<section aria-labelledby="more-h">
<h2 id="more-h">Registers and editorial principles</h2>
<ul>
<li><a href="register/persons.html">Persons</a></li>
<li><a href="register/places.html">Places</a></li>
<li><a href="register/organizations.html">Organizations</a></li>
<li><a href="about.html">About this edition</a></li>
</ul>
</section>`;
  const head = ed.baseUrl ? `<link rel="canonical" href="${esc(absoluteUrl(ed.baseUrl, 'index.html'))}">\n` : '';
  return page({ title: ed.title, root: '', head, main, current: 'home', editionTitle: ed.title });
}

/**
 * The pages of every year, [path, HTML], one at a time: the caller writes
 * each before the next is made (a large edition's pages are never all held).
 */
export function* yearPages(ed: Edition): Generator<[string, string]> {
  const b = browseIndex(ed);
  const root = '../';
  for (const [year, list] of byYear(b.letters)) {
    const heading = year === UNDATED ? 'Undated letters' : `Letters of ${year}`;
    const main = `<nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="${root}index.html">Letters</a> › <span aria-current="page">${esc(year === UNDATED ? 'Undated' : year)}</span></nav>
<h1>${esc(heading)}</h1>
<p class="extent">${esc(countLabel(list.length))}.</p>
${yearNav(b.years, { root, current: year })}
${letterTable(list, { root, caption: heading, ranks: b.ranks })}`;
    yield [yearPath(year), page({ title: `${heading} · ${ed.title}`, root, main, current: 'home', editionTitle: ed.title })];
  }
}

function dates(c: Correspondent): string {
  return yearRange(c.first, c.last);
}

/** Everyone who wrote or received a letter: counts, dates, and a link to their page. */
export function correspondentsPage(ed: Edition): string {
  const b = browseIndex(ed);
  const rows = b.people
    .map((c) => `<tr><th scope="row"><a href="${correspondentPath(c.key)}">${esc(c.name)}</a></th><td>${c.sent.length}</td><td>${c.received.length}</td><td>${esc(dates(c))}</td></tr>`)
    .join('\n');
  const main = `<h1>Correspondents</h1>
<p>${b.people.length} ${b.people.length === 1 ? 'person' : 'persons'} wrote or received the ${esc(countLabel(b.letters.length))} of this edition.</p>
<table class="correspondents">
<caption class="visually-hidden">Correspondents, with the number of letters they sent and received</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Sent</th><th scope="col">Received</th><th scope="col">Dates</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  return page({ title: `Correspondents · ${ed.title}`, root: '', main, current: 'correspondents', editionTitle: ed.title });
}

/** One page per correspondent, [path, HTML], one at a time (see yearPages). */
export function* correspondentPages(ed: Edition): Generator<[string, string]> {
  const b = browseIndex(ed);
  const root = '../';
  for (const c of b.people) {
    // With whom they corresponded, and how often, in the order of the list of correspondents.
    const counts = new Map<string, number>();
    for (const s of [...c.sent, ...c.received]) for (const p of [...s.from, ...s.to]) if (p.key !== c.key) counts.set(p.key, (counts.get(p.key) ?? 0) + 1);
    const partners = b.people.filter((p) => counts.has(p.key)).map((p) => `<li><a href="${root}${correspondentPath(p.key)}">${esc(p.name)}</a> (${countLabel(counts.get(p.key) as number)})</li>`);
    const range = dates(c);
    const section = (id: string, title: string, list: LetterSummary[]) =>
      list.length ? `<section aria-labelledby="${id}"><h2 id="${id}">${title} <span class="count">${list.length}</span></h2>\n${letterTable(list, { root, caption: `${title} by ${c.name}`, ranks: b.ranks })}\n</section>` : '';
    const main = `<nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="${root}${CORRESPONDENTS_PAGE}">Correspondents</a> › <span aria-current="page">${esc(c.name)}</span></nav>
<h1>${esc(c.name)}</h1>
<p class="extent">${c.sent.length} sent, ${c.received.length} received${range ? `, ${esc(range)}` : ''}.</p>
${partners.length ? `<section aria-labelledby="partners-h"><h2 id="partners-h">Corresponded with</h2><ul class="partners">${partners.join('')}</ul></section>` : ''}
${section('sent-h', 'Letters sent', c.sent)}
${section('received-h', 'Letters received', c.received)}`;
    yield [correspondentPath(c.key), page({ title: `${c.name} · ${ed.title}`, root, main, current: 'correspondents', editionTitle: ed.title })];
  }
}

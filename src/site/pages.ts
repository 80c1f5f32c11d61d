import type { EditionSettings } from '../settings/types.js';
import type { DocumentModel, RegisterEntry } from '../model/types.js';
import type { RenderedDocument } from '../render/html.js';
import { REGISTER_PAGES, type EntityKind } from '../render/html.js';
import { absoluteUrl, esc, page, pageFrame, safeExternalUrl } from './html.js';
import { pageMeta } from './meta.js';
import { browseIndex } from './browse.js';
import { byTime, partyKey, route, type LetterSummary } from './letters.js';
import { correspondentPath, countLabel, documentPath } from './lists.js';
import { compareText } from '../collate.js';
import type { DocumentSummary, Occurrence } from './summary.js';

export { humanDate } from './letters.js';
export { indexPage } from './browse.js';

/**
 * The pages TypeScript assembles around the XSLT fragments: document pages,
 * the home page, the registers and "About this edition". Pure functions
 * from typed inputs to HTML strings.
 */

export type { Occurrence, DocumentSummary } from './summary.js';

/** One document page's inputs: its summary and its rendered HTML fragments. */
export interface SiteDocument extends DocumentSummary {
  html: RenderedDocument;
  /** Files offered for download, relative to the web root (e.g. downloads/x.pdf). */
  downloads: { href: string; label: string; type: string }[];
  /** The "Cite this" box, when citations are available (HTML fragment). */
  citeBox?: string;
}

export interface Edition {
  title: string;
  baseUrl?: string;
  /**
   * The documents, as the edition-level pages need them (no HTML: see
   * DocumentSummary). A document page needs only itself and its neighbours
   * in time and in its correspondence (the build passes just those).
   */
  documents: Iterable<DocumentSummary>;
  /**
   * What the lists need of each document (summarize(model)), in the order of `documents`, when the caller
   * has it: a build that keeps its summaries on disk then reads them only for the pages that need more.
   */
  letters?: LetterSummary[];
  /** The About page's body (xslt/about.xsl), from the edition's first document. */
  about: string;
  introduction?: string;
  /**
   * The edition's settings (edition.json) as the build uses them: subtitle,
   * editors, publisher, licences, language … for pages that speak about the
   * edition as a whole. Title, base URL and introduction above already apply them.
   */
  settings?: EditionSettings;
  /** Downloads of the whole edition (the volume as PDF and EPUB), relative to the web root. */
  volume?: { href: string; label: string; type: string }[];
}

export { documentPath };

const KIND_LABEL: Record<EntityKind, { one: string; plural: string; title: string }> = {
  person: { one: 'person', plural: 'persons', title: 'Persons' },
  place: { one: 'place', plural: 'places', title: 'Places' },
  org: { one: 'organization', plural: 'organizations', title: 'Organizations' },
};

/** Links to the previous and next letters, in time and in the same correspondence. */
function letterNav(ed: Edition, id: string, root: string): string {
  const n = browseIndex(ed).neighbours.get(id);
  if (!n) return '';
  const link = (rel: string, label: string, s: LetterSummary | undefined) =>
    s ? `<li class="${rel}"><span class="nav-label">${label}</span> <a href="${root}${documentPath(s.id)}">${esc(s.title)}</a> <span class="nav-meta">${esc([s.date, route(s)].filter(Boolean).join(' · '))}</span></li>` : '';
  const inTime = [link('prev', 'Previous letter:', n.prev), link('next', 'Next letter:', n.next)].join('');
  const inThread = [link('prev', 'Previous in this correspondence:', n.prevInCorrespondence), link('next', 'Next in this correspondence:', n.nextInCorrespondence)].join('');
  if (!inTime && !inThread) return '';
  return `<nav class="letter-nav" aria-label="Other letters">${inTime ? `<ul class="in-time">${inTime}</ul>` : ''}${inThread ? `<ul class="in-correspondence">${inThread}</ul>` : ''}</nav>
`;
}

export function documentPage(ed: Edition, d: SiteDocument): string {
  const m = d.model;
  const root = '../';
  const url = absoluteUrl(ed.baseUrl, documentPath(m.id));
  const pdf = d.downloads.find((x) => x.type === 'application/pdf');
  // citation_pdf_url only as an absolute URL (with a base URL): Zotero takes the value as the attachment's address as it
  // stands, and a relative one names no file; without it, Zotero saves a snapshot of the page instead.
  const head = pageMeta(m, { editionTitle: ed.title, url, baseUrl: ed.baseUrl, ...(ed.settings ? { edition: ed.settings } : {}), pdfUrl: pdf ? absoluteUrl(ed.baseUrl, pdf.href) : undefined });
  // The controls need the page's script, which reveals them: the other witnesses' readings, and what the editor
  // corrected, expanded or regularised as the letter has it (otherwise only in a tooltip, which keyboard and touch
  // cannot reach).
  const controls = [
    d.html.variantWitnesses.length ? `<button type="button" class="show-readings" aria-pressed="false" data-witnesses="${esc(d.html.variantWitnesses.join(' '))}">Show ${esc(d.html.variantWitnesses.join(', '))} readings in the text</button>` : '',
    d.html.text.includes('class="choice-alternative"') ? '<button type="button" class="show-originals" aria-pressed="false">Show the letter’s own spellings and abbreviations</button>' : '',
  ].filter(Boolean);
  const variantControl = controls.length ? `<div class="variant-control" hidden>${controls.join(' ')}</div>\n` : '';
  const downloads = d.downloads.length
    ? `<section class="downloads" aria-labelledby="downloads-h"><h2 id="downloads-h">Downloads</h2><ul>${d.downloads
        .map((x) => `<li><a href="${root}${esc(x.href)}" type="${esc(x.type)}" download>${esc(x.label)}</a></li>`)
        .join('')}</ul></section>\n`
    : '';
  const main = `<nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="${root}index.html">Letters</a><span class="crumb-current"> › <span aria-current="page">${esc(m.title ?? m.id)}</span></span></nav>
<div class="document-layout">
<div class="document-main">
${d.html.header}
${variantControl}${d.html.text}
${d.html.notes}
${d.html.apparatus}
${letterNav(ed, m.id, root)}</div>
<div class="document-side">
${d.citeBox ?? ''}${downloads}${d.html.entities}
</div>
</div>`;
  // The page is in the site's English (navigation, labels, the Cite box); the letter's language is on its title and text (lang there).
  return page({ title: `${m.title ?? m.id} · ${ed.title}`, root, head, main, current: 'document', editionTitle: ed.title });
}

export function aboutPage(ed: Edition): string {
  const main = `<h1>About this edition</h1>\n${ed.about}`;
  return page({ title: `About this edition · ${ed.title}`, root: '', main, current: 'about', editionTitle: ed.title });
}

function authorityLinks(e: RegisterEntry): string {
  const items = (e.idnos ?? []).map((i) => {
    const url = safeExternalUrl(i.value);
    const label = `${i.type}${url ? '' : ` ${i.value}`}`;
    return url ? `<li><a href="${esc(url)}" rel="external">${esc(i.type)}: ${esc(i.value.replace(/^https?:\/\//, ''))}</a></li>` : `<li>${esc(label)}</li>`;
  });
  return items.length ? `<ul class="authorities">${items.join('')}</ul>` : '';
}

/**
 * One register page: every entry of a kind across the edition, and for each
 * the letters where it is named (date, sender → recipient, title), with a
 * link to each block or note that names it.
 */
export function registerPage(ed: Edition, kind: EntityKind): string {
  let html = '';
  for (const part of registerPageParts(ed, kind)) html += part;
  return html;
}

/**
 * registerPage in parts, one entry at a time, for a caller that writes them as they come: the register of a
 * large edition is its largest page (some 16 MB at 3,000 letters), never held whole then.
 */
export function* registerPageParts(ed: Edition, kind: EntityKind): Generator<string> {
  const root = '../';
  const b = browseIndex(ed);
  const people = new Set(b.people.map((p) => p.key));
  const writtenAt = new Map<string, LetterSummary[]>();
  const inTime = [...b.letters].sort(byTime);
  if (kind === 'place') {
    for (const s of inTime) {
      if (!s.place) continue;
      const here = writtenAt.get(s.place.key);
      if (here) here.push(s);
      else writtenAt.set(s.place.key, [s]);
    }
  }
  // Of each letter, only its id and its occurrences of this kind are kept (the documents may be read one at a time).
  const entries = new Map<string, { entry: RegisterEntry; docs: { id: string; occ: Occurrence[] }[] }>();
  for (const d of ed.documents) {
    // Each letter carries the shared register's entries it points to: its occurrences are grouped by id once, not searched per entry.
    const byId = new Map<string, Occurrence[]>();
    for (const o of d.occurrences) {
      if (o.kind !== kind) continue;
      const list = byId.get(o.id);
      if (list) list.push(o);
      else byId.set(o.id, [o]);
    }
    for (const e of d.model.registers[kind] ?? []) {
      let slot = entries.get(e.id);
      if (!slot) entries.set(e.id, (slot = { entry: e, docs: [] }));
      // Only the letters that name the entry are listed under it.
      const occ = byId.get(e.id);
      if (occ) slot.docs.push({ id: d.model.id, occ });
    }
  }
  // A person by surname, then forenames, where the entry marks them up (as the correspondents' list and the volume's index sort).
  const sortAs = (e: RegisterEntry): string => (e.surname ? [e.surname, ...(e.forenames ?? [])].join(' ') : (e.name ?? e.id));
  const sorted = [...entries.values()].sort((a, b) => compareText(sortAs(a.entry), sortAs(b.entry)) || compareText(a.entry.id, b.entry.id));
  // A letter is listed under every entry it names: its place in time and its line are made once per page.
  const rank = new Map(inTime.map((s, i) => [s.id, i]));
  const lines = new Map<string, string>();
  const lineOf = (s: LetterSummary): string => {
    let line = lines.get(s.id);
    if (line === undefined) {
      const date = s.when ? `<time datetime="${esc(s.when)}">${esc(s.date)}</time>` : esc(s.date || 'undated');
      lines.set(s.id, (line = `${date}, ${esc(route(s))}: <a href="${root}${documentPath(s.id)}"><cite>${esc(s.title)}</cite></a>`));
    }
    return line;
  };
  const title = KIND_LABEL[kind].title;
  const [head, tail] = pageFrame({ title: `${title} · ${ed.title}`, root, current: kind, editionTitle: ed.title });
  yield `${head}<h1>${title}</h1>\n<p>${sorted.length} ${sorted.length === 1 ? KIND_LABEL[kind].one : KIND_LABEL[kind].plural} named in the edition, with authority records where they are known.</p>\n<ul class="register">\n`;
  // The entries one by one, each made when it is written.
  for (const [index, { entry: e, docs }] of sorted.entries()) {
      const life = e.birth || e.death ? ` <span class="life">(${esc(e.birth ?? '?')}–${esc(e.death ?? '?')})</span>` : '';
      const details = [...(e.occupation ?? []), e.note ?? ''].filter(Boolean).map((t) => `<p>${esc(t)}</p>`).join('');
      const variants = e.variants?.length ? `<p class="variants">Also: ${esc(e.variants.join('; '))}</p>` : '';
      const named = docs
        .map((x) => ({ ...x, s: b.byId.get(x.id) as LetterSummary }))
        .sort((x, y) => (rank.get(x.s.id) as number) - (rank.get(y.s.id) as number));
      const letters = named
        .map(({ s, occ }) => {
          const places = [...new Map(occ.map((o) => [o.anchor, o])).values()]
            .map((o) => `<a href="${root}${documentPath(s.id)}${o.anchor ? `#${esc(encodeURIComponent(o.anchor))}` : ''}" title="${esc(o.text)}">${esc(label(o))}</a>`)
            .join(', ');
          return `<li>${lineOf(s)} (${places})</li>`;
        })
        .join('');
      const mentions = named.reduce((n, x) => n + x.occ.length, 0);
      const occurrences = letters
        ? `<details class="occurrences" open><summary>Named ${mentions}× in ${countLabel(named.length)}</summary><ul>${letters}</ul></details>`
        : '<p class="occurrences">Not named in the text or its notes (only in the header).</p>';
      const correspondent = kind === 'person' && people.has(partyKey(e.id)) ? `<p class="correspondent"><a href="${root}${correspondentPath(partyKey(e.id))}">Letters from and to ${esc(e.name ?? e.id)}</a></p>` : '';
      // The letters written at a place (the filter by place, without JavaScript).
      const here = writtenAt.get(partyKey(e.id)) ?? [];
      const written = here.length
        ? `<details class="written-here"><summary>${countLabel(here.length)} written here</summary><ul>${here.map((s) => `<li><a href="${root}${documentPath(s.id)}">${esc([s.date, route(s)].filter(Boolean).join(', '))}</a></li>`).join('')}</ul></details>`
        : '';
      yield `${index ? '\n' : ''}<li class="register-entry" id="${esc(e.id)}"><h2>${esc(e.name ?? e.id)}${life}</h2>${variants}${details}${authorityLinks(e)}${correspondent}${written}${occurrences}</li>`;
  }
  yield `\n</ul>${tail}`;
}

const WHERE: Record<string, string> = { p: 'paragraph', ab: 'paragraph', head: 'heading', l: 'verse line', item: 'list item', opener: 'opening', closer: 'closing', postscript: 'postscript' };

/** What a back-link says: "¶ 3" for paragraphs numbered by their xml:id, "note 2", "heading", "paragraph", … */
function label(o: Occurrence): string {
  if (o.where.startsWith('note')) return o.where;
  if (/^p\d+$/.test(o.anchor)) return `¶ ${o.anchor.slice(1)}`;
  return WHERE[o.where] ?? (o.where || 'text');
}

export const REGISTER_FILES: Record<EntityKind, string> = { person: `register/${REGISTER_PAGES.person}`, place: `register/${REGISTER_PAGES.place}`, org: `register/${REGISTER_PAGES.org}` };

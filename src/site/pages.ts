import type { DocumentModel, RegisterEntry } from '../model/types.js';
import type { RenderedDocument } from '../render/html.js';
import { REGISTER_PAGES, type EntityKind } from '../render/html.js';
import { absoluteUrl, esc, page, safeExternalUrl } from './html.js';
import { isoDate, pageMeta } from './meta.js';
import type { DocumentSummary, Occurrence } from './summary.js';
import { compareText } from '../collate.js';

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
  /** Every document, as the edition-level pages need it (no HTML: see DocumentSummary). */
  documents: DocumentSummary[];
  /** The About page's body (xslt/about.xsl), from the edition's first document. */
  about: string;
  introduction?: string;
}

export const documentPath = (id: string): string => `documents/${encodeURIComponent(id)}.html`;

const KIND_LABEL: Record<EntityKind, { plural: string; title: string }> = {
  person: { plural: 'persons', title: 'Persons' },
  place: { plural: 'places', title: 'Places' },
  org: { plural: 'organizations', title: 'Organizations' },
};

/** "November 4, 1956" for an ISO date (as far as it goes), in English. */
export function humanDate(iso: string | undefined): string {
  if (!iso) return '';
  const m = /^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso);
  if (!m) return iso;
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const [, y, mo, d] = m;
  if (!mo) return y as string;
  const month = months[Number(mo) - 1] ?? mo;
  return d ? `${month} ${Number(d)}, ${y}` : `${month} ${y}`;
}

function names(agents: DocumentModel['authors']): string {
  return (agents ?? []).map((a) => a.name ?? a.entry?.name ?? '').filter(Boolean).join(', ');
}

function documentSummary(m: DocumentModel): { date: string; iso: string; from: string; to: string } {
  const iso = isoDate(m.sender?.date) ?? '';
  return { iso, date: m.sender?.date?.text ?? humanDate(iso), from: names(m.sender?.agents), to: names(m.recipient?.agents) };
}

export function documentPage(ed: Edition, d: SiteDocument): string {
  const m = d.model;
  const root = '../';
  const url = absoluteUrl(ed.baseUrl, documentPath(m.id));
  const pdf = d.downloads.find((x) => x.type === 'application/pdf');
  const head = pageMeta(m, { editionTitle: ed.title, url, baseUrl: ed.baseUrl, pdfUrl: pdf ? (absoluteUrl(ed.baseUrl, pdf.href) ?? `${root}${pdf.href}`) : undefined });
  const variantControl = d.html.variantWitnesses.length
    ? `<div class="variant-control" hidden><button type="button" class="show-readings" aria-pressed="false" data-witnesses="${esc(d.html.variantWitnesses.join(' '))}">Show ${esc(d.html.variantWitnesses.join(', '))} readings in the text</button></div>\n`
    : '';
  const downloads = d.downloads.length
    ? `<section class="downloads" aria-labelledby="downloads-h"><h2 id="downloads-h">Downloads</h2><ul>${d.downloads
        .map((x) => `<li><a href="${root}${esc(x.href)}" type="${esc(x.type)}" download>${esc(x.label)}</a></li>`)
        .join('')}</ul></section>\n`
    : '';
  const main = `<nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="${root}index.html">Documents</a> › <span aria-current="page">${esc(m.title ?? m.id)}</span></nav>
<div class="document-layout">
<div class="document-main">
${d.html.header}
${variantControl}${d.html.text}
${d.html.notes}
${d.html.apparatus}
</div>
<div class="document-side">
${d.citeBox ?? ''}${downloads}${d.html.entities}
</div>
</div>`;
  return page({ title: `${m.title ?? m.id} · ${ed.title}`, root, lang: d.html.lang || m.lang, head, main, current: 'document', editionTitle: ed.title });
}

export function indexPage(ed: Edition): string {
  const docs = [...ed.documents].sort((a, b) => compareText(documentSummary(a.model).iso || '9999', documentSummary(b.model).iso || '9999') || compareText(a.model.id, b.model.id));
  const rows = docs
    .map((d) => {
      const s = documentSummary(d.model);
      const route = [s.from, s.to].filter(Boolean).join(' → ');
      return `<tr><td>${s.iso ? `<time datetime="${esc(s.iso)}">${esc(s.date)}</time>` : ''}</td><td>${esc(route)}</td><td><a href="${documentPath(d.model.id)}">${esc(d.model.title ?? d.model.id)}</a></td></tr>`;
    })
    .join('\n');
  const intro = ed.introduction ? `<p class="introduction">${esc(ed.introduction)}</p>\n` : '';
  const main = `<h1>${esc(ed.title)}</h1>
${intro}<section aria-labelledby="docs-h">
<h2 id="docs-h">Documents</h2>
<table class="document-list">
<caption class="visually-hidden">The documents of this edition, by date</caption>
<thead><tr><th scope="col">Date</th><th scope="col">From → to</th><th scope="col">Title</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>
<section aria-labelledby="more-h">
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

/** One register page: every entry of a kind across the edition, with back-links to every occurrence. */
export function registerPage(ed: Edition, kind: EntityKind): string {
  const root = '../';
  const entries = new Map<string, { entry: RegisterEntry; docs: { d: DocumentSummary; occ: Occurrence[] }[] }>();
  for (const d of ed.documents) {
    for (const e of d.model.registers[kind] ?? []) {
      const slot = entries.get(e.id) ?? { entry: e, docs: [] };
      slot.docs.push({ d, occ: d.occurrences.filter((o) => o.kind === kind && o.id === e.id) });
      entries.set(e.id, slot);
    }
  }
  const sorted = [...entries.values()].sort((a, b) => compareText(a.entry.name ?? a.entry.id, b.entry.name ?? b.entry.id) || compareText(a.entry.id, b.entry.id));
  const items = sorted
    .map(({ entry: e, docs }) => {
      const life = e.birth || e.death ? ` <span class="life">(${esc(e.birth ?? '?')}–${esc(e.death ?? '?')})</span>` : '';
      const details = [...(e.occupation ?? []), e.note ?? ''].filter(Boolean).map((t) => `<p>${esc(t)}</p>`).join('');
      const variants = e.variants?.length ? `<p class="variants">Also: ${esc(e.variants.join('; '))}</p>` : '';
      const backlinks = docs
        .filter((x) => x.occ.length)
        .map(({ d, occ }) => {
          const links = occ.map((o, i) => `<a href="${root}${documentPath(d.model.id)}#${esc(encodeURIComponent(o.anchor))}" title="${esc(o.text)}">${esc(label(o, i))}</a>`).join(', ');
          return `<li><cite>${esc(d.model.title ?? d.model.id)}</cite>: ${links}</li>`;
        })
        .join('');
      const occurrences = backlinks ? `<details class="occurrences"><summary>Named ${docs.reduce((n, x) => n + x.occ.length, 0)}× in the text</summary><ul>${backlinks}</ul></details>` : '<p class="occurrences">Not named in the text or its notes (only in the header).</p>';
      return `<li class="register-entry" id="${esc(e.id)}"><h2>${esc(e.name ?? e.id)}${life}</h2>${variants}${details}${authorityLinks(e)}${occurrences}</li>`;
    })
    .join('\n');
  const title = KIND_LABEL[kind].title;
  const main = `<h1>${title}</h1>\n<p>${sorted.length} ${KIND_LABEL[kind].plural} named in the edition, with authority records where they are known.</p>\n<ul class="register">\n${items}\n</ul>`;
  return page({ title: `${title} · ${ed.title}`, root, main, current: kind, editionTitle: ed.title });
}

function label(o: Occurrence, i: number): string {
  if (o.where.startsWith('note')) return o.where;
  if (o.where === 'head') return 'heading';
  if (/^p\d+$/.test(o.anchor)) return `¶ ${o.anchor.slice(1)}`;
  return o.anchor || `${i + 1}`;
}

export const REGISTER_FILES: Record<EntityKind, string> = { person: `register/${REGISTER_PAGES.person}`, place: `register/${REGISTER_PAGES.place}`, org: `register/${REGISTER_PAGES.org}` };

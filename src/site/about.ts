import type { EditionSettings } from '../settings/types.js';
import { esc, safeExternalUrl } from './html.js';
import { humanDate } from './letters.js';

/** One letter's encoding notes (xslt/about.xsl without its witnesses), with what names and links it. */
export interface DocumentAbout {
  id: string;
  title: string;
  href: string;
  html: string;
}

/**
 * The body of about.html for an edition: who made it and under what terms
 * (from the settings), the editorial principles most letters share, and,
 * for each letter whose own encoding notes differ from those, its notes
 * under its own heading. Letters are grouped by their notes' exact HTML,
 * so a letter that says the same as the edition is not repeated.
 */
export function editionAbout(settings: EditionSettings, documents: DocumentAbout[]): string {
  const groups = new Map<string, DocumentAbout[]>();
  for (const d of documents) groups.set(d.html, [...(groups.get(d.html) ?? []), d]);
  // The principles of the edition: those the most letters share (the first such group on a tie).
  let shared: string | undefined;
  for (const [html, ds] of groups) if (shared === undefined || ds.length > (groups.get(shared) as DocumentAbout[]).length) shared = html;
  const out = [editionFacts(settings)];
  if (shared !== undefined) out.push(shared);
  out.push(SIGNS);
  // Each letter that differs shows only the sections (project, principles, apparatus, …) that differ.
  const common = sections(shared ?? '');
  const own = documents
    .filter((d) => d.html !== shared)
    .map((d) => ({ d, differing: [...sections(d.html)].filter(([key, html]) => !saysNoMore(html, common.get(key))).map(([, html]) => html) }))
    .filter((o) => o.differing.length > 0);
  if (own.length) {
    out.push('<section class="about-documents" aria-labelledby="about-documents">\n<h2 id="about-documents">Letters encoded otherwise</h2>');
    out.push('<p>Where these letters’ own encoding notes differ from the principles above, they say:</p>');
    for (const { d, differing } of own) {
      out.push(`<section class="about-document" aria-labelledby="about-${esc(d.id)}">\n<h3 id="about-${esc(d.id)}"><a href="${esc(d.href)}">${esc(d.title)}</a></h3>`);
      out.push(nested(differing.join('\n'), d.id));
      out.push('</section>');
    }
    out.push('</section>');
  }
  return out.filter(Boolean).join('\n');
}

/**
 * Whether a letter's section says nothing the edition's does not: the same
 * section, or (a list such as the classifications) only items and
 * paragraphs the edition's has (a letter that uses two of the edition's
 * three categories is not encoded otherwise).
 */
function saysNoMore(html: string, edition: string | undefined): boolean {
  if (edition === undefined) return false;
  if (html === edition) return true;
  const parts = (s: string): string[] => [...s.matchAll(/<(li|p)>[\s\S]*?<\/\1>/g)].map((m) => m[0]);
  const heading = (s: string): string => s.replace(/<(li|p)>[\s\S]*?<\/\1>/g, '').replace(/\s+/g, ' ');
  const known = new Set(parts(edition));
  return heading(html) === heading(edition) && parts(html).every((p) => known.has(p));
}

/**
 * What the signs of the web edition's text mean, each shown as the text
 * shows it (assets/edition.css): a reader meets them on every letter page,
 * and colour alone says nothing to many (WCAG 1.4.1).
 */
const SIGNS = `<section class="about-signs" aria-labelledby="about-signs">
<h2 id="about-signs">Signs in the text</h2>
<dl class="signs">
<dt><span class="tei-supplied editorial">[word]</span></dt><dd>supplied by the editor: missing from the letter, or lost from it</dd>
<dt><span class="tei-gap editorial">[…]</span></dt><dd>a gap: words the edition leaves out or cannot read (the reason and extent on hover and to screen readers)</dd>
<dt><span class="tei-corr editorial">word</span></dt><dd>the editor’s correction, expansion of an abbreviation or regularised spelling, or a reading the editor is unsure of; the letter’s own form is shown beside it by the button “Show the letter’s own spellings and abbreviations” above the text</dd>
<dt><del class="tei-del">word</del></dt><dd>struck out by the writer</dd>
<dt><ins class="tei-add">word</ins></dt><dd>added in the letter (above the line, in the margin)</dd>
<dt><span class="tei-pb">[p. 2]</span></dt><dd>where a new page of the letter begins</dd>
<dt>speci-</dt><dd>a word the letter divides at the end of a line (where the writer wrote no hyphen, the edition adds one, which is not copied with the text)</dd>
<dt><sup>1</sup></dt><dd>a note: the writer’s or the editor’s (“Editorial note” to screen readers), listed under the text</dd>
</dl>
</section>`;

/** The sections of xslt/about.xsl's output, by the id of their heading. */
function sections(html: string): Map<string, string> {
  return new Map([...html.matchAll(/<section aria-labelledby="([^"]+)">[\s\S]*?<\/section>/g)].map((m) => [m[1] as string, m[0]]));
}

/**
 * One letter's notes under its h3: headings two levels down, ids made its
 * own, and each section named by the letter and its heading ("Anders
 * Lindqvist to …, Classifications"): regions of one name twice on a page
 * are landmarks a screen reader cannot tell apart (axe landmark-unique).
 */
function nested(html: string, id: string): string {
  return html
    .replace(/<(\/?)h([2-5])\b/g, (_m, slash: string, n: string) => `<${slash}h${Math.min(6, Number(n) + 2)}`)
    .replace(/\b(id|aria-labelledby)="([^"]*)"/g, (_m, attr: string, value: string) => (attr === 'id' ? `id="${esc(id)}-${value}"` : `aria-labelledby="about-${esc(id)} ${esc(id)}-${value}"`));
}

/**
 * A value of the settings, escaped and isolated: a right-to-left override in it (U+202E in an editor's name)
 * ends with it, where it reversed the text after it (the ORCID link read "1000-0000-0000-0000/gro.dicro").
 */
function bdi(value: string | undefined): string {
  return `<bdi>${esc(value ?? '')}</bdi>`;
}

function editionFacts(s: EditionSettings): string {
  const rows: string[] = [];
  const editors = (s.editors ?? []).map((e) => {
    const ids = [e.orcid, ...(e.ids ?? [])].map(safeExternalUrl).filter((u): u is string => Boolean(u));
    const links = ids.map((u) => ` <a href="${esc(u)}" rel="external">${esc(u.replace(/^https?:\/\//, ''))}</a>`).join('');
    return `<li>${bdi(e.name)}${e.role && e.role !== 'editor' ? ` (${bdi(e.role)})` : ''}${links}</li>`;
  });
  if (editors.length) rows.push(`<dt>Editors</dt><dd><ul class="editors">${editors.join('')}</ul></dd>`);
  // The date in words, in the edition's date style (it was the ISO form, "2026-02-11", where the PDF and the citations give the year).
  if (s.publisher) rows.push(`<dt>Publisher</dt><dd>${bdi(s.publisher)}${s.pubPlace ? `, ${bdi(s.pubPlace)}` : ''}${s.date ? `, ${bdi(humanDate(s.date, s.dateStyle))}` : ''}</dd>`);
  const licences = (s.licences ?? []).map((l) => {
    const url = safeExternalUrl(l.url);
    const name = bdi(l.name ?? l.url);
    return `<li>${url ? `<a href="${esc(url)}" rel="license">${name}</a>` : name}${l.appliesTo ? `: ${esc(l.appliesTo)}` : ''}</li>`;
  });
  if (licences.length) rows.push(`<dt>Licence${licences.length > 1 ? 's' : ''}</dt><dd><ul class="licences">${licences.join('')}</ul></dd>`);
  if (s.identifier) rows.push(`<dt>Identifier</dt><dd>${bdi(s.identifier)}</dd>`);
  if (!rows.length) return '';
  return `<section class="about-edition" aria-labelledby="about-edition">\n<h2 id="about-edition">The edition</h2>\n<dl class="edition-facts">${rows.join('')}</dl>\n</section>`;
}

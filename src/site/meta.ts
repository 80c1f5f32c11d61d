import type { Agent, DocumentModel } from '../model/types.js';
import { documentDate, isoDateOf } from '../model/dates.js';
import { dateLabel } from './letters.js';
import type { EditionSettings } from '../settings/types.js';
import { citationRecord, containerTitleOf, EDITION_TARGET, type CitationRecord } from '../cite/record.js';
import { lastFirst } from '../cite/names.js';
import { esc, safeExternalUrl } from './html.js';
import { documentNode } from '../export/jsonld.js';
import { neutraliseText } from '../controls.js';

/**
 * The metadata a page carries for reference managers and the web: Highwire
 * Press `citation_*` and Dublin Core `DC.*` tags (both read by Zotero's
 * Embedded Metadata translator), OpenGraph, a canonical URL when a base URL
 * is configured, and a schema.org JSON-LD block. Everything comes from the
 * typed model; absent facts give absent tags.
 */

export interface PageMetaOptions {
  editionTitle: string;
  /** Absolute URL of this page, when a base URL is configured. */
  url?: string;
  /** The base URL of the web edition, when configured. */
  baseUrl?: string;
  /** URLs (relative to the page, or absolute) of the downloads that exist. */
  pdfUrl?: string;
  description?: string;
  /** The edition's settings (edition.json): its title, editors, publisher, date, licences. */
  edition?: EditionSettings;
}

/** "Eisenhower, Dwight D." from the register entry, else the name as written. */
export function invertedName(a: Agent): string | undefined {
  const e = a.entry;
  if (e?.surname && e.forenames?.length) return `${e.surname}, ${e.forenames.join(' ')}`;
  return a.name ?? e?.name;
}

function displayName(a: Agent): string | undefined {
  return a.name ?? a.entry?.name;
}


/**
 * A meta tag, its value neutralised (src/controls.ts) as the citation files'
 * are: a bidi override in a title would otherwise reach the reference
 * manager that saves it, where nothing closes it.
 */
function tag(attr: 'name' | 'property', key: string, value: string | undefined): string {
  return value ? `<meta ${attr}="${esc(key)}" content="${esc(neutraliseText(value))}">\n` : '';
}

/**
 * JSON for a <script> data block: `<` escaped so no text can close the
 * element; strings neutralised as edition.jsonld's are (stable-json.ts), so
 * that the page's node is that file's.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? neutraliseText(v) : v), 1)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The page's JSON-LD: the document's node of edition.jsonld (the same @ids), standing alone. */
export function schemaOrgMessage(m: DocumentModel, o: PageMetaOptions): Record<string, unknown> {
  const ids = { ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}), ...(o.edition ? { edition: o.edition } : {}) };
  const node = documentNode(m, ids);
  return { '@context': 'https://schema.org', ...node, isPartOf: { '@type': 'Collection', '@id': (node.isPartOf as { '@id': string })['@id'], name: o.edition?.title ?? o.editionTitle } };
}

export function pageMeta(m: DocumentModel, o: PageMetaOptions): string {
  const dated = documentDate(m);
  const sent = isoDateOf(dated);
  // The page cites the letter as published in this edition: the record of the "edition" target.
  const r = citationRecord(m, EDITION_TARGET, { ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}), ...(o.edition ? { edition: o.edition } : {}) });
  // Names as Zotero splits them (lastFirst: an organisation kept whole).
  const authors = r.senders.map(lastFirst);
  const recipients = (m.recipient?.agents ?? []).map(displayName).filter((n): n is string => Boolean(n));
  const senders = (m.sender?.agents ?? []).map(displayName).filter(Boolean).join(', ');
  const route = [senders, recipients.join(', ')].filter(Boolean).join(' to ');
  // The date as the page and the lists give it (a range as a range, a doubted date with "?"): its ISO form gave the
  // first day of a range ("1810-01-01" for 1810–1812), which Zotero saved as the abstract.
  const description = o.description ?? m.abstract ?? ([route, dateLabel(dated, o.edition?.dateStyle)].filter(Boolean).join(', ') || m.title);
  const licence = r.edition.licences.map((l) => safeExternalUrl(l.target)).find(Boolean);
  const editionTitle = r.container.title ? containerTitleOf(r.container) : o.editionTitle;
  let h = '';
  h += tag('name', 'description', description);
  if (o.url) h += `<link rel="canonical" href="${esc(o.url)}">\n`;
  // Highwire Press. No citation_author: Zotero's Embedded Metadata translator
  // replaces the creators with the Highwire authors and would drop the
  // recipient, which it reads from z:recipients below. No
  // citation_publication_date either: the letter's date is not a publication date.
  h += tag('name', 'citation_title', m.title);
  h += tag('name', 'citation_date', r.dateSent?.iso.replace(/-/g, '/'));
  // Only beside the letter's own date: Zotero takes citation_online_date as the date of an item that has none, and
  // saved an undated letter as written in the edition's year. (The edition's date is in Extra, available-date.)
  h += tag('name', 'citation_online_date', r.dateSent ? r.edition.date?.iso.replace(/-/g, '/') : undefined);
  h += tag('name', 'citation_publisher', r.edition.publisher);
  h += tag('name', 'citation_language', m.lang);
  if (m.keywords?.length) h += tag('name', 'citation_keywords', m.keywords.join('; '));
  h += tag('name', 'citation_abstract_html_url', o.url);
  h += tag('name', 'citation_pdf_url', o.pdfUrl);
  // Zotero's own vocabulary (z:, read through its RDF translator): the item
  // type, the recipient, and in Extra the edition the letter is published
  // in, as CSL variables Zotero's citation processor reads.
  h += tag('name', 'z:itemType', r.genre ? 'letter' : 'document');
  for (const n of r.recipients) h += tag('name', 'z:recipients', lastFirst(n));
  h += tag('name', 'z:letterType', r.genre ? 'Letter' : undefined);
  h += tag('name', 'z:extra', editionExtra(r, editionTitle));
  // Dublin Core
  h += tag('name', 'DC.title', m.title);
  for (const a of authors) h += tag('name', 'DC.creator', a);
  // Not without a sender: Zotero takes DC.contributor as the authors of an item that has no DC.creator (RDF.js), and
  // would save a letter of an unknown writer as written by its recipient.
  if (authors.length) for (const n of r.recipients) h += tag('name', 'DC.contributor', n.display);
  h += tag('name', 'DC.date', r.dateSent?.iso ?? sent);
  h += tag('name', 'DC.type', 'Text');
  h += tag('name', 'DC.format', 'text/html');
  h += tag('name', 'DC.language', m.lang);
  h += tag('name', 'DC.publisher', r.edition.publisher);
  h += tag('name', 'DC.identifier', o.url ?? m.id);
  h += tag('name', 'DC.rights', licence);
  h += tag('name', 'DC.description', description);
  h += tag('name', 'DC.relation.isPartOf', editionTitle);
  for (const w of m.witnesses ?? []) h += tag('name', 'DC.source', w.bibl?.text);
  // OpenGraph
  h += tag('property', 'og:type', 'article');
  h += tag('property', 'og:title', m.title);
  h += tag('property', 'og:description', description);
  h += tag('property', 'og:site_name', editionTitle);
  h += tag('property', 'og:url', o.url);
  h += tag('property', 'og:locale', m.lang);
  h += `<script type="application/ld+json">${jsonForScript(schemaOrgMessage(m, o))}</script>\n`;
  return h;
}

/** Zotero's Extra lines for the edition ("container-title: …", "publisher: …", "editor: Testwell || Ada"). */
function editionExtra(r: CitationRecord, editionTitle: string | undefined): string | undefined {
  const lines: string[] = [];
  if (editionTitle) lines.push(`container-title: ${editionTitle}`);
  for (const e of r.container.editors) lines.push(`editor: ${e.family ? `${e.family} || ${e.given ?? ''}`.trim() : e.display}`);
  if (r.edition.publisher) lines.push(`publisher: ${r.edition.publisher}`);
  if (r.edition.pubPlace) lines.push(`publisher-place: ${r.edition.pubPlace}`);
  if (r.edition.date) lines.push(`available-date: ${r.edition.date.iso}`);
  return lines.length ? lines.join('\n') : undefined;
}

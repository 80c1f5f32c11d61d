import type { Agent, DateValue, DocumentModel } from '../model/types.js';
import { esc, safeExternalUrl } from './html.js';
import { documentNode } from '../export/jsonld.js';

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
}

/** The ISO date of a dated element: the exact date, else the start of the range. */
export function isoDate(d: DateValue | undefined): string | undefined {
  return d?.when ?? d?.notBefore ?? d?.from;
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


function tag(attr: 'name' | 'property', key: string, value: string | undefined): string {
  return value ? `<meta ${attr}="${esc(key)}" content="${esc(value)}">\n` : '';
}

/** JSON for a <script> data block: `<` escaped so no text can close the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value, null, 1).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The page's JSON-LD: the document's node of edition.jsonld, standing alone. */
export function schemaOrgMessage(m: DocumentModel, o: PageMetaOptions): Record<string, unknown> {
  const node = documentNode(m, { baseUrl: o.baseUrl, editionId: o.baseUrl ? `${o.baseUrl.replace(/\/+$/, '')}/` : '#edition' });
  return { '@context': 'https://schema.org', ...node, isPartOf: { '@type': 'Collection', '@id': node.isPartOf && (node.isPartOf as { '@id': string })['@id'], name: o.editionTitle } };
}

export function pageMeta(m: DocumentModel, o: PageMetaOptions): string {
  const sent = isoDate(m.sender?.date);
  const authors = (m.sender?.agents ?? m.authors ?? []).map(invertedName).filter((n): n is string => Boolean(n));
  const recipients = (m.recipient?.agents ?? []).map(displayName).filter((n): n is string => Boolean(n));
  const senders = (m.sender?.agents ?? []).map(displayName).filter(Boolean).join(', ');
  const route = [senders, recipients.join(', ')].filter(Boolean).join(' to ');
  const description = o.description ?? m.abstract ?? ([route, m.sender?.date?.text ?? sent].filter(Boolean).join(', ') || m.title);
  const licence = (m.licences ?? []).map((l) => safeExternalUrl(l.target)).find(Boolean);
  let h = '';
  h += tag('name', 'description', description);
  if (o.url) h += `<link rel="canonical" href="${esc(o.url)}">\n`;
  // Highwire Press
  h += tag('name', 'citation_title', m.title);
  for (const a of authors) h += tag('name', 'citation_author', a);
  h += tag('name', 'citation_date', sent?.replace(/-/g, '/'));
  h += tag('name', 'citation_publication_date', sent?.replace(/-/g, '/'));
  h += tag('name', 'citation_online_date', m.publicationDate?.replace(/-/g, '/'));
  h += tag('name', 'citation_publisher', m.publisher);
  h += tag('name', 'citation_language', m.lang);
  if (m.keywords?.length) h += tag('name', 'citation_keywords', m.keywords.join('; '));
  h += tag('name', 'citation_abstract_html_url', o.url);
  h += tag('name', 'citation_pdf_url', o.pdfUrl);
  // Dublin Core
  h += tag('name', 'DC.title', m.title);
  for (const a of authors) h += tag('name', 'DC.creator', a);
  for (const r of recipients) h += tag('name', 'DC.contributor', r);
  h += tag('name', 'DC.date', sent);
  h += tag('name', 'DC.type', 'Text');
  h += tag('name', 'DC.format', 'text/html');
  h += tag('name', 'DC.language', m.lang);
  h += tag('name', 'DC.publisher', m.publisher);
  h += tag('name', 'DC.identifier', o.url ?? m.id);
  h += tag('name', 'DC.rights', licence);
  h += tag('name', 'DC.description', description);
  h += tag('name', 'DC.relation.isPartOf', o.editionTitle);
  for (const w of m.witnesses ?? []) h += tag('name', 'DC.source', w.bibl?.text);
  // OpenGraph
  h += tag('property', 'og:type', 'article');
  h += tag('property', 'og:title', m.title);
  h += tag('property', 'og:description', description);
  h += tag('property', 'og:site_name', o.editionTitle);
  h += tag('property', 'og:url', o.url);
  h += tag('property', 'og:locale', m.lang);
  h += `<script type="application/ld+json">${jsonForScript(schemaOrgMessage(m, o))}</script>\n`;
  return h;
}

/**
 * edition.jsonld: a schema.org description of the edition and each of its
 * documents, for search engines and linked-data harvesters.
 *
 * - The edition: `Collection` with name, publisher, datePublished,
 *   license and `hasPart` (the documents).
 * - Each document: `Message` (schema.org's type for a letter: it has
 *   `sender`, `recipient`, `dateSent`, `dateReceived`) with name,
 *   alternativeHeadline, identifier, inLanguage, `isPartOf` the edition,
 *   `license`, keywords, `locationCreated`, and `isBasedOn` its witnesses.
 *   Persons carry givenName/familyName and `sameAs` the register's
 *   authority URIs. Only facts of the header: absent facts, absent keys.
 *
 * `@id`s are URLs under the base URL when one is configured, else
 * fragment identifiers ("#edition", "#<document id>"). Keys sorted.
 */
import type { Agent, DocumentModel, RegisterEntry } from '../model/types.js';
import { documentUrl } from '../cite/record.js';
import { correspondentName } from '../cite/names.js';
import { stableStringify } from '../cite/stable-json.js';
import { editionTitle } from './cmif.js';

export interface JsonLdOptions {
  baseUrl?: string;
  title?: string;
}

type Node = Record<string, unknown>;

export function toJsonLd(models: DocumentModel[], options: JsonLdOptions = {}): string {
  const docs = [...models].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const base = options.baseUrl?.replace(/\/+$/, '');
  const editionId = base ? `${base}/` : '#edition';
  const docId = (m: DocumentModel): string => documentUrl(options.baseUrl, m.id) ?? `#${m.id}`;
  const first = docs[0];
  const licenceUrls = (m: DocumentModel | undefined): string[] => [...new Set((m?.licences ?? []).map((l) => l.target).filter((t): t is string => Boolean(t)))];

  const edition: Node = compact({
    '@id': editionId,
    '@type': 'Collection',
    name: editionTitle(docs, options.title),
    url: base ? `${base}/` : undefined,
    publisher: first?.publisher ? { '@type': 'Organization', name: first.publisher } : undefined,
    datePublished: first?.publicationDate,
    license: list([...new Set(docs.flatMap(licenceUrls))]),
    hasPart: docs.map((m) => ({ '@id': docId(m) })),
  });

  const documents = docs.map((m) => documentNode(m, { baseUrl: options.baseUrl, editionId }));

  return `${stableStringify({ '@context': 'https://schema.org', '@graph': [edition, ...documents] })}\n`;
}

/** One document as a schema.org `Message` (also the JSON-LD block of its web page). */
export function documentNode(m: DocumentModel, options: { baseUrl?: string; editionId: string }): Node {
  const licenceUrls = [...new Set((m.licences ?? []).map((l) => l.target).filter((t): t is string => Boolean(t)))];
  const editionId = options.editionId;
  return compact({
    '@id': documentUrl(options.baseUrl, m.id) ?? `#${m.id}`,
    '@type': 'Message',
    name: m.title,
    alternativeHeadline: m.subtitle,
    identifier: m.idno ?? m.id,
    url: documentUrl(options.baseUrl, m.id),
    inLanguage: m.lang,
    sender: list((m.sender?.agents ?? []).map(agentNode)),
    recipient: list((m.recipient?.agents ?? []).map(agentNode)),
    dateSent: m.sender?.date?.when,
    dateReceived: m.recipient?.date?.when,
    locationCreated: m.sender?.place ? compact({ '@type': 'Place', name: m.sender.place, sameAs: list(uris(placeEntry(m, m.sender.placeRef))) }) : undefined,
    isPartOf: { '@id': editionId },
    license: list(licenceUrls),
    publisher: m.publisher ? { '@type': 'Organization', name: m.publisher } : undefined,
    datePublished: m.publicationDate,
    keywords: list(m.keywords ?? []),
    abstract: m.abstract,
    isBasedOn: list(
      (m.witnesses ?? [])
        .filter((w) => w.bibl?.text)
        .map((w) => compact({ '@type': 'CreativeWork', identifier: w.siglum, name: w.bibl?.text, url: w.bibl?.urls?.[0] })),
    ),
  });
}

function agentNode(a: Agent): Node {
  if (a.kind === 'org') return compact({ '@type': 'Organization', name: a.name ?? a.entry?.name, sameAs: list(uris(a.entry)) });
  const n = correspondentName(a.name, a.entry?.surname, a.entry?.forenames);
  return compact({
    '@type': 'Person',
    name: n?.display ?? a.name,
    familyName: n?.family,
    givenName: n?.given,
    sameAs: list(uris(a.entry)),
  });
}

function placeEntry(m: DocumentModel, ref: string | undefined): RegisterEntry | undefined {
  const id = ref?.replace(/^#/, '');
  return id ? (m.registers.place ?? []).find((p) => p.id === id) : undefined;
}

function uris(entry: RegisterEntry | undefined): string[] {
  return (entry?.idnos ?? []).map((i) => i.value).filter((v) => /^https?:\/\//.test(v));
}

/** One value as itself, several as an array, none as absent. */
function list<T>(values: T[]): T | T[] | undefined {
  if (values.length === 0) return undefined;
  return values.length === 1 ? values[0] : values;
}

function compact(node: Node): Node {
  return Object.fromEntries(Object.entries(node).filter(([, v]) => v !== undefined && v !== ''));
}

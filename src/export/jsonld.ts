/**
 * edition.jsonld: a schema.org description of the edition and each of its
 * documents, for search engines and linked-data harvesters. The letter and
 * the edition are kept apart:
 *
 * - the edition: `Collection` with name, alternativeHeadline (its
 *   subtitle), editor (with ORCID iDs as sameAs), publisher,
 *   datePublished (the edition's own date), license, url and `hasPart`;
 * - each document: `Message` (schema.org's type for a letter: `sender`,
 *   `recipient`, `dateSent`, `dateReceived`) with name, identifier,
 *   inLanguage, keywords, `locationCreated`, `isBasedOn` its witnesses and
 *   `isPartOf` the edition. No datePublished, publisher or licence: those
 *   are the edition's, not the 1956 message's. Persons carry
 *   givenName/familyName and `sameAs` the register's authority URIs.
 *
 * `@id`s are absolute and stable (ids.ts): URLs under the base URL, else
 * `urn:uuid:` URNs; the page's JSON-LD (src/site/meta.ts) uses the same
 * ones. Only facts of the settings and headers: absent facts, absent keys.
 * Keys sorted.
 */
import type { Agent, DocumentModel, RegisterEntry } from '../model/types.js';
import type { EditionSettings } from '../settings/types.js';
import { documentUrl, editionFacts } from '../cite/record.js';
import { correspondentName } from '../cite/names.js';
import { stableStringify } from '../cite/stable-json.js';
import { byId, titleOf } from './cmif.js';
import { documentId, editionId, type IdOptions } from './ids.js';

export interface JsonLdOptions {
  baseUrl?: string;
  title?: string;
  edition?: EditionSettings;
}

type Node = Record<string, unknown>;

const ORCID = /^(?:https?:\/\/orcid\.org\/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/;

export function toJsonLd(models: DocumentModel[], options: JsonLdOptions = {}): string {
  let json = '';
  for (const part of jsonLdParts(byId(models), options)) json += part;
  return json;
}

/**
 * toJsonLd in parts, a document's node at a time, from the documents in the order of their ids (byId), which
 * it goes through twice (see cmifParts). The parts are the bytes stableStringify gives the whole graph: each
 * node serialized alone and indented to its depth in `@graph` (JSON strings hold no raw line breaks).
 */
export function* jsonLdParts(docs: Iterable<DocumentModel>, options: JsonLdOptions = {}): Generator<string> {
  let first: DocumentModel | undefined;
  let count = 0;
  let publisherOf: string | undefined;
  const ids = idOptions(options);
  const s = options.edition;
  const fromHeaders = new Set<string>();
  const parts: Node[] = [];
  for (const m of docs) {
    first ??= m;
    count++;
    if (!publisherOf && m.publisher) publisherOf = m.publisher;
    if (!s?.licences?.length) for (const l of m.licences ?? []) if (l.target) fromHeaders.add(l.target);
    parts.push({ '@id': documentId(m, ids) });
  }
  const facts = first ? editionFacts(first, ids) : undefined;
  const base = options.baseUrl || s?.baseUrl;
  const licences = s?.licences?.length ? s.licences.map((l) => l.url) : [...fromHeaders];
  const title = titleOf(options.title, count, first, publisherOf);

  const edition: Node = compact({
    '@id': editionId(ids, first),
    '@type': 'Collection',
    name: s?.title ?? title,
    alternativeHeadline: s?.title ? s.subtitle : undefined,
    url: base ? `${base.replace(/\/+$/, '')}/` : undefined,
    editor: list(
      (s?.editors ?? [])
        .filter((e) => (e.role ?? 'editor') === 'editor')
        .map((e) => {
          const orcid = ORCID.exec(e.orcid ?? '')?.[1];
          return compact({ '@type': 'Person', name: e.name, sameAs: list([...(orcid ? [`https://orcid.org/${orcid}`] : []), ...(e.ids ?? [])]) });
        }),
    ),
    publisher: facts?.publisher ? { '@type': 'Organization', name: facts.publisher } : undefined,
    datePublished: facts?.date?.iso,
    identifier: s?.identifier,
    inLanguage: s?.language,
    license: list(licences),
    hasPart: parts,
  });
  const node = (n: Node): string => `    ${stableStringify(n).replace(/\n/g, '\n    ')}`;
  yield `{\n  "@context": "https://schema.org",\n  "@graph": [\n${node(edition)}`;
  for (const m of docs) yield `,\n${node(documentNode(m, ids))}`;
  yield '\n  ]\n}\n';
}

function idOptions(o: { baseUrl?: string; edition?: EditionSettings }): IdOptions {
  return { ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}), ...(o.edition ? { edition: o.edition } : {}) };
}

/** One document as a schema.org `Message` (also the JSON-LD block of its web page). */
export function documentNode(m: DocumentModel, options: IdOptions): Node {
  const ids = idOptions(options);
  return compact({
    '@id': documentId(m, ids),
    '@type': 'Message',
    name: m.title,
    identifier: m.idno ?? m.id,
    url: documentUrl(options.baseUrl || options.edition?.baseUrl, m.id),
    inLanguage: m.lang,
    sender: list((m.sender?.agents ?? []).map(agentNode)),
    recipient: list((m.recipient?.agents ?? []).map(agentNode)),
    dateSent: m.sender?.date?.when,
    dateReceived: m.recipient?.date?.when,
    locationCreated: m.sender?.place ? compact({ '@type': 'Place', name: m.sender.place, sameAs: list(uris(placeEntry(m, m.sender.placeRef))) }) : undefined,
    isPartOf: { '@id': editionId(ids, m) },
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

/**
 * DocumentModel → CitationRecord: everything a citation of one document
 * needs, for one target (a witness of the header, or this digital
 * edition), read only from the typed header record. A pure function: no
 * I/O, no defaults for missing facts. What the header lacks is absent here
 * and therefore absent from every citation and export.
 *
 * Witness bibls are read structurally: `title[@level='j']` makes a
 * periodical, `title[@level='m']` a book (a second level-m title with
 * `@type='volume'` is the volume's own title), `biblScope[@unit]` gives
 * volume, issue, page (with @from/@to), item and document numbers,
 * `editor` (with `@role='general-editor'` for the series' general editor),
 * `publisher`, `pubPlace`, `date/@when`, `series`, and `ref/@target`.
 */
import type { Bibl, BiblScope, DocumentModel, Witness } from '../model/types.js';
import { parseIsoDate, type PartialDate } from './dates.js';
import { correspondentName, nameFromDisplay, organizationName, type CitationName } from './names.js';
import type { PageRange } from './numbers.js';

/** The digital edition as a citation target (`--witness edition`). */
export const EDITION_TARGET = 'edition';

/**
 * Where a document's page lives under the configured base URL. `{id}` is
 * replaced by the document id (URL-encoded). The one place to change when
 * the web edition moves its pages.
 */
export const DOCUMENT_URL_PATH = 'documents/{id}.html';

/** The web edition's URL of a document, or undefined without a base URL. */
export function documentUrl(baseUrl: string | undefined, id: string): string | undefined {
  if (!baseUrl) return undefined;
  return `${baseUrl.replace(/\/+$/, '')}/${DOCUMENT_URL_PATH.replace('{id}', encodeURIComponent(id))}`;
}

export type ContainerKind = 'periodical' | 'book' | 'edition';

export interface CitationContainer {
  kind: ContainerKind;
  /** Periodical, book (or multivolume work) or edition title, as encoded. */
  title: string;
  /** The edition's subtitle (titleStmt/title[@type='sub']). */
  subtitle?: string;
  /** As encoded ("35", "XXV"); styles convert roman numerals where their manual says so. */
  volume?: string;
  /** The title of the volume within a multivolume work ("Eastern Europe"). */
  volumeTitle?: string;
  issue?: string;
  /** Periodical: the issue's date; book and edition: the date of publication. */
  date?: PartialDate;
  editors: CitationName[];
  /** The general editor(s) of a series (editor[@role='general-editor']). */
  generalEditors: CitationName[];
  publisher?: string;
  pubPlace?: string;
  series?: { title: string; number?: string };
  url?: string;
}

export interface CitationRecord {
  documentId: string;
  /** A witness siglum ("DSB") or "edition". */
  target: string;
  /** The document's title (titleStmt, main title). */
  title?: string;
  senders: CitationName[];
  recipients: CitationName[];
  /** correspAction[@type='sent']/date/@when. */
  dateSent?: PartialDate;
  placeSent?: string;
  /** correspDesc//date[@type='released']/@when. */
  released?: PartialDate;
  /** 'letter' when the header has a correspDesc (sender or recipient); absent otherwise. */
  genre?: 'letter';
  container: CitationContainer;
  /** The document's number in its container: "Document 166", "Item 291". */
  number?: { unit: 'document' | 'item'; value: string };
  pages?: PageRange;
  /** ISO 639 language of the document, when the header gives it. */
  language?: string;
  /** The edition, whatever the target (for "Cite this" boxes and exports). */
  edition: EditionFacts;
}

export interface EditionFacts {
  title?: string;
  subtitle?: string;
  publisher?: string;
  pubPlace?: string;
  date?: PartialDate;
  idno?: string;
  url?: string;
  licences: { target?: string; text?: string }[];
}

export interface CitationOptions {
  /** The web edition's base URL; without it no citation has a URL of the edition. */
  baseUrl?: string;
}

/** A target the header does not have; the message names the valid ones. */
export class UnknownTargetError extends Error {
  constructor(
    readonly target: string,
    readonly valid: string[],
  ) {
    super(`the document has no witness "${target}"; choose one of: ${valid.join(', ')}`);
    this.name = 'UnknownTargetError';
  }
}

/** A witness can be cited when it has a siglum and a bibl with a title. */
function citableWitnesses(model: DocumentModel): Witness[] {
  return (model.witnesses ?? []).filter((w) => w.siglum && w.bibl?.titles?.some((t) => t.text));
}

/** The valid targets, in header order, then "edition". */
export function citationTargets(model: DocumentModel): string[] {
  const sigla = citableWitnesses(model).map((w) => w.siglum as string);
  return [...sigla.filter((s) => s !== EDITION_TARGET), EDITION_TARGET];
}

/**
 * The default target for papers: the first witness the header marks as
 * preferred for citation (`@ana="#preferred-citation"`); without one, the
 * digital edition.
 */
export function defaultCitationTarget(model: DocumentModel): string {
  const preferred = citableWitnesses(model).find((w) => w.roles?.includes('preferred-citation'));
  return preferred?.siglum ?? EDITION_TARGET;
}

export function citationRecord(model: DocumentModel, target: string = defaultCitationTarget(model), options: CitationOptions = {}): CitationRecord {
  const edition = editionFacts(model, options);
  const senders = agentsOf(model.sender);
  const recipients = agentsOf(model.recipient);
  const base = {
    documentId: model.id,
    target,
    ...(model.title ? { title: model.title } : {}),
    senders,
    recipients,
    ...optional('dateSent', parseIsoDate(model.sender?.date?.when)),
    ...optional('placeSent', model.sender?.place),
    ...optional('released', parseIsoDate(model.released)),
    ...(model.sender || model.recipient ? { genre: 'letter' as const } : {}),
    ...optional('language', model.lang),
    edition,
  };
  if (target === EDITION_TARGET) {
    return { ...base, container: editionContainer(edition) };
  }
  const witness = citableWitnesses(model).find((w) => w.siglum === target);
  if (!witness?.bibl) throw new UnknownTargetError(target, citationTargets(model));
  const bibl = witness.bibl;
  const pages = pageRange(scope(bibl, 'page'));
  const number = documentNumber(bibl);
  return {
    ...base,
    container: witnessContainer(bibl),
    ...optional('number', number),
    ...optional('pages', pages),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined | ''): { [P in K]?: V } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: V };
}

function agentsOf(c: DocumentModel['sender']): CitationName[] {
  const names: CitationName[] = [];
  for (const a of c?.agents ?? []) {
    if (a.kind === 'org') {
      const n = a.name ?? a.entry?.name;
      if (n) names.push(organizationName(n));
      continue;
    }
    const n = correspondentName(a.name, a.entry?.surname, a.entry?.forenames);
    if (n) names.push(n);
  }
  return names;
}

function editionFacts(model: DocumentModel, options: CitationOptions): EditionFacts {
  return {
    ...optional('title', model.title),
    ...optional('subtitle', model.subtitle),
    ...optional('publisher', model.publisher),
    ...optional('pubPlace', model.pubPlace),
    ...optional('date', parseIsoDate(model.publicationDate)),
    ...optional('idno', model.idno),
    ...optional('url', documentUrl(options.baseUrl, model.id)),
    licences: (model.licences ?? []).map((l) => ({ ...optional('target', l.target), ...optional('text', l.text) })),
  };
}

function editionContainer(e: EditionFacts): CitationContainer {
  return {
    kind: 'edition',
    title: e.title ?? '',
    ...optional('subtitle', e.subtitle),
    ...optional('date', e.date),
    editors: [],
    generalEditors: [],
    ...optional('publisher', e.publisher),
    ...optional('pubPlace', e.pubPlace),
    ...optional('url', e.url),
  };
}

function witnessContainer(bibl: Bibl): CitationContainer {
  const titles = bibl.titles ?? [];
  const journal = titles.find((t) => t.level === 'j' && t.text);
  const volumeTitle = titles.find((t) => t.level === 'm' && t.type === 'volume' && t.text);
  const main = journal ?? titles.find((t) => t.text && t !== volumeTitle && t.level !== 's') ?? titles.find((t) => t.text);
  const editors = (bibl.editors ?? []).filter((e) => e.name);
  const seriesNumber = bibl.series?.scopes?.find((s) => s.text)?.text;
  return {
    kind: journal ? 'periodical' : 'book',
    title: main?.text ?? '',
    ...optional('volume', scope(bibl, 'volume')?.text),
    ...optional('volumeTitle', volumeTitle?.text),
    ...optional('issue', scope(bibl, 'issue')?.text),
    ...optional('date', parseIsoDate(bibl.date?.when)),
    editors: editors.filter((e) => e.role !== 'general-editor').map((e) => nameFromDisplay(e.name as string)),
    generalEditors: editors.filter((e) => e.role === 'general-editor').map((e) => nameFromDisplay(e.name as string)),
    ...optional('publisher', bibl.publisher),
    ...optional('pubPlace', bibl.pubPlace),
    ...optional('series', bibl.series?.title ? { title: bibl.series.title, ...optional('number', seriesNumber) } : undefined),
    ...optional('url', bibl.urls?.[0]),
  };
}

function scope(bibl: Bibl, unit: string): BiblScope | undefined {
  return bibl.scopes?.find((s) => s.unit === unit && (s.text || s.from));
}

function documentNumber(bibl: Bibl): CitationRecord['number'] {
  for (const unit of ['document', 'item'] as const) {
    const s = scope(bibl, unit);
    const value = s?.text || s?.from;
    if (value) return { unit, value };
  }
  return undefined;
}

/** From @from/@to when present, else from the text ("795–797", "795"). */
function pageRange(s: BiblScope | undefined): PageRange | undefined {
  if (!s) return undefined;
  if (s.from) return s.to && s.to !== s.from ? { from: s.from, to: s.to } : { from: s.from };
  const m = /^\s*([^\s–—-]+)\s*(?:[–—-]+\s*([^\s–—-]+))?\s*$/.exec(s.text ?? '');
  if (!m) return undefined;
  return m[2] ? { from: m[1] as string, to: m[2] } : { from: m[1] as string };
}

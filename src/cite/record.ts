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
import { BIDI_CONTROLS, BREAKING_CONTROLS } from '../controls.js';
import type { Bibl, BiblScope, DateValue, DocumentModel, MsIdentifier, TitleRun, Witness } from '../model/types.js';
import { documentDate, isoDateOf, isUncertain } from '../model/dates.js';
import type { EditionSettings } from '../settings/types.js';
import { joinMarked, markedTitle, type MarkedTitle } from './case.js';
import { plainLine } from './controls.js';
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

/**
 * 'manuscript': a witness that is not published (its bibl has only
 * `title[@level='u']` descriptions, e.g. "Autograph letter, signed", and a
 * shelfmark): cited by its description and shelfmark, never as a book.
 */
export type ContainerKind = 'periodical' | 'book' | 'edition' | 'manuscript';

export interface CitationContainer {
  kind: ContainerKind;
  /**
   * Periodical, book (or multivolume work) or edition title, as encoded.
   * Absent when nothing names the container (a foreign document cited as
   * part of an edition whose title neither the settings nor the header give):
   * a document's own title is never put in its place.
   */
  title?: string;
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
  /**
   * Where the letter is kept (a manuscript witness's shelfmark, and its
   * msDesc's msIdentifier; for the edition, the header's msDesc): what
   * the manuals cite of an archival source. Never for a printed witness.
   */
  archive?: ArchiveLocation;
  publisher?: string;
  pubPlace?: string;
  series?: { title: string; number?: string };
  url?: string;
}

/** An archival source's place in its archive, each part as encoded (msIdentifier). */
export interface ArchiveLocation {
  /** The shelfmark (call number, box and folder): bibl/idno, else msIdentifier/idno. */
  shelfmark?: string;
  collection?: string;
  /** The repository, then the institution it belongs to ("Manuscript Division, Library of Congress"). */
  repository?: string;
  /** Settlement, region, country ("Bonn", "New York"). */
  place?: string;
}

/** The archive's parts in the order Chicago and MLA join them: shelfmark, collection, repository, place. */
export function archiveParts(a: ArchiveLocation | undefined): string[] {
  return a ? [a.shelfmark, a.collection, a.repository, a.place].filter((x): x is string => Boolean(x)) : [];
}

export interface CitationRecord {
  documentId: string;
  /** A witness siglum ("DSB") or "edition". */
  target: string;
  /**
   * The document's title in the version cited: the witness bibl's own
   * `title[@level='a']`; for the copy-text witness and the edition, the
   * header's main title (the heading the edition transcribes). Another
   * witness never borrows the copy text's heading (FRUS prints the letter
   * inside telegram 546, the Bulletin under its own heading).
   */
  title?: string;
  senders: CitationName[];
  recipients: CitationName[];
  /**
   * correspAction[@type='sent']/date: @when, or for a range (@from/@to,
   * @notBefore/@notAfter) what both ends share ("1852" for January–June
   * 1852). Never the date of a publication.
   */
  dateSent?: PartialDate;
  placeSent?: string;
  /**
   * A letter the header gives no date of at all (no date, or one with neither attributes nor words): Chicago
   * writes "n.d." where the date would stand. A date only in words the toolkit cannot read ("um 1900") is not
   * "undated": it is left out, not denied.
   */
  undated?: boolean;
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
  /**
   * The language of the cited title (`title`) where it is not the document's: the header title's own xml:lang
   * ("À Paul Gauguin. Arles, mercredi 3 octobre 1888" in a header in English). Its case follows its language.
   */
  titleLanguage?: string;
  /**
   * The titles above (the letter's, the container's, its subtitle, volume
   * and series titles) that mark up names in the TEI, word by word: where a
   * change of case (APA's sentence case, BibTeX's) must keep the capitals.
   * Found by their text (marked()); a title not here has no name markup.
   */
  titleMarkup: MarkedTitle[];
  /** The edition, whatever the target (for "Cite this" boxes and exports). */
  edition: EditionFacts;
}

export interface EditionFacts {
  title?: string;
  subtitle?: string;
  /** The edition's editors (settings, role "editor"), with ORCID iDs when given. */
  editors: CitationName[];
  publisher?: string;
  pubPlace?: string;
  date?: PartialDate;
  idno?: string;
  /** The cited document's page in the web edition. */
  url?: string;
  /** The web edition's home page (the base URL). */
  homeUrl?: string;
  licences: { target?: string; text?: string }[];
  /** The language of the edition's title and subtitle: the settings', when they give both. */
  language?: string;
}

export interface CitationOptions {
  /** The web edition's base URL (overrides the settings'); without one no citation has a URL of the edition. */
  baseUrl?: string;
  /**
   * The edition's settings (edition.json): title, editors, publisher,
   * date, licences and base URL of the edition as a whole. Without them the
   * edition's facts come from the document's header.
   */
  edition?: EditionSettings;
}

/** The base URL in force: the explicit option, else the settings'. */
export function baseUrlOf(options: CitationOptions): string | undefined {
  return options.baseUrl || options.edition?.baseUrl || undefined;
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
  return cleaned(rawRecord(model, target, options));
}

/** Every string of the record through plainLine(): no control or bidi character reaches any format. */
function cleaned<T>(value: T): T {
  if (typeof value === 'string') return plainLine(value) as T;
  if (Array.isArray(value)) return value.map(cleaned) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleaned(v)])) as T;
  return value;
}

function rawRecord(model: DocumentModel, target: string, options: CitationOptions): CitationRecord {
  const edition = editionFacts(model, options);
  const senders = agentsOf(model.sender);
  const recipients = agentsOf(model.recipient);
  const base = {
    documentId: model.id,
    target,
    senders,
    recipients,
    titleMarkup: titleMarkup(model, target),
    ...optional('dateSent', letterDate(documentDate(model))),
    ...optional('placeSent', model.sender?.place),
    ...optional('released', parseIsoDate(model.released)),
    ...(model.sender || model.recipient ? { genre: 'letter' as const } : {}),
    ...((model.sender || model.recipient) && !hasAnyDate(documentDate(model)) ? { undated: true } : {}),
    ...optional('language', model.lang),
    edition,
  };
  if (target === EDITION_TARGET) {
    return { ...base, ...optional('title', citedTitle(model.title)), ...optional('titleLanguage', model.titleLang !== model.lang ? model.titleLang : undefined), container: { ...editionContainer(edition), ...optional('archive', archiveOf(model.msIdentifier)) } };
  }
  const witness = citableWitnesses(model).find((w) => w.siglum === target);
  if (!witness?.bibl) throw new UnknownTargetError(target, citationTargets(model));
  const bibl = witness.bibl;
  const pages = pageRange(scope(bibl, 'page'));
  const number = documentNumber(bibl);
  const ownTitle = bibl.titles?.find((t) => t.level === 'a' && t.text)?.text;
  const title = ownTitle ?? (witness.roles?.includes('copy-text') ? model.title : undefined);
  return {
    ...base,
    ...optional('title', citedTitle(title)),
    ...optional('titleLanguage', !ownTitle && title && model.titleLang !== model.lang ? model.titleLang : undefined),
    container: witnessContainer(bibl, witness.msIdentifier),
    ...optional('number', number),
    ...optional('pages', pages),
  };
}

/** The language the cited title's case follows: its own (titleLanguage), else the document's. */
export function titleLanguageOf(r: CitationRecord): string | undefined {
  return r.titleLanguage ?? r.language;
}

/**
 * The language the container's titles' case follows: the edition's (its settings') for the digital edition, whatever
 * the letter's ("A Digital Edition of Letters" in the citations of an English edition's German letters too); a
 * printed or archival source's is not known apart from the document's.
 */
export function containerLanguageOf(r: CitationRecord): string | undefined {
  return r.container.kind === 'edition' ? (r.edition.language ?? r.language) : r.language;
}

/** "Title: Subtitle" of a container, or undefined when nothing names it. */
export function containerTitleOf(c: CitationContainer): string | undefined {
  if (!c.title) return undefined;
  return c.subtitle ? `${c.title}: ${c.subtitle}` : c.title;
}

function optional<K extends string, V>(key: K, value: V | undefined | ''): { [P in K]?: V } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: V };
}

/** The marked-up titles a citation of this target may print: the header's and the witness's. */
function titleMarkup(model: DocumentModel, target: string): MarkedTitle[] {
  const witness = target === EDITION_TARGET ? undefined : (model.witnesses ?? []).find((w) => w.siglum === target);
  const all = [
    fromRuns(model.title, model.titleRuns),
    fromRuns(model.subtitle, model.subtitleRuns),
    ...(witness?.bibl?.titles ?? []).map((t) => fromRuns(t.text, t.runs)),
  ];
  // Each also as the citation prints it (citedTitle), so that the markup is found by that text too.
  return all.filter((t): t is MarkedTitle => t !== undefined).flatMap((t) => (citedTitle(t.text) === t.text ? [t] : [t, { ...t, text: citedTitle(t.text) as string }]));
}

/**
 * A document's title as a citation gives it: without a full stop that ends
 * a sentence after a number ("To Paul Gauguin. Arles, Wednesday, 3 October
 * 1888.", as the Van Gogh Letters title every letter). Every style puts
 * its own punctuation after the title, which gave “… 1888.,” and, in
 * BibTeX, "1888..". Only after a digit: a stop after a word may end an
 * abbreviation ("Jr.", "Co.", "etc."), which keeps it.
 */
function citedTitle(title: string | undefined): string | undefined {
  return title?.replace(/(\d)\.$/u, '$1');
}

/**
 * The runs of model.xsl as words of the title's text, each a name or not
 * (a word is a name when one of its letters lies inside a name). Undefined
 * when the runs do not make the title's text (then nothing is claimed).
 */
function fromRuns(text: string | undefined, runs: TitleRun[] | undefined): MarkedTitle | undefined {
  if (!text || !runs?.length) return undefined;
  const words: string[] = [];
  const names: boolean[] = [];
  let word = '';
  let name = false;
  const flush = (): void => {
    if (word) {
      words.push(word);
      names.push(name);
    }
    word = '';
    name = false;
  };
  for (const run of runs) {
    for (const ch of run.text.replace(BIDI_CONTROLS, '').replace(BREAKING_CONTROLS, ' ')) {
      if (/\s/.test(ch)) flush();
      else {
        word += ch;
        if (run.name && /\p{L}/u.test(ch)) name = true;
      }
    }
  }
  flush();
  const joined = words.join(' ');
  return joined === plainLine(text) ? { text: joined, names } : undefined;
}

/** A title of the record with the markup the TEI gave it (see titleMarkup), or undefined for no title. */
export function marked(r: CitationRecord, text: string | undefined): MarkedTitle | undefined {
  return text ? markedTitle(text, r.titleMarkup) : undefined;
}

/**
 * True when the letter's title is only the editors' description of it,
 * "Ada Sender to Ben Recipient, 1 March 1900" (a sender's name, then "to",
 * "an", "à" …): no title of the letter's own, so styles that print a
 * description do not print it twice.
 */
export function titleDescribesLetter(r: CitationRecord): boolean {
  if (!r.title || !r.genre) return false;
  const title = r.title.toLowerCase();
  return r.senders.some((n) =>
    [n.display, n.family].some((name) => name && new RegExp(`^${name.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+(an|to|à|a|aan|til|till|do|al|ad)\\s`, 'u').test(title)),
  );
}

/** The container's "Title: Subtitle" with its markup. */
export function containerMarked(r: CitationRecord): MarkedTitle | undefined {
  return joinMarked(': ', marked(r, r.container.title), marked(r, r.container.subtitle));
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

/**
 * The edition as a whole: from the settings where they say something,
 * else from the header. In the header the main title is the document's own
 * ("Clara Whitcombe to Anders Lindqvist, 14 March 1851") and never the
 * edition's; the subtitle names the edition the document belongs to ("Letters
 * of the Northern Herbarium Circle", "A TEI edition of President
 * Eisenhower's message …"). Without either, the edition has no title here.
 */
export function editionFacts(model: DocumentModel, options: CitationOptions = {}): EditionFacts {
  const s = options.edition ?? {};
  const base = baseUrlOf(options);
  const headerTitle = model.subtitle;
  const settingsLicences = (s.licences ?? []).map((l) => ({ target: l.url, ...optional('text', l.name) }));
  return {
    ...optional('title', s.title ?? headerTitle),
    ...optional('subtitle', s.title ? s.subtitle : undefined),
    ...optional('language', s.title ? s.language : undefined),
    editors: (s.editors ?? []).filter((e) => (e.role ?? 'editor') === 'editor' && e.name).map((e) => nameFromDisplay(e.name)),
    ...optional('publisher', s.publisher ?? model.publisher),
    ...optional('pubPlace', s.pubPlace ?? model.pubPlace),
    ...optional('date', parseIsoDate(s.date ?? model.publicationDate)),
    ...optional('idno', s.identifier ?? model.idno),
    ...optional('url', documentUrl(base, model.id)),
    ...optional('homeUrl', base ? `${base.replace(/\/+$/, '')}/` : undefined),
    licences: settingsLicences.length ? settingsLicences : (model.licences ?? []).map((l) => ({ ...optional('target', l.target), ...optional('text', l.text) })),
  };
}

/**
 * The letter's date: @when, else the part both ends of a range share
 * (@from/@to, @notBefore/@notAfter: "1852-01-01"–"1852-06-30" → 1852);
 * an open range or ends in different years give no date.
 */
/**
 * The letter's date as its citations give it: @when; a span (@from–@to) as
 * a span; an inferred date (@notBefore/@notAfter) as what both bounds share
 * ("[1852]" for the first half of 1852, a span of years when they share no
 * year), marked inferred; @cert low, medium or unknown marks it uncertain.
 */
function hasAnyDate(d: DateValue | undefined): boolean {
  return Boolean(d && (d.when || d.from || d.to || d.notBefore || d.notAfter || d.text?.trim()));
}

function letterDate(d: DateValue | undefined): PartialDate | undefined {
  if (!d) return undefined;
  const marked = (x: PartialDate | undefined, inferred = false): PartialDate | undefined =>
    x && { ...x, ...(inferred ? { inferred: true as const } : {}), ...(isUncertain(d.cert) ? { uncertain: true as const } : {}) };
  if (d.when) return marked(parseIsoDate(d.when));
  // A date in words only ("22 January 1898"): as model/dates.ts reads it.
  if (!d.from && !d.notBefore && !d.to && !d.notAfter) return marked(parseIsoDate(isoDateOf(d)));
  if (d.from || d.to) {
    const a = parseIsoDate(d.from);
    const b = parseIsoDate(d.to);
    if (!a || !b) return undefined;
    return marked(a.iso === b.iso ? a : { ...a, end: b });
  }
  const a = parseIsoDate(d.notBefore);
  const b = parseIsoDate(d.notAfter);
  if (!a || !b) return undefined;
  if (a.year !== b.year) return marked({ ...(parseIsoDate(String(a.year).padStart(4, '0')) as PartialDate), end: parseIsoDate(String(b.year).padStart(4, '0')) as PartialDate }, true);
  if (a.month === undefined || a.month !== b.month) return marked(parseIsoDate(String(a.year).padStart(4, '0')), true);
  if (a.day === undefined || a.day !== b.day) return marked(parseIsoDate(a.iso.slice(0, 7)), true);
  return marked(a, true);
}

function editionContainer(e: EditionFacts): CitationContainer {
  return {
    kind: 'edition',
    ...optional('title', e.title),
    ...optional('subtitle', e.subtitle),
    // A date belongs to a named publication: with no title, publisher or address to attach it to, it would stand alone
    // (Chicago's "…, September 22, 1972, (2014).", CSL's "Published in (2014).").
    ...optional('date', e.title || e.publisher || e.url ? e.date : undefined),
    editors: e.editors,
    generalEditors: [],
    ...optional('publisher', e.publisher),
    ...optional('pubPlace', e.pubPlace),
    ...optional('url', e.url),
  };
}

/** An msIdentifier as the citations give it; undefined when it says nothing of the place in an archive. */
function archiveOf(ms: MsIdentifier | undefined, shelfmark?: string): ArchiveLocation | undefined {
  const join = (...parts: (string | undefined)[]): string | undefined => parts.filter(Boolean).join(', ') || undefined;
  const a: ArchiveLocation = {
    ...optional('shelfmark', shelfmark ?? ms?.shelfmark),
    ...optional('collection', ms?.collection),
    ...optional('repository', join(ms?.repository, ms?.institution)),
    ...optional('place', join(ms?.settlement, ms?.region, ms?.country)),
  };
  return Object.keys(a).length ? a : undefined;
}

function witnessContainer(bibl: Bibl, ms: MsIdentifier | undefined): CitationContainer {
  const titles = bibl.titles ?? [];
  const journal = titles.find((t) => t.level === 'j' && t.text);
  const volumeTitle = titles.find((t) => t.level === 'm' && t.type === 'volume' && t.text);
  // The letter's own title (level a) is never the container's.
  const main = journal ?? titles.find((t) => t.text && t !== volumeTitle && t.level !== 's' && t.level !== 'a') ?? titles.find((t) => t.text && t.level !== 'a');
  const editors = (bibl.editors ?? []).filter((e) => e.name);
  const seriesNumber = bibl.series?.scopes?.find((s) => s.text)?.text;
  const unpublished = titles.length > 0 && titles.every((t) => t.level === 'u');
  return {
    kind: journal ? 'periodical' : unpublished ? 'manuscript' : 'book',
    // A printed witness is cited by its publication, never by an archive.
    ...optional('archive', unpublished ? archiveOf(ms, bibl.idnos?.find((i) => /shelfmark|callNo|signature/i.test(i.type))?.value ?? bibl.idnos?.[0]?.value) : undefined),
    ...optional('title', main?.text),
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

/**
 * The Correspondence Metadata Interchange Format (CMIF, v2) file for
 * correspSearch: a TEI document whose teiHeader describes the edition and
 * holds one `correspDesc` per letter in `profileDesc`.
 *
 * - `fileDesc/titleStmt`: the edition's title; `editor`: the parties of the
 *   header's respStmt (no e-mail address is invented: the header has none).
 * - `publicationStmt`: publisher, `idno type="url"` (the file's own URL,
 *   only with a base URL), the date (the latest revisionDesc change, else
 *   the publication date), and the licence of the edition's metadata
 *   (the header's CC BY 4.0 or CC0 licence when it has one, as CMIF asks).
 * - `sourceDesc/bibl type="online" xml:id="edition"`: the edition, cited.
 * - each `correspDesc` has `@ref` (the letter's page, with a base URL) and
 *   `@source="#edition"`; its `correspAction`s (sent, received) give
 *   `persName`/`orgName` with `@ref` = the register's authority URI
 *   (VIAF, GND, LoC, BnF, Wikidata, in that order of preference; names
 *   without one have no @ref, which CMIF allows), `placeName` likewise,
 *   and `date` with the header's @when/@notBefore/@notAfter/@from/@to;
 *   `correspContext` links the previous and next letters of the same
 *   correspondence (`ref type="prev|next"`, only with a base URL).
 *
 * Built from the typed DocumentModel by string assembly with escaping, so
 * it needs no XSLT run; deterministic (documents sorted by id, no clock).
 */
import { isUncertain } from '../model/dates.js';
import type { Agent, Correspondent, DocumentModel, Idno, RegisterEntry } from '../model/types.js';
import type { EditionSettings } from '../settings/types.js';
import { documentUrl } from '../cite/record.js';
import { cmifId, uuidV5 } from './ids.js';
import { correspondentName, inverted } from '../cite/names.js';
import { attributes, escapeXmlText } from './xml.js';
import { neighbours, summarize, type LetterSummary } from '../site/letters.js';

export interface CmifOptions {
  baseUrl?: string;
  /** The edition's settings: title, editors, publisher, licences, date, base URL. */
  edition?: EditionSettings;
  /** The edition's title; default: the title of the only document, else its publisher's name. */
  title?: string;
  /** Where cmif.xml is published under the base URL (for idno type="url"). */
  path?: string;
}

export const CMIF_PATH = 'data/cmif.xml';

const AUTHORITY_PREFERENCE = ['viaf', 'gnd', 'lc', 'lcnaf', 'loc', 'bnf', 'wikidata'];

/** The authority URI CMIF can use for a register entry, if it has one. */
export function authorityUri(entry: RegisterEntry | undefined): string | undefined {
  const urls = (entry?.idnos ?? []).filter((i: Idno) => /^https?:\/\//.test(i.value));
  const rank = (i: Idno): number => {
    const r = AUTHORITY_PREFERENCE.indexOf(i.type.toLowerCase());
    return r === -1 ? AUTHORITY_PREFERENCE.length : r;
  };
  return [...urls].sort((a, b) => rank(a) - rank(b))[0]?.value;
}

export function editionTitle(models: DocumentModel[], title?: string): string {
  return titleOf(title, models.length, models[0], models.find((m) => m.publisher)?.publisher);
}

/** editionTitle from what it needs of the documents: how many, the first, the first publisher named. */
export function titleOf(title: string | undefined, count: number, first: DocumentModel | undefined, publisher: string | undefined): string {
  if (title) return title;
  if (count === 1 && first?.title) return first.title;
  return publisher ?? 'Edition';
}

/** The sentence and licences CMIF prescribes for the metadata (its documentation, publicationStmt). */
const CC_BY = { target: 'https://creativecommons.org/licenses/by/4.0/', text: 'This file is licensed under the terms of the Creative Commons License CC-BY 4.0' };
const CC0 = { target: 'https://creativecommons.org/publicdomain/zero/1.0/', text: 'This file is licensed under the terms of the Creative Commons License CC0 1.0' };

export function toCmif(models: DocumentModel[], options: CmifOptions = {}): string {
  let xml = '';
  for (const part of cmifParts(byId(models), options)) xml += part;
  return xml;
}

/** The documents in the order of their ids (the order of every export of the edition). */
export function byId(models: readonly DocumentModel[]): DocumentModel[] {
  return [...models].sort((a, b) => compareIds(a.id, b.id));
}

/** The order of document ids in the exports: code units (the same on every machine). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * toCmif in parts, a letter's correspDesc at a time, from the documents in the order of their ids (byId),
 * which it goes through twice (once for what the header says of them all): a build of thousands of letters
 * reads them from disk in each pass and writes the parts as they come, never holding the file or the models.
 */
export function* cmifParts(docs: Iterable<DocumentModel>, options: CmifOptions = {}): Generator<string> {
  const settings = options.edition;
  const baseUrl = options.baseUrl || settings?.baseUrl;
  const base = baseUrl?.replace(/\/+$/, '');
  // What the header says of all the documents.
  let first: DocumentModel | undefined;
  let count = 0;
  let publisherOf: string | undefined;
  const names = new Set<string>();
  const dates = { change: undefined as string | undefined, publication: undefined as string | undefined };
  const licences: NonNullable<DocumentModel['licences']> = [];
  const letters: LetterSummary[] = [];
  const later = (a: string | undefined, w: string | undefined): string | undefined => (w && /^\d{4}/.test(w) && (a === undefined || w > a) ? w : a);
  for (const m of docs) {
    first ??= m;
    count++;
    if (!publisherOf && m.publisher) publisherOf = m.publisher;
    if (!settings?.editors?.length) for (const n of [...(m.editors ?? []).map((e) => e.name), ...(m.respStmts ?? []).flatMap((r) => r.names ?? [])]) if (n) names.add(n);
    for (const c of m.changes ?? []) dates.change = later(dates.change, c.when);
    dates.publication = later(dates.publication, m.publicationDate);
    if (!settings?.licences?.length) licences.push(...(m.licences ?? []));
    if (baseUrl) letters.push(summarize(m));
  }
  const title = settings?.title ?? titleOf(options.title, count, first, publisherOf);
  const publisher = settings?.publisher ?? first?.publisher;
  const editors = settings?.editors?.length ? settings.editors.map((e) => e.name) : [...names];
  const date = dateTime(settings?.date, dates.change ?? dates.publication);
  const licence = cmifLicence(licences, settings);
  const year = settings?.date ?? first?.publicationDate;
  // CMIF asks for a static UUID as the bibl's xml:id (an NCName cannot start with a digit).
  const uuid = uuidV5(`cmif-bibl\u0000${settings?.identifier ?? title}`);
  const biblId = /^\d/.test(uuid) ? `id-${uuid}` : uuid;

  // The previous and next letters of the same correspondence (the site's order, src/site/letters.ts), as URLs: only with a base URL.
  const thread = neighbours(letters);
  letters.length = 0;
  const correspContext = (id: string): string[] => {
    if (!baseUrl) return [];
    const n = thread.get(id);
    const refs = ([['prev', n?.prevInCorrespondence], ['next', n?.nextInCorrespondence]] as const)
      .map(([type, s]) => [type, s && documentUrl(baseUrl, s.id)] as const)
      .filter((r): r is readonly ['prev' | 'next', string] => Boolean(r[1]))
      .map(([type, url]) => `          <ref${attributes([['type', type], ['target', url]])}/>`);
    return refs.length ? ['        <correspContext>', ...refs, '        </correspContext>'] : [];
  };

  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push('<TEI xmlns="http://www.tei-c.org/ns/1.0">');
  out.push('  <teiHeader>');
  out.push('    <fileDesc>');
  out.push('      <titleStmt>');
  out.push(`        <title>${escapeXmlText(title)}</title>`);
  for (const e of editors) out.push(`        <editor>${escapeXmlText(e)}</editor>`);
  // CMIF's titleStmt requires an editor: where neither the settings nor a header names one, an empty one (as the
  // publisher below), not an invented name (the Escher and Office of the Historian headers name none).
  if (editors.length === 0) out.push('        <editor/>');
  out.push('      </titleStmt>');
  out.push('      <publicationStmt>');
  if (publisher) out.push(`        <publisher>${base ? `<ref${attributes([['target', `${base}/`]])}>${escapeXmlText(publisher)}</ref>` : escapeXmlText(publisher)}</publisher>`);
  else out.push('        <publisher/>');
  // Always an idno: the file's URL, or without a base URL a urn:uuid that names it (CMIF requires one).
  out.push(`        <idno type="url">${escapeXmlText(cmifId({ ...(baseUrl ? { baseUrl } : {}), ...(settings ? { edition: settings } : {}) }, options.path ?? CMIF_PATH, first))}</idno>`);
  if (date) out.push(`        <date${attributes([['when', date]])}/>`);
  out.push('        <availability>');
  // No licence in the settings or headers: say so (schema-valid) rather than claim one.
  if (licence) out.push(`          <licence${attributes([['target', licence.target]])}>${escapeXmlText(licence.text)}</licence>`);
  else out.push('          <p>No licence is stated for this metadata; CMIF expects CC BY 4.0 or CC0 1.0.</p>');
  out.push('        </availability>');
  out.push('      </publicationStmt>');
  out.push('      <sourceDesc>');
  const bibl = [title, publisher, year].filter(Boolean).join('. ');
  out.push(`        <bibl type="online"${attributes([['xml:id', biblId]])}>${escapeXmlText(bibl)}.${base ? ` <ref${attributes([['target', `${base}/`]])}>${escapeXmlText(`${base}/`)}</ref>` : ''}</bibl>`);
  out.push('      </sourceDesc>');
  out.push('    </fileDesc>');
  out.push('    <profileDesc>');
  yield `${out.join('\n')}\n`;
  for (const m of docs) {
    // CMIF requires both actions; an unknown side is an empty action, never an invented one.
    const letter = (sides: { sender?: Correspondent; recipient?: Correspondent }, context: string[]): string[] =>
      sides.sender || sides.recipient ? [`      <correspDesc${attributes([['ref', documentUrl(baseUrl, m.id)], ['source', `#${biblId}`]])}>`, ...correspAction('sent', sides.sender ?? {}, m), ...correspAction('received', sides.recipient ?? {}, m), ...context, '      </correspDesc>'] : [];
    // The document's other letters (an anthology's, embedded ones), each as CMIF has one correspDesc a letter; they
    // are on the same page, and take no part in the edition's sequence of letters (correspContext).
    const lines = [...letter(m, correspContext(m.id)), ...(m.otherCorrespondence ?? []).flatMap((other) => letter(other, []))];
    if (lines.length) yield `${lines.join('\n')}\n`;
  }
  out.length = 0;
  out.push('    </profileDesc>');
  out.push('  </teiHeader>');
  out.push('  <text>');
  out.push('    <body>');
  out.push('      <p/>');
  out.push('    </body>');
  out.push('  </text>');
  out.push('</TEI>');
  yield `${out.join('\n')}\n`;
}

/**
 * xsd:dateTime of the last update (CMIF): the settings' date, else the latest
 * revisionDesc change or publication date; a date without a time is taken at
 * midnight UTC, a year or month at its first day. SOURCE_DATE_EPOCH, when set,
 * wins (reproducible builds). Never the clock.
 */
function dateTime(settingsDate: string | undefined, headerDate: string | undefined): string | undefined {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString().replace(/\.000Z$/, 'Z');
  const d = settingsDate ?? headerDate;
  if (!d) return undefined;
  if (/T\d{2}:\d{2}/.test(d)) return d;
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(d);
  if (!m) return undefined;
  return `${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}T00:00:00Z`;
}

/**
 * CMIF's licence for the metadata: CC0 when the edition licenses its
 * metadata under CC0, else CC BY 4.0 when it uses that licence, with the
 * sentence CMIF prescribes; otherwise the edition's own first licence as
 * it states it (correspSearch may then decline the file, rightly).
 */
function cmifLicence(headers: NonNullable<DocumentModel['licences']>, settings: EditionSettings | undefined): { target: string; text: string } | undefined {
  const fromSettings = (settings?.licences ?? []).map((l) => ({ target: l.url, text: l.name, metadata: /metadata/i.test(l.appliesTo ?? '') }));
  const fromHeaders = headers.map((l) => ({ target: l.target ?? '', text: l.text, metadata: false }));
  const all = fromSettings.length ? fromSettings : fromHeaders;
  const cc0 = (t: string): boolean => /creativecommons\.org\/publicdomain\/zero\/1\.0/.test(t);
  const ccby = (t: string): boolean => /creativecommons\.org\/licenses\/by\/4\.0/.test(t);
  const metadata = all.filter((l) => l.metadata);
  for (const pool of [metadata, all]) {
    if (pool.some((l) => cc0(l.target))) return CC0;
    if (pool.some((l) => ccby(l.target))) return CC_BY;
  }
  const own = all.find((l) => /^https?:\/\//.test(l.target));
  return own ? { target: own.target, text: own.text ?? own.target } : undefined;
}

function correspAction(type: 'sent' | 'received', c: Correspondent, m: DocumentModel): string[] {
  const lines = [`        <correspAction type="${type}">`];
  for (const a of c.agents ?? []) lines.push(`          ${agentElement(a)}`);
  if (c.place) {
    const id = c.placeRef?.replace(/^#/, '');
    const entry = (m.registers.place ?? []).find((p) => p.id === id);
    lines.push(`          <placeName${attributes([['ref', authorityUri(entry)]])}>${escapeXmlText(entry?.name ?? c.place)}</placeName>`);
  }
  const d = c.date;
  if (d && (d.when || d.notBefore || d.notAfter || d.from || d.to)) {
    lines.push(
      `          <date${attributes([
        ['when', d.when],
        ['notBefore', d.notBefore],
        ['notAfter', d.notAfter],
        ['from', d.from],
        ['to', d.to],
        // CMIF's date has TEI's @cert with one value, "low" (the date's attribution to the letter is uncertain):
        // TEI's low, medium and unknown say that; high says nothing more than no @cert.
        ['cert', isUncertain(d.cert) ? 'low' : undefined],
      ])}/>`,
    );
  }
  lines.push('        </correspAction>');
  return lines;
}

/** correspSearch indexes persons as "Surname, Forename". */
function agentElement(a: Agent): string {
  const ref = authorityUri(a.entry);
  if (a.kind === 'org') return `<orgName${attributes([['ref', ref]])}>${escapeXmlText(a.name ?? a.entry?.name ?? '')}</orgName>`;
  const n = correspondentName(a.name, a.entry?.surname, a.entry?.forenames);
  return `<persName${attributes([['ref', ref]])}>${escapeXmlText(n ? inverted(n) : (a.name ?? ''))}</persName>`;
}



/**
 * The edition as a book: one PDF volume of every letter (dist/print/edition.pdf
 * and edition.typ).
 *
 * Each letter is rendered on its own (xslt/tei-to-typst-volume.xsl: the print
 * edition's stylesheet plus index markers, cross-references and a letter
 * heading), so the per-letter work can run wherever the single PDFs are
 * made; the volume is then assembled here around those parts: title page,
 * contents, introduction, editorial principles, list of sources, the
 * letters in chronological order, indexes with page numbers and a list of
 * letters by correspondent. Typst lays it out and resolves every page
 * number (contents, indexes, cross-references) itself, in-process, with the
 * same shut-in compiler as the single PDFs (print.ts).
 *
 * Everything that comes from the TEI or the settings enters the Typst source
 * as a string literal (typstString) or as markup escaped by the stylesheet:
 * text, never code.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { XSLT_DIR } from '../paths.js';
import { loadSef } from '../xslt/sef.js';
import { transformSync, type SaxonDocument } from '../xslt/transform.js';
import { treeOf } from '../xslt/tree.js';
import { loadFile } from '../load/source.js';
import { readDocumentModel } from '../model/read.js';
import type { Agent, DocumentModel, RegisterEntry } from '../model/types.js';
import { compareCodePoints, compareText } from '../collate.js';
import { neutraliseText } from '../controls.js';
import type { EditionSettings } from '../settings/types.js';
import { latestHeaderDate } from '../settings/fallback.js';
import { compileTypst } from './typst.js';
import type { PrintFontSet } from './typst-fonts.js';
import { collectEndnotes, endnoteCalls, FOOTNOTE_LIMIT, language, pdfDate, printable, printParameters, printSource, TYPST_ENDNOTES_DESIGN, TYPST_PAGE_DESIGN, TYPST_STYLESHEET, type Paper, type PrintEdition, type PrintSource, type RenderPrintOptions } from './print.js';
import { correspondenceRows, dateText } from './text.js';
import { withDateStyle, type StyledModel } from '../model/dates.js';
import type { RenderedDocument } from './html.js';
import { renderEpub, type EpubHtml, type EpubLetter } from './epub.js';
import { documentDate, isoDateOf } from '../model/dates.js';

export const VOLUME_STYLESHEET = join(XSLT_DIR, 'tei-to-typst-volume.xsl');
export const VOLUME_DESIGN = join(XSLT_DIR, 'typst', 'volume.typ');

/**
 * One letter's part of the volume, made from that document alone (so it can
 * be made wherever the document is rendered, and kept with it): its Typst
 * and what the assembly needs to know of it.
 */
export interface LetterPart {
  model: DocumentModel;
  typst: string;
  /** Register keys (see tei-to-typst-volume.xsl) of the senders, the addressees and every name marked for the indexes. */
  from: string[];
  to: string[];
  index: string[];
  /** Its line in the table of contents. */
  toc: TocEntry;
}

/** A letter's part with its number: its place in the volume (1, 2, …). */
export interface VolumePart extends LetterPart {
  number: number;
}

interface TocEntry {
  who: string;
  place: string;
  date: string;
  running: string;
}

interface VolumeLetterResult {
  typst: string;
  from: string[];
  to: string[];
  index: string[];
}

export interface VolumeContext {
  /** The volume's title: a letter's subtitle that only repeats it is left out. */
  volumeTitle?: string;
}

/** Its letters' models are StyledModels (model/dates.ts): the heading rows and the contents write their dates in the edition's date style. */
export interface VolumeRenderer {
  /** One letter as a part of the volume. */
  letter(tei: string | SaxonDocument, model: StyledModel, context?: VolumeContext): LetterPart;
  /**
   * One letter as a part of the volume and the source of its print edition
   * (what print.ts's renderer compiles), from one transform that walks the
   * text once for both (for a letter of 10,000 notes about 10 s of CPU less
   * than two). `text`: the document as parsed into `tei` (its resolved
   * text), which must not hold the private-use characters the transform
   * marks the two versions with (MARKS); a document that does is made in
   * two transforms, with the same result.
   */
  letterAndPrint(tei: string | SaxonDocument, model: StyledModel, context: VolumeContext, print: RenderPrintOptions, text: string): { part: LetterPart; print: PrintSource };
  /** The editorial principles (projectDesc, editorialDecl) of a document, as Typst blocks. */
  principles(tei: string | SaxonDocument): string;
}

export interface VolumeOptions {
  settings?: EditionSettings;
  /** Typst blocks of the editorial principles (VolumeRenderer.principles). */
  principles?: string;
  paper?: Paper;
  /** Page ranges in the indexes: "12–14" (default) or "12 ff.". */
  ranges?: 'explicit' | 'f-ff';
  sourceDateEpoch?: number;
  /** Register entries of shared register files, by the file's base name; read from disk when absent. */
  sharedRegisters?: Map<string, RegisterEntry[]>;
  /** The edition's own fonts (edition.json printFonts: render/typst-fonts.ts), as the letters' PDFs have them; their hash is in the volume's key. */
  fonts?: PrintFontSet;
}

export type Volume = PrintEdition;

/**
 * The characters tei-to-typst-volume.xsl marks the print edition's and the
 * volume's versions of a phrase with when it makes both (part 'both'), as
 * characters or character references: a document holding one is made in two
 * transforms.
 */
const MARKS = /[\uE000-\uE003]|&#(?:x0*[eE]00[0-3]|0*5734[4-7]);/;

/** The print edition's version of text made for both (ty:print-of in xslt/typst/text.xsl): without the volume's additions. */
function printOf(s: string): string {
  return s.replace(/\uE000[^\uE001]*\uE001/g, '').replace(/[\uE002\uE003]/g, '');
}

/** The volume's version of text made for both (ty:volume-of). */
function volumeOf(s: string): string {
  return s.replace(/\uE002[^\uE003]*\uE003/g, '').replace(/[\uE000\uE001]/g, '');
}

export async function loadVolumeRenderer(): Promise<VolumeRenderer> {
  const sef = await loadSef(VOLUME_STYLESHEET);
  const printSef = await loadSef(TYPST_STYLESHEET);
  const letterMeta = (model: StyledModel, context: VolumeContext) => ({
    id: model.id,
    targets: documentTargets(model),
    title: model.title,
    subtitle: model.subtitle === context.volumeTitle ? undefined : model.subtitle,
    rows: correspondenceRows(model).filter(([label]) => label !== 'From' && label !== 'To'),
    toc: tocEntry(model),
  });
  const letter = (tei: string | SaxonDocument, model: StyledModel, context: VolumeContext = {}): LetterPart => {
    const meta = letterMeta(model, context);
    const result = transformSync<VolumeLetterResult>(sef, {
      source: tei,
      destination: 'raw',
      stylesheetParams: { meta: JSON.stringify(meta), 'footnote-limit': FOOTNOTE_LIMIT },
    }).principalResult;
    return { model, ...result, typst: collectEndnotes(result.typst), toc: meta.toc };
  };
  return {
    letter,
    letterAndPrint(tei, model, context, print, text) {
      const { params, date } = printParameters(model, print);
      if (MARKS.test(text)) {
        const generated = transformSync<string>(printSef, { source: tei, destination: 'serialized', stylesheetParams: params }).principalResult;
        return { part: letter(tei, model, context), print: printSource(generated, date) };
      }
      const meta = letterMeta(model, context);
      const { text: made, print: both, ...result } = transformSync<VolumeLetterResult & { text: string; print?: string }>(sef, {
        source: tei,
        destination: 'raw',
        stylesheetParams: { meta: JSON.stringify(meta), 'footnote-limit': FOOTNOTE_LIMIT, part: 'both', 'print-meta': params.meta },
      }).principalResult;
      // The print edition's whole part, made in the same transform (its text marked like the volume's), unless a
      // pointer names another document: then the print edition's stylesheet makes what is around its text by its own rules.
      const generated = both !== undefined ? printOf(both) : transformSync<string>(printSef, { source: tei, destination: 'serialized', stylesheetParams: { ...params, 'made-text': printOf(made) } }).principalResult;
      return { part: { model, ...result, typst: collectEndnotes(volumeOf(result.typst)), toc: meta.toc }, print: printSource(generated, date) };
    },
    principles(tei) {
      return transformSync<{ typst: string }>(sef, { source: tei, destination: 'raw', stylesheetParams: { part: 'principles' } }).principalResult.typst;
    },
  };
}

// ---------------------------------------------------------------- order and numbers

/** The date a letter sorts by: its date, or the start of its range, or its words read as a date (model/dates.ts); undefined when undated. */
export function sortDate(model: DocumentModel): string | undefined {
  const d = documentDate(model) ?? model.recipient?.date;
  return d?.when ?? d?.from ?? d?.notBefore ?? d?.to ?? d?.notAfter ?? isoDateOf(d);
}

/** The letters in chronological order (by date, then the end of a range, then id); undated ones last. */
export function volumeOrder(models: readonly DocumentModel[]): DocumentModel[] {
  const end = (m: DocumentModel) => {
    const d = documentDate(m) ?? m.recipient?.date;
    return d?.when ?? d?.to ?? d?.notAfter ?? d?.from ?? d?.notBefore ?? isoDateOf(d) ?? '';
  };
  return [...models].sort((a, b) => {
    const da = sortDate(a);
    const db = sortDate(b);
    if (da === undefined || db === undefined) return da === db ? compareCodePoints(a.id, b.id) : da === undefined ? 1 : -1;
    return compareCodePoints(da, db) || compareCodePoints(end(a), end(b)) || compareCodePoints(a.id, b.id);
  });
}

/** The pointers by which another document can name this one: its file name (with and without .xml) and its id. */
export function documentTargets(model: DocumentModel): string[] {
  const file = basename(model.file);
  return [...new Set([file, file.replace(/\.xml$/i, ''), model.id])];
}

/** The parts in the volume's order (volumeOrder), numbered from 1: the numbers Typst gives the letters. */
export function orderParts(parts: readonly LetterPart[]): VolumePart[] {
  const byModel = new Map(parts.map((p) => [p.model, p]));
  return volumeOrder(parts.map((p) => p.model)).map((model, i) => ({ ...(byModel.get(model) as LetterPart), number: i + 1 }));
}

// ---------------------------------------------------------------- the volume

/**
 * The settings as the volume and the EPUB use them: where edition.json has no
 * date or no licences, those the build takes from the letters' headers (and
 * warns of, settings/fallback.ts), as CMIF and the JSON-LD do: the latest
 * revision or publication date of any header, and the licences of all the
 * headers (those with a URL, once each, named by the header's words when
 * they are short). Before, the volume's title page and
 * "How to cite this volume" had no year, the EPUB no dc:date and no dc:rights.
 */
export function volumeSettings(settings: EditionSettings | undefined, models: readonly DocumentModel[]): EditionSettings {
  const s = settings ?? {};
  const date = s.date === undefined ? latestHeaderDate(models) : undefined;
  // By URL, with the first header's words for it when they are a name ("CC BY 4.0"), not a paragraph.
  const licences = new Map<string, string | undefined>();
  if (s.licences === undefined) {
    for (const l of models.flatMap((m) => m.licences ?? [])) {
      const url = l.target?.trim();
      const name = l.text?.replace(/\s+/g, ' ').trim();
      if (url && !licences.has(url)) licences.set(url, name && name.length <= 60 ? name : undefined);
    }
  }
  return { ...s, ...(date ? { date } : {}), ...(licences.size ? { licences: [...licences].map(([url, name]) => ({ url, ...(name ? { name } : {}) })) } : {}) };
}

/** Assembles the parts (in their order) into the volume and compiles it. */
export function assembleVolume(parts: readonly VolumePart[], options: VolumeOptions = {}): Volume {
  const settings = volumeSettings(options.settings, parts.map((p) => p.model));
  const title = volumeTitleOf(parts, settings);
  const editors = (settings.editors ?? []).map((e) => e.name);
  const date = volumeDate(parts, options.sourceDateEpoch);
  const endnotes = parts.some((p) => endnoteCalls(p.typst) > 0) ? `\n${readFileSync(TYPST_ENDNOTES_DESIGN, 'utf8').trimEnd()}\n` : '';
  const design = `${readFileSync(TYPST_PAGE_DESIGN, 'utf8').trimEnd()}\n\n${readFileSync(VOLUME_DESIGN, 'utf8').trimEnd()}\n${endnotes}`;
  const out: string[] = [design, '// Generated by tei-edition from the settings and the TEI of every letter.'];
  const { lang, region } = language(bookLanguage(settings.language, parts.map((p) => p.model.lang)));
  out.push(
    `#set document(title: ${typstString(title)}, author: (${editors.map((e) => `${typstString(e)},`).join(' ')}), date: datetime(year: ${date.getUTCFullYear()}, month: ${date.getUTCMonth() + 1}, day: ${date.getUTCDate()}, hour: ${date.getUTCHours()}, minute: ${date.getUTCMinutes()}, second: ${date.getUTCSeconds()}))`,
    `#show: ed-volume.with(paper: ${typstString(options.paper ?? 'us-letter')}, lang: ${typstString(lang)}, region: ${region ? typstString(region) : 'none'}, title: ${typstString(title)})`,
    '',
    frontMatter(title, settings),
    '#ed-contents()',
  );
  if (settings.introduction?.trim()) {
    out.push(`#ed-section([Introduction])[\n${paragraphs(settings.introduction)}]`);
  }
  // The notice speaks of the apparatus only when a letter of the volume has one.
  const apparatus = parts.some((p) => p.typst.includes('#ed-apparatus('));
  out.push(`#ed-section([Editorial principles])[\n${options.principles ?? ''}\n#ed-volume-notice(apparatus: ${apparatus})\n]`);
  out.push(`#ed-section([Sources])[\n${sourceList(parts)}]`);
  out.push(`#ed-section([Letters])[]`);
  // Each letter in its language, as its own PDF (the text's, print.ts), so that the volume's PDF tags it so; the
  // sections after the letters in the volume's.
  const setLanguage = (l: { lang: string; region?: string }) => `#set text(lang: ${typstString(l.lang)}, region: ${l.region ? typstString(l.region) : 'none'})`;
  for (const p of parts) out.push(`${setLanguage(language(p.model.lang ?? p.model.languages?.[0]))}\n${p.typst.trimEnd()}`);
  out.push(setLanguage({ lang, region }));
  const entries = indexEntries(parts, options.sharedRegisters);
  const style = typstString(options.ranges ?? 'explicit');
  for (const [kind, heading] of [['person', 'Index of persons'], ['place', 'Index of places'], ['org', 'Index of organisations']] as const) {
    const list = entries.filter((e) => e.kind === kind);
    if (!list.length) continue;
    out.push(`#ed-index([${heading}], (\n${list.map((e) => `  (${typstString(e.label)}, (${e.keys.map((k) => `${typstString(k)},`).join(' ')}), ${typstString(e.detail)}),`).join('\n')}\n), style: ${style})`);
  }
  const byCorrespondent = correspondentRows(parts, options.sharedRegisters ?? new Map());
  if (byCorrespondent.length) {
    out.push(`#ed-by-correspondent([Letters by correspondent], (\n${byCorrespondent.map(([name, letters]) => `  (${typstString(name)}, (${letters.map(([n, role]) => `(${n}, ${typstString(role)}),`).join(' ')})),`).join('\n')}\n))`);
  }
  const typst = printable(`${out.join('\n\n')}\n`);
  // Set with endnotes, the volume holds a letter too large to be typeset in this process (see compileTypst).
  return { typst, date, ...compileTypst(typst, undefined, { alone: endnotes !== '', fonts: options.fonts }) };
}

/** The volume's title: the settings', else the first letter's subtitle (the edition's name in our headers), else its title. */
function volumeTitleOf(parts: readonly VolumePart[], settings: EditionSettings | undefined): string {
  const first = parts[0]?.model;
  return settings?.title ?? first?.subtitle ?? first?.title ?? 'Edition';
}

/**
 * How to cite the volume, in parts the PDF and the EPUB each mark up:
 * "Editors, eds., " + the title (italic) + ". Place: Publisher, year. URL"
 * (only the facts the settings give).
 */
export function volumeCitation(title: string, settings: EditionSettings): { editors: string; title: string; imprint: string; publisher: string; year?: string } {
  const names = (settings.editors ?? []).map((e) => e.name);
  const publisher = [settings.pubPlace, settings.publisher].filter(Boolean).join(': ');
  const year = settings.date?.slice(0, 4);
  return {
    editors: names.length ? `${names.join(', ')}, ${names.length > 1 ? 'eds.' : 'ed.'}, ` : '',
    title: title + (settings.subtitle ? `: ${settings.subtitle}` : ''),
    imprint: `.${publisher || year ? ` ${[publisher, year].filter(Boolean).join(', ')}.` : ''}${settings.baseUrl ? ` ${settings.baseUrl}` : ''}`,
    publisher,
    ...(year ? { year } : {}),
  };
}

function frontMatter(title: string, settings: EditionSettings): string {
  const editors = (settings.editors ?? []).map((e) => e.name);
  const licence = (settings.licences ?? []).map((l) => `${l.name ?? l.url}${l.name ? ` (${l.url})` : ''}${l.appliesTo ? ` for the ${l.appliesTo}` : ''}`).join('; ');
  const c = volumeCitation(title, settings);
  const publisher = c.publisher;
  const year = c.year;
  const cite = `${c.editors ? `#${typstString(c.editors)}` : ''}#emph(${typstString(c.title)})#${typstString(c.imprint)}`;
  return [
    '#ed-title-page(',
    `  title: ${typstString(title)},`,
    `  subtitle: ${settings.subtitle ? typstString(settings.subtitle) : 'none'},`,
    `  editors: (${editors.map((e) => `${typstString(e)},`).join(' ')}),`,
    `  publisher: ${publisher ? typstString(publisher) : 'none'},`,
    `  date: ${year ? typstString(year) : 'none'},`,
    `  licence: ${licence ? `[Licence: #${typstString(licence)}.]` : 'none'},`,
    `  cite: [${cite}],`,
    ')',
  ].join('\n');
}

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((p) => `#${typstString(p)}\n\n`)
    .join('');
}

/** A BCP 47 language tag as EPUB's dc:language and xml:lang take it (not empty). */
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/** The book's language, for the volume and the EPUB alike: the settings', else the first letter's that has one, else English. */
export function bookLanguage(setting: string | undefined, letters: readonly (string | undefined)[]): string {
  return [setting, ...letters].find((tag): tag is string => tag !== undefined && LANGUAGE_TAG.test(tag)) ?? 'en';
}

/**
 * What the Sources list says when no letter lists a witness or a
 * bibliographic source: a manuscript description (msDesc) is printed at
 * the head of its letter (the Escher letters), so "no witnesses" alone
 * would contradict the letters.
 */
export const NO_SOURCES = 'The documents list no witnesses; where a header describes its source, the letter gives it at its head.';

/**
 * A letter's entries in the Sources list of the volume and the EPUB: each witness by siglum ("PPP (copy
 * text): Public Papers …"), or, without a witness list, its sourceDesc's manuscripts (msDesc) and
 * bibliographic references (bibl).
 */
export function sourceTexts(model: DocumentModel): string[] {
  if (model.witnesses?.length) {
    return model.witnesses.flatMap((w) => {
      const text = w.bibl?.text ?? w.label;
      return text ? [`${w.siglum ?? ''}${(w.roles ?? []).includes('copy-text') ? ' (copy text)' : ''}: ${text}`.replace(/^: /, '')] : [];
    });
  }
  return [...(model.manuscripts ?? []), ...(model.sources ?? []).map((b) => b.text ?? '')].map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** The Sources list of the volume: each letter's sourceTexts under its number. */
function sourceList(parts: readonly VolumePart[]): string {
  const lines = parts.flatMap((p) => sourceTexts(p.model).map((text) => `#par(hanging-indent: 1.2em)[*${p.number}* #${typstString(text)}]`));
  return lines.length ? `${lines.join('\n')}\n` : `#emph(${typstString(NO_SOURCES)})\n`;
}

// ---------------------------------------------------------------- indexes

export interface IndexEntry {
  kind: RegisterEntry['kind'];
  label: string;
  keys: string[];
  detail: string;
  /** The numbers of the letters that name it. */
  letters: number[];
}

/**
 * The index entries: every register entry named in a letter, under its
 * key(s) (see tei-to-typst-volume.xsl, ty:index-keys). Entries of several
 * letters that are the same (same authority id, else same kind and name)
 * are one index entry with all their keys. Authority ids are not printed.
 */
export function indexEntries(parts: readonly VolumePart[], shared?: Map<string, RegisterEntry[]>): IndexEntry[] {
  const registers = shared ?? new Map<string, RegisterEntry[]>();
  const byIdentity = new Map<string, IndexEntry>();
  for (const p of parts) {
    for (const key of p.index) {
      const entry = resolveKey(key, p.model, registers);
      if (!entry) continue;
      const label = entryLabel(entry);
      if (!label) continue;
      const authority = entry.idnos?.find((i) => /^https?:/.test(i.value))?.value;
      const identity = `${entry.kind}\u0000${authority ?? label}`;
      const known = byIdentity.get(identity);
      if (known) {
        if (!known.keys.includes(key)) known.keys.push(key);
        if (!known.letters.includes(p.number)) known.letters.push(p.number);
      } else byIdentity.set(identity, { kind: entry.kind, label, keys: [key], detail: lifeDates(entry), letters: [p.number] });
    }
  }
  return [...byIdentity.values()].sort((a, b) => compareText(a.label, b.label) || compareCodePoints(a.detail, b.detail));
}

function resolveKey(key: string, model: DocumentModel, registers: Map<string, RegisterEntry[]>): RegisterEntry | undefined {
  const [, doc, id] = /^@(.*)#([^#]*)$/.exec(key) ?? [];
  if (doc !== undefined && id !== undefined) return allEntries(model).find((e) => e.id === id);
  const hash = key.lastIndexOf('#');
  const file = key.slice(0, hash);
  const fragment = key.slice(hash + 1);
  return registers.get(file)?.find((e) => e.id === fragment);
}

function allEntries(model: DocumentModel): RegisterEntry[] {
  const r = model.registers;
  return [...(r.person ?? []), ...(r.place ?? []), ...(r.org ?? [])];
}

/**
 * The entries of the shared register files the parts point to (TEI
 * documents whose standOff holds the lists), by file name; a file that
 * cannot be read gives none (validation reports it).
 */
export async function loadSharedRegisters(parts: readonly VolumePart[]): Promise<Map<string, RegisterEntry[]>> {
  const registers = new Map<string, RegisterEntry[]>();
  for (const p of parts) {
    for (const key of [...p.index, ...p.from, ...p.to]) {
      if (key.startsWith('@')) continue;
      const file = key.slice(0, key.lastIndexOf('#'));
      if (registers.has(file)) continue;
      const path = join(dirname(p.model.file), file);
      const loaded = await loadFile(path).catch(() => undefined);
      if (!loaded?.source || loaded.diagnostics.length) {
        registers.set(file, []);
        continue;
      }
      const model = await readDocumentModel(path, treeOf(loaded.source));
      registers.set(file, allEntries(model));
    }
  }
  return registers;
}

function entryLabel(e: RegisterEntry): string | undefined {
  if (e.surname && e.forenames?.length) return `${e.surname}, ${e.forenames.join(' ')}`;
  return e.name ?? e.surname;
}

function lifeDates(e: RegisterEntry): string {
  const year = (d?: string) => (d ? /^-?\d{4}/.exec(d)?.[0] ?? d : '');
  return e.birth || e.death ? `${year(e.birth)}–${year(e.death)}` : '';
}

/** Each correspondent with the numbers of the letters they sent and (marked "to") received. */
export function correspondentRows(parts: readonly VolumePart[], registers: Map<string, RegisterEntry[]>): [string, [number, 'from' | 'to'][]][] {
  const rows = new Map<string, [number, 'from' | 'to'][]>();
  const add = (keys: string[], agents: Agent[] | undefined, n: number, role: 'from' | 'to', model: DocumentModel) => {
    // The register entries the keys resolve to, and the names without a pointer as written;
    // when no key resolves, every name as written.
    const resolved = keys.map((k) => resolveKey(k, model, registers)).map((e) => e && entryLabel(e)).filter((l): l is string => !!l);
    const asWritten = (list: Agent[]) => list.map((a) => a.name ?? a.entry?.name);
    const names = resolved.length ? [...resolved, ...asWritten((agents ?? []).filter((a) => !a.ref))] : asWritten(agents ?? []);
    for (const name of names) {
      if (!name) continue;
      const list = rows.get(name) ?? [];
      list.push([n, role]);
      rows.set(name, list);
    }
  };
  for (const p of parts) {
    add(p.from, p.model.sender?.agents, p.number, 'from', p.model);
    add(p.to, p.model.recipient?.agents, p.number, 'to', p.model);
  }
  return [...rows].sort(([a], [b]) => compareText(a, b));
}

// ---------------------------------------------------------------- small helpers

/** The table-of-contents line of a letter: who to whom, where, when (in the model's date style). */
function tocEntry(model: StyledModel): TocEntry {
  const names = (agents: Agent[] | undefined, short: boolean) =>
    (agents ?? []).map((a) => (short ? a.entry?.surname : undefined) ?? a.name ?? a.entry?.name).filter((n): n is string => !!n).join(' and ');
  const from = names(model.sender?.agents, false);
  const to = names(model.recipient?.agents, false);
  const who = from && to ? `${from} to ${to}` : from || (to ? `To ${to}` : model.title ?? model.id);
  const shortFrom = names(model.sender?.agents, true);
  const shortTo = names(model.recipient?.agents, true);
  const running = shortFrom && shortTo ? `${shortFrom} to ${shortTo}` : who;
  return { who, place: model.sender?.place ?? '', date: dateText(documentDate(model), model.dateStyle) ?? '', running };
}

function volumeDate(parts: readonly VolumePart[], sourceDateEpoch?: number): Date {
  const dates = parts.map((p) => pdfDate(p.model, sourceDateEpoch).getTime());
  return new Date(dates.length ? Math.max(...dates) : (sourceDateEpoch ?? 0) * 1000);
}

/** A Typst string literal: the text as text, whatever it holds (control characters dropped). */
export function typstString(s: string): string {
  const clean = neutraliseText(s).replace(/\s+/g, ' ');
  return `"${clean.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}


// ---------------------------------------------------------------- the whole step

export interface Book {
  volume: Volume;
  /** The EPUB, when the documents' web renderings were given. */
  epub?: Uint8Array;
}

/**
 * The book of these documents: ordered, numbered, rendered letter by letter,
 * assembled and compiled to the PDF volume; and, from the web edition's
 * renderings (`html`), the EPUB of the same volume.
 */
export async function renderBook(documents: readonly { tree: SaxonDocument; model: DocumentModel; html?: RenderedDocument }[], options: Omit<VolumeOptions, 'principles' | 'sharedRegisters'> = {}): Promise<Book> {
  const renderer = await loadVolumeRenderer();
  const volumeTitle = options.settings?.title;
  const styled = documents.map((d) => ({ ...d, model: withDateStyle(d.model, options.settings?.dateStyle) }));
  const byModel = new Map(styled.map((d) => [d.model, d]));
  const parts = orderParts(styled.map((d) => renderer.letter(d.tree, d.model, { volumeTitle })));
  const first = parts[0]?.model;
  const principles = first ? renderer.principles((byModel.get(first) as { tree: SaxonDocument }).tree) : undefined;
  return assembleBook(parts.map((part) => ({ part, html: byModel.get(part.model)?.html })), principles, options);
}

/**
 * The book from letters rendered elsewhere (the build renders each letter's
 * part in its worker threads), in volume order (orderParts), with the
 * principles of the first: the PDF volume, and the EPUB when every letter
 * has its HTML parts.
 */
export async function assembleBook(letters: readonly { part: VolumePart; html?: EpubHtml }[], principles: string | undefined, options: Omit<VolumeOptions, 'principles' | 'sharedRegisters'> = {}, store?: BookStore): Promise<Book> {
  const parts = letters.map((l) => l.part);
  const sharedRegisters = await loadSharedRegisters(parts);
  // Typesetting the volume is the costly step: it is done again only when
  // something it shows changed (a letter, a register, the settings, the
  // paper, the toolkit's page design: all of which end up in this key).
  const key = createHash('sha256')
    .update(JSON.stringify([options, principles, [...sharedRegisters], parts.map((p) => [p.typst, p.from, p.to, p.model]), letters.map((l) => l.html && [l.html.header, l.html.text, l.html.notes, l.html.apparatus])]))
    .update(readFileSync(TYPST_PAGE_DESIGN))
    .update(readFileSync(VOLUME_DESIGN))
    .update(readFileSync(TYPST_ENDNOTES_DESIGN))
    .digest('hex');
  if (lastBook?.key === key) return lastBook.book;
  const stored = await store?.get(key).catch(() => undefined);
  if (stored) {
    lastBook = { key, book: stored };
    return stored;
  }
  // The EPUB first: its transforms' trees are garbage by the time Typst sets the volume, whose memory (0.45 GB
  // for a letter of 10,000 notes) the process keeps to the end; made after it, they were the build's peak.
  const epub = letters.every((l) => l.html)
    ? await renderEpub(letters as EpubLetter[], {
        settings: volumeSettings(options.settings, parts.map((p) => p.model)),
        title: volumeTitleOf(parts, options.settings),
        date: volumeDate(parts, options.sourceDateEpoch),
        entries: indexEntries(parts, sharedRegisters),
        correspondents: correspondentRows(parts, sharedRegisters),
      })
    : undefined;
  const book: Book = { volume: assembleVolume(parts, { ...options, principles, sharedRegisters }), ...(epub ? { epub } : {}) };
  lastBook = { key, book };
  await store?.put(key, book).catch(() => undefined);
  return book;
}

/**
 * Where typeset volumes are kept between processes (the build's on-disk
 * cache): a volume whose key is stored is not typeset again.
 */
export interface BookStore {
  get(key: string): Promise<Book | undefined>;
  put(key: string, book: Book): Promise<void>;
}

/** A Book as JSON (binary parts in base64) and back: for a BookStore on disk. */
export function bookToJson(book: Book): unknown {
  const { pdf, date, ...volume } = book.volume;
  return { volume: { ...volume, pdf: Buffer.from(pdf).toString('base64'), date: date.toISOString() }, ...(book.epub ? { epub: Buffer.from(book.epub).toString('base64') } : {}) };
}

export function bookFromJson(value: unknown): Book | undefined {
  const v = value as { volume?: { pdf?: string; date?: string; typst?: string; pages?: number; warnings?: string[]; pdfStandard?: 'a-2b' }; epub?: string } | undefined;
  if (!v?.volume || typeof v.volume.pdf !== 'string' || typeof v.volume.typst !== 'string' || typeof v.volume.date !== 'string') return undefined;
  const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
  return {
    volume: { typst: v.volume.typst, pdf: bytes(v.volume.pdf), date: new Date(v.volume.date), pages: v.volume.pages ?? 0, warnings: v.volume.warnings ?? [], ...(v.volume.pdfStandard ? { pdfStandard: v.volume.pdfStandard } : {}) },
    ...(typeof v.epub === 'string' ? { epub: bytes(v.epub) } : {}),
  };
}

let lastBook: { key: string; book: Book } | undefined;

/** Forget the last volume (tests that prove two typesettings give the same bytes). */
export function forgetBook(): void {
  lastBook = undefined;
}

/**
 * TEI document → the plain-text edition (dist/text/):
 *
 * - `plain` (`<id>.txt`): the reading text only, UTF-8, one block
 *   (paragraph, heading, date line, signature) per line, no hard wrapping,
 *   a blank line between blocks, a final newline. The characters are the
 *   TEI's: the copy text's straight quotation marks and double hyphen stay
 *   as they are, so the file equals the copy text word for word.
 * - `annotated` (`<id>.annotated.txt`): for reading. A heading and the
 *   metadata (from the document model), the text wrapped at 72 columns with
 *   line numbers every fifth line and note calls `[1]`, then the notes, the
 *   apparatus keyed to the line numbers ("12  the] me FRUS"), and the source
 *   note naming the copy text and the other witnesses with their references.
 *
 * xslt/tei-to-text.xsl decides what the reading text is (blocks of strings
 * and markers); the layout (wrapping, numbering, keying) happens here.
 * Columns are counted in code points.
 */
import { join } from 'node:path';
import { XSLT_DIR } from '../paths.js';
import { loadSef, type SefJson, type SefOptions } from '../xslt/sef.js';
import { transformSync, type SaxonDocument } from '../xslt/transform.js';
import type { Correspondent, DateValue, DocumentModel, Witness } from '../model/types.js';
import { neutraliseText } from '../controls.js';
import type { LinkedLetter } from './html.js';
import { dayInWords, documentDate, markUncertain, type StyledModel } from '../model/dates.js';
import { DEFAULT_DATE_STYLE, type DateStyle } from '../settings/types.js';

export const TEXT_STYLESHEET = join(XSLT_DIR, 'tei-to-text.xsl');

/** Width of the annotated edition. */
export const TEXT_COLUMNS = 72;
/** Columns of the line-number gutter in front of the text ("  15  "). */
const GUTTER = 6;
/** Extra indentation per level of quotation, list or stanza. */
const DEPTH_INDENT = 4;

export interface TextEdition {
  /** `<id>.txt` */
  plain: string;
  /** `<id>.annotated.txt` */
  annotated: string;
}

export type TextRenderer = (tei: string | SaxonDocument, model: StyledModel, options?: RenderTextOptions) => TextEdition;

export interface RenderTextOptions {
  /**
   * The other letters of the edition it points to, by the path its pointers
   * write (what the web page gets: RenderHtmlOptions documents): a ptr or an
   * empty ref to one gives that letter's title, as on the web page.
   */
  documents?: Record<string, LinkedLetter>;
}

// ---------------------------------------------------------------- what the stylesheet returns

type Segment = string | { note: number } | { app: number; edge: 'start' | 'end' } | { pb: string; inWord?: boolean } | { del: string };

interface Block {
  kind: string;
  depth: number;
  editorial: boolean;
  segments: Segment[];
}

interface AppEntry {
  n: number;
  lemma: string;
  lemmaWits: string[];
  readings: { text: string; wits: string[] }[];
}

/** What xslt/text/parts.xsl makes (tei-to-text.xsl's result; the text of tei-to-typst-and-text.xsl's). */
export interface TextParts {
  plain: string;
  blocks: Block[];
  notes: { n: number; text: string }[];
  apparatus: AppEntry[];
  /** The works of standOff's listBibl, one string per entry (xslt/common/bibliography.xsl). */
  bibliography: string[];
  sourceDesc: string;
}

// ---------------------------------------------------------------- entry points

/** Compiles (or loads from cache) the stylesheet and returns a synchronous renderer. */
export async function loadTextRenderer(options: { sef?: SefOptions } = {}): Promise<TextRenderer> {
  const sef = await loadSef(TEXT_STYLESHEET, options.sef);
  return (tei, model, textOptions) => renderWithSef(sef, tei, model, textOptions);
}

/** Renders one TEI document (its text, or a tree from `parseXml`). Throws on XML errors: load and validate first. */
export async function renderText(tei: string | SaxonDocument, model: StyledModel): Promise<TextEdition> {
  return (await loadTextRenderer())(tei, model);
}

function renderWithSef(sef: SefJson, tei: string | SaxonDocument, model: StyledModel, options: RenderTextOptions = {}): TextEdition {
  // The stylesheet's meta (text/reading.xsl) holds the letters it points to, when there are some.
  const stylesheetParams = options.documents && Object.keys(options.documents).length ? { meta: JSON.stringify({ documents: options.documents }) } : {};
  return textEditionOf(transformSync<TextParts>(sef, { source: tei, destination: 'raw', stylesheetParams }).principalResult, model);
}

/** The two text files from the stylesheet's parts (of tei-to-text.xsl, or made with the print edition: src/render/print.ts); dates in the model's style. */
export function textEditionOf(parts: TextParts, model: StyledModel): TextEdition {
  // A text file is read in terminals and editors: no control or bidi override from the TEI reaches it.
  return { plain: neutraliseText(parts.plain), annotated: neutraliseText(annotate(parts, model)) };
}

// ---------------------------------------------------------------- the annotated edition

function annotate(parts: TextParts, model: StyledModel): string {
  const out: string[] = [];
  const title = model.title ?? model.id;
  out.push(...wrap(title, { width: TEXT_COLUMNS }));
  if (model.subtitle) out.push(...wrap(model.subtitle, { width: TEXT_COLUMNS }));
  out.push('='.repeat(TEXT_COLUMNS), '');

  const metadata = metadataLines(model);
  if (metadata.length) out.push(...metadata, '');

  const body = layoutBody(parts.blocks);
  section(out, 'Text', body.lines);

  if (parts.notes.length) {
    const lines: string[] = [];
    for (const note of parts.notes) {
      const call = `[${note.n}] `;
      lines.push(...wrap(note.text, { width: TEXT_COLUMNS, first: call, rest: ' '.repeat(call.length) }));
    }
    section(out, 'Notes', lines);
  }

  if (parts.apparatus.length) {
    const copy = copyTextSiglum(model, parts.apparatus);
    const lines = wrap(
      `Readings of the other witnesses against the copy text${copy ? ` (${copy})` : ''}, keyed to the line numbers of the text above; om. = omitted (no text in that witness).`,
      { width: TEXT_COLUMNS },
    );
    lines.push('');
    const keyWidth = Math.max(...parts.apparatus.map((a) => body.appLines(a.n).length));
    for (const app of parts.apparatus) {
      const key = body.appLines(app.n).padStart(keyWidth) + '  ';
      lines.push(...wrap(apparatusEntry(app), { width: TEXT_COLUMNS, first: key, rest: ' '.repeat(key.length) }));
    }
    section(out, 'Apparatus', lines);
  }

  // Not reading text (so not in the plain .txt), but never lost: one entry per work, hanging.
  if (parts.bibliography.length) section(out, 'Bibliography', parts.bibliography.flatMap((b) => wrap(b, { width: TEXT_COLUMNS, first: '', rest: '  ' })));

  const source = sourceLines(model, parts.sourceDesc);
  if (source.length) section(out, 'Source', source);

  while (out.length && out[out.length - 1] === '') out.pop();
  return out.join('\n') + '\n';
}

function section(out: string[], heading: string, lines: string[]): void {
  out.push(heading, '-'.repeat(heading.length), '', ...lines, '');
}

/** "lemma] reading SIGLA; reading SIGLA", with "om." for an empty lemma or reading. */
export function apparatusEntry(app: AppEntry): string {
  const lemma = app.lemma || `om. ${app.lemmaWits.join(' ')}`.trim();
  const readings = app.readings.map((r) => (r.text ? `${r.text} ${r.wits.join(' ')}` : `om. ${r.wits.join(' ')}`).trim());
  return `${lemma}] ${readings.join('; ')}`;
}

function copyTextSiglum(model: DocumentModel, apparatus: AppEntry[]): string | undefined {
  return model.witnesses?.find((w) => w.roles?.includes('copy-text'))?.siglum ?? apparatus[0]?.lemmaWits[0];
}

// ---------------------------------------------------------------- metadata and source note

/** The correspondence in the heading of every edition: From, To, Date, Received, Released (rows that have a value), dates in the model's style. */
export function correspondenceRows(model: StyledModel): [string, string][] {
  const style = model.dateStyle;
  const rows: [string, string | undefined][] = [
    ['From', correspondent(model.sender)],
    ['To', correspondent(model.recipient)],
    ['Date', dateText(documentDate(model), style)],
    ['Received', dateText(model.recipient?.date, style)],
    ['Released', model.released ? formatIsoDate(model.released, style) : undefined],
  ];
  return rows.filter((r): r is [string, string] => !!r[1]);
}

function metadataLines(model: StyledModel): string[] {
  const rows: [string, string | undefined][] = [
    ...correspondenceRows(model),
    ['Keywords', model.keywords?.length ? model.keywords.join('; ') : undefined],
    ['Edition', [model.id, model.publisher, model.publicationDate].filter(Boolean).join(', ')],
    ...(model.licences ?? []).map((l): [string, string | undefined] => ['Licence', [l.text, l.target && `<${l.target}>`].filter(Boolean).join(' ')]),
  ];
  const label = 'Received:  '.length;
  const lines: string[] = [];
  for (const [name, value] of rows) {
    if (!value) continue;
    lines.push(...wrap(value, { width: TEXT_COLUMNS, first: `${name}:`.padEnd(label), rest: ' '.repeat(label) }));
  }
  return lines;
}

function correspondent(c: Correspondent | undefined): string | undefined {
  if (!c) return undefined;
  const names = (c.agents ?? []).map((a) => a.name ?? a.entry?.name).filter((n): n is string => !!n);
  const text = [names.join(' and '), c.place].filter(Boolean).join(', ');
  return text || undefined;
}

/** A header date in words (its own, else made from its attributes in the edition's date style), "?" after it when its @cert doubts it. */
export function dateText(d: DateValue | undefined, style: DateStyle = DEFAULT_DATE_STYLE): string | undefined {
  const text = datePhrase(d, style);
  return text === undefined ? undefined : markUncertain(text, d?.cert);
}

function datePhrase(d: DateValue | undefined, style: DateStyle): string | undefined {
  if (!d) return undefined;
  if (d.text) return d.text;
  const words = (iso: string): string => formatIsoDate(iso, style);
  if (d.when) return words(d.when);
  if (d.from || d.to) return [d.from && `from ${words(d.from)}`, d.to && `to ${words(d.to)}`].filter(Boolean).join(' ');
  if (d.notBefore && d.notAfter && d.notBefore === d.notAfter) return words(d.notBefore);
  if (d.notBefore && d.notAfter) return `between ${words(d.notBefore)} and ${words(d.notAfter)}`;
  if (d.notBefore) return `not before ${words(d.notBefore)}`;
  if (d.notAfter) return `not after ${words(d.notAfter)}`;
  return undefined;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** 1956-11-05 → "November 5, 1956" (day-month-year: "5 November 1956"); 1956-11 → "November 1956"; anything else as it is. */
export function formatIsoDate(iso: string, style: DateStyle = DEFAULT_DATE_STYLE): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso.slice(0, 10));
  if (!m) return iso;
  if (!m[2]) return m[1]!;
  const month = MONTHS[Number(m[2]) - 1];
  const day = Number(m[3] ?? 1);
  if (!month || day < 1 || day > 31) return iso;
  return m[3] ? dayInWords(day, month, m[1]!, style) : `${month} ${m[1]}`;
}

function sourceLines(model: DocumentModel, sourceDesc: string): string[] {
  const witnesses = model.witnesses ?? [];
  const lines: string[] = [];
  const paragraph = (text: string): void => {
    if (lines.length) lines.push('');
    lines.push(...wrap(text, { width: TEXT_COLUMNS }));
  };
  const copy = witnesses.filter((w) => w.roles?.includes('copy-text'));
  const others = witnesses.filter((w) => !w.roles?.includes('copy-text'));
  for (const w of copy) paragraph(`Copy text (${w.siglum}): ${witnessText(w)}`);
  if (others.length) {
    paragraph(copy.length ? 'Other witnesses:' : 'Witnesses:');
    for (const w of others) {
      const roles = (w.roles ?? []).map((r) => (r === 'preferred-citation' ? 'preferred for citation' : r.replace(/-/g, ' ')));
      paragraph(`${w.siglum}${roles.length ? ` (${roles.join(', ')})` : ''}: ${witnessText(w)}`);
    }
  }
  if (!witnesses.length) for (const p of sourceDesc.split('\n')) if (p) paragraph(p);
  return lines;
}

function witnessText(w: Witness): string {
  // A reference that ends in a URL gets it in angle brackets, so that the full stop is not taken for part of it.
  const bibl = (w.bibl?.text ?? w.label ?? '').replace(/(?:^|\s)(https?:\/\/\S+)$/, (m, url: string) => m.replace(url, `<${url}>`));
  return [bibl && !/[.!?]$/.test(bibl) ? `${bibl}.` : bibl, w.note].filter(Boolean).join(' ');
}

// ---------------------------------------------------------------- the text, numbered

interface Body {
  lines: string[];
  /** "12" or "12–13": the lines an apparatus entry's lemma stands on. */
  appLines(n: number): string;
}

interface Anchor {
  app: number;
  edge: 'start' | 'end';
  /** Offset in the block's flattened text. */
  offset: number;
}

function layoutBody(blocks: Block[]): Body {
  const lines: string[] = [];
  const appLine = new Map<string, number>();
  let number = 0;
  // Markers of blocks without text (a reading only another witness has, a page break between
  // paragraphs): they stand at the start of the next block with text.
  let pending: Segment[] = [];
  let inEditorial = false;

  for (const block of blocks) {
    if (!block.segments.some((s) => typeof s === 'string' && s.trim() !== '')) {
      pending.push(...block.segments);
      continue;
    }
    const { text, anchors } = flatten([...pending, ...block.segments]);
    pending = [];
    if (block.editorial && !inEditorial) {
      lines.push(' '.repeat(GUTTER) + '* * *', '');
    }
    inEditorial = block.editorial;
    const indent = ' '.repeat(DEPTH_INDENT * block.depth);
    const width = TEXT_COLUMNS - GUTTER;
    const wrapped = wrapWithOffsets(text, width - indent.length);
    for (const a of anchors) appLine.set(`${a.app}:${a.edge}`, number + 1 + lineOf(wrapped.starts, a));
    for (const line of wrapped.lines) {
      number++;
      const gutter = number % 5 === 0 ? String(number).padStart(GUTTER - 2) + '  ' : ' '.repeat(GUTTER);
      lines.push(gutter + indent + line);
    }
    lines.push('');
  }
  for (const s of pending) if (typeof s === 'object' && 'app' in s) appLine.set(`${s.app}:${s.edge}`, Math.max(number, 1));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();

  return {
    lines,
    appLines(n) {
      const start = appLine.get(`${n}:start`);
      const end = appLine.get(`${n}:end`);
      if (start === undefined) return '?';
      return end === undefined || end === start ? String(start) : `${start}–${end}`;
    },
  };
}

/** The block's text with white space collapsed and markers turned into note calls and anchors. */
function flatten(segments: Segment[]): { text: string; anchors: Anchor[] } {
  // The pieces joined once at the end, and the text's length and last character kept aside: asking
  // endsWith of a string built by += makes V8 flatten it each time, quadratic in a long paragraph
  // (one of 20,000 notes: some 30 s).
  const pieces: string[] = [];
  let length = 0;
  let endsWithSpace = false;
  const anchors: Anchor[] = [];
  const append = (s: string): void => {
    let piece = s.replace(/[ \t\n\r]+/g, ' ');
    if (piece.startsWith(' ') && (length === 0 || endsWithSpace)) piece = piece.slice(1);
    if (piece === '') return;
    pieces.push(piece);
    length += piece.length;
    endsWithSpace = piece.endsWith(' ');
  };
  for (const segment of segments) {
    if (typeof segment === 'string') append(segment);
    else if ('note' in segment) append(`[${segment.note}]`);
    else if ('pb' in segment) append(segment.inWord ? `[p. ${segment.pb}]` : ` [p. ${segment.pb}] `);
    else if ('del' in segment) append(`⟦${segment.del}⟧`);
    else anchors.push({ app: segment.app, edge: segment.edge, offset: length });
  }
  const trimmed = pieces.join('').replace(/ $/, '');
  for (const a of anchors) a.offset = Math.min(a.offset, trimmed.length);
  return { text: trimmed, anchors };
}

/** Index of the wrapped line an anchor stands on: a lemma starts where its first word starts and ends after its last character. */
function lineOf(starts: number[], a: Anchor): number {
  // The last line that starts at or before the anchor (before it, for an end), else the first. The starts
  // increase: a binary search, not a scan of every line for every anchor (quadratic in a long paragraph).
  const before = (s: number): boolean => (a.edge === 'start' ? s <= a.offset : s < a.offset);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (before(starts[mid]!)) low = mid;
    else high = mid - 1;
  }
  return low;
}

// ---------------------------------------------------------------- wrapping

interface WrapOptions {
  width: number;
  /** Put before the first line (counted in the width). */
  first?: string;
  /** Put before the other lines. */
  rest?: string;
}

/**
 * Greedy word wrapping at spaces. A word longer than the room left after the
 * prefix stands on a line of its own, flush left if that makes it fit (a
 * long URL), else as it is: words are never broken.
 */
export function wrap(text: string, options: WrapOptions): string[] {
  const first = options.first ?? '';
  const rest = options.rest ?? '';
  const out: string[] = [];
  let prefix = first;
  let line = '';
  const room = (): number => options.width - [...prefix].length;
  const flush = (): void => {
    out.push((prefix + line).replace(/ +$/, ''));
    prefix = rest;
    line = '';
  };
  for (const word of text.split(' ').filter((w) => w !== '')) {
    const length = [...word].length;
    if (line && [...line].length + 1 + length > room()) flush();
    if (!line && length > room()) {
      if (prefix.trim() === '' && length <= options.width) out.push(word);
      else out.push(prefix + word);
      prefix = rest;
      continue;
    }
    line = line ? `${line} ${word}` : word;
  }
  if (line || out.length === 0) flush();
  return out;
}

/** wrap() for the text, which also says where each line starts in `text` (for keying the apparatus). */
function wrapWithOffsets(text: string, width: number): { lines: string[]; starts: number[] } {
  const lines: string[] = [];
  const starts: number[] = [];
  let line = '';
  let lineLength = 0;
  let offset = 0;
  for (const word of text.split(' ')) {
    const length = [...word].length;
    if (line && lineLength + 1 + length > width) {
      lines.push(line);
      line = '';
      lineLength = 0;
    }
    if (!line) {
      starts.push(offset);
      line = word;
      lineLength = length;
    } else {
      line += ` ${word}`;
      lineLength += 1 + length;
    }
    offset += word.length + 1;
  }
  if (line) lines.push(line);
  return { lines, starts };
}

/**
 * Citations of a document: DocumentModel → CitationRecord (record.ts) →
 * one style (chicago.ts, mla.ts, apa.ts; text or HTML) or one file format
 * (bibtex.ts, biblatex.ts, ris.ts, csl-json.ts).
 *
 * Every formatter is a small synchronous function of the typed record;
 * nothing here loads citeproc or citation-js, so a citation costs
 * microseconds and the command answers without parsing a CSL style (see
 * the head comments of the style modules for why CSL does not give the
 * manuals' forms for letters).
 */
import type { DocumentModel } from '../model/types.js';
import { apaInText, apaReference } from './apa.js';
import { toBiblatex } from './biblatex.js';
import { toBibtex } from './bibtex.js';
import { chicagoBibliography, chicagoNote, chicagoShortNote } from './chicago.js';
import { toCslJson } from './csl-json.js';
import { mlaInText, mlaWorksCited } from './mla.js';
import { citationRecord, citationTargets, defaultCitationTarget, type CitationOptions, type CitationRecord } from './record.js';
import { render, type Rich, type TextFormat } from './rich.js';
import { toRis } from './ris.js';

export { citationRecord, citationTargets, defaultCitationTarget, documentUrl, DOCUMENT_URL_PATH, EDITION_TARGET, UnknownTargetError } from './record.js';
export type { CitationRecord, CitationOptions } from './record.js';

export const STYLES = ['chicago-note', 'chicago-short', 'chicago-bib', 'mla', 'mla-in-text', 'apa', 'apa-in-text'] as const;
export type CiteStyle = (typeof STYLES)[number];

export const FORMATS = ['text', 'html', 'bibtex', 'biblatex', 'ris', 'csl-json'] as const;
export type CiteFormat = (typeof FORMATS)[number];

/** The file formats (everything but text and HTML). */
export type DataFormat = Exclude<CiteFormat, TextFormat>;

export const STYLE_LABELS: Readonly<Record<CiteStyle, string>> = {
  'chicago-note': 'Chicago (17th ed.), note',
  'chicago-short': 'Chicago (17th ed.), short note',
  'chicago-bib': 'Chicago (17th ed.), bibliography',
  mla: 'MLA (9th ed.), works cited',
  'mla-in-text': 'MLA (9th ed.), in-text',
  apa: 'APA (7th ed.), reference',
  'apa-in-text': 'APA (7th ed.), in-text',
};

const STYLE_FORMATTERS: Readonly<Record<CiteStyle, (r: CitationRecord) => Rich>> = {
  'chicago-note': chicagoNote,
  'chicago-short': chicagoShortNote,
  'chicago-bib': chicagoBibliography,
  mla: mlaWorksCited,
  'mla-in-text': mlaInText,
  apa: apaReference,
  'apa-in-text': apaInText,
};

const DATA_FORMATTERS: Readonly<Record<DataFormat, (r: CitationRecord) => string>> = {
  bibtex: toBibtex,
  biblatex: toBiblatex,
  ris: toRis,
  'csl-json': (r) => toCslJson([r]),
};

export interface CiteOptions extends CitationOptions {
  /** For the text and HTML formats; default chicago-note. */
  style?: CiteStyle;
  /** Default text. */
  format?: CiteFormat;
  /** A witness siglum or "edition"; default: the header's preferred witness. */
  witness?: string;
}

export function isStyle(s: string): s is CiteStyle {
  return (STYLES as readonly string[]).includes(s);
}

export function isFormat(s: string): s is CiteFormat {
  return (FORMATS as readonly string[]).includes(s);
}

/** One citation in one style, as text or HTML (no trailing newline). */
export function formatCitation(record: CitationRecord, style: CiteStyle, format: TextFormat = 'text'): string {
  return render(STYLE_FORMATTERS[style](record), format);
}

/** One file's content (BibTeX, BibLaTeX, RIS, CSL-JSON), ending in a newline. */
export function formatData(record: CitationRecord, format: DataFormat): string {
  return DATA_FORMATTERS[format](record);
}

/**
 * The citation `tei-edition cite` prints: text or HTML in a style, or a
 * file format. Throws UnknownTargetError for a witness the header lacks.
 */
export function citeDocument(model: DocumentModel, options: CiteOptions = {}): string {
  const record = citationRecord(model, options.witness ?? defaultCitationTarget(model), options);
  const format = options.format ?? 'text';
  if (format === 'text' || format === 'html') return formatCitation(record, options.style ?? 'chicago-note', format);
  return formatData(record, format);
}

/** Every style of one target, text and HTML: what a "Cite this" box shows. */
export interface TargetCitations {
  target: string;
  styles: Record<CiteStyle, { text: string; html: string }>;
}

export function allCitations(model: DocumentModel, options: CitationOptions = {}): TargetCitations[] {
  return citationTargets(model).map((target) => ({ target, styles: styleCitations(citationRecord(model, target, options)) }));
}

/** Every style of one record, text and HTML (allCitations' part for one target). */
export function styleCitations(record: CitationRecord): Record<CiteStyle, { text: string; html: string }> {
  const styles = {} as Record<CiteStyle, { text: string; html: string }>;
  for (const style of STYLES) {
    const runs = STYLE_FORMATTERS[style](record);
    styles[style] = { text: render(runs, 'text'), html: render(runs, 'html') };
  }
  return styles;
}

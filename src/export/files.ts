/**
 * The files the build writes for citations (`dist/cite/`) and metadata
 * (`dist/data/`). Each function writes into the folder it is given (the
 * build passes its temporary `cite/` and `data/` folders) and returns the
 * names it wrote, sorted. Contents are deterministic: no clock, keys sorted.
 *
 * dist/cite/, per document `<id>` and citation target `<target>` (a
 * witness siglum such as DSB, PPP, FRUS, or `edition`):
 *
 *   <id>.<target>.bib           BibTeX (@article / @incollection)
 *   <id>.<target>.biblatex.bib  BibLaTeX (@letter)
 *   <id>.<target>.ris           RIS (TY PCOMM: a Zotero Letter)
 *   <id>.<target>.json          CSL-JSON (personal_communication)
 *   <id>.citations.json         every style of every target, text and
 *                               HTML, the default target and the file
 *                               names above: what the web edition's
 *                               "Cite this" box shows and links to
 *
 * dist/data/:
 *
 *   cmif.xml        CMIF v2 (correspSearch), one correspDesc per letter
 *   edition.jsonld  schema.org JSON-LD of the edition and its documents
 *   <id>.xml        each TEI source, byte for byte as published
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocumentModel } from '../model/types.js';
import { citationRecord, citationTargets, defaultCitationTarget, formatData, styleCitations, STYLE_LABELS, type DataFormat } from '../cite/index.js';
import type { CitationOptions, CitationRecord } from '../cite/record.js';
import { stableStringify } from '../cite/stable-json.js';
import { toCmif } from './cmif.js';
import { toJsonLd } from './jsonld.js';
import { teiFileName } from '../paths.js';

/** File name suffixes of the data formats in dist/cite/. */
export const CITATION_FILE_SUFFIX: Readonly<Record<DataFormat, string>> = {
  bibtex: '.bib',
  biblatex: '.biblatex.bib',
  ris: '.ris',
  'csl-json': '.json',
};

/** "eisenhower-bulganin-1956-11-04.DSB.ris". */
export function citationFileName(documentId: string, target: string, format: DataFormat): string {
  return `${documentId}.${target.replace(/[^A-Za-z0-9_-]+/g, '-')}${CITATION_FILE_SUFFIX[format]}`;
}

export const CITATIONS_INDEX_SUFFIX = '.citations.json';

/**
 * Each citation target of a document with its file name in each format, as
 * citationsIndex gives them but without formatting a citation: the build
 * claims every document's output names from its model alone.
 */
export function citationFileNames(model: DocumentModel): { target: string; files: Record<DataFormat, string> }[] {
  return citationTargets(model).map((target) => ({
    target,
    files: Object.fromEntries((Object.keys(CITATION_FILE_SUFFIX) as DataFormat[]).map((f) => [f, citationFileName(model.id, target, f)])) as Record<DataFormat, string>,
  }));
}

export interface ExportOptions extends CitationOptions {
  /** The edition's title for cmif.xml and edition.jsonld; default: the title of the only document. */
  title?: string;
}

/** What `<id>.citations.json` holds. */
export interface CitationsIndex {
  document: string;
  default: string;
  styles: Record<string, string>;
  targets: {
    target: string;
    /** The container's title ("Department of State Bulletin"), or the edition's; absent when nothing names it. */
    source?: string;
    /** What the source is: a manuscript's "source" is its description ("Autograph letter, signed"), not a title. */
    kind?: 'manuscript';
    citations: Record<string, { text: string; html: string }>;
    files: Record<DataFormat, string>;
  }[];
}

export function citationsIndex(model: DocumentModel, options: CitationOptions = {}): CitationsIndex {
  return indexOfRecords(model, citationRecords(model, options));
}

/** Each citation target's record, in citationTargets' order (the order citationFileNames gives). */
function citationRecords(model: DocumentModel, options: CitationOptions): [target: string, record: CitationRecord][] {
  return citationTargets(model).map((target) => [target, citationRecord(model, target, options)]);
}

/** citationsIndex from the records made once (citationFiles formats the files from the same records). */
function indexOfRecords(model: DocumentModel, records: [string, CitationRecord][]): CitationsIndex {
  const names = citationFileNames(model);
  return {
    document: model.id,
    default: defaultCitationTarget(model),
    styles: { ...STYLE_LABELS },
    targets: records.map(([target, record], i) => ({
      target,
      source: record.container.title,
      ...(record.container.kind === 'manuscript' ? { kind: 'manuscript' as const } : {}),
      citations: styleCitations(record),
      files: (names[i] as ReturnType<typeof citationFileNames>[number]).files,
    })),
  };
}

/** The files of dist/cite/ as name → content (no I/O; the build or a test writes them). */
export function citationFiles(models: DocumentModel[], options: CitationOptions = {}): Map<string, string> {
  const files = new Map<string, string>();
  for (const model of models) {
    // Each target's record is made once, for its citations in the index and its files alike.
    const records = citationRecords(model, options);
    const index = indexOfRecords(model, records);
    for (const [target, record] of records) {
      for (const format of Object.keys(CITATION_FILE_SUFFIX) as DataFormat[]) {
        files.set(citationFileName(model.id, target, format), formatData(record, format));
      }
    }
    files.set(`${model.id}${CITATIONS_INDEX_SUFFIX}`, `${stableStringify(index)}\n`);
  }
  return files;
}

export async function writeCitationFiles(models: DocumentModel[], outDir: string, options: CitationOptions = {}): Promise<string[]> {
  return writeAll(outDir, citationFiles(models, options));
}

/** The files of dist/data/ as name → content. `sourcesById`: each document's TEI text, by model id. */
export function dataFiles(models: DocumentModel[], sourcesById: ReadonlyMap<string, string> | Readonly<Record<string, string>>, options: ExportOptions = {}): Map<string, string> {
  const source = (id: string): string | undefined => (sourcesById instanceof Map ? sourcesById.get(id) : (sourcesById as Record<string, string>)[id]);
  const files = new Map<string, string>();
  files.set('cmif.xml', toCmif(models, options));
  files.set('edition.jsonld', toJsonLd(models, options));
  for (const m of models) {
    const text = source(m.id);
    if (text !== undefined) files.set(teiFileName(m.file, m.id), text);
  }
  return files;
}

export async function writeDataFiles(
  models: DocumentModel[],
  sourcesById: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
  outDir: string,
  options: ExportOptions = {},
): Promise<string[]> {
  return writeAll(outDir, dataFiles(models, sourcesById, options));
}

async function writeAll(outDir: string, files: Map<string, string>): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const names = [...files.keys()].sort();
  await Promise.all(names.map((n) => writeFile(join(outDir, n), files.get(n) as string, 'utf8')));
  return names;
}

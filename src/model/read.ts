import { join } from 'node:path';
import { documentId } from './ids.js';
import { loadSef } from '../xslt/sef.js';
import { transformBatch, transformSync, type SaxonDocument } from '../xslt/transform.js';
import { XSLT_DIR } from '../paths.js';
import type { DocumentModel, HeaderRecord, RegisterEntry } from './types.js';

const MODEL_XSL = join(XSLT_DIR, 'model.xsl');

export { MAX_ID_LENGTH, safeId, documentId } from './ids.js';

/**
 * The records of the register entries of a shared register file, by id: what
 * the copies of them in each letter's view stand for (readDocumentModel's
 * `shared`). An id defined twice is left out (its copies are read as they are).
 */
export async function readSharedEntries(document: string | SaxonDocument): Promise<ReadonlyMap<string, RegisterEntry>> {
  const sef = await loadSef(MODEL_XSL);
  const entries = transformSync<RegisterEntry[]>(sef, { source: document, destination: 'raw', initialMode: 'entries' }).principalResult;
  const out = new Map<string, RegisterEntry>();
  const twice = new Set<string>();
  for (const e of entries) {
    if (e.id === undefined) continue;
    if (out.has(e.id)) twice.add(e.id);
    out.set(e.id, e);
  }
  for (const id of twice) out.delete(id);
  return out;
}

/**
 * The model stage: one document's header and registers as a typed record.
 * `shared`: the records of the shared register files' entries
 * (readSharedEntries), when the document is a letter's view with entries
 * copied from them: those copies are then not read again in every letter
 * (half of a generated letter's model), their records are taken from here.
 */
export async function readDocumentModel(file: string, document: string | SaxonDocument, shared?: ReadonlyMap<string, RegisterEntry>): Promise<DocumentModel> {
  return (await loadModelReader())(file, document, shared);
}

export type ModelReader = (file: string, document: string | SaxonDocument, shared?: ReadonlyMap<string, RegisterEntry>) => DocumentModel;

/** readDocumentModel as a synchronous function (the stylesheet loaded once). */
export async function loadModelReader(): Promise<ModelReader> {
  const sef = await loadSef(MODEL_XSL);
  return (file, document, shared) => {
    let record: HeaderRecord | undefined;
    if (shared && shared.size > 0) {
      record = transformSync<HeaderRecord>(sef, { source: document, destination: 'raw', stylesheetParams: { 'shared-entries-known': true } }).principalResult;
      // An entry the caller does not hold (a list typed "shared" the letter wrote itself): read the whole document as it is.
      if (!withSharedEntries(record, shared)) record = undefined;
    }
    record ??= transformSync<HeaderRecord>(sef, { source: document, destination: 'raw' }).principalResult;
    const id = documentId(record.xmlId, file);
    return { ...record, registers: record.registers ?? {}, id, file };
  };
}

/** Reads the models of several documents (each as `ModelReader` would, `shared` the same for all). */
export type ModelBatchReader = (items: { file: string; document: SaxonDocument }[], shared?: ReadonlyMap<string, RegisterEntry>) => DocumentModel[];

/**
 * ModelReader for several documents in one transform (model.xsl's m:batch):
 * the same models, for less CPU (SaxonJS prepares the whole stylesheet again
 * at each transform). A document whose record names a shared entry the
 * caller does not hold is read again alone, as ModelReader reads it.
 */
export async function loadModelBatchReader(): Promise<ModelBatchReader> {
  const sef = await loadSef(MODEL_XSL);
  const alone = await loadModelReader();
  return (items, shared) => {
    const known = shared !== undefined && shared.size > 0;
    const batch = items.map((item) => ({ doc: item.document }));
    const records = transformBatch<HeaderRecord>(sef, 'Q{urn:tei-edition:model}batch', batch, { 'shared-entries-known': known }, "the model's stylesheet");
    return items.map(({ file, document }, i) => {
      const record = records[i]!;
      if (known && !withSharedEntries(record, shared)) return alone(file, document);
      return { ...record, registers: record.registers ?? {}, id: documentId(record.xmlId, file), file };
    });
  };
}

/**
 * Puts the record of each shared entry where the stylesheet gave only its id
 * (`{ "shared-entry": id }`: in the registers and as an agent's entry), a
 * copy each, so that no two models share an object. False when one is unknown.
 */
function withSharedEntries(value: unknown, shared: ReadonlyMap<string, RegisterEntry>): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const entry = sharedEntry(value[i], shared);
      if (entry === null) return false;
      if (entry) value[i] = entry;
      else if (!withSharedEntries(value[i], shared)) return false;
    }
    return true;
  }
  if (value === null || typeof value !== 'object') return true;
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const entry = sharedEntry(object[key], shared);
    if (entry === null) return false;
    if (entry) object[key] = entry;
    else if (!withSharedEntries(object[key], shared)) return false;
  }
  return true;
}

/** The record a placeholder stands for (a copy); undefined for anything else; null for an unknown id. */
function sharedEntry(value: unknown, shared: ReadonlyMap<string, RegisterEntry>): RegisterEntry | null | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const id = (value as Record<string, unknown>)['shared-entry'];
  if (typeof id !== 'string') return undefined;
  const entry = shared.get(id);
  return entry ? (copyOf(entry) as RegisterEntry) : null;
}

/**
 * A deep copy of a record made of strings, booleans, numbers, arrays and
 * plain objects (what the stylesheet gives), keys in the same order: some
 * ten times cheaper than structuredClone, which the 25 or so entries of a
 * letter made a tenth of a millisecond.
 */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyOf((value as Record<string, unknown>)[key]);
  return out;
}

import { basename, join } from 'node:path';
import { loadSef } from '../xslt/sef.js';
import { transformSync, type SaxonDocument } from '../xslt/transform.js';
import { XSLT_DIR } from '../paths.js';
import type { DocumentModel, HeaderRecord } from './types.js';

const MODEL_XSL = join(XSLT_DIR, 'model.xsl');

/** An id usable in file names and URLs: letters, digits, '-', '_', '.'. */
export function safeId(candidate: string | undefined): string | undefined {
  if (!candidate) return undefined;
  const id = candidate.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return id || undefined;
}

/** The model stage: one document's header and registers as a typed record. */
export async function readDocumentModel(file: string, document: string | SaxonDocument): Promise<DocumentModel> {
  const sef = await loadSef(MODEL_XSL);
  const record = transformSync<HeaderRecord>(sef, { source: document, destination: 'raw' }).principalResult;
  const id = safeId(record.idno) ?? safeId(record.xmlId) ?? safeId(basename(file, '.xml')) ?? 'document';
  return { ...record, registers: record.registers ?? {}, id, file };
}

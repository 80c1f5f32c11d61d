import { createHash } from 'node:crypto';
import { basename } from 'node:path';

/**
 * Longest document id. Every output file is named `<id>.<target>.<format>`
 * (the longest suffix is about 30 characters) and file systems allow 255
 * bytes per name: 100 leaves room and still reads as a name.
 */
export const MAX_ID_LENGTH = 100;

/**
 * An id usable in file names and URLs: letters, digits, '-', '_', '.', at
 * most MAX_ID_LENGTH characters. A longer one keeps its start and ends in a
 * hash of the whole, so two long ids that share a start stay apart.
 */
export function safeId(candidate: string | undefined): string | undefined {
  if (!candidate) return undefined;
  const id = candidate.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  if (!id) return undefined;
  if (id.length <= MAX_ID_LENGTH) return id;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 10);
  return `${id.slice(0, MAX_ID_LENGTH - hash.length - 1).replace(/[-.]+$/, '')}-${hash}`;
}

/**
 * The document's id: TEI/@xml:id, else the file's base name. Never an idno:
 * in other editions an idno may hold a whole structure of other idnos.
 */
export function documentId(xmlId: string | undefined, file: string): string {
  return safeId(xmlId) ?? safeId(basename(file).replace(/\.xml$/i, '')) ?? 'document';
}

import { createHash } from 'node:crypto';
import { basename } from 'node:path';

/**
 * Longest document id. Every output file is named `<id>.<target>.<format>`
 * (the longest suffix is about 30 characters) and file systems allow 255
 * bytes per name: 100 leaves room and still reads as a name.
 */
export const MAX_ID_LENGTH = 100;

/** Latin letters that Unicode does not decompose into a base letter and a mark. */
const LATIN: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', Æ: 'AE', ø: 'o', Ø: 'O', œ: 'oe', Œ: 'OE', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', þ: 'th', Þ: 'Th', ð: 'd', Ð: 'D', ı: 'i' };

/**
 * An id usable in file names and URLs: ASCII letters, digits, '-', '_', '.',
 * at most MAX_ID_LENGTH characters. Latin letters lose their accents
 * (Müller → Muller, Æbeltoft → AEbeltoft); letters of other scripts
 * (Мюллер, 中文), which would vanish, leave a hash of the name instead, so
 * that two such names do not become one id ("document"). A longer id keeps
 * its start and ends in a hash of the whole, so two long ids that share a
 * start stay apart.
 */
export function safeId(candidate: string | undefined): string | undefined {
  if (!candidate?.trim()) return undefined;
  const latin = candidate.trim().normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[ßæÆøØœŒłŁđĐþÞðÐı]/g, (c) => LATIN[c] ?? c);
  const plain = latin.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  const hashOf = (s: string, n: number): string => createHash('sha256').update(s).digest('hex').slice(0, n);
  const id = /[^\x00-\x7f]/u.test(latin) && /\p{L}/u.test(latin.replace(/[\x00-\x7f]/g, '')) ? `${plain || 'document'}-${hashOf(candidate.trim(), 8)}` : plain;
  if (!id) return undefined;
  if (id.length <= MAX_ID_LENGTH) return id;
  const hash = hashOf(id, 10);
  return `${id.slice(0, MAX_ID_LENGTH - hash.length - 1).replace(/[-.]+$/, '')}-${hash}`;
}

/**
 * The document's id: TEI/@xml:id, else the file's base name. Never an idno:
 * in other editions an idno may hold a whole structure of other idnos.
 */
export function documentId(xmlId: string | undefined, file: string): string {
  return safeId(xmlId) ?? safeId(basename(file).replace(/\.xml$/i, '')) ?? 'document';
}

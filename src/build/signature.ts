/**
 * Files known by their signature instead of their bytes (build/cache.ts: the
 * inputs' hashes and the toolkit's fingerprint; build/document.ts: the shared
 * register files a thread has read).
 */
import type { BigIntStats } from 'node:fs';

/**
 * A file changed this recently is not vouched for by its times alone: a later change within the file system's
 * coarse clock tick could leave them as they are (git's "racily clean" files). Its signature is then not
 * trusted: the toolkit's fingerprint is computed but not stored, an input or a register file read again.
 */
export const SETTLED_MS = 2000;

/** A file's signature as git's index keeps it: size, inode, modification and change times (ns). */
export function signatureOf(st: BigIntStats): string {
  return `${st.size}:${st.ino}:${st.mtimeNs}:${st.ctimeNs}`;
}

/** Whether the file was last changed (bytes or metadata) no later than `time` (ms): its signature then vouches for its bytes. */
export function settledBy(st: BigIntStats, time: number): boolean {
  return Number(st.ctimeMs) <= time && Number(st.mtimeMs) <= time;
}

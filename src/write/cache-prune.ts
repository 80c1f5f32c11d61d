/**
 * Bounds a content-keyed cache folder (`.cache/sef`, `.cache/model`).
 *
 * Their entries are named by a hash of what they were made from, so an
 * edited input (an editor's own Schematron rules, a letter cited again
 * after an edit) adds an entry and never replaces one: left alone, the
 * folder grows with every edit. After a new entry is written, the least
 * recently used entries beyond `keep` are removed; an entry read from the
 * cache has its access time set to now (`touchCacheEntry`; its modification
 * time stays that of its writing), so what a build still uses stays. Every failure is ignored: a cache that cannot be pruned or
 * touched (read-only checkout, a file removed by another process in
 * between) only costs room or time.
 */
import { readdir, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';

export interface PruneOptions {
  /** How many entries to keep. */
  keep: number;
  /** What an entry's file name ends with, e.g. `.sef.json`. */
  suffix: string;
  /** Files that belong to an entry and go with it: its name with this ending instead (e.g. `.xsl`). */
  companions?: readonly string[];
}

/** Removes the least recently used entries of `dir` beyond `options.keep`; returns how many were removed. */
export async function pruneCache(dir: string, options: PruneOptions): Promise<number> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith(options.suffix));
  } catch {
    return 0;
  }
  if (names.length <= options.keep) return 0;
  const dated = await Promise.all(
    names.map(async (name) => ({ name, time: await stat(join(dir, name)).then((s) => Math.max(s.atimeMs, s.mtimeMs), () => -1) })),
  );
  // Oldest first; equal times by name, so that which entries go does not depend on readdir's order.
  dated.sort((a, b) => a.time - b.time || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const doomed = dated.slice(0, dated.length - options.keep);
  for (const { name } of doomed) {
    const stem = name.slice(0, -options.suffix.length);
    for (const file of [name, ...(options.companions ?? []).map((ending) => stem + ending)]) {
      await unlink(join(dir, file)).catch(() => undefined);
    }
  }
  return doomed.length;
}

/**
 * Marks a cache entry as just used, so that pruning keeps it: its access
 * time is set to now (reading does not always set it: `noatime`, `relatime`
 * mounts), its modification time is kept.
 */
export function touchCacheEntry(file: string): void {
  stat(file)
    // (Its modification time in seconds to the microsecond: a Date kept only the millisecond.)
    .then((s) => utimes(file, new Date(), s.mtimeMs / 1000))
    .catch(() => undefined);
}

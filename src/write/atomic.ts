import { mkdir, rename, rm, writeFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve, basename } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Files to write, by path relative to the output folder (always with '/'). */
export type OutputFiles = Map<string, string | Uint8Array>;

/**
 * The write stage: all files go into a temporary sibling folder, which then
 * replaces the output folder in one rename. A build that fails before that
 * (or while writing) leaves the previous output folder exactly as it was.
 * `keep` names top-level subfolders of the old output to carry over (the
 * outputs a partial build did not make).
 */
export async function writeAtomically(outDir: string, files: OutputFiles, keep: string[] = []): Promise<void> {
  const target = resolve(outDir);
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${tag}`);
  const old = join(dirname(target), `.${basename(target)}.old-${tag}`);
  try {
    await mkdir(tmp, { recursive: true });
    const dirs = new Set<string>();
    for (const path of files.keys()) {
      if (path.startsWith('/') || path.split('/').includes('..')) throw new Error(`refusing to write outside the output folder: ${path}`);
      dirs.add(dirname(join(tmp, path)));
    }
    for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
    await Promise.all([...files].map(([path, content]) => writeFile(join(tmp, path), content)));
    const exists = await stat(target).then((s) => s.isDirectory(), () => false);
    if (exists) {
      const entries = new Set(await readdir(target));
      for (const k of keep) if (entries.has(k) && !(await stat(join(tmp, k)).catch(() => undefined))) await rename(join(target, k), join(tmp, k));
      await rename(target, old);
    }
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  await rm(old, { recursive: true, force: true });
}

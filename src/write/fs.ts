import * as fsp from 'node:fs/promises';
import { linkSync, lstatSync, readdirSync, rmdirSync, unlinkSync, writeFile as writeFileCallback, type Dirent, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * The file-system calls the write stage makes, as one object, so a test can
 * make any single call fail (EACCES, ENOSPC, EROFS, a crash) and check that
 * the output is still the old or the new complete state. Production code
 * uses NODE_FS; nothing else in the toolkit needs this seam.
 */
export interface WriteFs {
  mkdir(path: string): Promise<void>;
  writeFile(path: string, data: string | Uint8Array, flag?: 'w' | 'wx'): Promise<void>;
  /** Adds to the end of a file (a file written in parts, see OutputWriter.addParts). */
  appendFile(path: string, data: Uint8Array): Promise<void>;
  readFile(path: string): Promise<string>;
  rename(from: string, to: string): Promise<void>;
  symlink(target: string, path: string): Promise<void>;
  readlink(path: string): Promise<string>;
  lstat(path: string): Promise<Stats>;
  readdir(path: string): Promise<Dirent[]>;
  link(existing: string, path: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  /** Removes a tree (rm -rf); missing is not an error. */
  rmTree(path: string): Promise<void>;
  /** Throws when the path is not writable by this process. */
  accessWrite(path: string): Promise<void>;
  /**
   * Hard-links `from/<path>` to `to/<path>` for each path (relative, checked by the caller), making the
   * folders on the way, in another thread; a file that cannot be linked is skipped. With `from` undefined,
   * nothing is linked. Either way it gives what `to/<path>` is then (FolderStats). Optional: without it,
   * files are linked one at a time as the build adds them, and looked at one at a time.
   */
  linkAll?(from: string | undefined, to: string, paths: readonly string[]): Promise<FolderStats | void>;
}

/**
 * For each path given to linkAll, in order, the modification time (ms) and size of the regular file at
 * `to/<path>` after the linking: [mtimeMs, size] at 2i and 2i + 1, NaN where there is none.
 */
export type FolderStats = Float64Array;

export const NODE_FS: WriteFs = {
  mkdir: async (path) => {
    await fsp.mkdir(path, { recursive: true });
  },
  writeFile: (path, data, flag = 'w') => writeFileOnce(path, data, flag),
  appendFile: (path, data) => fsp.appendFile(path, data),
  readFile: (path) => fsp.readFile(path, 'utf8'),
  rename: (from, to) => fsp.rename(from, to),
  symlink: (target, path) => fsp.symlink(target, path, 'dir'),
  readlink: (path) => fsp.readlink(path),
  // lstat and link: a rebuild makes one of each for every unchanged file (tens of thousands). They are
  // short metadata calls: made synchronously they cost a quarter of the CPU of the thread-pool round trip
  // (measured: 31,772 files, 0.75 s against 3.1 s), and the few microseconds each blocks do not matter.
  lstat: async (path) => lstatSync(path),
  readdir: (path) => fsp.readdir(path, { withFileTypes: true }),
  link: async (existing, path) => linkSync(existing, path),
  // Never onto an existing file: that could be a link into an older version, which would then change.
  copyFile: (from, to) => fsp.copyFile(from, to, fsp.constants.COPYFILE_EXCL),
  unlink: (path) => fsp.unlink(path),
  rmdir: (path) => fsp.rmdir(path),
  // A build prunes a whole old version (tens of thousands of files) each time: plain synchronous calls take a
  // third of the CPU of fs.rm's (measured: 31,772 files, 0.4 s against 1.4 s); anything unusual goes to fs.rm.
  rmTree: async (path) => {
    try {
      removeTreeSync(path);
    } catch {
      await fsp.rm(path, { recursive: true, force: true, maxRetries: 2 });
    }
  },
  accessWrite: (path) => fsp.access(path, fsp.constants.W_OK),
  linkAll: (from, to, paths) =>
    new Promise<FolderStats | void>((resolve, reject) => {
      const thread = new Worker(LINK_ALL, { eval: true, workerData: { from, to, paths } });
      thread.once('message', (stats: unknown) => resolve(stats instanceof Float64Array && stats.length === 2 * paths.length ? stats : undefined));
      thread.once('error', reject);
      thread.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the linking thread ended with ${code}`))));
    }),
};

/**
 * The thread of NODE_FS.linkAll: plain synchronous calls (a link is a short metadata call; tens of thousands
 * of them through the promise API would cost several times the CPU), each failure skipped; then each file
 * looked at (the write stage's check that it is as its version was stamped: one lstat per unchanged file,
 * 31,771 at 1,000 letters, ~0.5 s that the build's own thread no longer makes). The source is inline so
 * that it runs from the TypeScript sources (tests) and the compiled toolkit alike.
 */
const LINK_ALL = `
const { parentPort, workerData } = require('node:worker_threads');
const { linkSync, lstatSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { from, to, paths } = workerData;
const made = new Set(['.']);
const stats = new Float64Array(2 * paths.length).fill(NaN);
paths.forEach((path, i) => {
  if (from !== undefined) {
    const slash = path.lastIndexOf('/');
    const dir = slash < 0 ? '.' : path.slice(0, slash);
    if (!made.has(dir)) {
      made.add(dir);
      try { mkdirSync(join(to, dir), { recursive: true }); } catch {}
    }
    try { linkSync(join(from, path), join(to, path)); } catch {}
  }
  try {
    const st = lstatSync(join(to, path));
    if (st.isFile()) { stats[2 * i] = st.mtimeMs; stats[2 * i + 1] = st.size; }
  } catch {}
});
parentPort.postMessage(stats, [stats.buffer]);
`;

/**
 * fs.writeFile with a callback, as a promise. A build writes tens of thousands of files (the output and the
 * cache's copies), and the promise API's FileHandle costs about twice the CPU per file in this thread
 * (measured: 4,000 files of 8 kB, 0.21-0.25 s against 0.32-0.44 s of user time) for the same system calls.
 */
export function writeFileOnce(path: string, data: string | Uint8Array, flag: 'w' | 'wx' = 'w'): Promise<void> {
  return new Promise((resolve, reject) => writeFileCallback(path, data, { flag }, (e) => (e ? reject(e) : resolve())));
}

/** Temporary names of writeCacheFile: the process and a random tag drawn once (not per file: thousands a build), then a count. */
const CACHE_TMP_TAG = `${process.pid}-${randomBytes(4).toString('hex')}`;
let cacheTmpCount = 0;

/**
 * A cache's file (the build cache's entries, compiled stylesheets): written under a temporary name, then
 * renamed, so a reader never sees half a file. A cache that cannot be written is only slower next time: any
 * failure is swallowed and the temporary file removed. The folder is made only when the write finds it
 * missing: a cold build stores thousands of files in a few hundred folders, and a `mkdir -p` before each was
 * one more round trip of the thread pool per file.
 */
export async function writeCacheFile(file: string, content: string | Uint8Array): Promise<void> {
  const tmp = `${file}.tmp-${CACHE_TMP_TAG}-${++cacheTmpCount}`;
  try {
    await writeFileOnce(tmp, content, 'wx').catch(async (e: unknown) => {
      if (errorCode(e) !== 'ENOENT') throw e;
      await fsp.mkdir(dirname(file), { recursive: true });
      await writeFileOnce(tmp, content, 'wx');
    });
    await fsp.rename(tmp, file);
  } catch {
    await fsp.unlink(tmp).catch(() => undefined);
  }
}

/** The error code of a failed system call (`ENOENT`, `ENOSPC`, …), if it is one. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** rm -rf without following links (a link is removed, not what it points to); missing is not an error. */
function removeTreeSync(path: string): void {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return;
    throw e;
  }
  if (!st.isDirectory()) return unlinkSync(path);
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    if (e.isDirectory()) removeTreeSync(p);
    else unlinkSync(p);
  }
  rmdirSync(path);
}

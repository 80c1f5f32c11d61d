import * as fsp from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';

/**
 * The file-system calls the write stage makes, as one object, so a test can
 * make any single call fail (EACCES, ENOSPC, EROFS, a crash) and check that
 * the output is still the old or the new complete state. Production code
 * uses NODE_FS; nothing else in the toolkit needs this seam.
 */
export interface WriteFs {
  mkdir(path: string): Promise<void>;
  writeFile(path: string, data: string | Uint8Array, flag?: 'w' | 'wx'): Promise<void>;
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
}

export const NODE_FS: WriteFs = {
  mkdir: async (path) => {
    await fsp.mkdir(path, { recursive: true });
  },
  writeFile: (path, data, flag = 'w') => fsp.writeFile(path, data, { flag }),
  readFile: (path) => fsp.readFile(path, 'utf8'),
  rename: (from, to) => fsp.rename(from, to),
  symlink: (target, path) => fsp.symlink(target, path, 'dir'),
  readlink: (path) => fsp.readlink(path),
  lstat: (path) => fsp.lstat(path),
  readdir: (path) => fsp.readdir(path, { withFileTypes: true }),
  link: (existing, path) => fsp.link(existing, path),
  copyFile: (from, to) => fsp.copyFile(from, to),
  unlink: (path) => fsp.unlink(path),
  rmdir: (path) => fsp.rmdir(path),
  rmTree: (path) => fsp.rm(path, { recursive: true, force: true, maxRetries: 2 }),
  accessWrite: (path) => fsp.access(path, fsp.constants.W_OK),
};

/** The error code of a failed system call (`ENOENT`, `ENOSPC`, …), if it is one. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

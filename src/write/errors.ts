import type { Diagnostic } from '../diagnostic.js';
import { errorCode } from './fs.js';

/**
 * A problem with the output folder or the disk, not with the documents:
 * the command prints the findings and exits 2. The previous output is
 * always still in place when this is thrown (see output.ts).
 */
export class WriteError extends Error {
  /** `exitCode` 1: the documents are at fault (output names collide); 2: the folder or the disk. */
  constructor(
    readonly diagnostics: Diagnostic[],
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(diagnostics.map((d) => `${d.file}: ${d.message}`).join('\n'));
  }
}

const CAUSES: Record<string, { what: string; fix: string }> = {
  EROFS: { what: 'the file system is read-only', fix: 'Build into a folder on a writable disk: --out DIR.' },
  EACCES: { what: 'permission denied', fix: 'Make the folder writable for you (chmod u+w), or build elsewhere: --out DIR.' },
  EPERM: { what: 'operation not permitted', fix: 'Make the folder writable for you (chmod u+w), or build elsewhere: --out DIR.' },
  ENOSPC: { what: 'no space left on the disk', fix: 'Free some space on that disk, or build elsewhere: --out DIR.' },
  EDQUOT: { what: 'disk quota exceeded', fix: 'Free some space within your quota, or build elsewhere: --out DIR.' },
  EMFILE: { what: 'too many open files', fix: 'Raise the limit of open files (ulimit -n) and build again.' },
  ENFILE: { what: 'too many open files on the system', fix: 'Close other programs, or raise the system limit, and build again.' },
  ENOTDIR: { what: 'a file stands where a folder is needed', fix: 'Move that file away, or build elsewhere: --out DIR.' },
  EISDIR: { what: 'a folder stands where a file is needed', fix: 'Move that folder away, or build elsewhere: --out DIR.' },
  EEXIST: { what: 'something is already there', fix: 'Move it away, or build elsewhere: --out DIR.' },
  ENAMETOOLONG: { what: 'the path is too long', fix: 'Build into a folder with a shorter path: --out DIR.' },
  EIO: { what: 'an input/output error of the disk', fix: 'Check the disk, or build elsewhere: --out DIR.' },
  ELOOP: { what: 'too many symbolic links', fix: 'Check the links on the way to the output folder.' },
};

/**
 * One plain finding for a failed file-system call of the write stage:
 * what failed, where, and what to do. `outDir` is the output folder as the
 * user named it; `kept` says whether the previous output is still in place.
 */
export function writeFinding(e: unknown, outDir: string, doing: string, path: string, kept = true): Diagnostic {
  const code = errorCode(e);
  const cause = (code && CAUSES[code]) || { what: code ? `${code}: ${(e as Error).message}` : String((e as Error)?.message ?? e), fix: 'Check the output folder and the disk, then build again.' };
  const state = kept ? `${outDir}/ is unchanged` : `the new output is in ${outDir}/`;
  return {
    file: outDir,
    line: 0,
    column: 0,
    severity: 'error',
    source: 'io',
    rule: code ? `write-${code.toLowerCase()}` : 'write-failed',
    message: `cannot ${doing} ${path}: ${cause.what} (${state})`,
    hint: cause.fix,
  };
}

/** A finding about the output folder itself (unsafe or not ours): nothing was written. */
export function outFinding(outDir: string, rule: string, message: string, hint: string): Diagnostic {
  return { file: outDir, line: 0, column: 0, severity: 'error', source: 'io', rule, message, hint };
}

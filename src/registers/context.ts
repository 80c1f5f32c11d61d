import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { isWithin } from '../within.js';
import { join, relative, resolve, sep } from 'node:path';

/**
 * The edition's shared register files (tei/*.xml whose root is
 * `<TEI type="registers">`), as paths relative to the working folder. When
 * only some letters are named on the command line, their pointers into the
 * register still need it: the commands add these to the run.
 */
export function sharedRegisterFiles(editionRoot: string): string[] {
  const dir = join(editionRoot, 'tei');
  if (!existsSync(dir)) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // a folder that cannot be listed: the commands' own reading of it says so (file-unreadable)
  }
  return names
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => join(dir, f))
    .filter((f) => isRegisterFileText(readHead(f, editionRoot)))
    .map((f) => relative(process.cwd(), f));
}

/**
 * The first 4 kB of a regular file of the edition, else ''. Not a device, a
 * pipe or a link out of the edition (which the commands refuse as inputs,
 * src/load/inputs.ts): reading all of tei/z.xml → /dev/zero to see whether
 * it is a register ran `cite` out of memory, and a pipe made it wait for ever.
 */
function readHead(file: string, editionRoot: string): string {
  let fd: number | undefined;
  try {
    if (lstatSync(file).isSymbolicLink() && !isWithin(realpathSync(file), realpathSync(editionRoot))) return '';
    // (Its type before it is opened: opening a pipe waits for a writer; O_NONBLOCK for one put there meanwhile.)
    if (!statSync(file).isFile()) return '';
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return '';
    const head = Buffer.alloc(4096);
    return head.toString('utf8', 0, readSync(fd, head, 0, head.length, 0));
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The root start tag carries type="registers" (comments and the XML declaration may come first). */
function isRegisterFileText(head: string): boolean {
  const root = /<(?:[A-Za-z_][\w.-]*:)?TEI\b[^>]*>/.exec(head.replace(/<!--[\s\S]*?-->/g, ''));
  return Boolean(root && /\stype\s*=\s*["']registers["']/.test(root[0]));
}

/**
 * The paths given, plus the shared register files they do not already
 * include, when some of them are the edition's letters (in its tei/
 * folder): a file from elsewhere is checked on its own.
 */
export function withSharedRegisters(paths: string[], editionRoot: string): string[] {
  const tei = resolve(editionRoot, 'tei');
  if (!paths.some((p) => resolve(p).startsWith(`${tei}${sep}`))) return paths;
  const given = new Set(paths.map((p) => resolve(p)));
  const covered = (f: string): boolean => given.has(resolve(f)) || [...given].some((g) => resolve(f).startsWith(`${g}${sep}`));
  return [...paths, ...sharedRegisterFiles(editionRoot).filter((f) => !covered(f))];
}

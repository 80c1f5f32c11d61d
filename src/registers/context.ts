import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((f) => join(dir, f))
    .filter((f) => isRegisterFileText(readHead(f)))
    .map((f) => relative(process.cwd(), f));
}

function readHead(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(0, 4096);
  } catch {
    return '';
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

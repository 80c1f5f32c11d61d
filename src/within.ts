import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** The folder's absolute path with its links resolved; as given (made absolute) when it cannot be resolved. */
export function realFolder(path: string): Promise<string> {
  return realpath(resolve(path)).catch(() => resolve(path));
}

/** True when the path `inner` is `outer` or lies inside it (both absolute, links already resolved). */
export function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

import { isAbsolute, relative, sep } from 'node:path';

/** True when the path `inner` is `outer` or lies inside it (both absolute, links already resolved). */
export function isWithin(inner: string, outer: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

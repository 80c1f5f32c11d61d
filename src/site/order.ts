/**
 * The one text comparison the site sorts with (names, titles, keys), so
 * that lists sort the same on every machine whatever its locale.
 * Delegates to the toolkit's collation (src/collate.ts) once it exists;
 * until then: accents and case folded first, code points to break ties.
 */
export function compareText(a: string, b: string): number {
  const fa = fold(a);
  const fb = fold(b);
  if (fa !== fb) return fa < fb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function fold(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

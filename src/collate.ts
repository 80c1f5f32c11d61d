/**
 * The toolkit's one order for text: register entries, letters of the same
 * date, file names, rule names. `localeCompare()` without a locale follows
 * the user's LANG/LC_ALL (Danish puts "aa" after "z", POSIX puts "ä" before
 * "a"), so the same sources would give a different index.html on another
 * machine. Here the locale and every option are fixed, and strings the
 * collator holds equal (other normalisation forms, ignorable characters)
 * are ordered by code point, so the order is total and the same everywhere.
 * Sort text with these functions, never with `localeCompare()` or a bare
 * `sort()` of display text.
 */

const collator = new Intl.Collator('en', {
  usage: 'sort',
  sensitivity: 'variant',
  ignorePunctuation: false,
  numeric: false,
  caseFirst: 'false',
});

/** Code point order (not UTF-16 code unit order, which puts U+10000… before U+E000…). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const x = a[Symbol.iterator]();
  const y = b[Symbol.iterator]();
  for (;;) {
    const p = x.next();
    const q = y.next();
    if (p.done || q.done) return p.done ? (q.done ? 0 : -1) : 1;
    const d = (p.value.codePointAt(0) as number) - (q.value.codePointAt(0) as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
}

/** Compares two texts for people (English alphabetical order, locale-independent), with a code point tiebreak: -1, 0 or 1. */
export function compareText(a: string, b: string): number {
  const c = collator.compare(a, b);
  return c !== 0 ? Math.sign(c) : compareCodePoints(a, b);
}

/** A comparator by a text key: `items.sort(byText((d) => d.name))`. */
export function byText<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => compareText(key(a), key(b));
}

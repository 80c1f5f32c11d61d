/**
 * Page ranges and volume numbers as each manual writes them.
 */

export interface PageRange {
  from: string;
  /** Absent for a single page. */
  to?: string;
}

const EN_DASH = '–';

function isArabic(s: string): boolean {
  return /^\d+$/.test(s);
}

/**
 * CMOS 17 (9.61, inclusive numbers): all digits below 100 and for multiples
 * of 100; for 101–109 (in any hundred) only the changed part ("101–8",
 * "808–33"); otherwise at least two digits ("321–28", "498–532",
 * "1087–89"), but all digits when four-digit numbers change in three
 * digits ("1496–1504"). Non-arabic numbers are given in full.
 */
export function chicagoPages(r: PageRange): string {
  if (!r.to || r.to === r.from) return r.from;
  if (!isArabic(r.from) || !isArabic(r.to)) return `${r.from}${EN_DASH}${r.to}`;
  const a = Number(r.from);
  const b = Number(r.to);
  if (b <= a || a < 100 || a % 100 === 0 || r.from.length !== r.to.length) return `${r.from}${EN_DASH}${r.to}`;
  const changed = changedDigits(r.from, r.to);
  if (r.from.length === 4 && changed >= 3) return `${r.from}${EN_DASH}${r.to}`;
  const minimum = a % 100 < 10 ? 1 : 2;
  return `${r.from}${EN_DASH}${tail(r.to, Math.max(changed, minimum))}`;
}

/**
 * MLA 9: the second number in full through 99; above, its last two digits
 * unless more are needed ("395–401", "1003–05").
 */
export function mlaPages(r: PageRange): string {
  if (!r.to || r.to === r.from) return r.from;
  if (!isArabic(r.from) || !isArabic(r.to)) return `${r.from}${EN_DASH}${r.to}`;
  const a = Number(r.from);
  const b = Number(r.to);
  if (b <= a || a < 100 || r.from.length !== r.to.length) return `${r.from}${EN_DASH}${r.to}`;
  return `${r.from}${EN_DASH}${tail(r.to, Math.max(changedDigits(r.from, r.to), 2))}`;
}

/** APA 7: both numbers in full, en dash. */
export function fullPages(r: PageRange, dash = EN_DASH): string {
  if (!r.to || r.to === r.from) return r.from;
  return `${r.from}${dash}${r.to}`;
}

/** Number of trailing digits from the first one that differs (same-length numbers). */
function changedDigits(from: string, to: string): number {
  let i = 0;
  while (i < from.length && from[i] === to[i]) i++;
  return to.length - i;
}

function tail(s: string, n: number): string {
  return s.slice(Math.max(0, s.length - n)).replace(/^0+(?=\d)/, (zeros) => (n <= 1 ? '' : zeros));
}

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };

/** 25 for "XXV"; undefined for anything that is not a well-formed roman numeral. */
export function romanToArabic(s: string): number | undefined {
  const u = s.trim().toUpperCase();
  if (!/^M{0,4}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/.test(u) || u === '') return undefined;
  let total = 0;
  for (let i = 0; i < u.length; i++) {
    const v = ROMAN[u[i] as string] as number;
    const next = ROMAN[u[i + 1] as string] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

/**
 * Volume numbers in arabic numerals, as CMOS, MLA and APA all prefer even
 * where the source uses roman ones ("XXV" → "25"); other forms unchanged.
 */
export function arabicVolume(volume: string): string {
  const n = romanToArabic(volume);
  return n === undefined ? volume : String(n);
}

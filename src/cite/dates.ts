/**
 * Dates of the header (ISO 8601 in @when: "1956", "1956-11", "1956-11-04",
 * or a dateTime) as the styles write them. A date is only as precise as
 * the header says: "1990" is never printed as "January 1, 1990".
 */

export interface PartialDate {
  year: number;
  month?: number;
  day?: number;
  /** "1956-11-04", "1956-11" or "1956". */
  iso: string;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** MLA Handbook, 9th ed.: months longer than four letters are abbreviated (May, June, July are not). */
const MLA_MONTHS = ['Jan.', 'Feb.', 'Mar.', 'Apr.', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];
/** BibTeX's predefined month macros. */
const BIBTEX_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Reads an ISO date or dateTime; anything else (or nothing) is undefined. */
export function parseIsoDate(value: string | undefined): PartialDate | undefined {
  const m = /^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$/.exec(value?.trim() ?? '');
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : undefined;
  const day = m[3] ? Number(m[3]) : undefined;
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && (day < 1 || day > 31)) return undefined;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const iso = `${m[1]}${month ? `-${pad(month)}` : ''}${month && day ? `-${pad(day)}` : ''}`;
  return { year, ...(month ? { month } : {}), ...(month && day ? { day } : {}), iso };
}

/** "November 4, 1956", "November 1956", "1956" (CMOS, APA descriptions). */
export function longDate(d: PartialDate): string {
  if (!d.month) return String(d.year);
  const month = MONTHS[d.month - 1] as string;
  return d.day ? `${month} ${d.day}, ${d.year}` : `${month} ${d.year}`;
}

/** "4 Nov. 1956", "Nov. 1956", "1956" (MLA). */
export function mlaDate(d: PartialDate): string {
  if (!d.month) return String(d.year);
  const month = MLA_MONTHS[d.month - 1] as string;
  return d.day ? `${d.day} ${month} ${d.year}` : `${month} ${d.year}`;
}

/** "1956, November 4", "1956, November", "1956" (APA's date element). */
export function apaDate(d: PartialDate): string {
  if (!d.month) return String(d.year);
  const month = MONTHS[d.month - 1] as string;
  return d.day ? `${d.year}, ${month} ${d.day}` : `${d.year}, ${month}`;
}

/** "1956/11/04/" (RIS DA: year/month/day/other, empty parts kept). */
export function risDate(d: PartialDate): string {
  const pad = (n: number | undefined): string => (n === undefined ? '' : String(n).padStart(2, '0'));
  return `${d.year}/${pad(d.month)}/${pad(d.day)}/`;
}

/** CSL-JSON date-parts: [[1956, 11, 4]]. */
export function cslDate(d: PartialDate): { 'date-parts': number[][] } {
  const parts = [d.year];
  if (d.month) parts.push(d.month);
  if (d.month && d.day) parts.push(d.day);
  return { 'date-parts': [parts] };
}

export function bibtexMonth(d: PartialDate): string | undefined {
  return d.month ? BIBTEX_MONTHS[d.month - 1] : undefined;
}

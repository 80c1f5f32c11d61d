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
  /** The last day of a span (TEI @from/@to: "2–4 May 1851"); a date of its own precision, no end of its own. */
  end?: PartialDate;
  /** The editor's inference, not the source's (TEI @notBefore/@notAfter): printed in brackets, "[1852]". */
  inferred?: true;
  /** Uncertain (TEI @cert low, medium or unknown): printed with a question mark, "[March 1, 1852?]". */
  uncertain?: true;
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

/** What a part of a span leaves out, being what the other part gives. */
interface Elided {
  year?: boolean;
  month?: boolean;
}

/**
 * A date as a style writes it, with its span and its marks: a span gives
 * only once what both ends share, with an en dash (Chicago "May 2–4, 1851",
 * MLA "2–4 May 1851", APA "1851, May 2–4"); an uncertain date gets a
 * question mark and, like an inferred one, brackets ("[March 1, 1852?]",
 * "[1852]"), as editions mark a date the letter does not give. `order`:
 * where the style puts the year (last after the month, last after the day,
 * first), which decides which end leaves out what both share.
 */
function styled(d: PartialDate, order: 'month-day-year' | 'day-month-year' | 'year-month-day', write: (x: PartialDate, omit: Elided) => string, brackets = true): string {
  const e = d.end;
  let text: string;
  if (!e || !d.month || !e.month || (e.year === d.year && e.month === d.month && e.day === d.day)) text = write(d, {});
  else {
    const sameYear = e.year === d.year;
    const sameMonth = sameYear && e.month === d.month && Boolean(d.day && e.day);
    const [from, to]: [Elided, Elided] =
      order === 'year-month-day' ? [{}, { year: sameYear, month: sameMonth }] : order === 'day-month-year' ? [{ year: sameYear, month: sameMonth }, {}] : [{ year: sameYear }, { month: sameMonth }];
    text = `${write(d, from)}\u2013${write(e, to)}`;
  }
  if (!d.month && e && e.year !== d.year) text = `${d.year}\u2013${e.year}`;
  if (d.uncertain) text += '?';
  return brackets && (d.inferred || d.uncertain) ? `[${text}]` : text;
}

/**
 * "November 4, 1956", "November 1956", "1956" (CMOS, APA descriptions); spans and marks as styled() says.
 * `brackets: false` inside a description already in brackets (APA's "[Letter to …, March 1, 1852?]").
 */
export function longDate(d: PartialDate, { brackets = true } = {}): string {
  return styled(d, 'month-day-year', (x, omit) => {
    if (!x.month) return String(x.year);
    const month = MONTHS[x.month - 1] as string;
    const monthDay = x.day ? (omit.month ? String(x.day) : `${month} ${x.day}`) : month;
    return omit.year ? monthDay : x.day ? `${monthDay}, ${x.year}` : `${monthDay} ${x.year}`;
  }, brackets);
}

/** "4 Nov. 1956", "Nov. 1956", "1956" (MLA); "2–4 May 1851". */
export function mlaDate(d: PartialDate): string {
  return styled(d, 'day-month-year', (x, omit) => {
    if (!x.month) return String(x.year);
    const parts = [x.day ? String(x.day) : '', omit.month ? '' : (MLA_MONTHS[x.month - 1] as string), omit.year ? '' : String(x.year)];
    return parts.filter(Boolean).join(' ');
  });
}

/** "1956, November 4", "1956, November", "1956" (APA's date element); "1851, May 2–4". */
export function apaDate(d: PartialDate): string {
  return styled(d, 'year-month-day', (x, omit) => {
    if (!x.month) return String(x.year);
    const monthDay = [omit.month ? '' : (MONTHS[x.month - 1] as string), x.day ? String(x.day) : ''].filter(Boolean).join(' ');
    return omit.year ? monthDay : `${x.year}, ${monthDay}`;
  });
}

/** "1956/11/04/" (RIS DA: year/month/day/other, empty parts kept). */
export function risDate(d: PartialDate): string {
  const pad = (n: number | undefined): string => (n === undefined ? '' : String(n).padStart(2, '0'));
  return `${d.year}/${pad(d.month)}/${pad(d.day)}/`;
}

/** CSL-JSON date-parts: [[1956, 11, 4]]; a span [[1851, 5, 2], [1851, 5, 4]]; an inferred or uncertain date `circa`. */
export function cslDate(d: PartialDate): { 'date-parts': number[][]; circa?: true } {
  const parts = (x: PartialDate): number[] => [x.year, ...(x.month ? [x.month] : []), ...(x.month && x.day ? [x.day] : [])];
  return { 'date-parts': d.end ? [parts(d), parts(d.end)] : [parts(d)], ...(d.inferred || d.uncertain ? { circa: true as const } : {}) };
}

/** BibLaTeX's date: ISO 8601, a span as "1851-05-02/1851-05-04". */
export function biblatexDate(d: PartialDate): string {
  // biblatex reads ISO 8601-2 (EDTF level 1): "?" marks an uncertain date (\ifdateuncertain), on each end of a span.
  const q = d.uncertain ? '?' : '';
  return d.end ? `${d.iso}${q}/${d.end.iso}${q}` : `${d.iso}${q}`;
}

export function bibtexMonth(d: PartialDate): string | undefined {
  return d.month ? BIBTEX_MONTHS[d.month - 1] : undefined;
}

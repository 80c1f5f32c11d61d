import type { DateValue, DocumentModel } from './types.js';
import { DEFAULT_DATE_STYLE, type DateStyle } from '../settings/types.js';

/**
 * The date a header's <date> gives, as ISO 8601 ("1951", "1898-01",
 * "1898-01-22"), for ordering letters and citing them: its attributes
 * (@when, else the start of a range), else its own words when they are one
 * date written in a form that cannot be misread.
 *
 * TEI from other projects often gives a letter's date in words only
 * (`<date>22 January 1898</date>`, the Correspondence SIG's examples):
 * without this, such a letter was filed as undated and its citations had no
 * date although its page showed one. Read from the words: "1951",
 * "1898-01-22", "22 January 1898", "22. Januar 1898", "January 22, 1898",
 * "Jan. 22, 1898", "January 1898", in English or German. Anything else
 * ("unknown", "about 1900", "22/1/1898", a weekday, two dates) is not read:
 * `validate` asks for the attribute (rule corresp-date), and the exports
 * that carry machine-readable dates (CMIF, JSON-LD) take the attributes only.
 */
export function isoDateOf(d: DateValue | undefined): string | undefined {
  if (!d) return undefined;
  const given = d.when ?? d.notBefore ?? d.from;
  if (given) return given;
  if (d.notAfter || d.to) return undefined;
  return d.text ? dateFromWords(d.text) : undefined;
}

/**
 * A day in words as the edition writes its dates (edition.json "dateStyle"):
 * "March 14, 1851" (month-day-year, the default) or "14 March 1851"
 * (day-month-year). The one place the order is decided for the TypeScript
 * formatters (render/text.ts formatIsoDate, site/letters.ts humanDate);
 * xslt/html/header.xsl h:format-iso-date is its twin.
 */
export function dayInWords(day: number, month: string, year: string, style: DateStyle = DEFAULT_DATE_STYLE): string {
  return style === 'day-month-year' ? `${day} ${month} ${year}` : `${month} ${day}, ${year}`;
}

/**
 * A document's model as its renderers are given it: with the date style of
 * the edition it is rendered for (edition.json "dateStyle"), when that is
 * not the default. What is made from the model alone then writes its dates
 * in that style: the heading rows of the text edition, of the print edition
 * (render/print.ts: render/text.ts correspondenceRows) and of the volume,
 * the volume's contents, the web page's date of a letter dated by when it
 * was made. The model itself (types.ts) is the header's and has no style.
 */
export type StyledModel = DocumentModel & { dateStyle?: DateStyle };

/** The model to render for an edition of this date style: the model itself for the default style (outputs as before, byte for byte). */
export function withDateStyle(model: DocumentModel, style: DateStyle | undefined): StyledModel {
  return style === undefined || style === DEFAULT_DATE_STYLE ? model : { ...model, dateStyle: style };
}

/** A date's words with "?" after them when its @cert says it may be wrong (and its words do not already ask it): "1 March 1852?". */
export function markUncertain(text: string, cert: string | undefined): string {
  return text && isUncertain(cert) && !/\?\]?$/.test(text.trim()) ? `${text.trim()}?` : text;
}

/** TEI @cert that says a date may be wrong (low, medium, unknown): citations ask it ("?"), CMIF says cert="low". */
export function isUncertain(cert: string | undefined): boolean {
  return cert === 'low' || cert === 'medium' || cert === 'unknown';
}

/**
 * The date a document is ordered, grouped and cited by: the sent date of its
 * correspDesc; else, when that gives none (no correspDesc, as in the Office
 * of the Historian's documents, or a date that neither its attributes nor
 * its words give), when the document was made (DocumentModel.created: the
 * creation date, else a publicationStmt date typed "created", else the
 * first dateline's date or words), if that gives one.
 */
export function documentDate(m: DocumentModel): DateValue | undefined {
  const sent = m.sender?.date;
  // A sent date that gives anything (an end of a range counts) is the date, even one the site cannot order by.
  if (sent && (sent.notAfter || sent.to || isoDateOf(sent))) return sent;
  return m.created && isoDateOf(m.created) !== undefined ? m.created : sent;
}

/** Month names and abbreviations (a Map: words of a document are never looked up on an object's prototype). */
const MONTH_NAMES = new Map<string, number>();
for (const [i, names] of [
  ['january', 'jan', 'januar', 'jänner'],
  ['february', 'feb', 'februar'],
  ['march', 'mar', 'märz', 'maerz'],
  ['april', 'apr'],
  ['may', 'mai'],
  ['june', 'jun', 'juni'],
  ['july', 'jul', 'juli'],
  ['august', 'aug'],
  ['september', 'sep', 'sept'],
  ['october', 'oct', 'oktober', 'okt'],
  ['november', 'nov'],
  ['december', 'dec', 'dezember', 'dez'],
].entries()) {
  for (const name of names) MONTH_NAMES.set(name, i + 1);
}

/** A month's name (a three- or four-letter abbreviation may end in a full stop), or undefined. */
function monthOf(word: string): number | undefined {
  const w = word.toLowerCase();
  if (w.endsWith('.')) {
    const short = w.slice(0, -1);
    return short.length <= 4 ? MONTH_NAMES.get(short) : undefined;
  }
  return MONTH_NAMES.get(w);
}

function iso(year: string, month?: number, day?: number): string | undefined {
  const y = Number(year);
  if (month === undefined) return year;
  if (day !== undefined) {
    // A day the month has (29 February only in a leap year of the proleptic Gregorian calendar).
    const t = new Date(Date.UTC(2000, month - 1, day));
    t.setUTCFullYear(y);
    if (t.getUTCMonth() !== month - 1 || t.getUTCDate() !== day) return undefined;
  }
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${year}-${pad(month)}${day === undefined ? '' : `-${pad(day)}`}`;
}

/** The ISO date of words that are one date in a form listed at isoDateOf, or undefined. */
export function dateFromWords(words: string): string | undefined {
  const s = words.replace(/\s+/g, ' ').trim();
  let m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (m) {
    const month = m[2] === undefined ? undefined : Number(m[2]);
    if (month !== undefined && (month < 1 || month > 12)) return undefined;
    return iso(m[1] as string, month, m[3] === undefined ? undefined : Number(m[3]));
  }
  // 22 January 1898, 22. Januar 1898, 22 Jan. 1898
  m = /^(\d{1,2})\.? ([\p{L}]+\.?) (\d{4})$/u.exec(s);
  if (m) {
    const month = monthOf(m[2] as string);
    return month ? iso(m[3] as string, month, Number(m[1])) : undefined;
  }
  // January 22, 1898; Jan. 22, 1898
  m = /^([\p{L}]+\.?) (\d{1,2}), (\d{4})$/u.exec(s);
  if (m) {
    const month = monthOf(m[1] as string);
    return month ? iso(m[3] as string, month, Number(m[2])) : undefined;
  }
  // January 1898
  m = /^([\p{L}]+\.?) (\d{4})$/u.exec(s);
  if (m) {
    const month = monthOf(m[1] as string);
    return month ? iso(m[2] as string, month) : undefined;
  }
  return undefined;
}

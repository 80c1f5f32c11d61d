import type { Agent, DateValue, DocumentModel } from '../model/types.js';
import { compareCodePoints, compareText } from '../collate.js';
import { dayInWords, documentDate, isoDateOf, markUncertain } from '../model/dates.js';
import { DEFAULT_DATE_STYLE, type DateStyle } from '../settings/types.js';

/**
 * What the site's lists need to know about each letter (date, year, who
 * wrote to whom, from where), and the orders built on it: the edition in
 * time, each correspondent's letters, each correspondence's letters. One
 * place for these facts, so that the index, the year and correspondent
 * pages, the registers, the search and the previous/next links agree.
 */

/** A correspondent or place as the site names and files it. */
export interface Party {
  /** Stable key: the register entry's id, else the name made into a slug. Names the correspondent's page. */
  key: string;
  name: string;
  /** What lists of people sort by: "Surname Forenames" when the register says so, else the name. */
  sortAs: string;
}

export interface LetterSummary {
  id: string;
  title: string;
  /** ISO date (as far as it goes), '' when undated. */
  iso: string;
  /** 'YYYY', or 'undated'. */
  year: string;
  /** The date as people read it, in the edition's date style ("May 2, 1851", "between January 1, 1852 and June 30, 1852"; "2 May 1851"). */
  date: string;
  /** The ISO date when the letter has one exact date (@when), for <time datetime>. */
  when?: string;
  from: Party[];
  to: Party[];
  /** Where it was written. */
  place?: Party;
}

export const UNDATED = 'undated';

/** "November 4, 1956" (day-month-year: "4 November 1956") for an ISO date (as far as it goes), in English. */
export function humanDate(iso: string | undefined, style: DateStyle = DEFAULT_DATE_STYLE): string {
  if (!iso) return '';
  const m = /^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso);
  if (!m) return iso;
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const [, y, mo, d] = m;
  if (!mo) return y as string;
  const month = months[Number(mo) - 1] ?? mo;
  return d ? dayInWords(Number(d), month, y as string, style) : `${month} ${y}`;
}

/** A header date as people read it: its own wording, else @when, else the range it gives (in the edition's date style); "?" after it when its @cert doubts it. */
export function dateLabel(d: DateValue | undefined, style: DateStyle = DEFAULT_DATE_STYLE): string {
  return markUncertain(datePhrase(d, style), d?.cert);
}

function datePhrase(d: DateValue | undefined, style: DateStyle): string {
  if (!d) return '';
  if (d.text?.trim()) return d.text.trim();
  if (d.when) return humanDate(d.when, style);
  const [a, b] = [d.notBefore ?? d.from, d.notAfter ?? d.to].map((iso) => humanDate(iso, style));
  if (a && b) return d.from || d.to ? `${a} – ${b}` : `between ${a} and ${b}`;
  if (a) return `not before ${a}`;
  if (b) return `not after ${b}`;
  return '';
}

/** A file-name-safe key from a name: lower case ASCII letters, digits and hyphens. */
export function slug(name: string): string {
  const s = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s || 'unnamed';
}

/**
 * The key of a correspondent or place: its register id when that is plain
 * ASCII (it names a file and a URL alike), else the id or name made a slug.
 */
export function partyKey(idOrName: string): string {
  return /^[A-Za-z0-9._-]+$/.test(idOrName) && !/^\.+$/.test(idOrName) ? idOrName : slug(idOrName);
}

/** The id a pointer names: "#ada", "registers.xml#ada" and "psn:ada" all name "ada". */
function pointerId(ref: string | undefined): string | undefined {
  const token = ref?.trim().split(/\s+/)[0];
  if (!token) return undefined;
  const id = token.includes('#') ? token.slice(token.lastIndexOf('#') + 1) : token.includes(':') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(token) ? token.slice(token.indexOf(':') + 1) : undefined;
  return id && /^[\p{L}_][\p{L}\p{N}._-]*$/u.test(id) ? id : undefined;
}

function party(a: Agent): Party | undefined {
  const name = a.entry?.name ?? a.name;
  if (!name) return undefined;
  const e = a.entry;
  const sortAs = e?.surname ? [e.surname, ...(e.forenames ?? [])].join(' ') : name;
  return { key: partyKey(e?.id ?? pointerId(a.ref) ?? name), name, sortAs };
}

/** What the lists need of a letter; its date in words in the edition's date style (edition.json "dateStyle"). */
export function summarize(m: DocumentModel, style: DateStyle = DEFAULT_DATE_STYLE): LetterSummary {
  const dated = documentDate(m);
  const iso = isoDateOf(dated) ?? '';
  const parties = (agents: Agent[] | undefined) => (agents ?? []).map(party).filter((p): p is Party => p !== undefined);
  const placeKey = pointerId(m.sender?.placeRef);
  // Named as the register names it, as correspondents are: two letters written "Edinburgh" and "Edinr." are one place.
  const placeName = (placeKey ? m.registers?.place?.find((p) => p.id === placeKey)?.name : undefined) ?? m.sender?.place;
  return {
    id: m.id,
    title: m.title ?? m.id,
    iso,
    year: /^-?\d{4}/.exec(iso)?.[0] ?? UNDATED,
    date: dateLabel(dated, style),
    ...(dated?.when ? { when: dated.when } : {}),
    from: parties(m.sender?.agents),
    to: parties(m.recipient?.agents),
    ...(placeName ? { place: { key: partyKey(placeKey ?? placeName), name: placeName, sortAs: placeName } } : {}),
  };
}

/** "A → B" (several names joined by commas). */
export function route(s: LetterSummary): string {
  return [s.from.map((p) => p.name).join(', '), s.to.map((p) => p.name).join(', ')].filter(Boolean).join(' → ');
}

/** Time order: dated letters by date (undated last), then by id. */
export function byTime(a: LetterSummary, b: LetterSummary): number {
  return emptyLast(a.iso, b.iso) || compareCodePoints(a.iso, b.iso) || compareText(a.id, b.id);
}

/** Orders '' after every other value (undated letters, letters without a place), else 0. */
export function emptyLast(a: string, b: string): number {
  return a && !b ? -1 : !a && b ? 1 : 0;
}

/**
 * The correspondence a letter belongs to: the set of its writers and
 * addressees, whichever way it went (A → B and B → A are one correspondence).
 */
export function correspondenceKey(s: LetterSummary): string {
  return [...new Set([...s.from, ...s.to].map((p) => p.key))].sort(compareText).join(' ');
}

export interface Neighbours {
  prev?: LetterSummary;
  next?: LetterSummary;
  /** Within the same correspondence. */
  prevInCorrespondence?: LetterSummary;
  nextInCorrespondence?: LetterSummary;
}

/** Previous and next letters of each letter, in time and within its correspondence. */
export function neighbours(letters: readonly LetterSummary[]): Map<string, Neighbours> {
  const sorted = [...letters].sort(byTime);
  const out = new Map<string, Neighbours>(sorted.map((s, i) => [s.id, { prev: sorted[i - 1], next: sorted[i + 1] }]));
  const threads = new Map<string, LetterSummary[]>();
  for (const s of sorted) {
    const key = correspondenceKey(s);
    if (!key.includes(' ')) continue; // one party only: no correspondence to speak of
    threads.set(key, [...(threads.get(key) ?? []), s]);
  }
  for (const thread of threads.values()) {
    thread.forEach((s, i) => {
      const n = out.get(s.id) as Neighbours;
      n.prevInCorrespondence = thread[i - 1];
      n.nextInCorrespondence = thread[i + 1];
    });
  }
  return out;
}

export interface Correspondent extends Party {
  sent: LetterSummary[];
  received: LetterSummary[];
  /** First and last ISO dates of their letters ('' when none is dated). */
  first: string;
  last: string;
}

/** Everyone who wrote or received a letter, with their letters in time order, sorted by name. */
export function correspondents(letters: readonly LetterSummary[]): Correspondent[] {
  const byKey = new Map<string, Correspondent>();
  const slot = (p: Party) => {
    let c = byKey.get(p.key);
    if (!c) byKey.set(p.key, (c = { ...p, sent: [], received: [], first: '', last: '' }));
    return c;
  };
  for (const s of [...letters].sort(byTime)) {
    for (const p of s.from) slot(p).sent.push(s);
    for (const p of s.to) if (!s.from.some((f) => f.key === p.key)) slot(p).received.push(s);
  }
  for (const c of byKey.values()) {
    const dates = [...c.sent, ...c.received].map((s) => s.iso).filter(Boolean).sort(compareText);
    c.first = dates[0] ?? '';
    c.last = dates[dates.length - 1] ?? '';
  }
  return [...byKey.values()].sort((a, b) => compareText(a.sortAs, b.sortAs) || compareText(a.key, b.key));
}

/** Letters grouped by year, years in order (undated last). */
export function byYear(letters: readonly LetterSummary[]): [string, LetterSummary[]][] {
  const groups = new Map<string, LetterSummary[]>();
  for (const s of [...letters].sort(byTime)) groups.set(s.year, [...(groups.get(s.year) ?? []), s]);
  return [...groups.entries()];
}

/** "1890–1893", "1890", or '' for a range of ISO dates. */
export function yearRange(first: string, last: string): string {
  const a = first.slice(0, 4);
  const b = last.slice(0, 4);
  return a && b && a !== b ? `${a}–${b}` : a || b;
}

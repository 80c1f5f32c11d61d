/**
 * CSL-JSON, the native format of Zotero, Mendeley and pandoc: one
 * `personal_communication` item (what Zotero imports as a Letter), with
 * `author`, `recipient`, `title`, `genre` "Letter", `issued` (the letter's
 * date), `available-date` (its release), and the source it is printed in:
 * `container-title`, `volume`, `volume-title`, `issue`, `page`, `number`
 * (document or item), `editor`, `collection-editor` (general editor),
 * `collection-title`/`collection-number` (series), `publisher`,
 * `publisher-place`, `URL`. CSL has no variable for the issue date of the
 * container of a letter, so `note` says where it is printed in words.
 * Written directly (it is plain JSON); keys sorted, so files are stable.
 */
import { cslDate } from './dates.js';
import type { CitationName } from './names.js';
import { fullPages } from './numbers.js';
import type { CitationRecord } from './record.js';
import { sourceNote } from './ris.js';
import { stableStringify } from './stable-json.js';

export interface CslName {
  family?: string;
  given?: string;
  literal?: string;
}

export type CslItem = Record<string, unknown> & { id: string; type: string };

function cslName(n: CitationName): CslName {
  if (!n.family) return { literal: n.display };
  return n.given ? { family: n.family, given: n.given } : { family: n.family };
}

export function toCslItem(r: CitationRecord): CslItem {
  const c = r.container;
  const item: CslItem = { id: `${r.documentId}-${r.target}`, type: 'personal_communication' };
  const set = (key: string, value: unknown): void => {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return;
    item[key] = value;
  };
  set('genre', r.genre ? 'Letter' : undefined);
  set('title', r.title);
  set('author', r.senders.map(cslName));
  set('recipient', r.recipients.map(cslName));
  set('issued', r.dateSent ? cslDate(r.dateSent) : undefined);
  set('available-date', r.released ? cslDate(r.released) : undefined);
  set('container-title', c.subtitle ? `${c.title}: ${c.subtitle}` : c.title);
  set('volume', c.volume);
  set('volume-title', c.volumeTitle);
  set('issue', c.issue);
  // A hyphen, as CSL processors and Zotero expect in data (they typeset the dash).
  set('page', r.pages ? fullPages(r.pages, '-') : undefined);
  set('number', r.number?.value);
  set('editor', c.editors.map(cslName));
  set('collection-editor', c.generalEditors.map(cslName));
  set('collection-title', c.series?.title);
  set('collection-number', c.series?.number);
  set('publisher', c.publisher);
  set('publisher-place', c.pubPlace);
  set('URL', c.url);
  set('language', r.language);
  set('note', sourceNote(r));
  return item;
}

/** A CSL-JSON file: an array of items, keys sorted, two-space indent, final newline. */
export function toCslJson(records: CitationRecord[]): string {
  return `${stableStringify(records.map(toCslItem))}\n`;
}

/**
 * BibTeX: classic BibTeX has no entry type for letters, so each target
 * gets the closest standard type:
 *
 * - a periodical witness → `@article` (journal, volume, number, pages,
 *   year and month of the issue);
 * - a book witness and the digital edition → `@incollection` (booktitle,
 *   editor, volume, publisher, address, year, pages). The volume's own
 *   title joins the booktitle ("Foreign Relations of the United States,
 *   1955–1957, Eastern Europe"), the form FRUS itself uses; a series is
 *   only given when there is no volume (BibTeX styles print "volume V of
 *   SERIES", which would be wrong here).
 *
 * BibTeX has no recipient or letter-date field: `note` carries "Letter to
 * Nikolai A. Bulganin, November 4, 1956" (printed by every standard
 * style), and the document or item number. Non-standard fields are not
 * added except `url`, which most modern .bst files print.
 * Text is escaped for 7-bit BibTeX (see latex.ts); titles are
 * case-protected.
 */
import { bibtexMonth, longDate } from './dates.js';
import { citationKey, escapeLatex, formatEntry, latexNames, latexUrl, protectedTitle, type EntryField } from './latex.js';
import { letterTo } from './names.js';
import { fullPages } from './numbers.js';
import type { CitationRecord } from './record.js';

const OPTIONS = { ascii: true };

export function toBibtex(r: CitationRecord): string {
  const c = r.container;
  const e = (s: string | undefined): string | undefined => (s === undefined ? undefined : escapeLatex(s, OPTIONS));
  const key = citationKey([r.documentId, r.target]);
  const common: EntryField[] = [
    ['author', r.senders.length ? latexNames(r.senders, OPTIONS) : undefined],
    ['title', r.title ? protectedTitle(r.title, OPTIONS) : undefined],
  ];
  const pages = r.pages ? fullPages(r.pages, '--') : undefined;
  const note = e(letterNote(r));
  const url = c.url ? latexUrl(c.url) : undefined;
  if (c.kind === 'periodical') {
    return formatEntry('article', key, [
      ...common,
      ['journal', protectedTitle(c.title, OPTIONS)],
      ['volume', e(c.volume)],
      ['number', e(c.issue)],
      ['pages', pages],
      ['year', c.date ? String(c.date.year) : undefined],
      ['month', c.date ? bibtexMonth(c.date) : undefined, 'bare'],
      ['note', note],
      ['url', url],
    ]);
  }
  const booktitle = [c.subtitle ? `${c.title}: ${c.subtitle}` : c.title, c.volumeTitle].filter(Boolean).join(', ');
  return formatEntry('incollection', key, [
    ...common,
    ['booktitle', protectedTitle(booktitle, OPTIONS)],
    ['editor', c.editors.length ? latexNames(c.editors, OPTIONS) : undefined],
    ['volume', e(c.volume)],
    ['series', c.volume ? undefined : c.series ? protectedTitle(c.series.title, OPTIONS) : undefined],
    ['number', c.volume ? undefined : e(c.series?.number)],
    ['pages', pages],
    ['publisher', e(c.publisher)],
    ['address', e(c.pubPlace)],
    ['year', c.date ? String(c.date.year) : undefined],
    ['note', note],
    ['url', url],
  ]);
}

/** "Letter to Nikolai A. Bulganin, November 4, 1956. Document 166" (no "Letter" without a correspDesc). */
export function letterNote(r: CitationRecord): string | undefined {
  const to = letterTo(r.recipients) ?? (r.genre ? 'Letter' : '');
  const parts = [[to, r.dateSent ? longDate(r.dateSent) : ''].filter(Boolean).join(', ')].filter(Boolean);
  if (r.number) parts.push(`${r.number.unit === 'document' ? 'Document' : 'Item'} ${r.number.value}`);
  return parts.length ? parts.join('. ') : undefined;
}

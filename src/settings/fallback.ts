import type { Diagnostic } from '../diagnostic.js';
import type { DocumentModel } from '../model/types.js';
import { SETTINGS_FILE } from './read.js';
import type { EditionSettings } from './types.js';

/**
 * What the site and the exports say about the edition comes from the
 * settings; where they are silent it comes from the first letter's header.
 * Each such fallback is a warning, so an editor knows that the edition's
 * title on every page is, say, one letter's subtitle.
 */
/** What the edition is called when edition.json gives no title. */
export const UNTITLED_EDITION = 'Untitled edition';

/**
 * The edition's title where the settings give none: the first letter's
 * subtitle (a header's name of the edition it belongs to), else, for an
 * edition of one letter, that letter's title; never one letter's title for
 * an edition of several ("in Alfred Escher an David Eduard Steiner, …" in
 * every citation), which is then UNTITLED_EDITION.
 */
export function fallbackTitle(documents: readonly DocumentModel[]): string {
  const first = documents[0];
  return first?.subtitle ?? (documents.length === 1 ? first?.title : undefined) ?? UNTITLED_EDITION;
}

/**
 * The edition's date where the settings have none: the latest revision or publication date of any header (as CMIF
 * takes it). The one rule for the warning below and for the volume and its EPUB (render/book.ts volumeSettings).
 */
export function latestHeaderDate(documents: readonly DocumentModel[]): string | undefined {
  const dated = documents.flatMap((d) => [...(d.changes ?? []).map((c) => c.when), d.publicationDate]).filter((w): w is string => Boolean(w && /^\d{4}/.test(w)));
  return dated.length ? dated.reduce((a, b) => (b > a ? b : a)) : undefined;
}

export function settingsFallbacks(settings: EditionSettings, documents: DocumentModel[], settingsFile: string | undefined): Diagnostic[] {
  const first = documents[0];
  if (!first) return [];
  const file = settingsFile ?? SETTINGS_FILE;
  // The licences are not one letter's: each letter's citation gives its own header's, CMIF and JSON-LD all the headers'.
  const licences = [...new Set(documents.flatMap((d) => (d.licences ?? []).map((l) => l.target ?? l.text ?? '')).filter(Boolean))];
  const latest = latestHeaderDate(documents);
  const facts: { key: keyof EditionSettings; what: string; header: string | undefined; from?: string; without?: string }[] = [
    {
      key: 'title',
      what: "the edition's title (site, citations of the edition, CMIF, JSON-LD)",
      header: first.subtitle ?? (documents.length === 1 ? first.title : undefined),
      without: `is not given by the header of ${first.file} either (a subtitle, the name of the edition it belongs to; a letter's own title names no edition of several): it is "${UNTITLED_EDITION}"`,
    },
    { key: 'introduction', what: 'the introduction on the home page', header: first.projectDescription },
    { key: 'publisher', what: 'the publisher (citations of the edition, CMIF)', header: first.publisher },
    {
      key: 'licences',
      what: "the edition's licences (CMIF, JSON-LD; each letter's citation gives its own header's)",
      header: licences.join(', ') || undefined,
      from: `are gathered from the letters' headers (${licences.length === 1 ? `"${clip(licences[0] as string)}"` : `${licences.length} licences`})`,
    },
    {
      key: 'date',
      what: "the edition's date (CMIF's publicationStmt, which requires one; the volume's title page)",
      header: latest,
      from: `is the latest revision or publication date of the letters' headers (${latest})`,
      without: "is not given by the letters' headers either (no revisionDesc change, no publicationStmt date): CMIF has none, which its schema refuses",
    },
  ];
  const warning = (message: string, add: string): Diagnostic => ({
    file,
    line: 0,
    column: 0,
    severity: 'warning',
    source: 'settings',
    rule: 'settings-fallback',
    message,
    hint: `${add} (\`tei-edition init\` writes one; schemas/edition.schema.json describes every key).`,
  });
  if (!settingsFile) {
    // One warning, not one per fact: an edition without settings at all.
    const taken = facts.filter((f) => f.header && !f.from).map((f) => f.key);
    const gathered = facts.filter((f) => f.header && f.from).map((f) => f.key);
    const untitled = facts.find((f) => f.key === 'title')?.header === undefined;
    const undated = facts.find((f) => f.key === 'date')?.header === undefined;
    const parts = [
      taken.length ? `(${taken.join(', ')}) is taken from the header of ${first.file}` : undefined,
      gathered.length ? `the ${gathered.join(' and ')} from all the letters' headers` : undefined,
      untitled ? `the edition is "${UNTITLED_EDITION}" (no subtitle in ${first.file}; a letter's own title names no edition of several)` : undefined,
      undated ? "CMIF has no date (no revisionDesc change or publicationStmt date in any header), which its schema refuses" : undefined,
    ].filter(Boolean);
    return [
      warning(
        `there is no ${SETTINGS_FILE}: what the site and the exports say about the edition as a whole${taken.length ? ' ' : ': '}${parts.join('; ')}`,
        `Add ${SETTINGS_FILE} to the edition's folder`,
      ),
    ];
  }
  return facts
    .filter((f) => settings[f.key] === undefined)
    .map((f) => {
      const from = f.from && f.header ? f.from : f.header ? `is taken from the header of ${first.file} ("${clip(f.header)}")` : f.without ?? (f.from ? "are not given by the letters' headers either" : `is not given by the header of ${first.file} either`);
      return warning(`${settingsFile} has no "${f.key}": ${f.what} ${from}`, `Add "${f.key}" to ${settingsFile}`);
    });
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 59)}…` : one;
}

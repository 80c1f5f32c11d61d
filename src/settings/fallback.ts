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
export function settingsFallbacks(settings: EditionSettings, documents: DocumentModel[], settingsFile: string | undefined): Diagnostic[] {
  const first = documents[0];
  if (!first) return [];
  const file = settingsFile ?? SETTINGS_FILE;
  const facts: { key: keyof EditionSettings; what: string; header: string | undefined }[] = [
    { key: 'title', what: "the edition's title (site, citations of the edition, CMIF, JSON-LD)", header: first.subtitle ?? first.title },
    { key: 'introduction', what: 'the introduction on the home page', header: first.projectDescription },
    { key: 'publisher', what: 'the publisher (citations of the edition, CMIF)', header: first.publisher },
    { key: 'licences', what: 'the licences (CMIF, JSON-LD, citations)', header: first.licences?.map((l) => l.target ?? l.text).filter(Boolean).join(', ') || undefined },
  ];
  const out: Diagnostic[] = [];
  if (!settingsFile) {
    // One warning, not one per fact: an edition without settings at all.
    const taken = facts.filter((f) => f.header).map((f) => f.key);
    return [{
      file,
      line: 0,
      column: 0,
      severity: 'warning',
      source: 'settings',
      rule: 'settings-fallback',
      message: `there is no ${SETTINGS_FILE}: what the site and the exports say about the edition as a whole (${taken.length ? taken.join(', ') : 'title'}) is taken from the header of ${first.file}`,
      hint: `Add ${SETTINGS_FILE} to the edition's folder (\`tei-edition init\` writes one; schemas/edition.schema.json describes every key).`,
    }];
  }
  for (const f of facts) {
    if (settings[f.key] !== undefined) continue;
    const from = f.header ? `is taken from the header of ${first.file} ("${clip(f.header)}")` : `is not given by the header of ${first.file} either`;
    out.push({
      file,
      line: 0,
      column: 0,
      severity: 'warning',
      source: 'settings',
      rule: 'settings-fallback',
      message: `${settingsFile} has no "${f.key}": ${f.what} ${from}`,
      hint: `Add "${f.key}" to ${SETTINGS_FILE} in the edition's folder (\`tei-edition init\` writes one; schemas/edition.schema.json describes every key).`,
    });
  }
  return out;
}

function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 59)}…` : one;
}

/**
 * RIS for reference managers. `TY  - PCOMM` (a letter; a document without
 * correspondents is `MANSCPT`, Zotero's manuscript) with `A2` for the recipient
 * is what Zotero's RIS translator imports as a Letter with its recipient
 * (zotero/translators RIS.js: PCOMM ↔ letter, A2 → recipient for letter,
 * M3 → letter type); citation-js reads PCOMM as `personal_communication`
 * with A2 as `recipient`.
 *
 * Zotero's Letter has no fields for the source that printed it, and RIS.js
 * moves T2, VL, SP/EP of a letter into a note of "values with no
 * corresponding Zotero field". So the source is written where a Letter
 * keeps it (tests/consumers/zotero.test.ts imports each file with RIS.js):
 *
 * - `M2` lines, which RIS.js appends to the item's Extra field, in
 *   Zotero's "CSL variable: value" form (`container-title: …`,
 *   `volume: 25`, `page: 390-392`, `issued: 1990`, `event-date:
 *   1956-11-04`, `editor: Keefer || Edward C.` …): Zotero shows Extra,
 *   and its citation processor reads these lines as the item's variables;
 * - `DB` and `AN`, which RIS.js imports into a Letter's own Archive and
 *   Loc. in Archive (the repository and the shelfmark of an archived letter);
 * - `N1`, a note with the source in words ("Printed in Department of State
 *   Bulletin 35 (November 19, 1956): 795–97.").
 *
 * Titles are stored as in CSL-JSON (case.ts, cslTitle): letters' and
 * books' titles in sentence case, as Zotero asks its users to store them,
 * so that its APA style prints them as APA wants and its Chicago and MLA
 * styles title-case them; but as plain text, without CSL-JSON's nocase
 * spans (RIS is plain text, and Zotero's import keeps only their text).
 *
 * Every value is one line (controls and line breaks neutralised in the
 * record, see controls.ts). Lines end in CR LF, as the RIS specification
 * and Zotero's own export do.
 */
import { risDate } from './dates.js';
import { chicagoSource } from './chicago.js';
import { plainLine } from './controls.js';
import { keptInverted, type CitationName } from './names.js';
import { arabicVolume, fullPages } from './numbers.js';
import { cslTitle } from './case.js';
import { containerLanguageOf, containerMarked, containerTitleOf, marked, titleLanguageOf, type CitationRecord } from './record.js';
import { toText } from './rich.js';

/** Titles without markup (see above). */
const PLAIN = { nocase: false };

export function toRis(r: CitationRecord): string {
  const c = r.container;
  // A document that is no letter (no correspDesc: minutes, a report, a dictionary) is a manuscript (Zotero's RIS.js:
  // MANSCPT ↔ manuscript), not a personal communication, which Zotero imports as a letter.
  const lines: [string, string | undefined][] = [['TY', r.genre === 'letter' ? 'PCOMM' : 'MANSCPT']];
  // A particle of the surname stays in it ("van Gogh, Vincent"): Zotero's last name, where citeproc finds it.
  for (const n of r.senders) lines.push(['AU', keptInverted(n)]);
  for (const n of r.recipients) lines.push(['A2', keptInverted(n)]);
  lines.push(
    ['TI', cslTitle(titleLanguageOf(r), marked(r, r.title), PLAIN)],
    ['DA', r.dateSent ? risDate(r.dateSent) : undefined],
    ['PY', r.dateSent ? String(r.dateSent.year) : undefined],
    ['M3', r.genre ? 'Letter' : undefined],
    ['LA', r.language],
    ['UR', c.url],
    // Where the letter is kept, in the Letter's own fields (RIS.js: DB → Archive, AN → Loc. in Archive); its
    // collection and place, which a Letter has no field for, in Extra (archive_collection, archive-place).
    ['DB', c.archive?.repository],
    ['AN', c.archive?.shelfmark],
  );
  for (const line of extraLines(r)) lines.push(['M2', line]);
  lines.push(['N1', sourceNote(r)], ['ER', '']);
  return lines
    .filter(([tag, value]) => tag === 'ER' || (value !== undefined && value.trim() !== ''))
    .map(([tag, value]) => `${tag}  - ${plainLine(value ?? '')}`)
    .join('\r\n')
    .concat('\r\n');
}

/** Zotero's Extra-field lines ("container-title: …") for the facts a Letter has no field for. */
export function extraLines(r: CitationRecord): string[] {
  const c = r.container;
  const out: string[] = [];
  const add = (key: string, value: string | undefined): void => {
    if (value) out.push(`${key}: ${value}`);
  };
  const names = (key: string, list: CitationName[]): void => {
    for (const n of list) add(key, n.family ? `${n.particle ? `${n.particle} ` : ''}${n.family} || ${n.given ?? ''}`.trim() : n.display);
  };
  add('event-date', r.dateSent?.iso);
  add(c.kind === 'manuscript' ? 'medium' : 'container-title', c.kind === 'manuscript' || c.kind === 'periodical' ? containerTitleOf(c) : cslTitle(containerLanguageOf(r), containerMarked(r), PLAIN));
  add('archive_collection', c.archive?.collection);
  add('archive-place', c.archive?.place);
  add('volume', c.volume ? arabicVolume(c.volume) : undefined);
  add('volume-title', cslTitle(containerLanguageOf(r), marked(r, c.volumeTitle), PLAIN));
  add('issue', c.issue);
  add('issued', c.date?.iso);
  add('page', r.pages ? fullPages(r.pages, '-') : undefined);
  add('number', r.number?.value);
  names('editor', c.editors);
  names('collection-editor', c.generalEditors);
  add('collection-title', c.series?.title);
  add('collection-number', c.series?.number);
  add('publisher', c.publisher);
  add('publisher-place', c.pubPlace);
  return out;
}

/** "Printed in Department of State Bulletin 35 (…): 795–97." / "Published in …" for the edition; undefined when nothing is known of the source. */
export function sourceNote(r: CitationRecord): string | undefined {
  const source = toText(chicagoSource(r));
  if (!source) return undefined;
  const verb = r.container.kind === 'edition' ? 'Published' : r.container.kind === 'manuscript' ? 'Source:' : 'Printed';
  if (r.container.kind === 'manuscript') return `${verb} ${source}${/[.?!]$/.test(source) ? '' : '.'}`;
  return `${verb} in ${source}${/[.?!]$/.test(source) ? '' : '.'}`;
}

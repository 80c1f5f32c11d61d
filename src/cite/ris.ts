/**
 * RIS for reference managers. `TY  - PCOMM` with `A2` for the recipient
 * is what Zotero's RIS translator imports as a Letter with its recipient
 * (zotero/translators RIS.js: PCOMM ↔ letter, A2 → recipient for letter,
 * M3 → letter type); citation-js reads PCOMM as `personal_communication`
 * with A2 as `recipient`.
 *
 * Zotero's Letter has no fields for the container: T2, VL, IS, SP/EP are
 * written anyway (EndNote and others read them; Zotero keeps them as notes)
 * and N1 carries the printed source in words ("Printed in Department of
 * State Bulletin 35 (November 19, 1956): 795–97."), so nothing is lost on
 * import. Editors are not written: for PCOMM, A2 is the recipient.
 *
 * Lines end in CR LF, as the RIS specification and Zotero's own export do.
 */
import { risDate } from './dates.js';
import { chicagoSource } from './chicago.js';
import { inverted } from './names.js';
import type { CitationRecord } from './record.js';
import { toText } from './rich.js';

export function toRis(r: CitationRecord): string {
  const c = r.container;
  const lines: [string, string | undefined][] = [['TY', 'PCOMM']];
  for (const n of r.senders) lines.push(['AU', inverted(n)]);
  for (const n of r.recipients) lines.push(['A2', inverted(n)]);
  lines.push(
    ['TI', r.title],
    ['T2', c.subtitle ? `${c.title}: ${c.subtitle}` : c.title],
    ['VL', c.volume],
    ['IS', c.issue],
    ['SP', r.pages?.from],
    ['EP', r.pages?.to],
    ['DA', r.dateSent ? risDate(r.dateSent) : undefined],
    ['PY', r.dateSent ? String(r.dateSent.year) : undefined],
    ['M3', r.genre ? 'Letter' : undefined],
    ['LA', r.language],
    ['UR', c.url],
    ['N1', sourceNote(r)],
    ['ER', ''],
  );
  return lines
    .filter(([tag, value]) => tag === 'ER' || (value !== undefined && value.trim() !== ''))
    .map(([tag, value]) => `${tag}  - ${(value ?? '').replace(/\s+/g, ' ').trim()}`)
    .join('\r\n')
    .concat('\r\n');
}

/** "Printed in Department of State Bulletin 35 (…): 795–97." / "Published in …" for the edition. */
export function sourceNote(r: CitationRecord): string {
  const source = toText(chicagoSource(r));
  const verb = r.container.kind === 'edition' ? 'Published' : 'Printed';
  return `${verb} in ${source}${/[.?!]$/.test(source) ? '' : '.'}`;
}

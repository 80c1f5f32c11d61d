/**
 * The citation targets the consumer tests run through the real consumers:
 * every target of the edition's letter, every target of every letter of
 * the fixture edition (with its settings), a letter with a single witness,
 * a letter whose recipient has no authority id, and a foreign document
 * with a name particle ("August von Gonzenbach"). Each comes with the facts
 * that must survive, read from the CitationRecord.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDocumentModel } from '../../src/model/read.js';
import type { DocumentModel } from '../../src/model/types.js';
import type { EditionSettings } from '../../src/settings/types.js';
import { citationRecord, citationTargets, type CitationOptions, type CitationRecord } from '../../src/cite/index.js';
import { longDate } from '../../src/cite/dates.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ORACLES = resolve(root, '..', 'shared', 'oracles');
const FIXTURE_EDITION = join(root, 'tests', 'fixtures', 'edition');
const GONZENBACH = resolve(root, '..', 'shared', 'corpora', 'escher', 'K_2048_von_Gonzenbach_August_an_Escher_1863-11-05.xml');

export interface Case {
  label: string;
  model: DocumentModel;
  target: string;
  options: CitationOptions;
  record: CitationRecord;
}

async function model(file: string): Promise<DocumentModel> {
  return readDocumentModel(file, readFileSync(file, 'utf8'));
}

/** The letter with its recipients known by name only: no register entry, so no authority id. */
export function unlinked(m: DocumentModel): DocumentModel {
  return {
    ...m,
    id: 'recipient-without-authority',
    recipient: { ...m.recipient, agents: (m.recipient?.agents ?? []).map((a) => ({ ...(a.name ?? a.entry?.name ? { name: a.name ?? a.entry?.name } : {}), kind: a.kind })) },
  };
}

export async function cases(): Promise<Case[]> {
  const out: Case[] = [];
  const add = (label: string, m: DocumentModel, options: CitationOptions): void => {
    for (const target of citationTargets(m)) out.push({ label: `${label} ${target}`, model: m, target, options, record: citationRecord(m, target, options) });
  };
  add('letter', await model(join(root, 'tests', 'fixtures', 'letter', 'tei', 'eisenhower-bulganin-1956-11-04.xml')), { baseUrl: 'https://edition.example.org' });
  const settings = JSON.parse(readFileSync(join(FIXTURE_EDITION, 'edition.json'), 'utf8')) as EditionSettings;
  const letters = readdirSync(join(FIXTURE_EDITION, 'tei')).filter((f) => f.endsWith('.xml') && f !== 'registers.xml').sort();
  for (const f of letters) add(`fixture ${f}`, await model(join(FIXTURE_EDITION, 'tei', f)), { edition: settings });
  // A recipient without an authority id (no register entry): the name as written is all there is.
  add('no recipient authority', unlinked(await model(join(FIXTURE_EDITION, 'tei', letters[0] as string))), { edition: settings });
  // The foreign document is in ../shared (tests only): without it, the case is left out and said so.
  if (existsSync(GONZENBACH)) add('foreign', await model(GONZENBACH), { baseUrl: 'https://edition.example.org' });
  else console.warn(`[consumers] SKIPPED: the foreign case, ${GONZENBACH} is absent; no foreign document's citation was checked.`);
  return out;
}

export interface Fact {
  name: string;
  pattern: RegExp;
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A word sequence, matched case-insensitively and across any whitespace or line break. */
const words = (s: string): RegExp => new RegExp(esc(s).replace(/\s+/g, '\\s+'), 'i');
const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'June?', 'July?', 'Aug', 'Sept?', 'Oct', 'Nov', 'Dec'];

/** "November 4, 1956", "4 Nov. 1956", "1956, November 4" (any order a style uses). */
function datePattern(d: NonNullable<CitationRecord['dateSent']>): RegExp {
  if (!d.month) return new RegExp(`\\b${d.year}\\b`);
  const m = MONTHS_SHORT[d.month - 1] as string;
  const day = d.day ? `\\b${d.day}\\b` : '';
  return new RegExp(`(?=.*\\b${d.year}\\b)(?=.*\\b${m}[a-z]*\\.?)${day ? `(?=.*${day})` : ''}`, 's');
}

/** The facts a citation of this record must give. */
export function facts(r: CitationRecord): Fact[] {
  const c = r.container;
  const out: Fact[] = [];
  for (const n of r.senders) out.push({ name: 'sender', pattern: words(n.family ?? n.display) });
  for (const n of r.recipients) out.push({ name: 'recipient', pattern: words(n.family ?? n.display) });
  if (r.dateSent) out.push({ name: 'letter date', pattern: datePattern(r.dateSent) });
  if (c.title && c.kind !== 'manuscript') out.push({ name: 'container', pattern: words(c.title.split(/[:,]/)[0] as string) });
  if (c.date) out.push({ name: 'container date', pattern: new RegExp(`\\b${c.date.year}\\b`) });
  if (c.volume) out.push({ name: 'volume', pattern: /\b(25|35|XXV)\b/ });
  if (r.pages) out.push({ name: 'pages', pattern: new RegExp(`\\b${r.pages.from}\\b`) });
  if (r.number) out.push({ name: 'number', pattern: new RegExp(`\\b${r.number.value}\\b`) });
  if (c.editors[0]) out.push({ name: 'editors', pattern: words(c.editors[0].family ?? c.editors[0].display) });
  if (c.publisher) out.push({ name: 'publisher', pattern: words(c.publisher.replace(/\s*\(.*\)$/, '')) });
  return out;
}

export { longDate };

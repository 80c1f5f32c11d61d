/**
 * CSL-JSON through the real consumer: citeproc-js (the processor Zotero,
 * Mendeley and pandoc's citeproc implement) with the official Chicago 17
 * (notes and shortened notes), MLA 9 and APA 7 styles and the en-US locale
 * from ../shared/oracles/csl/. For every target, the facts our own
 * formatter prints must be in the style's bibliography entry too.
 *
 * What a style does not print at all, for any letter, is listed in
 * STYLE_LIMITS with the reason (read in the style's code), and asserted to
 * be absent, so a change of style shows up here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { formatCitation, type CiteStyle } from '../../src/cite/index.js';
import { toCslItem } from '../../src/cite/csl-json.js';
import { cases, facts, ORACLES, type Case } from './targets.js';
import { cachedJson } from '../disk-cache.js';

const require = createRequire(import.meta.url);
const CSL_DIR = join(ORACLES, 'csl');
const have = existsSync(join(CSL_DIR, 'apa.csl'));
if (!have) console.warn(`[citeproc] SKIPPED: the official CSL styles are not in ${CSL_DIR}; CSL-JSON was NOT checked against them.`);

const STYLES: { file: string; ours: CiteStyle }[] = [
  { file: 'chicago-notes-bibliography-17th-edition', ours: 'chicago-bib' },
  { file: 'chicago-shortened-notes-bibliography-17th-edition', ours: 'chicago-bib' },
  { file: 'modern-language-association', ours: 'mla' },
  { file: 'apa', ours: 'apa' },
];

/** Facts a style never prints for a `personal_communication`, with where its code says so. */
const STYLE_LIMITS: Record<string, string[]> = {
  // modern-language-association.csl has no macro that prints `recipient` (only interviewers).
  'modern-language-association': ['recipient'],
  // apa.csl prints no event-date for a personal_communication: the letter's day and month are lost, its year
  // is given as "(Original work published 1956)" from original-date (asserted below).
  apa: ['letter date'],
};

interface Engine {
  updateItems(ids: string[]): void;
  makeBibliography(): [unknown, string[]] | false;
  setOutputFormat(f: string): void;
  makeCitationCluster(items: { id: string }[]): string;
}

const styleText = (style: string): string => readFileSync(join(CSL_DIR, `${style}.csl`), 'utf8');
const localeText = (): string => readFileSync(join(CSL_DIR, 'locales-en-US.xml'), 'utf8');

/** One engine per style (building one costs one to two seconds of CPU: citeproc-js expands every macro by a walk of the whole style). */
const engines = new Map<string, { engine: Engine; items: Map<string, Record<string, unknown>> }>();
let counter = 0;

function engineFor(style: string): { engine: Engine; items: Map<string, Record<string, unknown>> } {
  let e = engines.get(style);
  if (!e) {
    const CSL = require('citeproc') as { Engine: new (sys: unknown, style: string, lang: string) => Engine };
    const locale = localeText();
    const items = new Map<string, Record<string, unknown>>();
    const engine = new CSL.Engine({ retrieveLocale: () => locale, retrieveItem: (id: string) => items.get(id) }, styleText(style), 'en-US');
    engine.setOutputFormat('text');
    engines.set(style, (e = { engine, items }));
  }
  return e;
}

/** Bibliography entries and notes of items in one run of the style (ids made unique). */
function formatAll(style: string, list: Record<string, unknown>[]): { bib: string; note: string }[] {
  const { engine, items } = engineFor(style);
  items.clear();
  const ids = list.map((item) => {
    const id = `${item.id as string}-${(counter += 1)}`;
    items.set(id, { ...item, id });
    return id;
  });
  engine.updateItems(ids);
  const bib = engine.makeBibliography();
  const byId = new Map<string, string>();
  if (bib) (bib[0] as { entry_ids: string[][] }).entry_ids.forEach((e, i) => byId.set(e[0] as string, (bib[1][i] ?? "").trim()));
  // makeCitationCluster is stateless (processCitationCluster keeps a registry across calls).
  return ids.map((id) => ({ bib: byId.get(id) ?? '', note: engine.makeCitationCluster([{ id }]) }));
}

const unescapeHtml = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/**
 * What the style made of an item, by style and item: the facts test, the titles test and the single checks
 * format the same items with the same style, and an engine formats an item the same every time (each run has
 * the one item under a fresh id, and makeCitationCluster keeps no state), so each is formatted once per file.
 */
const formatted = new Map<string, { bib: string; note: string }>();

function format(style: string, item: Record<string, unknown>): { bib: string; note: string } {
  const key = `${style}\0${JSON.stringify(item)}`;
  let out = formatted.get(key);
  if (!out) formatted.set(key, (out = formatAll(style, [item])[0] as { bib: string; note: string }));
  return out;
}

const CITEPROC_VERSION = (require('citeproc/package.json') as { version: string }).version;

/**
 * What the style makes of the items the tests format, kept on disk (tests/disk-cache.ts) under a key of
 * everything it depends on: citeproc-js's version, the style, the locale and the items themselves (what our
 * CSL-JSON made of the TEI, whole), with this file's code. citeproc-js is deterministic, so an unchanged item is
 * formatted as before; any change of the items (of the toolkit's CSL-JSON), of the styles or of citeproc-js
 * builds the engines again. Without this, each run builds four engines (some 6 s of CPU) for the same text.
 * An item not listed here is formatted by the engine when a test asks (format).
 */
async function formatAhead(style: string, items: Record<string, unknown>[]): Promise<void> {
  const input = JSON.stringify([CITEPROC_VERSION, styleText(style), localeText(), readFileSync(new URL(import.meta.url), 'utf8'), items]);
  const results = await cachedJson('citeproc', input, () => items.map((item) => formatAll(style, [item])[0] as { bib: string; note: string }), { toolkit: false });
  items.forEach((item, i) => formatted.set(`${style}\0${JSON.stringify(item)}`, results[i] as { bib: string; note: string }));
}

/** The DSB letter retitled with a name whose particle is lowercase, marked up as a name. */
function nocaseItem(all: Case[]): Record<string, unknown> {
  const dsb = (all.find((c) => c.label === 'letter DSB') as Case).record;
  const text = 'Letter on Ludwig van Beethoven and the Opera';
  return toCslItem({ ...dsb, title: text, genre: undefined, titleMarkup: [{ text, names: [false, false, true, true, true, false, false, false] }] }) as Record<string, unknown>;
}

describe.skipIf(!have)('CSL-JSON with the official styles (citeproc-js)', () => {
  let all: Case[] = [];
  beforeAll(async () => {
    all = await cases();
    for (const { file } of STYLES) await formatAhead(file, [...all.map((c) => toCslItem(c.record) as Record<string, unknown>), nocaseItem(all)]);
  });

  it('covers every target of the letter, the fixture edition, a one-witness letter, an unlinked recipient and a foreign document', () => {
    const labels = all.map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(['letter PPP', 'letter DSB', 'letter FRUS', 'letter edition', 'fixture whitcombe-lindqvist-1851-03-14.xml MS', 'no recipient authority MS']));
    expect(labels.some((l) => l.startsWith('foreign'))).toBe(true);
    expect(all.length).toBeGreaterThanOrEqual(16);
  });

  for (const { file, ours } of STYLES) {
    it(`${file}: every fact of our ${ours} citation is in the style's entry`, () => {
      // One item per run: a bibliography of several would replace repeated authors by "———".
      for (const c of all) {
        // Chicago puts a letter with no published source in the notes only (CMOS 14.111): check the note then.
        const { bib: entry, note } = format(file, toCslItem(c.record));
        const bib = entry || note;
        const own = formatCitation(c.record, ours);
        for (const f of facts(c.record)) {
          expect(own, `${c.label}: our ${ours} lacks the ${f.name}`).toMatch(f.pattern);
          if (STYLE_LIMITS[file]?.includes(f.name)) continue;
          // apa.csl cites a letter with no retrievable source (no archive, container, publisher or URL: a
          // manuscript known by its shelfmark only) as an in-text personal communication (APA 8.9), which names no recipient.
          if (file === 'apa' && c.record.container.kind === 'manuscript' && f.name === 'recipient') {
            expect(bib).toMatch(/personal communication/);
            continue;
          }
          expect(bib, `${c.label}: ${file} lacks the ${f.name} (${f.pattern})`).toMatch(f.pattern);
        }
      }
    });
  }

  for (const { file, ours } of STYLES) {
    it(`${file}: every title our ${ours} citation prints is in the style's entry with the same capitals`, () => {
      // Sentence case for APA's books and letters, headline case for Chicago and MLA, from the same CSL-JSON.
      let compared = 0;
      for (const c of all) {
        const { bib: entry, note } = format(file, toCslItem(c.record));
        const bib = entry || note;
        const html = formatCitation(c.record, ours, 'html');
        const titles = [...html.matchAll(/<i>([^<]*)<\/i>/g)].map((m) => unescapeHtml(m[1] as string)).filter((t) => /\p{L}/u.test(t));
        // APA prints a letter's own title (the copy text's heading) before its bracketed description.
        const own = file === 'apa' ? /^[^)]*\)\. ([^[]+) \[Letter/.exec(formatCitation(c.record, ours))?.[1] : undefined;
        for (const t of [...titles, ...(own ? [own] : [])]) {
          expect(bib, `${c.label}: ${file} prints "${t}" otherwise`).toContain(t);
          compared += 1;
        }
      }
      // At least the title of every published container (a manuscript's description is not italic).
      expect(compared).toBeGreaterThanOrEqual(all.filter((c) => c.record.container.kind !== 'manuscript' && c.record.container.title).length);
    });
  }

  it('APA: the names the TEI marks up keep their capitals in sentence case; Chicago raises the rest', () => {
    const ppp = all.find((c) => c.label === 'letter PPP') as Case;
    const apa = format('apa', toCslItem(ppp.record)).bib;
    expect(apa).toContain('Message to Nikolai Bulganin, Chairman, Council of Ministers, U.S.S.R., urging withdrawal of Soviet forces from Hungary');
    expect(apa).toContain('In Public papers of the presidents of the United States: Dwight D. Eisenhower, 1956');
    const chicago = format('chicago-notes-bibliography-17th-edition', toCslItem(ppp.record)).bib;
    expect(chicago).toContain('Message to Nikolai Bulganin, Chairman, Council of Ministers, U.S.S.R., Urging Withdrawal of Soviet Forces from Hungary');
    expect(chicago).toContain('In Public Papers of the Presidents of the United States: Dwight D. Eisenhower, 1956');
  });

  it('a name with a lowercase particle in a title is kept from title case by a nocase span', () => {
    const item = nocaseItem(all);
    expect(item.title).toBe('Letter on <span class="nocase">Ludwig van Beethoven</span> and the opera');
    expect(format('chicago-notes-bibliography-17th-edition', item).bib).toContain('Letter on Ludwig van Beethoven and the Opera');
    expect(format('apa', item).bib).toContain('Letter on Ludwig van Beethoven and the opera');
  });

  it('the letter’s date is never printed as the date of the source, nor the reverse (Bulletin and FRUS)', () => {
    const dsb = all.find((c) => c.label === 'letter DSB') as Case;
    const frus = all.find((c) => c.label === 'letter FRUS') as Case;
    const chicago = format('chicago-notes-bibliography-17th-edition', toCslItem(dsb.record));
    expect(chicago.note).toContain('Dwight D. Eisenhower, letter to Nikolai A. Bulganin, November 4, 1956, in Department of State Bulletin (1956), 35:795–97');
    expect(format('modern-language-association', toCslItem(dsb.record)).bib).toContain('Department of State Bulletin, vol. 35, 19 Nov. 1956, pp. 795–97');
    expect(format('apa', toCslItem(dsb.record)).bib).toContain('(1956, November 19)');
    const frusChicago = format('chicago-notes-bibliography-17th-edition', toCslItem(frus.record));
    // The letter's year and the volume's (CMOS's reprint form), the volume with "vol.", the document number, never "Letter no.".
    expect(frusChicago.note).toContain('November 4, 1956');
    expect(frusChicago.note).toContain('vol. 25, Eastern Europe, ed. Edward C. Keefer, Ronald D. Landa, and Stanley Shaloff');
    expect(frusChicago.note).toContain('Washington: Government Printing Office, 1990');
    expect(frusChicago.note).toContain('no. 166');
    expect(frusChicago.note).not.toMatch(/letter no\./i);
    expect(format('apa', toCslItem(frus.record)).bib).toContain('(Original work published 1956)');
  });

  it('MLA’s limit is real: the style prints no recipient for any letter', () => {
    const dsb = all.find((c) => c.label === 'letter DSB') as Case;
    expect(format('modern-language-association', toCslItem(dsb.record)).bib).not.toContain('Bulganin');
  });

  it('name particles stay with the surname in every style (August von Gonzenbach)', () => {
    const foreign = all.filter((c) => c.label.startsWith('foreign'));
    for (const c of foreign) {
      const item = toCslItem(c.record);
      const all4 = STYLES.map((s) => format(s.file, item).bib).join('\n');
      // Never "Von Gonzenbach", never "von" taken for an initial, never a surname "von".
      expect(all4).not.toMatch(/Von Gonzenbach|Gonzenbach, A\. V\.|V\. Gonzenbach|^von,/m);
      expect(all4).toMatch(/Gonzenbach/);
    }
  });
});

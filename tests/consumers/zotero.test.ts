/**
 * What Zotero keeps: Zotero's own RIS import translator and its Embedded
 * Metadata translator (with RDF.js), run headless in a node:vm sandbox
 * (zotero-sandbox.ts) on our .ris files and on a document page's <head>.
 * For every target the saved item must hold every fact, each in a field
 * Zotero has for its item type (zschema.json) and shows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatData } from '../../src/cite/index.js';
import { pageMeta } from '../../src/site/meta.js';
import { citationRecord, containerTitleOf, marked } from '../../src/cite/record.js';
import { readDocumentModel } from '../../src/model/read.js';
import { cslTitle } from '../../src/cite/case.js';
import { toCslItem } from '../../src/cite/csl-json.js';
import { cases, ORACLES, root, type Case } from './targets.js';
import { ZoteroSandbox, type ZoteroItem } from './zotero-sandbox.js';

const DIR = join(ORACLES, 'zotero');
const have = existsSync(join(DIR, 'RIS.js')) && existsSync(join(DIR, 'Embedded Metadata.js'));
if (!have) console.warn(`[zotero] SKIPPED: Zotero's translators are not in ${DIR}; nothing was imported through them.`);

const creators = (item: ZoteroItem, type: string): string[] => item.creators.filter((c) => c.creatorType === type).map((c) => c.lastName ?? c.name ?? '');

describe.skipIf(!have)('Zotero (its own translators, headless)', () => {
  let all: Case[] = [];
  let zotero: ZoteroSandbox;
  beforeAll(async () => {
    all = await cases();
    zotero = new ZoteroSandbox(DIR);
  });

  it('RIS: a Letter with author, recipient, date and title; the source in Extra and a note, for every target', async () => {
    for (const c of all) {
      const r = c.record;
      const [item, ...rest] = await zotero.importRis(formatData(r, 'ris'));
      expect(rest, c.label).toEqual([]);
      expect(item?.itemType, c.label).toBe('letter');
      const it = item as ZoteroItem;
      // Every field the item has is one a Letter has (the sandbox, like Zotero, drops the others).
      for (const key of Object.keys(it)) if (!['itemType', 'creators', 'notes', 'tags', 'attachments'].includes(key)) expect(zotero.fieldsOf('letter'), `${c.label}: ${key}`).toContain(key);
      expect(creators(it, 'author'), c.label).toEqual(r.senders.map((n) => n.family ?? n.display));
      expect(creators(it, 'recipient'), c.label).toEqual(r.recipients.map((n) => n.family ?? n.display));
      if (r.dateSent) expect(it.date, c.label).toBe(r.dateSent.iso);
      // Titles as Zotero asks them stored, as in CSL-JSON: sentence case, the marked-up names kept (as plain text).
      expect(it.title, c.label).toBe(cslTitle(r.language, marked(r, r.title), { nocase: false }));
      const extra = String(it.extra ?? '');
      const container = r.container.kind === 'manuscript' ? containerTitleOf(r.container) : (toCslItem(r)['container-title'] as string | undefined);
      if (container) expect(extra, c.label).toContain(`${r.container.kind === 'manuscript' ? 'medium' : 'container-title'}: ${container}\n`.trimEnd());
      if (r.container.date) expect(extra, c.label).toContain(`issued: ${r.container.date.iso}`);
      if (r.container.volume) expect(extra, c.label).toMatch(/volume: (25|35)/);
      if (r.pages) expect(extra, c.label).toContain(`page: ${r.pages.from}`);
      if (r.number) expect(extra, c.label).toContain(`number: ${r.number.value}`);
      for (const e of r.container.editors) expect(extra, c.label).toContain(`editor: ${e.family ?? e.display}`);
      if (r.container.publisher) expect(extra, c.label).toContain(`publisher: ${r.container.publisher}`);
      // The archive in the Letter's own fields (RIS DB, AN), its collection and place in Extra.
      if (r.container.archive?.repository) expect(it.archive, c.label).toBe(r.container.archive.repository);
      if (r.container.archive?.shelfmark) expect(it.archiveLocation, c.label).toBe(r.container.archive.shelfmark);
      if (r.container.archive?.collection) expect(extra, c.label).toContain(`archive_collection: ${r.container.archive.collection}`);
      if (r.container.archive?.place) expect(extra, c.label).toContain(`archive-place: ${r.container.archive.place}`);
      // No "values with no corresponding Zotero field" note: every line found its place.
      expect(it.notes.map((n) => n.note).join('\n'), c.label).not.toContain('no corresponding Zotero field');
      expect(it.notes.length, c.label).toBe(1);
    }
  });

  it('RIS: a name with a lowercase particle in a title is written as plain text (no nocase span), which Zotero stores as written', async () => {
    const dsb = (all.find((c) => c.label === 'letter DSB') as Case).record;
    const text = 'Letter on Ludwig van Beethoven and the Opera';
    const record = { ...dsb, title: text, genre: undefined, titleMarkup: [{ text, names: [false, false, true, true, true, false, false, false] }] };
    const ris = formatData(record, 'ris');
    expect(ris).toContain('TI  - Letter on Ludwig van Beethoven and the opera\r\n');
    expect(ris).not.toContain('<span');
    // CSL-JSON keeps the span, which citeproc reads (tests/consumers/citeproc.test.ts).
    expect(toCslItem(record).title).toBe('Letter on <span class="nocase">Ludwig van Beethoven</span> and the opera');
    const [item] = await zotero.importRis(ris);
    expect(item?.title).toBe('Letter on Ludwig van Beethoven and the opera');
  });

  it('RIS and CSL-JSON: a document that is no letter (minutes, without a correspDesc) is a manuscript, not a letter', async () => {
    const file = join(root, '..', 'shared', 'corpora', 'hsg', '1958-11-07-hac-meeting-minutes.xml');
    expect(existsSync(file), file).toBe(true);
    const record = citationRecord(await readDocumentModel(file, readFileSync(file, 'utf8')));
    const ris = formatData(record, 'ris');
    expect(ris.split('\r\n')[0]).toBe('TY  - MANSCPT');
    const [item] = await zotero.importRis(ris);
    expect(item).toMatchObject({ itemType: 'manuscript', title: 'Transcript of Historical Advisory Committee Meeting, November 1958', date: '1958-11-07' });
    expect(toCslItem(record).type).toBe('manuscript');
    // A letter stays a personal communication (citeproc's type for letters).
    expect(toCslItem((all[0] as Case).record).type).toBe('personal_communication');
  });

  it('RIS: Bulletin and FRUS in full, as Zotero stores them', async () => {
    const dsb = all.find((c) => c.label === 'letter DSB') as Case;
    const [item] = await zotero.importRis(formatData(dsb.record, 'ris'));
    expect(item).toMatchObject({ itemType: 'letter', date: '1956-11-04', letterType: 'Letter', language: 'en' });
    expect(item?.creators).toEqual([
      { lastName: 'Eisenhower', firstName: 'Dwight D.', creatorType: 'author' },
      { lastName: 'Bulganin', firstName: 'Nikolai A.', creatorType: 'recipient' },
    ]);
    expect(item?.extra).toBe('event-date: 1956-11-04\ncontainer-title: Department of State Bulletin\nvolume: 35\nissued: 1956-11-19\npage: 795-797');
    expect(item?.notes[0]?.note).toContain('Printed in Department of State Bulletin 35 (November 19, 1956): 795–97.');
    const ppp = all.find((c) => c.label === 'letter PPP') as Case;
    const [p] = await zotero.importRis(formatData(ppp.record, 'ris'));
    expect(p?.title).toBe('Message to Nikolai Bulganin, Chairman, Council of Ministers, U.S.S.R., urging withdrawal of Soviet forces from Hungary');
    expect(String(p?.extra)).toContain('container-title: Public papers of the presidents of the United States: Dwight D. Eisenhower, 1956');
    const frus = all.find((c) => c.label === 'letter FRUS') as Case;
    const [f] = await zotero.importRis(formatData(frus.record, 'ris'));
    expect(f?.url).toBe('https://history.state.gov/historicaldocuments/frus1955-57v25/d166');
    expect(String(f?.extra)).toContain('editor: Keefer || Edward C.\neditor: Landa || Ronald D.\neditor: Shaloff || Stanley\ncollection-editor: Glennon || John P.');
  });

  it('a document page: Embedded Metadata saves a Letter with author, recipient, the letter’s date, title, URL and the edition in Extra', async () => {
    const pages = all.filter((c) => c.target === 'edition');
    expect(pages.length).toBeGreaterThanOrEqual(7);
    for (const c of pages) {
      const m = c.model;
      const url = `https://edition.example.org/documents/${m.id}.html`;
      const head = pageMeta(m, { editionTitle: 'Fallback title', url, baseUrl: 'https://edition.example.org', ...(c.options.edition ? { edition: c.options.edition } : {}) });
      const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${m.id}</title>\n${head}</head><body><h1>${m.id}</h1></body></html>`;
      const [item, ...rest] = await zotero.saveWebPage(html, url);
      expect(rest, c.label).toEqual([]);
      const r = c.record;
      expect(item?.itemType, c.label).toBe(r.genre ? 'letter' : 'document');
      const it = item as ZoteroItem;
      expect(creators(it, 'author'), c.label).toEqual(r.senders.map((n) => n.family ?? n.display));
      expect(creators(it, 'recipient'), c.label).toEqual(r.recipients.map((n) => n.family ?? n.display));
      if (r.dateSent) expect(String(it.date).replace(/\//g, '-'), c.label).toBe(r.dateSent.iso);
      expect(it.title, c.label).toBe(m.title);
      expect(it.url, c.label).toBe(url);
      const editionTitle = containerTitleOf(r.container) ?? 'Fallback title';
      expect(String(it.extra), c.label).toContain(`container-title: ${editionTitle}`);
      if (r.edition.publisher) expect(String(it.extra), c.label).toContain(`publisher: ${r.edition.publisher}`);
      for (const e of r.container.editors) expect(String(it.extra), c.label).toContain(`editor: ${e.family}`);
    }
  });

  it('the fixture edition’s settings reach Zotero: its title, editors and publisher, not the letter’s own title', async () => {
    const c = all.find((x) => x.label === 'fixture whitcombe-lindqvist-1851-03-14.xml edition') as Case;
    const url = 'https://edition.example.org/herbarium/documents/x.html';
    const html = `<html><head>${pageMeta(c.model, { editionTitle: 'x', url, ...(c.options.edition ? { edition: c.options.edition } : {}) })}</head><body></body></html>`;
    const [item] = await zotero.saveWebPage(html, url);
    expect(item?.extra).toBe(
      'container-title: Letters of the Northern Herbarium Circle: A test edition of invented letters, 1851–1854\neditor: Testwell || Ada\npublisher: Fixture Press (test data)\npublisher-place: Nowhere\navailable-date: 2026',
    );
    expect(item?.rights).toBe('https://creativecommons.org/licenses/by/4.0/');
  });
});

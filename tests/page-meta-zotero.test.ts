/**
 * A letter page's metadata as Zotero saves it (its Embedded Metadata
 * translator, run in the sandbox of tests/consumers), for the letters the
 * fixtures do not have: an organisation as writer and as recipient (Zotero
 * split "Royal Society of London" into first name "Royal Society of" and
 * last name "London"), an undated letter (saved as dated in the edition's
 * year, from citation_online_date), a writer unknown (the recipient became
 * the author, from DC.contributor), a surname with its particle ("van
 * Gogh", saved as "Gogh"), and dates the description gave as the first day
 * of a range.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pageMeta } from '../src/site/meta.js';
import { readDocumentModel } from '../src/model/read.js';
import type { EditionSettings } from '../src/settings/types.js';
import { ORACLES } from './consumers/targets.js';
import { ZoteroSandbox, type ZoteroItem } from './consumers/zotero-sandbox.js';

const DIR = join(ORACLES, 'zotero');
const have = existsSync(join(DIR, 'Embedded Metadata.js'));
if (!have) console.warn(`[page-meta-zotero] SKIPPED: Zotero's translators are not in ${DIR}; no page was saved through them.`);

const EDITION: EditionSettings = { title: 'Probe Letters', publisher: 'Probe Press', date: '2026-11-30' };

function letter(correspDesc: string, persons = ''): string {
  return `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc><titleStmt><title>A letter</title></titleStmt>
<publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc>
<profileDesc><correspDesc>${correspDesc}</correspDesc></profileDesc></teiHeader>
<text><body><p>Text.</p></body></text>${persons ? `<standOff><listPerson>${persons}</listPerson></standOff>` : ''}</TEI>`;
}

async function saved(zotero: ZoteroSandbox, tei: string, id: string): Promise<{ item: ZoteroItem; head: string }> {
  const model = { ...(await readDocumentModel(`tei/${id}.xml`, tei)), id };
  const url = `https://edition.example.org/documents/${id}.html`;
  const head = pageMeta(model, { editionTitle: 'Probe Letters', url, baseUrl: 'https://edition.example.org', edition: EDITION });
  const [item] = await zotero.saveWebPage(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${id}</title>\n${head}</head><body></body></html>`, url);
  return { item: item as ZoteroItem, head };
}

const people = (item: ZoteroItem, type: string): string[] =>
  item.creators.filter((c) => c.creatorType === type).map((c) => [c.lastName ?? c.name ?? '', c.firstName ?? ''].filter(Boolean).join(' | '));

describe.skipIf(!have)('a letter page saved by Zotero', () => {
  let zotero: ZoteroSandbox;
  beforeAll(() => {
    zotero = new ZoteroSandbox(DIR);
  });

  it('keeps an organisation whole, as writer and as recipient', async () => {
    const { item } = await saved(
      zotero,
      letter(`<correspAction type="sent"><orgName>Royal Society of London</orgName><date when="1901-05-02"/></correspAction>
<correspAction type="received"><orgName>Académie des sciences</orgName></correspAction>`),
      'rs',
    );
    expect(people(item, 'author')).toEqual(['Royal Society of London']);
    expect(people(item, 'recipient')).toEqual(['Académie des sciences']);
    expect(item.date).toBe('1901/05/02');
  });

  it('saves an undated letter without a date, and names no recipient as its author', async () => {
    const { item, head } = await saved(zotero, letter(`<correspAction type="received"><persName>Jeannette Thurber</persName></correspAction>`), 'undated');
    expect(item.date || undefined).toBeUndefined();
    expect(people(item, 'author')).toEqual([]);
    expect(people(item, 'recipient')).toEqual(['Thurber | Jeannette']);
    // The edition's date is still there, for what it is: when the edition was published.
    expect(String(item.extra)).toContain('available-date: 2026-11-30');
    expect(head).not.toContain('citation_online_date');
  });

  it('keeps a particle the register writes in the surname with it; one outside it with the given names', async () => {
    const { item } = await saved(
      zotero,
      letter(
        `<correspAction type="sent"><persName ref="#vg">Vincent van Gogh</persName><date when="1888-10-03"/></correspAction>
<correspAction type="received"><persName ref="#lvb">Ludwig van Beethoven</persName></correspAction>`,
        `<person xml:id="vg"><persName><forename>Vincent</forename> <surname>van Gogh</surname></persName></person>
<person xml:id="lvb"><persName><forename>Ludwig</forename> van <surname>Beethoven</surname></persName></person>`,
      ),
      'vg',
    );
    expect(people(item, 'author')).toEqual(['van Gogh | Vincent']);
    expect(people(item, 'recipient')).toEqual(['Beethoven | Ludwig van']);
  });

  it('describes a range and a doubted date as the page gives them, not by their first day', async () => {
    const range = await saved(zotero, letter(`<correspAction type="sent"><persName>Ludwig van Beethoven</persName><date notBefore="1810-01-01" notAfter="1812-12-31"/></correspAction>`), 'range');
    expect(range.head).toContain('<meta name="description" content="Ludwig van Beethoven, between January 1, 1810 and December 31, 1812">');
    const doubted = await saved(zotero, letter(`<correspAction type="sent"><persName>Vincent van Gogh</persName><date when="1888-10-03" cert="low"/></correspAction>`), 'doubted');
    expect(doubted.head).toContain('<meta name="description" content="Vincent van Gogh, October 3, 1888?">');
    expect(doubted.item.abstractNote).toBe('Vincent van Gogh, October 3, 1888?');
  });
});

/**
 * A name particle in the citations. Which names keep theirs in a short form
 * is usage, person by person (CMOS 8.5: "van Gogh" but "Beethoven"), so the
 * register says it: a particle inside <surname> belongs to the surname and
 * stays with it ("van Gogh to Gauguin"); one outside it drops
 * ("Beethoven"). Every style and format gives one name one way, and
 * citeproc-js with the official APA style gives what our APA gives.
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { citationRecord, formatCitation, formatData } from '../src/cite/index.js';
import { toCslItem } from '../src/cite/csl-json.js';
import { readDocumentModel } from '../src/model/read.js';
import { ORACLES } from './consumers/targets.js';

const require = createRequire(import.meta.url);
const CSL_DIR = join(ORACLES, 'csl');

function letter(sender: string, person: string): string {
  return `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc><titleStmt><title>A letter</title></titleStmt>
<publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc>
<profileDesc><correspDesc><correspAction type="sent"><persName ref="#s">${sender}</persName><date when="1888-10-03"/></correspAction>
<correspAction type="received"><persName>Paul Gauguin</persName></correspAction></correspDesc></profileDesc></teiHeader>
<text><body><p>Text.</p></body></text><standOff><listPerson><person xml:id="s"><persName>${person}</persName></person></listPerson></standOff></TEI>`;
}

async function record(sender: string, person: string) {
  const model = await readDocumentModel('tei/x.xml', letter(sender, person));
  return citationRecord(model, 'edition', { edition: { title: 'Probe Letters', date: '2009' } });
}

describe('a particle the register writes inside the surname', () => {
  it('stays with it in every short form and in what Zotero and citeproc read', async () => {
    const r = await record('Vincent van Gogh', '<forename>Vincent</forename> <surname>van Gogh</surname>');
    expect(formatCitation(r, 'chicago-short')).toMatch(/^van Gogh to Gauguin/);
    expect(formatCitation(r, 'chicago-bib')).toMatch(/^Gogh, Vincent van\./);
    expect(formatCitation(r, 'mla')).toMatch(/^van Gogh, Vincent\./);
    expect(formatCitation(r, 'mla-in-text')).toBe('(van Gogh)');
    expect(formatCitation(r, 'apa')).toMatch(/^van Gogh, V\. \(/);
    expect(formatCitation(r, 'apa-in-text')).toMatch(/^\(van Gogh, /);
    expect(toCslItem(r).author).toEqual([{ family: 'Gogh', given: 'Vincent', 'non-dropping-particle': 'van' }]);
    expect(formatData(r, 'ris')).toContain('AU  - van Gogh, Vincent\r\n');
  });

  it('one outside it drops from the surname alone, as before', async () => {
    const r = await record('Ludwig van Beethoven', '<forename>Ludwig</forename> van <surname>Beethoven</surname>');
    expect(formatCitation(r, 'chicago-short')).toMatch(/^Beethoven to Gauguin/);
    expect(formatCitation(r, 'mla')).toMatch(/^Beethoven, Ludwig van\./);
    expect(formatCitation(r, 'apa')).toMatch(/^Beethoven, L\. van\. \(/);
    expect(toCslItem(r).author).toEqual([{ family: 'Beethoven', given: 'Ludwig', 'dropping-particle': 'van' }]);
    expect(formatData(r, 'ris')).toContain('AU  - Beethoven, Ludwig van\r\n');
  });

  const haveCsl = existsSync(join(CSL_DIR, 'apa.csl'));
  if (!haveCsl) console.warn(`[cite-particles] SKIPPED in part: the official CSL styles are not in ${CSL_DIR}; citeproc was not asked.`);
  it.skipIf(!haveCsl)('citeproc-js with the official APA style names them as our APA does', async () => {
    const CSL = require('citeproc') as { Engine: new (sys: unknown, style: string, lang: string) => { updateItems(ids: string[]): void; makeBibliography(): [unknown, string[]]; setOutputFormat(f: string): void } };
    for (const [sender, person, expected] of [
      ['Vincent van Gogh', '<forename>Vincent</forename> <surname>van Gogh</surname>', /^van Gogh, V\. \(/],
      ['Ludwig van Beethoven', '<forename>Ludwig</forename> van <surname>Beethoven</surname>', /^Beethoven, L\. van\. \(/],
    ] as const) {
      const item = { ...toCslItem(await record(sender, person)), id: 'x' };
      const engine = new CSL.Engine({ retrieveLocale: () => readFileSync(join(CSL_DIR, 'locales-en-US.xml'), 'utf8'), retrieveItem: () => item }, readFileSync(join(CSL_DIR, 'apa.csl'), 'utf8'), 'en-US');
      engine.setOutputFormat('text');
      engine.updateItems(['x']);
      const ours = formatCitation(await record(sender, person), 'apa');
      const theirs = (engine.makeBibliography()[1][0] ?? '').trim();
      expect(theirs).toMatch(expected);
      expect(ours).toMatch(expected);
    }
  }, 60_000);
});

describe('the language a title is cased by', () => {
  const tei = (lang: string, title: string): string => `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="${lang}"><teiHeader><fileDesc><titleStmt>${title}</titleStmt>
<publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc>
<profileDesc><correspDesc><correspAction type="sent"><persName>Vincent van Gogh</persName><date when="1888-10-03"/></correspAction>
<correspAction type="received"><persName>Paul Gauguin</persName></correspAction></correspDesc></profileDesc></teiHeader>
<text><body><p>Text.</p></body></text></TEI>`;
  const edition = { title: 'Probe Letters', subtitle: 'A digital edition of letters', language: 'en' };

  it("is the edition's language for the edition's title, whatever the letter's", async () => {
    const model = await readDocumentModel('tei/x.xml', tei('de', '<title>Vincent van Gogh an Paul Gauguin</title>'));
    const r = citationRecord(model, 'edition', { edition });
    expect(formatCitation(r, 'chicago-note')).toContain('Probe Letters: A Digital Edition of Letters');
    expect(formatCitation(r, 'mla')).toContain('Probe Letters: A Digital Edition of Letters');
    // An edition without a language of its own: the letter's, as before (a German title keeps its capitals).
    const unsaid = citationRecord(model, 'edition', { edition: { title: 'Probe Letters', subtitle: 'A digital edition of letters' } });
    expect(formatCitation(unsaid, 'chicago-note')).toContain('Probe Letters: A digital edition of letters');
  });

  it("is the title's own language where it says one", async () => {
    const model = await readDocumentModel('tei/x.xml', tei('en', '<title type="main" xml:lang="fr">À Paul Gauguin. Arles, mercredi 3 octobre 1888</title>'));
    const r = citationRecord(model, 'edition', { edition });
    expect(r.titleLanguage).toBe('fr');
    // Kept as written (English sentence case would have lowered nothing here, but it is not English);
    // in CSL-JSON protected from the title case Chicago's CSL style gives an English item's titles.
    expect(toCslItem(r).title).toBe('<span class="nocase">À Paul Gauguin. Arles, mercredi 3 octobre 1888</span>');
    expect(formatData(r, 'ris')).toContain('TI  - À Paul Gauguin. Arles, mercredi 3 octobre 1888\r\n');
    const english = citationRecord(await readDocumentModel('tei/x.xml', tei('en', '<title>To Paul Gauguin, From Arles</title>')), 'edition', { edition });
    expect(english.titleLanguage).toBeUndefined();
    expect(toCslItem(english).title).toBe('To Paul Gauguin, from Arles');
  });
});

describe('an undated letter in Chicago', () => {
  const tei = (date: string): string => `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc><titleStmt><title>A letter</title></titleStmt>
<publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc>
<profileDesc><correspDesc><correspAction type="sent"><persName>Antonín Dvořák</persName>${date}</correspAction>
<correspAction type="received"><persName>Jeannette Thurber</persName></correspAction></correspDesc></profileDesc></teiHeader>
<text><body><p>Text.</p></body></text></TEI>`;
  const cite = async (date: string) => citationRecord(await readDocumentModel('tei/x.xml', tei(date)), 'edition', { edition: { title: 'Probe Letters' } });

  it('says "n.d." where the date would stand; a date in words the toolkit cannot read is left out, not denied', async () => {
    const undated = await cite('');
    expect(formatCitation(undated, 'chicago-note')).toBe('Antonín Dvořák to Jeannette Thurber, n.d., in Probe Letters.');
    expect(formatCitation(undated, 'chicago-short')).toBe('Dvořák to Thurber, n.d.');
    expect(formatCitation(undated, 'chicago-bib')).toMatch(/^Dvořák, Antonín\. Letter to Jeannette Thurber, n\.d\. In Probe Letters\./);
    const words = await cite('<date>um 1893</date>');
    expect(formatCitation(words, 'chicago-note')).toBe('Antonín Dvořák to Jeannette Thurber, in Probe Letters.');
  });
});

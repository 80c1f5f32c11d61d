/**
 * Citations of letters as the tester's probe edition (/tmp/probe-cite-1)
 * encodes them: an archive in msDesc, an organisation as author, inferred
 * and uncertain dates, an undated letter, a journal issue without a volume,
 * titles in another language. Each test names the defect it pins.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ORACLES } from './consumers/targets.js';
import { citationRecord } from '../src/cite/record.js';
import { formatCitation, formatData, type CiteStyle } from '../src/cite/index.js';
import { toCslItem } from '../src/cite/csl-json.js';
import { readDocumentModel } from '../src/model/read.js';
import type { EditionSettings } from '../src/settings/types.js';

const EDITION: EditionSettings = {
  title: 'Probe Letters',
  subtitle: 'A digital edition of letters',
  editors: [{ name: 'Pat Probe', role: 'editor' }],
  publisher: 'Probe Project',
  language: 'en',
  date: '2026',
} as EditionSettings;
const BASE = 'https://example.org/probe/';

interface Doc {
  lang?: string;
  title: string;
  sourceDesc: string;
  sent: string;
  received: string;
}
const tei = (d: Doc): string => `<TEI xmlns="http://www.tei-c.org/ns/1.0"${d.lang ? ` xml:lang="${d.lang}"` : ''}><teiHeader><fileDesc><titleStmt>${d.title}</titleStmt>
<publicationStmt><publisher>Probe Project</publisher></publicationStmt><sourceDesc>${d.sourceDesc}</sourceDesc></fileDesc>
<encodingDesc><classDecl><taxonomy><category xml:id="copy-text"><catDesc>C</catDesc></category><category xml:id="preferred-citation"><catDesc>P</catDesc></category></taxonomy></classDecl></encodingDesc>
<profileDesc><correspDesc><correspAction type="sent">${d.sent}</correspAction><correspAction type="received">${d.received}</correspAction></correspDesc></profileDesc></teiHeader>
<text><body><p>Text</p></body></text></TEI>`;

const model = (d: Doc) => readDocumentModel('probe.xml', tei(d));
const cite = async (d: Doc, style: CiteStyle, target?: string): Promise<string> =>
  formatCitation(citationRecord(await model(d), target, { edition: EDITION, baseUrl: BASE }), style);
const data = async (d: Doc, format: 'ris' | 'bibtex' | 'biblatex', target?: string): Promise<string> =>
  formatData(citationRecord(await model(d), target, { edition: EDITION, baseUrl: BASE }), format);
const csl = async (d: Doc, target?: string) => toCslItem(citationRecord(await model(d), target, { edition: EDITION, baseUrl: BASE }));

const BEETHOVEN: Doc = {
  lang: 'de',
  title: '<title type="main" xml:lang="de"><persName>Ludwig van Beethoven</persName> an einen Unbekannten</title>',
  sourceDesc:
    '<msDesc><msIdentifier><settlement>Bonn</settlement><repository>Beethoven-Haus</repository><collection>Sammlung H. C. Bodmer</collection><idno>HCB Br 12</idno></msIdentifier></msDesc>',
  sent: '<persName>Ludwig van Beethoven</persName><placeName>Wien</placeName><date notBefore="1810-01-01" notAfter="1812-12-31"/>',
  received: '<persName>Unknown</persName>',
};
// The Escher letters' form: an institution and the archive's own reference code beside the shelfmark.
const ESCHER: Doc = {
  lang: 'de',
  title: '<title>Stadt Lugano an Alfred Escher, Lugano, Samstag, 18. November 1871</title>',
  sourceDesc:
    '<msDesc><msIdentifier><institution>BAR</institution><idno type="original">CH-BAR#J1.81#1000/1377#5*</idno><idno>J I.81</idno></msIdentifier></msDesc><bibl type="printed"/>',
  sent: '<orgName>Stadt Lugano</orgName><placeName>Lugano</placeName><date when="1871-11-18"/>',
  received: '<persName>Alfred Escher</persName>',
};
const witness = (bibl: string, ms = ''): Doc => ({
  title: '<title>Letter</title>',
  sourceDesc: `<listWit><witness xml:id="W" ana="#copy-text #preferred-citation">${bibl}${ms}</witness></listWit>`,
  sent: '<persName>Béla Bartók</persName><date when="1907"/>',
  received: '<persName>Zoltán Kodály</persName>',
});
const ARCHIVE_MS = '<msDesc><msIdentifier><settlement>Budapest</settlement><repository>Bartók Archívum</repository><idno>BA-N 1234</idno></msIdentifier></msDesc>';

describe('A. the archive of msDesc in the citations of the edition and of a manuscript witness', () => {
  it('Chicago (CMOS 14.232): shelfmark, collection, repository, place after the date, then the edition', async () => {
    expect(await cite(BEETHOVEN, 'chicago-note', 'edition')).toMatch(
      /^Ludwig van Beethoven to Unknown, \[1810–1812\], HCB Br 12, Sammlung H\. C\. Bodmer, Beethoven-Haus, Bonn, in Probe Letters: /,
    );
    expect(await cite(BEETHOVEN, 'chicago-bib', 'edition')).toMatch(/\[1810–1812\]\. HCB Br 12, Sammlung H\. C\. Bodmer, Beethoven-Haus, Bonn\. In Probe Letters: /);
    expect(await cite(ESCHER, 'chicago-note', 'edition')).toMatch(/^Stadt Lugano to Alfred Escher, November 18, 1871, J I\.81, BAR, in Probe Letters/);
  });
  it('MLA: the collection, the repository and its place, the shelfmark; then the edition', async () => {
    expect(await cite(BEETHOVEN, 'mla', 'edition')).toMatch(/\. Sammlung H\. C\. Bodmer, Beethoven-Haus, Bonn, HCB Br 12\. Probe Letters: /);
  });
  it('APA (archival documents): Collection (shelfmark), Repository, Place', async () => {
    expect(await cite(BEETHOVEN, 'apa', 'edition')).toContain('. Sammlung H. C. Bodmer (HCB Br 12), Beethoven-Haus, Bonn. In P. Probe (Ed.), ');
    expect(await cite(ESCHER, 'apa', 'edition')).toContain('[Letter to Alfred Escher, November 18, 1871]. BAR (J I.81). In P. Probe (Ed.), ');
  });
  it('a manuscript witness described by an msDesc: its description, then the archive', async () => {
    const doc = witness('<bibl><title level="u">Autograph letter, signed</title></bibl>', ARCHIVE_MS);
    expect(await cite(doc, 'chicago-note')).toBe('Béla Bartók to Zoltán Kodály, 1907, Autograph letter, signed, BA-N 1234, Bartók Archívum, Budapest.');
    expect(await cite(doc, 'apa')).toMatch(/\[Letter to Zoltán Kodály, 1907\]\. Autograph letter, signed, Bartók Archívum \(BA-N 1234\), Budapest\.$/);
    expect(await cite(doc, 'mla')).toMatch(/\. 1907\. Autograph letter, signed, Bartók Archívum, Budapest, BA-N 1234\.$/);
  });
  it('a printed witness is cited by its publication, never by an archive', async () => {
    const doc = witness('<bibl><title level="m">Letters</title> (<publisher>P</publisher>, <date when="1950">1950</date>)<idno type="shelfmark">X 1</idno></bibl>', ARCHIVE_MS);
    for (const style of ['chicago-note', 'mla', 'apa'] as const) expect(await cite(doc, style)).not.toMatch(/Archívum|BA-N|X 1/);
    expect(await csl(doc)).not.toHaveProperty('archive');
  });
  it('CSL-JSON: archive, archive_collection, archive_location, archive-place', async () => {
    const item = await csl(BEETHOVEN, 'edition');
    expect(item).toMatchObject({ archive: 'Beethoven-Haus', archive_collection: 'Sammlung H. C. Bodmer', archive_location: 'HCB Br 12', 'archive-place': 'Bonn' });
    expect(await csl(ESCHER, 'edition')).toMatchObject({ archive: 'BAR', archive_location: 'J I.81' });
  });
  it('BibTeX and BibLaTeX: the archive in a field the standard styles print', async () => {
    expect(await data(BEETHOVEN, 'bibtex', 'edition')).toMatch(/note += \{.*HCB Br 12, Sammlung H\. C\. Bodmer, Beethoven-Haus, Bonn\}/);
    expect(await data(BEETHOVEN, 'biblatex', 'edition')).toMatch(/addendum += \{HCB Br 12, Sammlung H\. C\. Bodmer, Beethoven-Haus, Bonn\}/);
  });
});

const DARWIN: Doc = {
  title: '<title type="main">Reply to <title level="j">The Times</title> on the "Copley Medal"</title>',
  sourceDesc:
    '<listWit><witness xml:id="DCP" ana="#copy-text #preferred-citation"><bibl><title level="m">The Correspondence of <persName>Charles Darwin</persName></title>, ed. <editor>Frederick Burkhardt</editor>, vol. <biblScope unit="volume">12</biblScope> (<pubPlace>Cambridge</pubPlace>: <publisher>Cambridge University Press</publisher>, <date when="2001">2001</date>), pp. <biblScope unit="page" from="401" to="402">401–402</biblScope></bibl></witness></listWit>',
  sent: '<orgName>Royal Society of London</orgName><placeName>London</placeName><date when="1864-11-30" cert="low"/>',
  received: '<persName>Charles Darwin</persName>',
};

describe('C. APA: the author element ends in a period', () => {
  it('a group author, and a name without initials, are followed by a period before the date', async () => {
    expect(await cite(DARWIN, 'apa')).toMatch(/^Royal Society of London\. \(2001\)\. /);
    const single = { ...DARWIN, sent: '<persName>Voltaire</persName><date when="1864-11-30"/>' };
    expect(await cite(single, 'apa')).toMatch(/^Voltaire\. \(2001\)\. /);
    // An initial's period is the element's: no doubled period.
    expect(await cite(BEETHOVEN, 'apa', 'edition')).not.toMatch(/\.\. \(/);
  });
});

describe('D. APA: a span of years and an approximate date, as APA writes them', () => {
  it('an inferred span of years is "ca. 1810–1812"; an uncertain date "ca. 1888"', async () => {
    expect(await cite(BEETHOVEN, 'apa', 'edition')).toMatch(/\(Original work published ca\. 1810–1812\)$/);
    expect(await cite(BEETHOVEN, 'apa-in-text', 'edition')).toMatch(/, ca\. 1810–1812\/2026\)$/);
    expect(await cite(DARWIN, 'apa')).toMatch(/\(Original work published ca\. 1864\)$/);
    expect(await cite(DARWIN, 'apa-in-text')).toBe('(Royal Society of London, ca. 1864/2001)');
  });
  it('a letter dated by itself (a manuscript) gives "ca." in its date element, not brackets', async () => {
    const doc = { ...witness('<bibl><title level="u">Autograph letter, signed</title></bibl>'), sent: '<persName>Béla Bartók</persName><date when="1907-05" cert="low"/>' };
    expect(await cite(doc, 'apa')).toMatch(/^Bartók, B\. \(ca\. 1907, May\)\. /);
    expect(await cite(doc, 'apa-in-text')).toBe('(Bartók, ca. 1907)');
  });
});

describe('E. CSL-JSON: an unpublished letter is issued on its own date', () => {
  const BARTOK = { ...witness('<bibl><title level="u">Autograph letter, signed</title>, <idno type="shelfmark">BA-N 1234</idno></bibl>'), lang: 'hu' };
  it('a manuscript witness has issued = the letter’s date; a printed one keeps the source’s', async () => {
    expect((await csl(BARTOK))['issued']).toEqual({ 'date-parts': [[1907]] });
    expect((await csl(DARWIN))['issued']).toEqual({ 'date-parts': [[2001]] });
  });
  it('so that APA’s style dates it as our APA does', async () => {
    const out = citeproc('apa', await csl(BARTOK));
    if (out) expect(out.note).toBe('(Bartók B., personal communication, 1907)');
    expect(await cite(BARTOK, 'apa-in-text')).toBe('(Bartók, 1907)');
  });
});

describe('H. Chicago: a journal issue without a volume (CMOS 14.171)', () => {
  const MAO: Doc = {
    title: '<title type="main"><persName>Mao Zedong</persName> to <persName>Joseph Stalin</persName></title>',
    sourceDesc:
      '<listWit><witness xml:id="CWIHP" ana="#copy-text #preferred-citation"><bibl><title level="a">Telegram on the "Lean to One Side" Policy</title>, <title level="j">Cold War International History Project Bulletin</title>, no. <biblScope unit="issue">6</biblScope> (<date when="1995">1995</date>), pp. <biblScope unit="page" from="5" to="6">5–6</biblScope></bibl></witness></listWit>',
    sent: '<persName>Mao Zedong</persName><date when="1949-01"/>',
    received: '<persName>Joseph Stalin</persName>',
  };
  it('the issue number, the date in parentheses, a colon before the pages', async () => {
    expect(await cite(MAO, 'chicago-note')).toBe('Mao Zedong to Joseph Stalin, January 1949, Cold War International History Project Bulletin, no. 6 (1995): 5–6.');
    expect(await cite(MAO, 'chicago-bib')).toMatch(/Cold War International History Project Bulletin, no\. 6 \(1995\): 5–6\.$/);
  });
});

/** The official CSL style's bibliography entry and note for one CSL-JSON item (citeproc-js), or undefined without the oracles. */
function citeproc(style: string, item: Record<string, unknown>): { bib: string; note: string } | undefined {
  const dir = join(ORACLES, 'csl');
  if (!existsSync(join(dir, `${style}.csl`))) {
    console.warn(`[cite-archive] SKIPPED: ${style}.csl is not in ${dir}`);
    return undefined;
  }
  const CSL = createRequire(import.meta.url)('citeproc') as {
    Engine: new (sys: unknown, style: string, lang: string) => {
      setOutputFormat(f: string): void;
      updateItems(ids: string[]): void;
      makeBibliography(): [unknown, string[]] | false;
      makeCitationCluster(items: { id: string }[]): string;
    };
  };
  const locale = readFileSync(join(dir, 'locales-en-US.xml'), 'utf8');
  const engine = new CSL.Engine({ retrieveLocale: () => locale, retrieveItem: () => item }, readFileSync(join(dir, `${style}.csl`), 'utf8'), 'en-US');
  engine.setOutputFormat('text');
  engine.updateItems([item.id as string]);
  const bib = engine.makeBibliography();
  return { bib: bib ? (bib[1][0] ?? '').trim() : '', note: engine.makeCitationCluster([{ id: item.id as string }]) };
}

describe('the official CSL styles read our CSL-JSON to the same facts', () => {
  it('A. the archive: Chicago and APA print it as their manuals order it', async () => {
    const item = await csl(BEETHOVEN, 'edition');
    expect(citeproc('chicago-notes-bibliography-17th-edition', item)?.note ?? 'HCB Br 12, Sammlung H. C. Bodmer, Beethoven-Haus, Bonn').toContain('HCB Br 12, Sammlung H. C. Bodmer, Beethoven-Haus, Bonn');
    expect(citeproc('apa', item)?.bib ?? 'Sammlung H. C. Bodmer (HCB Br 12), Beethoven-Haus, Bonn.').toContain('Sammlung H. C. Bodmer (HCB Br 12), Beethoven-Haus, Bonn.');
  });
});

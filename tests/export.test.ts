/**
 * Metadata exports (src/export/): cmif.xml, edition.jsonld, the TEI
 * sources, and the files of dist/cite/ and dist/data/ as the build writes
 * them.
 *
 * cmif.xml is checked for well-formedness, the TEI namespace and the CMIF
 * structure here; its validity against the official TEI P5 schema is
 * tested in tests/tei-all.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { summarize } from '../src/site/letters.js';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { readDocumentModel } from '../src/model/read.js';
import type { DocumentModel } from '../src/model/types.js';
import type { EditionSettings } from '../src/settings/types.js';
import { authorityUri, toCmif } from '../src/export/cmif.js';
import { toJsonLd } from '../src/export/jsonld.js';
import { tricky } from './cmif-samples.js';
import { schemaOrgMessage } from '../src/site/meta.js';
import { citationFileName, citationsIndex, dataFiles, writeCitationFiles, writeDataFiles, type CitationsIndex } from '../src/export/files.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LETTER = join(root, 'tests', 'fixtures', 'letter', 'tei', 'eisenhower-bulganin-1956-11-04.xml');
const ID = 'eisenhower-bulganin-1956-11-04';
const BASE_URL = 'https://edition.example.org/';
const TEI_NS = 'http://www.tei-c.org/ns/1.0';

let letter: DocumentModel;
let letterText: string;
beforeAll(async () => {
  letterText = readFileSync(LETTER, 'utf8');
  letter = await readDocumentModel(LETTER, letterText);
});

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: false, isArray: (name) => ['correspDesc', 'correspAction', 'persName', 'orgName', 'editor', 'licence'].includes(name) });

type Xml = Record<string, unknown>;

describe('cmif.xml (CMIF v2, correspSearch)', () => {
  it('is well-formed TEI with the CMIF structure: one correspDesc per letter, @ref and @source, authority URIs', () => {
    const xml = toCmif([letter], { baseUrl: BASE_URL });
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml) as { TEI: Xml };
    expect(doc.TEI['@xmlns']).toBe(TEI_NS);
    const header = doc.TEI.teiHeader as Xml;
    const fileDesc = header.fileDesc as Xml;
    expect((fileDesc.titleStmt as Xml).title).toBe(letter.title);
    const pub = fileDesc.publicationStmt as Xml;
    expect(pub.idno).toEqual({ '#text': 'https://edition.example.org/data/cmif.xml', '@type': 'url' });
    // CMIF: an xsd:dateTime (the latest change, at midnight UTC).
    expect(pub.date).toEqual({ '@when': '2026-11-26T00:00:00Z' });
    // CMIF asks for CC BY 4.0 (or CC0) metadata: the header's CC BY 4.0 licence, not its public-domain mark.
    // with the sentence CMIF prescribes.
    expect(((pub.availability as Xml).licence as Xml[])[0]).toEqual({ '#text': 'This file is licensed under the terms of the Creative Commons License CC-BY 4.0', '@target': 'https://creativecommons.org/licenses/by/4.0/' });
    const bibl = (fileDesc.sourceDesc as Xml).bibl as Xml;
    // A static name-based UUID (CMIF), as an NCName.
    expect(String(bibl['@xml:id'])).toMatch(/^(?:id-)?[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(bibl['@type']).toBe('online');

    const descs = (header.profileDesc as Xml).correspDesc as Xml[];
    expect(descs).toHaveLength(1);
    const d = descs[0]!;
    expect(d['@ref']).toBe(`https://edition.example.org/documents/${ID}.html`);
    expect(d['@source']).toBe(`#${String(bibl['@xml:id'])}`);
    const [sent, received] = d.correspAction as Xml[];
    expect(sent!['@type']).toBe('sent');
    expect(sent!.persName).toEqual([{ '#text': 'Eisenhower, Dwight D.', '@ref': 'https://www.wikidata.org/entity/Q9916' }]);
    expect(sent!.placeName).toBe('Washington, D.C.');
    expect(sent!.date).toEqual({ '@when': '1956-11-04' });
    expect(received!['@type']).toBe('received');
    // No authority URI for Bulganin in the register: CMIF allows the name without @ref.
    expect(received!.persName).toEqual(['Bulganin, Nikolai A.']);
    expect(received!.date).toEqual({ '@notBefore': '1956-11-04', '@notAfter': '1956-11-05' });
  });
  it('an uncertain date says so with CMIF\'s one value (cert="low"); a certain one says nothing', () => {
    const dated = (cert?: string): DocumentModel => ({ ...letter, sender: { ...letter.sender!, date: { when: '1956-11-04', ...(cert ? { cert } : {}) } } });
    for (const cert of ['low', 'medium', 'unknown']) expect(toCmif([dated(cert)])).toContain('<date when="1956-11-04" cert="low"/>');
    for (const cert of [undefined, 'high']) expect(toCmif([dated(cert)])).toContain('<date when="1956-11-04"/>');
  });
  it('without a base URL: no invented URLs; the required idno is a stable urn:uuid', () => {
    const xml = toCmif([letter]);
    expect(xml).not.toContain('example.org');
    expect(xml).toMatch(/<idno type="url">urn:uuid:[0-9a-f-]{36}<\/idno>/);
    expect(xml).toMatch(/<correspDesc source="#(?:id-)?[0-9a-f-]{36}">/);
  });
  it('escapes text and attributes, prefers VIAF/GND/LoC/BnF over Wikidata, sorts documents by id', () => {
    const xml = toCmif([tricky, letter], { baseUrl: BASE_URL });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.indexOf(ID)).toBeLessThan(xml.indexOf('tricky-letter'));
    expect(xml).toContain('<persName ref="https://d-nb.info/gnd/118000000">Müller, Émile</persName>');
    expect(xml).toContain('<orgName>Groß &amp; Söhne</orgName>');
    // The place as its register entry names it (the letter writes "Köln & Bonn"), as persons are.
    expect(xml).toContain('<placeName ref="https://www.geonames.org/2886242">Köln</placeName>');
    // So does the site (the index's place filter, the lists).
    expect(summarize(tricky).place).toEqual({ key: 'koeln', name: 'Köln', sortAs: 'Köln' });
    expect(xml).toContain('<date notBefore="1901-03-10" notAfter="1901-03-12"/>');
    expect(authorityUri({ id: 'x', kind: 'person', idnos: [{ type: 'LCNAF', value: 'Eisenhower, Dwight D.' }] })).toBeUndefined();
  });
  it('is deterministic', () => {
    expect(toCmif([letter, tricky], { baseUrl: BASE_URL })).toBe(toCmif([tricky, letter], { baseUrl: BASE_URL }));
  });
});

// cmif.xml against the official TEI P5 schema: tests/tei-all.test.ts (one tei_all.rng compilation per run).

describe('edition.jsonld (schema.org)', () => {
  it('describes the edition and each document: sender, recipient, dateSent, isPartOf, license', () => {
    const ld = JSON.parse(toJsonLd([letter], { baseUrl: BASE_URL })) as { '@context': string; '@graph': Xml[] };
    expect(ld['@context']).toBe('https://schema.org');
    const [edition, doc] = ld['@graph'];
    expect(edition).toMatchObject({ '@type': 'Collection', '@id': 'https://edition.example.org/', hasPart: [{ '@id': `https://edition.example.org/documents/${ID}.html` }] });
    expect(doc).toMatchObject({
      '@type': 'Message',
      '@id': `https://edition.example.org/documents/${ID}.html`,
      name: letter.title,
      dateSent: '1956-11-04',
      isPartOf: { '@id': 'https://edition.example.org/' },
      sender: { '@type': 'Person', name: 'Dwight D. Eisenhower', familyName: 'Eisenhower', givenName: 'Dwight D.', sameAs: 'https://www.wikidata.org/entity/Q9916' },
      recipient: { '@type': 'Person', name: 'Nikolai A. Bulganin', familyName: 'Bulganin', givenName: 'Nikolai A.' },
      inLanguage: 'en',
    });
    expect((doc!.recipient as Xml).sameAs).toBeUndefined();
    // The 1956 message carries no date, publisher or licence of the edition's; the edition does.
    for (const key of ['datePublished', 'publisher', 'license', 'alternativeHeadline']) expect(doc![key], key).toBeUndefined();
    expect(edition).toMatchObject({ datePublished: '2026', license: ['https://creativecommons.org/publicdomain/mark/1.0/', 'https://creativecommons.org/licenses/by/4.0/'], publisher: { '@type': 'Organization', name: 'TEI Edition Toolkit project' } });
    expect(((doc!.isBasedOn as Xml[]) ?? []).map((w) => w.identifier)).toEqual(['PPP', 'DSB', 'FRUS']);
  });
  it('uses stable urn:uuid ids without a base URL, the same as the page’s JSON-LD, and keeps keys sorted', () => {
    const text = toJsonLd([letter]);
    const ld = JSON.parse(text) as { '@graph': Xml[] };
    expect(ld['@graph'][0]!['@id']).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ld['@graph'][1]!['@id']).toMatch(/^urn:uuid:/);
    expect(ld['@graph'][1]!['@id']).not.toBe(ld['@graph'][0]!['@id']);
    expect(toJsonLd([letter])).toBe(text);
    const page = schemaOrgMessage(letter, { editionTitle: 'x' });
    expect(page['@id']).toBe(ld['@graph'][1]!['@id']);
    expect((page.isPartOf as Xml)['@id']).toBe(ld['@graph'][0]!['@id']);
    expect(text).not.toContain('http://edition');
    const keys = Object.keys(ld['@graph'][1]!);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('files of dist/cite/ and dist/data/', () => {
  it('writeCitationFiles: <id>.<target>.{bib,biblatex.bib,ris,json} and <id>.citations.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cite-'));
    const written = await writeCitationFiles([letter], dir, { baseUrl: BASE_URL });
    expect(written).toEqual(readdirSync(dir).sort());
    const expected = ['PPP', 'DSB', 'FRUS', 'edition'].flatMap((t) => ['.bib', '.biblatex.bib', '.ris', '.json'].map((ext) => `${ID}.${t}${ext}`));
    expect(written).toEqual([...expected, `${ID}.citations.json`].sort());
    expect(citationFileName(ID, 'DSB', 'biblatex')).toBe(`${ID}.DSB.biblatex.bib`);
    const index = JSON.parse(readFileSync(join(dir, `${ID}.citations.json`), 'utf8')) as CitationsIndex;
    expect(index.default).toBe('DSB');
    expect(index.targets.map((t) => t.target)).toEqual(['PPP', 'DSB', 'FRUS', 'edition']);
    const dsb = index.targets.find((t) => t.target === 'DSB')!;
    expect(dsb.source).toBe('Department of State Bulletin');
    expect(dsb.citations['chicago-note']!.html).toContain('<i>Department of State Bulletin</i> 35 (November 19, 1956): 795–97.');
    for (const f of Object.values(dsb.files)) expect(existsSync(join(dir, f))).toBe(true);
    expect(citationsIndex(letter, { baseUrl: BASE_URL })).toEqual(index);
  });
  it('writeDataFiles: cmif.xml, edition.jsonld and the TEI source byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'data-'));
    const written = await writeDataFiles([letter], new Map([[ID, letterText]]), dir, { baseUrl: BASE_URL });
    expect(written).toEqual(['cmif.xml', 'edition.jsonld', `${ID}.xml`]);
    expect(readFileSync(join(dir, `${ID}.xml`))).toEqual(readFileSync(LETTER));
    expect(readFileSync(join(dir, 'cmif.xml'), 'utf8')).toBe(toCmif([letter], { baseUrl: BASE_URL }));
  });
  it('is deterministic: the same models give the same bytes', () => {
    const a = dataFiles([letter], { [ID]: letterText }, { baseUrl: BASE_URL });
    const b = dataFiles([letter], { [ID]: letterText }, { baseUrl: BASE_URL });
    expect([...a.entries()]).toEqual([...b.entries()]);
  });
});

describe('edition.jsonld with the edition’s settings (fixture edition)', () => {
  it('the edition’s title, editors with ORCID, publisher, licences, date and base URL; the same ids as the pages', async () => {
    const dir = join(root, 'tests', 'fixtures', 'edition');
    const settings = JSON.parse(readFileSync(join(dir, 'edition.json'), 'utf8')) as EditionSettings;
    const file = join(dir, 'tei', 'whitcombe-lindqvist-1851-03-14.xml');
    const m = await readDocumentModel(file, readFileSync(file, 'utf8'));
    for (const withBase of [true, false]) {
      const s: EditionSettings = withBase ? settings : { ...settings, baseUrl: undefined };
      const ld = JSON.parse(toJsonLd([m], { edition: s })) as { '@graph': Xml[] };
      const [edition, doc] = ld['@graph'];
      expect(edition).toMatchObject({
        '@type': 'Collection',
        name: 'Letters of the Northern Herbarium Circle',
        alternativeHeadline: 'A test edition of invented letters, 1851–1854',
        editor: { '@type': 'Person', name: 'Ada Testwell', sameAs: 'https://orcid.org/0000-0000-0000-0001' },
        publisher: { '@type': 'Organization', name: 'Fixture Press (test data)' },
        datePublished: '2026',
        license: ['https://creativecommons.org/licenses/by/4.0/', 'https://creativecommons.org/publicdomain/zero/1.0/'],
      });
      expect(edition!['@id']).toEqual(withBase ? 'https://edition.example.org/herbarium/' : expect.stringMatching(/^urn:uuid:/));
      expect(doc!['@id']).toEqual(withBase ? `https://edition.example.org/herbarium/documents/${m.id}.html` : expect.stringMatching(/^urn:uuid:/));
      const page = schemaOrgMessage(m, { editionTitle: 'x', edition: s });
      expect(page['@id']).toBe(doc!['@id']);
      expect((page.isPartOf as Xml)['@id']).toBe(edition!['@id']);
      expect(doc!.dateSent).toBe('1851-03-14');
      expect(doc!.datePublished).toBeUndefined();
    }
  });
});

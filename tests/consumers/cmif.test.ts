/**
 * cmif.xml against the official CMIF 1.1 schema (../shared/oracles/cmif/
 * cmi-customization.rng, run by libxml2 through xmllint-wasm) and its
 * Schematron (cmif.sch, compiled by the toolkit's own Schematron compiler in
 * src/validate/schematron/), in every kind of build: the letter with and
 * without a base URL, the fixture edition with and without its settings.
 * Also the facts CMIF prescribes: the licence sentence and URL, a dateTime,
 * an idno in every build, a UUID as the bibl's id.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { readDocumentModel } from '../../src/model/read.js';
import type { DocumentModel } from '../../src/model/types.js';
import type { EditionSettings } from '../../src/settings/types.js';
import { toCmif } from '../../src/export/cmif.js';
import { loadSchematron, runSchematron } from '../../src/validate/schematron/run.js';
import { ORACLES, root, unlinked } from './targets.js';

const DIR = join(ORACLES, 'cmif');
const have = existsSync(join(DIR, 'cmi-customization.rng'));
if (!have) console.warn(`[cmif] SKIPPED: the CMIF schema is not in ${DIR}; cmif.xml was NOT validated against it.`);

describe.skipIf(!have)('cmif.xml against the official CMIF schema and Schematron', () => {
  let letter: DocumentModel;
  let fixture: DocumentModel[];
  let settings: EditionSettings;
  let started: { model: DocumentModel; settings: EditionSettings };
  let anthology: DocumentModel | undefined;
  beforeAll(async () => {
    // An edition as `tei-edition init` starts it: its template letter and settings (the year init ran as the date).
    const template = join(root, 'templates', 'init', 'tei', 'template-letter.xml');
    started = {
      model: await readDocumentModel(template, readFileSync(template, 'utf8')),
      settings: JSON.parse(readFileSync(join(root, 'templates', 'init', 'edition.json'), 'utf8').replace('{{title}}', 'Started').replace('{{year}}', '2026')) as EditionSettings,
    };
    const f = join(root, 'tests', 'fixtures', 'letter', 'tei', 'eisenhower-bulganin-1956-11-04.xml');
    letter = await readDocumentModel(f, readFileSync(f, 'utf8'));
    const dir = join(root, 'tests', 'fixtures', 'edition');
    settings = JSON.parse(readFileSync(join(dir, 'edition.json'), 'utf8')) as EditionSettings;
    // The TEI Correspondence SIG's anthology of letters: one document, a correspDesc for each of its two letters.
    const anthologyFile = join(root, '..', 'shared', 'corpora', 'tei-correspondence-sig', 'example07_anthology-of-letters.xml');
    anthology = existsSync(anthologyFile) ? await readDocumentModel(anthologyFile, readFileSync(anthologyFile, 'utf8')) : undefined;
    fixture = await Promise.all(
      readdirSync(join(dir, 'tei'))
        .filter((n) => n.endsWith('.xml') && n !== 'registers.xml')
        .sort()
        .map((n) => readDocumentModel(join(dir, 'tei', n), readFileSync(join(dir, 'tei', n), 'utf8'))),
    );
  });

  const builds = (): [string, string][] => [
    ['letter, no base URL', toCmif([letter])],
    ['letter, base URL', toCmif([letter], { baseUrl: 'https://edition.example.org' })],
    ['fixture edition with its settings', toCmif(fixture, { edition: settings })],
    ['fixture edition without settings or base URL', toCmif(fixture)],
    ['an edition as init starts it', toCmif([started.model], { edition: started.settings })],
    // No editor in the settings or any header (the Escher letters, the Office of the Historian's documents).
    ['letters that name no editor', toCmif(fixture.map((m) => ({ ...m, editors: [], respStmts: [] })), { edition: { ...settings, editors: [] } })],
    // A recipient known by name only (no register entry, so no authority id): CMIF's @ref is optional.
    ['a recipient without an authority id', toCmif([unlinked(fixture[0] as DocumentModel)], { edition: settings })],
    // A date whose attribution is uncertain (TEI @cert medium): CMIF's one value, cert="low".
    ['an uncertain date', toCmif([uncertain(fixture[0] as DocumentModel)], { edition: settings })],
    ...(anthology ? [['an anthology of letters', toCmif([anthology], { edition: settings })] as [string, string]] : []),
  ];
  const uncertain = (m: DocumentModel): DocumentModel => ({ ...m, sender: { ...m.sender!, date: { ...m.sender!.date, cert: 'medium' } } });

  it('every build is valid against cmi-customization.rng (libxml2)', async () => {
    const schema = readFileSync(join(DIR, 'cmi-customization.rng'), 'utf8');
    for (const [label, xml] of builds()) {
      const result = await validateXML({ xml: [{ fileName: 'cmif.xml', contents: xml }], schema: [{ fileName: 'cmi-customization.rng', contents: schema }], extension: 'relaxng' });
      expect(result.errors.map((e) => e.rawMessage), label).toEqual([]);
      expect(result.valid, label).toBe(true);
    }
  }, 120_000);

  it('every build is clean under cmif.sch (no error, no warning)', async () => {
    const sef = await loadSchematron(readFileSync(join(DIR, 'cmif.sch'), 'utf8'), { schemaPath: join(DIR, 'cmif.sch') });
    for (const [label, xml] of builds()) {
      const findings = runSchematron(sef, xml);
      expect(findings.map((f) => `${f.role} ${f.message}`), label).toEqual([]);
    }
    // The oracle does run: the old file's faults are found (a bibl id that is not a UUID, a missing received action).
    const broken = toCmif([letter])
      .replace(/xml:id="[^"]+"/, 'xml:id="edition"')
      .replace(/<correspAction type="received">[\s\S]*?<\/correspAction>/, '');
    const messages = runSchematron(sef, broken).map((f) => f.message);
    expect(messages.some((m) => m.includes('[W0001]'))).toBe(true);
    expect(messages.some((m) => m.includes('[E0002]'))).toBe(true);
  }, 120_000);

  it('an anthology of letters in one document: a correspDesc for each of its letters (it had the first only)', () => {
    expect(anthology, 'the Correspondence SIG example 07 in ../shared/corpora').toBeDefined();
    const xml = toCmif([anthology as DocumentModel], { edition: settings });
    const letters = [...xml.matchAll(/<correspDesc\b[^]*?<\/correspDesc>/g)].map((m) => m[0]);
    expect(letters.map((l) => [/type="sent">\s*<persName[^>]*>([^<]*)/.exec(l)?.[1], /<date when="([^"]*)"/.exec(l)?.[1]])).toEqual([
      ['Beer, Amalia', '1815-02-28'],
      ['Schoenberger, L.', '1815-03-04'],
    ]);
  });

  it('the licence sentence and URL, a dateTime and an idno as CMIF prescribes', () => {
    for (const [label, xml] of builds()) {
      expect(xml, label).toMatch(/<idno type="url">(https:\/\/edition\.example\.org\/data\/cmif\.xml|https:\/\/edition\.example\.org\/herbarium\/data\/cmif\.xml|urn:uuid:[0-9a-f-]{36})<\/idno>/);
      expect(xml, label).toMatch(/<date when="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})"\/>/);
      expect(xml, label).toMatch(/<bibl type="online" xml:id="(?:id-)?[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}">/);
    }
    const [, withBase] = builds()[1] as [string, string];
    expect(withBase).toContain('<licence target="https://creativecommons.org/licenses/by/4.0/">This file is licensed under the terms of the Creative Commons License CC-BY 4.0</licence>');
    // The fixture edition licenses its metadata under CC0 (edition.json: appliesTo "metadata").
    const [, fixtureXml] = builds()[2] as [string, string];
    expect(fixtureXml).toContain('<licence target="https://creativecommons.org/publicdomain/zero/1.0/">');
    expect(fixtureXml).toContain('<title>Letters of the Northern Herbarium Circle</title>');
    expect(fixtureXml).toContain('<editor>Ada Testwell</editor>');
    expect(fixtureXml).toContain('<idno type="url">https://edition.example.org/herbarium/data/cmif.xml</idno>');
    // Without a base URL the idno is a stable URN: the same in two builds.
    expect(toCmif([letter])).toBe(toCmif([letter]));
  });

  it('an undated side and a recipient without authority id are left as they are, never filled in', () => {
    const [, fixtureXml] = builds()[2] as [string, string];
    // moreau-whitcombe-1852: dated only by a range.
    expect(fixtureXml).toContain('<date notBefore="1852-01-01" notAfter="1852-06-30"/>');
    const unlinked: DocumentModel = { ...letter, id: 'unlinked', recipient: { ...letter.recipient, agents: [{ name: 'Nikolai A. Bulganin', kind: 'person' }] } };
    const xml = toCmif([unlinked]);
    expect(xml).toContain('<persName>Bulganin, Nikolai A.</persName>');
  });
});

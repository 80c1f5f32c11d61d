import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEdition, type BuildResult } from '../src/build/index.js';
import { readSettings } from '../src/settings/read.js';
import { editionAbout } from '../src/site/about.js';

/** The fixture edition built as an edition: its settings, five letters and the shared register. */
const ROOT = join('tests', 'fixtures', 'edition');
let r: BuildResult;
const file = (name: string): string => {
  const f = r.files.get(name);
  if (typeof f !== 'string') throw new Error(`${name} was not built`);
  return f;
};

beforeAll(async () => {
  const { settings, settingsFile } = readSettings(join(ROOT, 'edition.json'));
  r = await buildEdition({ inputs: [join(ROOT, 'tei')], targets: ['web', 'data', 'cite'], settings, settingsFile });
}, 180_000);

describe('the fixture edition, built', () => {
  it('builds the five letters, with no findings; the register file is no letter', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.documents).toBe(5);
    const pages = [...r.files.keys()].filter((k) => k.startsWith('web/documents/')).sort();
    expect(pages).toEqual([
      'web/documents/lindqvist-whitcombe-1851-05-02.html',
      'web/documents/moreau-whitcombe-1852.html',
      'web/documents/pryce-lindqvist-1853-09-20.html',
      'web/documents/whitcombe-lindqvist-1851-03-14.html',
      'web/documents/whitcombe-moreau-1854-02-11.html',
    ]);
  });

  it('the "Cite this" box names each source as what it is: the edition published, a manuscript found, a book printed', () => {
    const lead = (id: string): string | undefined => /<p class="cite-source">([^\n]*)<\/p>/.exec(file(`web/documents/${id}.html`))?.[1];
    expect(lead('whitcombe-lindqvist-1851-03-14')).toBe('As found in the manuscript (MS: Autograph letter, signed):');
    expect(lead('lindqvist-whitcombe-1851-05-02')).toBe('As published in this digital edition:');
    expect(file('web/documents/lindqvist-whitcombe-1851-05-02.html')).toContain('<h3>The manuscript (MS: Autograph letter)</h3>');
  });

  it('names pointing into the shared register (registers.xml#id and psn:id) link to its entries', () => {
    const moreau = file('web/documents/moreau-whitcombe-1852.html');
    expect(moreau).toMatch(/<a class="tei-persName" href="\.\.\/register\/persons\.html#lindqvist"[^>]*>M\. Lindqvist<\/a>/);
    expect(moreau).toMatch(/<a class="tei-placeName" href="\.\.\/register\/places\.html#paris"[^>]*>Paris<\/a>/);
    const pryce = file('web/documents/pryce-lindqvist-1853-09-20.html');
    expect(pryce).toMatch(/href="\.\.\/register\/persons\.html#whitcombe"[^>]*>Whitcombe<\/a>/);
    expect(pryce).toMatch(/href="\.\.\/register\/organizations\.html#pryce-and-son"[^>]*>Pryce and Son<\/a>/);
  });

  it('the register pages hold the shared entries once, with every letter naming them; identical local entries are one', () => {
    const persons = file('web/register/persons.html');
    for (const id of ['whitcombe', 'lindqvist', 'moreau', 'pryce']) expect(persons.match(new RegExp(`<li class="register-entry" id="${id}">`, 'g'))?.length, id).toBe(1);
    const places = file('web/register/places.html');
    expect(places.match(/id="leith"/g)?.length).toBe(1);
    const leith = places.slice(places.indexOf('id="leith"'), places.indexOf('</li></ul></details></li>', places.indexOf('id="leith"')));
    expect(leith).toContain('documents/whitcombe-lindqvist-1851-03-14.html#p1');
    expect(leith).toContain('documents/whitcombe-moreau-1854-02-11.html#p1');
    expect(file('web/register/organizations.html')).toContain('id="herbarium-circle"');
  });

  it('CMIF and JSON-LD carry the shared register’s authority ids, and the edition’s title from the settings', () => {
    const cmif = file('data/cmif.xml');
    expect(cmif).toContain('<title>Letters of the Northern Herbarium Circle</title>');
    expect(cmif).toMatch(/<persName ref="https:\/\/example\.org\/persons\/moreau">[^<]*<\/persName>/);
    expect(cmif).toMatch(/<placeName ref="https:\/\/www\.wikidata\.org\/entity\/Q90">Paris<\/placeName>/);
    const ld = JSON.parse(file('data/edition.jsonld')) as { name?: string; '@graph'?: unknown };
    expect(JSON.stringify(ld)).toContain('Letters of the Northern Herbarium Circle');
    expect(JSON.stringify(ld)).toContain('https://example.org/persons/whitcombe');
  });

  it('the citation of each letter in the edition names the edition, its editors and publisher from the settings', () => {
    const index = JSON.parse(file('cite/moreau-whitcombe-1852.citations.json')) as { targets: { target: string; citations: Record<string, { text: string }> }[] };
    const edition = index.targets.find((x) => x.target === 'edition');
    expect(edition?.citations['chicago-note']?.text).toBe('Étienne Moreau to Clara Whitcombe, [1852], in Letters of the Northern Herbarium Circle: A Test Edition of Invented Letters, 1851–1854, ed. Ada Testwell (Nowhere: Fixture Press (test data), 2026), https://edition.example.org/herbarium/documents/moreau-whitcombe-1852.html.');
    const cmif = file('data/cmif.xml');
    expect(cmif).toContain('<publisher><ref target="https://edition.example.org/herbarium/">Fixture Press (test data)</ref></publisher>');
    expect(cmif).toMatch(/<editor>Ada Testwell<\/editor>/);
  });

  it('publishes each TEI source as written (the pointers into the register are not rewritten there), and the register beside them, where the pointers lead', () => {
    const name = 'moreau-whitcombe-1852';
    expect(file(`data/${name}.xml`)).toBe(readFileSync(join(ROOT, 'tei', `${name}.xml`), 'utf8'));
    expect(file(`web/downloads/${name}.xml`)).toContain('ref="psn:moreau"');
    const register = readFileSync(join(ROOT, 'tei', 'registers.xml'), 'utf8');
    expect(file('data/registers.xml')).toBe(register);
    expect(file('web/downloads/registers.xml')).toBe(register);
  });

  it('the site speaks of the edition from its settings: title and introduction', () => {
    const index = file('web/index.html');
    expect(index).toContain('<title>Letters of the Northern Herbarium Circle</title>');
    expect(index).toContain('A fixture for the toolkit');
    expect(file('web/documents/pryce-lindqvist-1853-09-20.html')).toContain('Letters of the Northern Herbarium Circle');
  });
});

describe('about.html of the fixture edition', () => {
  it('says who made the edition and under what terms, from the settings', () => {
    const about = file('web/about.html');
    expect(about).toContain('<a href="https://orcid.org/0000-0000-0000-0001" rel="external">orcid.org/0000-0000-0000-0001</a>');
    // Each value isolated (<bdi>): a right-to-left override in one ends with it.
    expect(about).toContain('<bdi>Bo Fixture</bdi> (<bdi>encoder</bdi>)');
    expect(about).toContain('<a href="https://creativecommons.org/licenses/by/4.0/" rel="license"><bdi>CC BY 4.0</bdi></a>: editorial matter');
    expect(about).toContain('<bdi>Fixture Press (test data)</bdi>, <bdi>Nowhere</bdi>, <bdi>2026</bdi>');
  });
  it('gives the principles the letters share once, and no letter whose notes say only part of them', () => {
    const about = file('web/about.html');
    expect(about.match(/Spelling is kept as written\./g)?.length).toBe(1);
    // A category is named by what it says, its id after it (not the pointer "#preferred-citation").
    expect(about).toContain('<li>Preferred witness for citation. (<code>preferred-citation</code>)</li>');
    // Letters 2 and 3 declare only the copy-text role, one of the edition's two: not encoded otherwise.
    expect(about).not.toContain('Letters encoded otherwise');
    // No witness list on the about page of an edition of several letters (each letter's page has its own).
    expect(about).not.toContain('class="witnesses"');
    const ids = [...about.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBe(new Set(ids).size);
  });

  it('a letter whose notes say more than the edition\'s is listed with only those sections, each named by the letter too', () => {
    const section = (id: string, heading: string, items: string[]): string => `<section aria-labelledby="${id}">\n<h2 id="${id}">${heading}</h2>\n<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>\n</section>`;
    const edition = `<div class="about">${section('about-principles', 'Editorial principles', ['Spelling kept.'])}${section('about-classes', 'Classifications', ['Copy text.', 'Draft.'])}</div>`;
    const subset = `<div class="about">${section('about-principles', 'Editorial principles', ['Spelling kept.'])}${section('about-classes', 'Classifications', ['Draft.'])}</div>`;
    const more = `<div class="about">${section('about-principles', 'Editorial principles', ['Spelling kept.'])}${section('about-classes', 'Classifications', ['Copy text.', 'Fair copy.'])}</div>`;
    const doc = (id: string, html: string) => ({ id, title: id.toUpperCase(), href: `documents/${id}.html`, html });
    const about = editionAbout({}, [doc('a', edition), doc('b', edition), doc('c', subset), doc('d', more)]);
    const own = about.slice(about.indexOf('Letters encoded otherwise'));
    expect([...own.matchAll(/<h3 id="about-([^"]+)">/g)].map((m) => m[1])).toEqual(['d']);
    expect(own).not.toContain('Spelling kept');
    // Two regions called "Classifications" on one page are landmarks a screen reader cannot tell apart: the letter's is named by the letter too.
    expect(own).toContain('<section aria-labelledby="about-d d-about-classes">\n<h4 id="d-about-classes">Classifications</h4>');
  });

  it('the edition\'s date in words, in its date style (it was the ISO form)', () => {
    expect(editionAbout({ publisher: 'P', date: '2026-02-11' }, [])).toContain('<dd><bdi>P</bdi>, <bdi>February 11, 2026</bdi></dd>');
    expect(editionAbout({ publisher: 'P', date: '2026-02-11', dateStyle: 'day-month-year' }, [])).toContain('<dd><bdi>P</bdi>, <bdi>11 February 2026</bdi></dd>');
    expect(editionAbout({ publisher: 'P', date: '2026' }, [])).toContain('<dd><bdi>P</bdi>, <bdi>2026</bdi></dd>');
  });
});

describe('a letter in another language than the site\'s', () => {
  it('the page stays English (navigation, labels), the letter\'s language is on its title and text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tei-lang-'));
    cpSync(join('tests', 'fixtures', 'edition', 'tei'), dir, { recursive: true });
    const file = join(dir, 'moreau-whitcombe-1852.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('xml:id="moreau-whitcombe-1852" xml:lang="en"', 'xml:id="moreau-whitcombe-1852" xml:lang="fr"'));
    const r = await buildEdition({ inputs: [dir], targets: ['web'] });
    const page = r.files.get('web/documents/moreau-whitcombe-1852.html') as string;
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(page).toMatch(/<header [^>]*class="doc-header">\s*<h1 class="doc-title" id="doc-title" lang="fr">/);
    expect(page).toMatch(/<article [^>]*class="tei-text" lang="fr"/);
  });
});

describe('the clash variant does not build', () => {
  it('exits with the clash as an error, nothing published', async () => {
    const c = await buildEdition({ inputs: [join('tests', 'fixtures', 'edition-clash', 'tei')], targets: ['web'] });
    expect(c.files.size).toBe(0);
    expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.rule)).toEqual(['register-id-clash']);
    // Not even with the cross-reference check off: two entries under one id are never merged.
    const relaxed = await buildEdition({ inputs: [join('tests', 'fixtures', 'edition-clash', 'tei')], targets: ['web'], crossReferences: false });
    expect(relaxed.files.size).toBe(0);
    expect(relaxed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.rule)).toEqual(['register-id-clash']);
  }, 120_000);
});

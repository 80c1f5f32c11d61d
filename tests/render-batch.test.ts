/**
 * Several documents in one transform, as the build's render groups make
 * them (src/build/document.ts renderGroup):
 * - the web pages (src/render/html.ts loadHtmlBatchRenderer, the
 *   stylesheet's h:batch): each document's page is what a transform of that
 *   document alone gives, byte for byte, with its own options (id, made
 *   date, images), also when the trees went through other transforms first,
 *   in another order (which once gave one letter another's id), and with the
 *   register's links;
 * - the print editions' Typst and the plain texts (src/render/print.ts
 *   loadTypstAndTextBatchWriter, ty:batch): the same for each, with its own
 *   meta data and its own notes' setting (a letter of more than
 *   FOOTNOTE_LIMIT notes has endnotes, the next one footnotes);
 * - the models (src/model/read.ts loadModelBatchReader, m:batch): the same
 *   model as each read alone, with the shared register's records or without.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadText } from '../src/load/source.js';
import { resolveSharedRegisters } from '../src/registers/resolve.js';
import { loadHtmlBatchRenderer, loadHtmlRenderer, type BatchDocumentOptions } from '../src/render/html.js';
import { loadSef } from '../src/xslt/sef.js';
import { parseXml, transformSync, type SaxonDocument } from '../src/xslt/transform.js';
import { XSLT_DIR } from '../src/paths.js';
import { FOOTNOTE_LIMIT, loadTypstAndTextBatchWriter, loadTypstAndTextWriter } from '../src/render/print.js';
import { loadModelBatchReader, loadModelReader, readDocumentModel, readSharedEntries } from '../src/model/read.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EDITION = join(root, 'tests', 'fixtures', 'edition', 'tei');
const LETTERS = ['lindqvist-whitcombe-1851-05-02.xml', 'moreau-whitcombe-1852.xml', 'pryce-lindqvist-1853-09-20.xml', 'whitcombe-lindqvist-1851-03-14.xml', 'whitcombe-moreau-1854-02-11.xml'];
const EISENHOWER = join(root, 'tests', 'fixtures', 'letter', 'tei', 'eisenhower-bulganin-1956-11-04.xml');

/** The fixture edition's letters as the build reads them (shared register entries copied in), then the Eisenhower letter and a letter with an image. */
function texts(): string[] {
  const sources = [...LETTERS, 'registers.xml'].map((f) => loadText(join(EDITION, f), readFileSync(join(EDITION, f), 'utf8')).source!);
  const views = resolveSharedRegisters(sources);
  const image = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>With an image</title></titleStmt>
<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>
<text><body><p>See <figure><graphic url="scan.png"/><figDesc>The scan</figDesc></figure> and a note.<note xml:id="n1">A note.</note></p></body></text></TEI>`;
  return [...sources.slice(0, LETTERS.length).map((s) => views.get(s)?.resolvedText ?? views.get(s)?.text ?? s.text), readFileSync(EISENHOWER, 'utf8'), image];
}

/** Each document's options: its id, and for some a made date or an image's src. */
function optionsOf(i: number): BatchDocumentOptions {
  return {
    documentId: `doc-${i}`,
    ...(i === 1 ? { date: { text: '2 May 1851', when: '1851-05-02' } } : {}),
    ...(i === 6 ? { graphics: { 'scan.png': 'images/scan.png' } } : {}),
  };
}

describe('several documents in one transform (h:batch)', () => {
  it('gives each document the page a transform of it alone gives, with its own options', async () => {
    const all = texts();
    const alone = (await loadHtmlRenderer({ entityCache: 'own' }));
    const expected = all.map((text, i) => alone(parseXml(text), { ...optionsOf(i), withBody: false }));
    // The trees go through another stylesheet first, last one first: the build's trees have been through the print
    // edition's and the model's transforms before their web pages are made.
    const trees: SaxonDocument[] = all.map((text) => parseXml(text));
    const about = await loadSef(join(XSLT_DIR, 'about.xsl'));
    for (const tree of [...trees].reverse()) transformSync(about, { source: tree, destination: 'serialized' });
    const batch = await loadHtmlBatchRenderer();
    const made = batch(trees.map((tei, i) => ({ tei, options: optionsOf(i) })), { withBody: false });
    expect(made).toHaveLength(all.length);
    made.forEach((page, i) => {
      expect(page, `document ${i}`).toEqual(expected[i]);
      expect(page.text).toContain(`data-document="doc-${i}"`);
    });
    // The options reached their own documents: the made date, the image's src.
    expect(made[1]!.header).toContain('<dd><time class="tei-date" datetime="1851-05-02">2 May 1851</time></dd>');
    expect(made.filter((page) => page.header.includes('1851-05-02">2 May 1851'))).toHaveLength(1);
    expect(made[6]!.text).toContain('src="images/scan.png"');
    expect(made[0]!.text).not.toContain('images/scan.png');
    // Names link to the register pages; the sidebar lists the letter's own entries.
    expect(made[0]!.text).toMatch(/<a class="tei-persName" href="\.\.\/register\/persons\.html#[^"]+"/);
    expect(made[0]!.entities).toContain('class="entity-list"');
  });

  it('gives the same pages in any grouping, and none for none', async () => {
    const all = texts();
    const batch = await loadHtmlBatchRenderer();
    const whole = batch(all.map((text, i) => ({ tei: parseXml(text), options: optionsOf(i) })));
    const pairs = [0, 2, 4, 6].flatMap((start) => batch(all.slice(start, start + 2).map((text, k) => ({ tei: parseXml(text), options: optionsOf(start + k) }))));
    expect(pairs).toEqual(whole);
    // withBody defaults to true, as for one document.
    expect(whole[0]!.body).toContain('<div xmlns="http://www.w3.org/1999/xhtml" class="tei-document" data-document="doc-0"');
    expect(batch([])).toEqual([]);
  });
});

describe('the print editions and plain texts of several documents in one transform (ty:batch)', () => {
  it('gives each what a transform of it alone gives, with its own meta data and notes (endnotes past the limit)', async () => {
    const many = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Many notes</title></titleStmt>
<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>
<text><body>${Array.from({ length: FOOTNOTE_LIMIT + 1 }, (_, i) => `<p>Line ${i + 1}.<note>Note ${i + 1}.</note></p>`).join('')}</body></text></TEI>`;
    const all = [...texts(), many, readFileSync(EISENHOWER, 'utf8')];
    const trees = all.map((text) => parseXml(text));
    const models = await Promise.all(trees.map((tree, i) => readDocumentModel(`doc-${i}.xml`, tree)));
    const paper = (i: number) => (i % 2 ? 'a4' : 'us-letter') as 'a4' | 'us-letter';
    const alone = await loadTypstAndTextWriter();
    const expected = all.map((text, i) => alone(parseXml(text), models[i]!, { paper: paper(i) }));
    // Through another stylesheet first, last one first, as in the build.
    const about = await loadSef(join(XSLT_DIR, 'about.xsl'));
    for (const tree of [...trees].reverse()) transformSync(about, { source: tree, destination: 'serialized' });
    const made = (await loadTypstAndTextBatchWriter())(trees.map((tei, i) => ({ tei, model: models[i]!, printOptions: { paper: paper(i) } })));
    expect(made).toHaveLength(all.length);
    made.forEach((m, i) => expect(m, `document ${i}`).toEqual(expected[i]));
    // The letter of many notes sets them as endnotes; the letter after it (the Eisenhower letter) footnotes.
    const last = all.length - 1;
    expect(made[last - 1]!.print.endnotes).toBe(FOOTNOTE_LIMIT + 1);
    expect(made[last - 1]!.print.typst).toContain('#ed-endnote(1001)');
    expect(made[last]!.print.endnotes).toBe(0);
    expect(made[last]!.print.typst).toContain('#footnote[');
    expect(made[last]!.print.typst).not.toContain('#ed-endnote(');
    // Each has its own paper and title.
    expect(made[1]!.print.typst).toContain('"a4"');
    expect(made[0]!.print.typst).toContain('"us-letter"');
    expect(made[5]!.text.plain).toContain('Bulganin');
    expect((await loadTypstAndTextBatchWriter())([])).toEqual([]);
  });
});

describe('the models of several documents in one transform (m:batch)', () => {
  it('are the models each read alone gives, with the shared records or without', async () => {
    const all = texts();
    const register = readFileSync(join(EDITION, 'registers.xml'), 'utf8');
    const shared = await readSharedEntries(parseXml(register));
    expect(shared.size).toBeGreaterThan(0);
    const items = all.map((text, i) => ({ file: `tei/doc-${i}.xml`, document: parseXml(text) }));
    const alone = await loadModelReader();
    const batch = await loadModelBatchReader();
    for (const records of [shared, undefined]) {
      const made = batch(items, records);
      expect(made).toHaveLength(all.length);
      made.forEach((model, i) => expect(model, `document ${i}`).toEqual(alone(items[i]!.file, items[i]!.document, records)));
    }
    // The letters of the edition name persons of the shared register: their records are in the models.
    const persons = batch(items.slice(0, LETTERS.length), shared).flatMap((m) => m.registers.person ?? []);
    expect(persons.length).toBeGreaterThan(0);
    // Records the caller does not hold (none): each letter is read as it is, as alone.
    const partial = new Map([...shared].slice(0, 1));
    batch(items, partial).forEach((model, i) => expect(model).toEqual(alone(items[i]!.file, items[i]!.document, partial)));
    expect(batch([], shared)).toEqual([]);
  });
});

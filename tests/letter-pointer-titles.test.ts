/**
 * A ptr or an empty ref to another letter of the edition (`other.xml`,
 * `other.xml#p1`, a bare name `letter-00002`) in a letter's PDF and plain
 * text: that letter's title, as the web page shows it (it gave the target's
 * file name). The writers take the map the web page gets (documents: by the
 * path the pointer writes, {id, title}); a build gives it on each of its
 * ways to make them: print and text in one transform, several letters in
 * one transform, the print edition with the volume, the text alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEdition } from '../src/build/index.js';
import { readDocumentModel } from '../src/model/read.js';
import { loadPrintSourceWriter, loadTypstAndTextBatchWriter, loadTypstAndTextWriter } from '../src/render/print.js';
import { loadTextRenderer } from '../src/render/text.js';
import { parseXml } from '../src/xslt/transform.js';

const letter = (body: string): string => `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Pointers</title></titleStmt>
<publicationStmt><p>Test</p></publicationStmt><sourceDesc><p>Test</p></sourceDesc></fileDesc></teiHeader>
<text><body><p xml:id="p1">${body}</p></body></text></TEI>`;

const BODY =
  'Compare <ptr target="other.xml"/>, <ref target="other.xml#p3"/>, <ptr target="letter-00002"/>, <ref target="other.xml">its words</ref>, <ptr target="unknown.xml"/> and <ptr target="#p1"/>.<note>See <ptr target="./other.xml"/>.</note>';
const DOCUMENTS = {
  'other.xml': { id: 'other', title: 'Ada to Bo, 1 May 1851' },
  './other.xml': { id: 'other', title: 'Ada to Bo, 1 May 1851' },
  'letter-00002': { id: 'letter-00002', title: 'Bo to Ada [undated]' },
};
const TYPST = 'Compare Ada to Bo, 1 May 1851, Ada to Bo, 1 May 1851, Bo to Ada \\[undated\\], its words, unknown\\.xml and \\.';
const TEXT = 'Compare Ada to Bo, 1 May 1851, Ada to Bo, 1 May 1851, Bo to Ada [undated], its words, unknown.xml and .';

describe('a pointer to another letter: its title in the print and text editions', () => {
  it('each writer gives the title of a letter the documents name, and the target of one they do not', async () => {
    const xml = letter(BODY);
    const tree = parseXml(xml);
    const model = await readDocumentModel('pointers.xml', tree);
    const typst = (await loadPrintSourceWriter())(tree, model, { documents: DOCUMENTS }).typst;
    expect(typst).toContain(TYPST);
    expect(typst).toContain('#footnote[See Ada to Bo, 1 May 1851\\.]');
    const text = (await loadTextRenderer())(tree, model, { documents: DOCUMENTS });
    expect(text.plain).toContain(TEXT);
    expect(text.annotated).toMatch(/\[1\] See Ada to Bo, 1 May 1851\./);
    // Print and text in one transform, and several letters in one, give the same.
    const both = (await loadTypstAndTextWriter())(tree, model, { documents: DOCUMENTS });
    expect(both.print.typst).toBe(typst);
    expect(both.text).toEqual(text);
    const other = parseXml(letter('Compare <ptr target="other.xml"/>.'));
    const batch = (await loadTypstAndTextBatchWriter())([
      { tei: tree, model, printOptions: { documents: DOCUMENTS } },
      { tei: other, model, printOptions: {} },
    ]);
    expect(batch[0]!.print.typst).toBe(typst);
    expect(batch[0]!.text).toEqual(text);
    // A letter given no documents names the file, as before.
    expect(batch[1]!.text.plain).toContain('Compare other.xml.');
  }, 120_000);

  it('without documents the output is what it was (the file names)', async () => {
    const tree = parseXml(letter(BODY));
    const model = await readDocumentModel('pointers.xml', tree);
    expect((await loadPrintSourceWriter())(tree, model, {}).typst).toContain('Compare other\\.xml, other\\.xml\\#p3, letter\\-00002, its words, unknown\\.xml and \\.');
    expect((await loadTextRenderer())(tree, model).plain).toContain('Compare other.xml, other.xml#p3, letter-00002, its words, unknown.xml and .');
  }, 120_000);
});

describe('a build: the PDF and the text name the letter as the web page does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tei-pointer-titles-'));
  const FILE = 'moreau-whitcombe-1852.xml';
  const TITLES = 'Compare Clara Whitcombe to Anders Lindqvist, 14 March 1851, Owen Pryce to Anders Lindqvist, 20 September 1853 and Anders Lindqvist to Clara Whitcombe, 2–4 May 1851.';
  beforeAll(() => {
    cpSync(join('tests', 'fixtures', 'edition', 'tei'), dir, { recursive: true });
    const file = join(dir, FILE);
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'the first half of 1852.',
        'the first half of 1852. Compare <ptr target="whitcombe-lindqvist-1851-03-14.xml"/>, <ref target="pryce-lindqvist-1853-09-20.xml#p1"/> and <ptr target="lindqvist-whitcombe-1851-05-02"/>.',
      ),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const volume of [false, true]) {
    it(`with${volume ? '' : 'out'} the volume (whose transform makes the print edition's text then)`, async () => {
      const r = await buildEdition({ inputs: [dir], targets: ['web', 'print', 'text'], volume, threads: 0 });
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const page = r.files.get('web/documents/moreau-whitcombe-1852.html') as string;
      const shown = [...page.matchAll(/<a class="tei-(?:ptr|ref) generated" href="[^"]*"[^>]*>([^<]*)<\/a>/g)].map((m) => m[1]);
      expect(shown).toEqual(['Clara Whitcombe to Anders Lindqvist, 14 March 1851', 'Owen Pryce to Anders Lindqvist, 20 September 1853', 'Anders Lindqvist to Clara Whitcombe, 2–4 May 1851']);
      expect(r.files.get('text/moreau-whitcombe-1852.txt') as string).toContain(TITLES);
      // (The annotated text without its line numbers.)
      expect((r.files.get('text/moreau-whitcombe-1852.annotated.txt') as string).replace(/^ *\d+ {2}/gm, '').replace(/\s+/g, ' ')).toContain(TITLES);
      const typst = r.files.get('print/moreau-whitcombe-1852.typ') as string;
      expect(typst).toContain('Compare Clara Whitcombe to Anders Lindqvist, 14 March 1851, Owen Pryce to Anders Lindqvist, 20 September 1853 and Anders Lindqvist to Clara Whitcombe, 2–4 May 1851\\.');
      // The volume still gives its cross-references (number and page) there.
      if (volume) expect(r.files.get('print/edition.typ') as string).toContain('Compare #ed-xref("whitcombe-lindqvist-1851-03-14.xml", bare: true)');
      // The other letters, which point to none, are as a build without documents makes them.
      expect(r.files.get('text/whitcombe-lindqvist-1851-03-14.txt')).toBeDefined();
    }, 180_000);
  }
});

describe('a pointer without words within the letter: a register entry by its name, a place in the text as above or below', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tei-pointer-entries-'));
  beforeAll(() => {
    cpSync(join('tests', 'fixtures', 'edition', 'tei'), dir, { recursive: true });
    const file = join(dir, 'moreau-whitcombe-1852.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('the first half of 1852.', 'the first half of 1852. See <ptr target="registers.xml#whitcombe"/> and <ref target="registers.xml#whitcombe"/>; compare <ptr target="#n1"/>.'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names Clara Whitcombe (the page showed the register page\'s address, the PDF and the text nothing: "See and .")', async () => {
    const r = await buildEdition({ inputs: [dir], targets: ['web', 'print', 'text'], threads: 0 });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const page = r.files.get('web/documents/moreau-whitcombe-1852.html') as string;
    expect(page).toContain('See <a class="tei-ptr generated" href="../register/persons.html#whitcombe" data-target="#whitcombe">Clara Whitcombe</a> and <a class="tei-ref generated" href="../register/persons.html#whitcombe" data-target="#whitcombe">Clara Whitcombe</a>; compare <a class="tei-ptr generated" href="#note-n1" data-target="#n1">below</a>.');
    // A place in the letter's own text: "above" or "below" from the pointer (the page and the PDF showed "#n1", the text nothing).
    expect(r.files.get('text/moreau-whitcombe-1852.txt') as string).toContain('See Clara Whitcombe and Clara Whitcombe; compare below.');
    expect(r.files.get('print/moreau-whitcombe-1852.typ') as string).toContain('See Clara Whitcombe and Clara Whitcombe\\; compare below\\.');
  }, 180_000);
});

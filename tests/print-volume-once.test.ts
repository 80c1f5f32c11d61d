/**
 * The print edition's text and the letter's part of the volume made in one
 * walk of the letter (src/render/book.ts, letterAndPrint; issue 10: a
 * letter of 10,000 notes walked once instead of twice). The result must be
 * what the two stylesheets make on their own, byte for byte: on every
 * document of the test fixtures, and on a letter made of the cases where
 * the two differ (index markers and cross-references beside white space,
 * in notes of several paragraphs, a pointer holding a name, a stand-off
 * note placed at a pointer, pointers in the apparatus and the source note).
 * A document holding the private-use characters the transform marks the two
 * versions with is made in two transforms, with the same result.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureDocuments } from './fixture-documents.js';
import { loadText } from '../src/load/source.js';
import { readDocumentModel } from '../src/model/read.js';
import { loadVolumeRenderer, type VolumeRenderer } from '../src/render/book.js';
import { loadTypstWriter } from '../src/render/print.js';
import { readingTreeOf } from '../src/xslt/tree.js';

let volume: VolumeRenderer;
let print: Awaited<ReturnType<typeof loadTypstWriter>>;
beforeAll(async () => {
  [volume, print] = await Promise.all([loadVolumeRenderer(), loadTypstWriter()]);
}, 120_000);

/** Both ways: [separate transforms, one walk] (print source and volume part), for a document's text. */
async function bothWays(file: string, text: string) {
  const loaded = loadText(file, text);
  if (!loaded.source) throw new Error(`${file} does not load`);
  const tree = readingTreeOf(loaded.source);
  const model = await readDocumentModel(file, tree);
  const context = { volumeTitle: 'A test volume' };
  const separate = { print: print(tree, model, { paper: 'a4' }), part: volume.letter(tree, model, context) };
  const once = volume.letterAndPrint(tree, model, context, { paper: 'a4' }, loaded.source.resolvedText ?? loaded.source.text);
  return { separate, once };
}

const HEADER = `<teiHeader><fileDesc><titleStmt><title>Pointers and names</title></titleStmt><publicationStmt><p>Test.</p></publicationStmt>
  <sourceDesc><listWit><witness xml:id="A" ana="#copy-text">The letter, see <ref target="other.xml"/> and <persName ref="#p1">Ann</persName>.</witness><witness xml:id="B">A copy.</witness></listWit></sourceDesc></fileDesc></teiHeader>`;

/** Every way a phrase of the volume differs from the print edition's, beside white space and inside notes. */
function pointersLetter(extra = ''): string {
  return `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="pointers">${HEADER}<text><body>
<p>See <ref target="other.xml"/> more, and <ref target="other.xml#p3"> the third </ref> paragraph; <ptr target="#elsewhere"/>.</p>
<p>Met <persName ref="#p1"> Ann </persName> today <placeName ref="registers.xml#moscow psn:x">Moscow</placeName>.${extra}</p>
<p><persName ref="#p1">Ann</persName> first, last <ref target="other.xml"><persName ref="#p1">Ann</persName></ref></p>
<p>A note <note type="editorial"><p><persName ref="#p1">Ann</persName> x</p><p> <ref target="other.xml"/> y </p></note> and <note>inline <rs ref="#p1">her</rs> <ref target="other.xml">there</ref></note>.</p>
<p>Placed at <ref xml:id="r1" target="other.xml">a pointer</ref> and <persName xml:id="n1" ref="#p1">a name</persName>.</p>
<p>Variants <app><lem wit="#A">with <ref target="other.xml">a ref</ref></lem><rdg wit="#B">without <persName ref="#p1">Ann</persName></rdg></app> end.</p>
<div type="notes"><note target="#r1">On the pointer.</note><note target="#n1">On the name.</note></div>
<p><ref target="https://example.org/">web</ref> <ref target="#p1">local</ref></p>
</body></text><standOff><listPerson><person xml:id="p1"><persName>Ann</persName></person></listPerson></standOff></TEI>`;
}

describe('the print edition and the volume part in one walk', () => {
  it('gives the bytes of the two transforms on every fixture document that renders (typst-hostile, xinclude, any-tei included)', async () => {
    let compared = 0;
    // Every fixture folder but the broken and hostile inputs (the checks stop those before rendering).
    for (const file of fixtureDocuments(['broken', 'hostile'])) {
      let result;
      try {
        result = await bothWays(file, readFileSync(file, 'utf8'));
      } catch {
        continue; // broken and hostile fixtures: no renderer is asked to render them
      }
      expect(result.once.print.typst, file).toBe(result.separate.print);
      expect(result.once.part, file).toEqual(result.separate.part);
      compared++;
    }
    expect(compared).toBeGreaterThan(15);
  }, 300_000);

  it('gives the bytes of the two transforms where the volume adds to a phrase', async () => {
    const { separate, once } = await bothWays('pointers.xml', pointersLetter());
    // The case is what it claims: the volume has cross-references and index markers, the print edition none.
    expect(separate.part.typst).toContain('#ed-xref("other.xml", bare: true)');
    expect(separate.part.typst).toContain('#ed-idx("@pointers#p1")');
    expect(separate.print).not.toMatch(/#ed-(xref|idx)/);
    expect(once.print.typst).toBe(separate.print);
    expect(once.part).toEqual(separate.part);
  }, 120_000);

  it('makes a document holding the marking characters in two transforms, with the same result', async () => {
    for (const extra of [' \uE000x\uE001 \uE002', ' &#xE001; &#57346;']) {
      const { separate, once } = await bothWays('marked.xml', pointersLetter(extra));
      expect(separate.print).toMatch(/[\uE000-\uE002]/);
      expect(once.print.typst).toBe(separate.print);
      expect(once.part).toEqual(separate.part);
    }
  }, 120_000);
});

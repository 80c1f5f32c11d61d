/**
 * The print edition's Typst source and the text edition made in one
 * transform (xslt/tei-to-typst-and-text.xsl through
 * src/render/print.ts's loadTypstAndTextWriter), as a build makes a letter
 * that has both (src/build/document.ts; issue 9: the stylesheet prepared,
 * its keys built and the note and apparatus numbers counted once, not in
 * each of two transforms). The result must be what the two stylesheets make
 * on their own, byte for byte: on every document of the test fixtures that
 * renders, and on letters with more notes than the footnote limit (endnotes,
 * delimited and not), stand-off notes, an apparatus and a bibliography.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureDocuments } from './fixture-documents.js';
import { loadText } from '../src/load/source.js';
import { readDocumentModel } from '../src/model/read.js';
import { FOOTNOTE_LIMIT, loadTypstAndTextWriter, loadTypstWriter, printParameters, printSource, TYPST_AND_TEXT_STYLESHEET, TYPST_STYLESHEET } from '../src/render/print.js';
import { loadTextRenderer, TEXT_STYLESHEET, textEditionOf, type TextParts } from '../src/render/text.js';
import { loadSef } from '../src/xslt/sef.js';
import { transformSync } from '../src/xslt/transform.js';
import { readingTreeOf } from '../src/xslt/tree.js';

let print: Awaited<ReturnType<typeof loadTypstWriter>>;
let text: Awaited<ReturnType<typeof loadTextRenderer>>;
let both: Awaited<ReturnType<typeof loadTypstAndTextWriter>>;
beforeAll(async () => {
  [print, text, both] = await Promise.all([loadTypstWriter(), loadTextRenderer(), loadTypstAndTextWriter()]);
}, 120_000);

/** Both ways, each on a tree of its own (as the build's one tree is new to each): [two transforms, one]. */
async function bothWays(file: string, xml: string) {
  const loaded = loadText(file, xml);
  if (!loaded.source) throw new Error(`${file} does not load`);
  const model = await readDocumentModel(file, readingTreeOf(loaded.source));
  const separate = { typst: print(readingTreeOf(loaded.source), model, { paper: 'a4' }), text: text(readingTreeOf(loaded.source), model) };
  const once = both(readingTreeOf(loaded.source), model, { paper: 'a4' });
  return { separate, once };
}

/**
 * Both ways at a footnote limit of the test's choosing: the three stylesheets as the writers above run them (the
 * writers' own parameters, printParameters, with footnote-limit replaced; printSource and textEditionOf on their
 * results), since the writers always pass FOOTNOTE_LIMIT. The endnotes are the same comparison at any limit (the
 * stylesheets' "more than footnote-limit"): a letter of a few notes over a small limit takes the path a letter of
 * 1,001 notes takes under FOOTNOTE_LIMIT, without writing and comparing a thousand notes three times (some 3 s of
 * CPU). tests/many-notes.test.ts builds a letter of FOOTNOTE_LIMIT + 1 notes through the whole build.
 */
async function bothWaysAtLimit(file: string, xml: string, limit: number) {
  const loaded = loadText(file, xml);
  if (!loaded.source) throw new Error(`${file} does not load`);
  const model = await readDocumentModel(file, readingTreeOf(loaded.source));
  const { params, date } = printParameters(model, { paper: 'a4' });
  expect(params['footnote-limit']).toBe(FOOTNOTE_LIMIT);
  const stylesheetParams = { ...params, 'footnote-limit': limit };
  const [typstSef, textSef, bothSef] = await Promise.all([loadSef(TYPST_STYLESHEET), loadSef(TEXT_STYLESHEET), loadSef(TYPST_AND_TEXT_STYLESHEET)]);
  const typst = transformSync<string>(typstSef, { source: readingTreeOf(loaded.source), destination: 'serialized', stylesheetParams }).principalResult;
  const text = transformSync<TextParts>(textSef, { source: readingTreeOf(loaded.source), destination: 'raw' }).principalResult;
  const made = transformSync<{ typst: string; text: TextParts }>(bothSef, { source: readingTreeOf(loaded.source), destination: 'raw', stylesheetParams }).principalResult;
  return {
    separate: { typst: printSource(typst, date).typst, text: textEditionOf(text, model) },
    once: { print: printSource(made.typst, date), text: textEditionOf(made.text, model) },
  };
}

const HEADER = `<teiHeader><fileDesc><titleStmt><title>Notes</title></titleStmt><publicationStmt><p>Test.</p></publicationStmt>
  <sourceDesc><listWit><witness xml:id="A" ana="#copy-text">The letter.</witness><witness xml:id="B">A copy.</witness></listWit></sourceDesc></fileDesc></teiHeader>`;

/** A letter of `notes` notes (one in `marked` holding U+E004, which keeps the endnotes at their calls), stand-off notes, an apparatus and a bibliography. */
function notesLetter(notes: number, marked = false): string {
  const calls = Array.from({ length: notes }, (_, i) => `word <note>Note ${i + 1}${marked && i === 7 ? ' \uE004' : ''} with <hi rend="italic">a phrase</hi>.</note>`).join(' ');
  return `<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="notes">${HEADER}<text><body>
<p>Begin ${calls} end.</p>
<p>Placed at <persName xml:id="n1">a name</persName>; <app><lem wit="#A">the lemma</lem><rdg wit="#B">a reading</rdg></app>.</p>
<div type="notes"><note target="#n1">On the name.</note></div>
</body></text><standOff><listBibl><bibl>A work <note>with a note</note>.</bibl></listBibl></standOff></TEI>`;
}

describe('the print edition and the text edition in one transform', () => {
  it('give the bytes of the two transforms on every fixture document that renders (hostile, typst-hostile, xinclude, any-tei included)', async () => {
    let compared = 0;
    for (const file of fixtureDocuments(['broken'])) {
      const xml = readFileSync(file, 'utf8');
      let result;
      try {
        result = await bothWays(file, xml);
      } catch {
        continue; // a fixture that is not a document the renderers take (a register file, a fragment)
      }
      expect(result.once.print.typst, file).toBe(result.separate.typst);
      expect(result.once.text, file).toEqual(result.separate.text);
      compared++;
    }
    expect(compared).toBeGreaterThan(15);
  }, 300_000);

  it('give the same bytes for a letter of more notes than the footnote limit (endnotes), and one whose endnotes stay at their calls', async () => {
    // A limit of 8 and 9 notes: the marked letter's U+E004 is in its eighth note.
    const limit = 8;
    for (const marked of [false, true]) {
      const { separate, once } = await bothWaysAtLimit('notes.xml', notesLetter(limit + 1, marked), limit);
      expect(once.print.endnotes).toBeGreaterThan(limit);
      expect(once.print.typst.includes('#ed-endnotes(\n')).toBe(!marked);
      expect(once.print.typst).toBe(separate.typst);
      expect(once.text).toEqual(separate.text);
      expect(once.text.annotated).toContain(`[${limit + 1}] Note ${limit + 1} with a phrase.`);
    }
  }, 120_000);
});

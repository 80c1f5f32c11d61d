/**
 * Any TEI, faithfully, in the PDF itself: every document of
 * ../shared/corpora/ (and the fixtures of tests/fixtures/any-tei/) is
 * typeset to PDF as the build does it, read back with pdfjs
 * (tests/any-tei/pdf.ts: the tagged structure gives the reading order, the
 * footnotes and what the page design adds) and checked word for word
 * (Unicode word boundaries) against the rule of the README ("What each
 * output includes"): the reading text with deletions, the notes as
 * footnotes, the bibliography of standOff after the text.
 *
 * A document over 1 MB (the 2.4 MB dictionary: some 600 pages, minutes of
 * typesetting) is typeset only with TEI_EDITION_EXHAUSTIVE=1; its words
 * in the Typst source are checked by tests/any-tei.test.ts in every run.
 *
 *   ANY_TEI_ONLY=escher npx vitest run tests/any-tei-pdf.test.ts
 *   TEI_EDITION_EXHAUSTIVE=1 ANY_TEI_ONLY=Kirchner npx vitest run tests/any-tei-pdf.test.ts
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileTypst } from '../src/render/print.js';
import { CORPORA, corpusFiles, files, label } from './any-tei/corpus.js';
import { pdfReading } from './any-tei/pdf.js';
import { cachedJson } from './disk-cache.js';
import { renderCorpusDocument } from './any-tei/rendered.js';
import { firstDifference, readingText, tidy, wordsOf } from './any-tei/reading.js';

if (corpusFiles.length === 0) console.warn(`[any-tei-pdf] SKIPPED: no corpus documents in ${CORPORA}; the corpus tests do not run.`);

/**
 * The print edition sets straight apostrophes and quotation marks as
 * typographic ones (its notice says so), and a superscript digit with the
 * font's superscript figure (the PDF's text has "²" for a superscript 2):
 * compared as one.
 */
const SUPERSCRIPT_FIGURES = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const words = (s: string): string[] =>
  wordsOf(tidy(s).replace(/[‘’]/g, "'").replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/g, (d) => String(SUPERSCRIPT_FIGURES.indexOf(d))));

const exhaustive = process.env.TEI_EDITION_EXHAUSTIVE === '1';
const large = (file: string): boolean => statSync(file).size > 1_000_000;
for (const f of files.filter(large)) if (!exhaustive) console.warn(`[any-tei-pdf] SKIPPED (over 1 MB; TEI_EDITION_EXHAUSTIVE=1 typesets it): ${label(f)}`);
const PDF_READER = readFileSync(new URL('./any-tei/pdf.ts', import.meta.url), 'utf8');

describe.skipIf(corpusFiles.length === 0)('every word of every corpus document, in the PDF', () => {
  it.each(files.filter((f) => exhaustive || !large(f)).map((f) => [label(f), f]))('%s', async (_name, file) => {
    const xml = readFileSync(file, 'utf8');
    // What pdfjs reads from the typeset PDF, kept on disk while the toolkit, the reader (tests/any-tei/pdf.ts)
    // and the document are unchanged (tests/disk-cache.ts): typesetting the corpus costs about a minute of CPU.
    const got = await cachedJson('any-tei-pdf', `${PDF_READER}\0${file}\0${xml}`, async () => {
      // The Typst source the print renderer makes of the tree the build renders (shared with
      // tests/any-tei.test.ts: tests/any-tei/rendered.ts), compiled as the renderer compiles it.
      const { typst } = await renderCorpusDocument(file, xml);
      return pdfReading(compileTypst(typst).pdf);
    });
    const expected = readingText(xml, 'print');
    expect(firstDifference(words(expected.text), words(got.text))).toBeUndefined();
    // Footnotes in the order of their calls (a stand-off note's call may come before notes written earlier): as a set.
    const notes = (list: string[]): string[] => list.map((n) => words(n).join(' ')).sort();
    expect(notes(got.notes)).toEqual(notes(expected.notes));
    expect(words(got.bibliography)).toEqual(words(expected.bibliography.join(' ')));
  }, 600_000);
});

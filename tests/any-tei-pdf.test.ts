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
 * A document over 300 KB (the 2.4 MB dictionary: some 600 pages, minutes of
 * typesetting; the 380 KB minutes of a meeting) is typeset whole only with TEI_EDITION_EXHAUSTIVE=1; in
 * every other run, as a part of it that holds every shape of the whole
 * (tests/any-tei/part.ts), as tests/any-tei.test.ts renders it.
 *
 * Which documents: with TEI_EDITION_EXHAUSTIVE=1 (.ci/run), every one; in every other run, those whose Typst
 * sources together hold every construct and character of the Typst sources of all
 * (tests/any-tei/typst-shapes.ts: what the PDF can lose depends on these, and tests/any-tei.test.ts checks
 * every word of every document's Typst source in every run): 12 of the 44 when written.
 *
 *   ANY_TEI_ONLY=escher npx vitest run tests/any-tei-pdf.test.ts
 *   TEI_EDITION_EXHAUSTIVE=1 ANY_TEI_ONLY=Kirchner npx vitest run tests/any-tei-pdf.test.ts
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compileTypst } from '../src/render/typst.js';
import { CORPORA, corpusFiles, corpusText, files, testName } from './any-tei/corpus.js';
import { pdfReading } from './any-tei/pdf.js';
import { cachedJson } from './disk-cache.js';
import { renderCorpusDocument } from './any-tei/rendered.js';
import { firstDifference, readingText, tidy, wordsOf } from './any-tei/reading.js';
import { asOutputsRead } from './any-tei/outputs.js';
import { exhaustive } from './any-tei/part.js';
import { typstCover } from './any-tei/typst-shapes.js';

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

const require = createRequire(import.meta.url);
/**
 * What a PDF reading depends on besides the Typst source: the compiler (its version; it loads no system font,
 * src/render/typst.ts), how the print renderer calls it (src/render/print.ts and typst.ts), pdfjs and the reader
 * (tests/any-tei/pdf.ts) and this file. With the source, the whole key of the reading (tests/disk-cache.ts, `toolkit: false`):
 * a change of the toolkit that leaves a document's Typst source as it was (the web or text stylesheets, the
 * build) reads the PDF reading back instead of typesetting and reading the document again.
 */
const PDF_READER = [
  `typst-ts-node-compiler ${(require('@myriaddreamin/typst-ts-node-compiler/package.json') as { version: string }).version}`,
  `pdfjs-dist ${(require('pdfjs-dist/package.json') as { version: string }).version}`,
  readFileSync(new URL('../src/render/print.ts', import.meta.url), 'utf8'),
  // The compiler's call and its sandbox (compileTypst), moved there from print.ts.
  readFileSync(new URL('../src/render/typst.ts', import.meta.url), 'utf8'),
  readFileSync(new URL('./any-tei/pdf.ts', import.meta.url), 'utf8'),
  readFileSync(new URL(import.meta.url), 'utf8'),
].join('\0');

/**
 * Each document's Typst source: the print renderer's (shared with tests/any-tei.test.ts: tests/any-tei/rendered.ts,
 * kept on disk), last document first: tests/any-tei.test.ts renders them first to last, and when both files run
 * at once, in the two workers of a run, each renders what the other has not yet reached and takes the rest from
 * the disk cache, instead of both rendering the same documents at the same time.
 */
const sources = new Map<string, string>();
for (const file of [...files].reverse()) sources.set(file, (await renderCorpusDocument(file, await corpusText(file))).typst);
const typeset = exhaustive ? [...sources.keys()] : typstCover(sources);

describe.skipIf(corpusFiles.length === 0)('every word of every corpus document, in the PDF', () => {
  it.each(typeset.map((f) => [testName(f), f]))('%s', async (_name, file) => {
    const xml = await corpusText(file);
    // The Typst source the print renderer makes of the tree the build renders, compiled as the renderer compiles it.
    const typst = sources.get(file) as string;
    // What pdfjs reads from the typeset PDF, kept on disk while the Typst source, the compiler and the reader
    // are unchanged (PDF_READER): typesetting and reading the corpus costs some 10 s of CPU.
    const got = await cachedJson('any-tei-pdf', `${PDF_READER}\0${typst}`, () => pdfReading(compileTypst(typst).pdf), { toolkit: false });
    // A C1 control as the PDF sets it: Windows-1252's character, else a space (src/controls.ts).
    const read = readingText(xml, 'print');
    const expected = { text: asOutputsRead(read.text), notes: read.notes.map(asOutputsRead), bibliography: read.bibliography.map(asOutputsRead) };
    expect(firstDifference(words(expected.text), words(got.text))).toBeUndefined();
    // Footnotes in the order of their calls (a stand-off note's call may come before notes written earlier): as a set.
    const notes = (list: string[]): string[] => list.map((n) => words(n).join(' ')).sort();
    expect(notes(got.notes)).toEqual(notes(expected.notes));
    expect(words(got.bibliography)).toEqual(words(expected.bibliography.join(' ')));
  }, 600_000);
});

/**
 * Any TEI, faithfully: every document of ../shared/corpora/ (real
 * encodings of other editions) rendered by the three text-walking outputs,
 * and checked word for word (Unicode word boundaries, Intl.Segmenter)
 * against the reading text read straight from the TEI (tests/any-tei/reading.ts,
 * following the README's "What each output includes"):
 *
 * - web: the text and the notes list, against the reading text with
 *   deletions, then the notes in order;
 * - plain text (<id>.txt): against the reading text without notes and deletions;
 * - print: the text the Typst source sets, against the reading text with
 *   deletions, and its footnotes against the notes.
 *
 * Nothing lost, merged or split: the word lists are equal. Every document
 * is rendered once and its results are reused by every check here (a
 * document over 300 KB, the 2.4 MB dictionary and the 380 KB minutes of a meeting, as a part of it that holds
 * every shape of the whole, checked below; whole with
 * TEI_EDITION_EXHAUSTIVE=1, tests/any-tei/part.ts): the golden files (one document of each corpus folder,
 * tests/golden/any-tei/) and the table of header inferences.
 *
 *   UPDATE_GOLDEN=1 npx vitest run tests/any-tei.test.ts
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocumentModel } from '../src/model/types.js';
import { checkGolden } from './golden.js';
import { cachedJson } from './disk-cache.js';
import { renderCorpusDocument, type RenderedCorpusDocument } from './any-tei/rendered.js';
import { asBrowserReads, asOutputsRead, htmlText, typstText } from './any-tei/outputs.js';
import { CORPORA, corpusFiles, corpusText, files, FIXTURES, label, PART_CODE, testedOnPart, testName } from './any-tei/corpus.js';
import { shapes } from './any-tei/part.js';
import { firstDifference, readingText, tidy, wordsOf } from './any-tei/reading.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GOLDEN_DIR = join(root, 'tests', 'golden', 'any-tei');

if (corpusFiles.length === 0) console.warn(`[any-tei] SKIPPED: no corpus documents in ${CORPORA}; the corpus tests do not run.`);

type Rendered = RenderedCorpusDocument & { xml: string };
const rendered = new Map<string, Rendered>();

beforeAll(async () => {
  for (const file of files) {
    const xml = await corpusText(file);
    // Kept on disk while the toolkit and the document are unchanged (tests/any-tei/rendered.ts).
    rendered.set(file, { xml, ...(await renderCorpusDocument(file, xml)) });
  }
}, 600_000);

const got = (file: string): Rendered => rendered.get(file) as Rendered;

describe.skipIf(!files.some(testedOnPart))('the part of a large document', () => {
  it.each(files.filter(testedOnPart).map((f) => [label(f), f]))('%s: has every element (in its parent, with its attributes) and every character other than letters and digits (under its element) of the whole', async (_name, file) => {
    const whole = readFileSync(file, 'utf8');
    const part = got(file).xml;
    expect(part.length).toBeLessThan(whole.length / 4);
    const held = shapes(part);
    // The shapes of the whole depend on its text and tests/any-tei/part.ts only: kept on disk (tests/disk-cache.ts).
    const all = await cachedJson('any-tei-shapes', `${PART_CODE}\0${whole}`, () => [...shapes(whole)], { toolkit: false });
    expect(all.filter((s) => !held.has(s))).toEqual([]);
  });
});

describe.skipIf(corpusFiles.length === 0)('every word of every corpus document, in every output', () => {
  describe.each(files.map((f) => [testName(f), f]))('%s', (_name, file) => {
    it('web: the text and the notes', () => {
      const r = got(file);
      const expected = readingText(r.xml, 'html');
      const actual = wordsOf(tidy(htmlText(r.html.text) + ' ' + htmlText(r.html.notes)));
      // The text part ends with the bibliography of standOff (its own section, after the text).
      const want = wordsOf(asBrowserReads([expected.text, ...expected.bibliography, ...expected.notes].join(' ')));
      expect(firstDifference(want, actual)).toBeUndefined();
    });

    it('plain text: the reading text without notes', () => {
      const r = got(file);
      expect(firstDifference(wordsOf(asOutputsRead(readingText(r.xml, 'txt').text)), wordsOf(r.text.plain))).toBeUndefined();
    });

    it('print: the text and the footnotes', () => {
      const r = got(file);
      const read = readingText(r.xml, 'print');
      const expected = { text: asOutputsRead(read.text), notes: read.notes.map(asOutputsRead), bibliography: read.bibliography.map(asOutputsRead) };
      const t = typstText(r.typst);
      expect(firstDifference(wordsOf(expected.text), wordsOf(tidy(t.text)))).toBeUndefined();
      // Footnotes follow their calls; a stand-off note's call may come before notes written earlier: compared as a set of notes.
      const notes = (list: string[]): string[] => list.map((n) => wordsOf(tidy(n)).join(' ')).sort();
      expect(notes(t.notes)).toEqual(notes(expected.notes));
      // The bibliography of standOff, entry by entry, after the text.
      const entries = (list: string[]): string[] => list.map((n) => wordsOf(tidy(n)).join(' '));
      expect(entries(t.bibliography)).toEqual(entries(expected.bibliography));
    });
  });
});

/**
 * What the toolkit infers from each foreign header (README, "What the
 * toolkit reads from a foreign header"), checked against the sources by
 * reading them: id, the document's own title, senders, addressees, where
 * and when it was sent. '' = the header does not say (left out, never guessed).
 */
const HEADERS: [string, string, string, string, string, string][] = [
  // file, id, title (start), from, to, sent (place; date attributes)
  ['escher/K_0023_AE_an_Steiner_David_Eduard_1849-12-28.xml', 'K_0023', 'Alfred Escher an David Eduard Steiner, Belvoir', 'Alfred Escher', 'David Eduard Steiner', 'Belvoir (Enge, Zürich); when=1849-12-28'],
  ['escher/K_0199_Sinz_Carl_Rudolf_an_Escher_1839-07-22.xml', 'K_0199', 'Carl Rudolf Sinz an Alfred Escher', 'Carl Rudolf Sinz', 'Alfred Escher', 'Berlin; when=1839-07-22'],
  ['escher/K_2048_von_Gonzenbach_August_an_Escher_1863-11-05.xml', 'K_2048', 'August von Gonzenbach an Alfred Escher', 'August von Gonzenbach', 'Alfred Escher', 'Muri bei Bern; when=1863-11-05'],
  ['escher/K_2574_StadtLugano_an_Escher_1871-11-18.xml', 'K_2574', 'Stadt Lugano an Alfred Escher', 'Stadt Lugano', 'Alfred Escher', 'Lugano; when=1871-11-18'],
  ['hsg/1972-09-22-kogan-to-franklin.xml', '1972-09-22-kogan-to-franklin', 'Memorandum From Arthur Kogan to William Franklin, September 1972', '', '', ''],
  ['hsg/2002-08-19-athens-02867.xml', '2002-08-19-athens-02867', 'Telegram From the Embassy in Greece to the Department of State', '', '', ''],
  ['tei-correspondence-sig/example01_basic.xml', 'example01_basic', 'Example encoding for a basic correspondence', 'Adelbert von Chamisso', 'Louis de La Foye', 'Vertus; when=1807-01-29'],
  ['tei-correspondence-sig/example02_email.xml', 'COBEC_00014', 'Example encoding of an email with several recipients', 'PN0001', 'PN0002; PN0003', '; when=1999-06-02'],
  ['tei-correspondence-sig/example03_more-than-one-addressee.xml', 'example03_more-than-one-addressee', 'Example encoding of a correspondence with more than one addressee', 'Hans Marsilius Purrmann', 'Hermann Hesse; Ninon Hesse', 'Capo di Sorrento; '],
  ['tei-correspondence-sig/example04_more-than-one-sender.xml', 'example04_more-than-one-sender', 'Example encoding of a correspondence with more than one sender', 'Adolf Hauffen; Hans Lambel; Hans Meyer; Richard Rosenbaum; August Sauer; Hans Tschinkel; Franz Werner; Spiridion Wukadinovic', 'Bernhard Seuffert', 'Prague; '],
  ['tei-correspondence-sig/example09_redirecting.xml', 'example09_redirecting', 'Example encoding for a redirected letter', 'John Gneisenau Neihardt', 'Julius Temple House', 'Branson (Montgomery); '],
  ['tei-correspondence-sig/example13_correspDesc-pointing-to-participDesc.xml', 'CIDTC5823', "Corpus of Ioannes Dantiscus' Texts and Correspondence: Letter #5823", 'Bona Sforza', 'Ioannes Dantiscus', 'Cracovia; when=1524-04-29'],
  ['tei-publisher/27003.xml', 'kbga-texts-27003', 'Predigt: Offenbarung 1,8 (Neujahr)', '', '', ''],
  ['tei-publisher/CIDTC-3823-cortez.xml', 'CIDTC-IDL-3823', 'Hernán CORTÉS to Ioannes DANTISCUS, Mexico 1531-08-01', '', '', 'México; notBefore=1531-08-01 notAfter=1531-08-01'],
  ['tei-publisher/Kirchner-Michaelis-1907.xml', 'Kirchner-Michaelis-1907', 'Kirchner/Michaëlis: Wörterbuch der Philosophischen Grundbegriffe', '', '', ''],
  ['tei-publisher/let695.xml', 'let695', 'To Paul Gauguin. Arles, Wednesday, 3 October 1888.', '', '', ''],
];

describe.skipIf(corpusFiles.length === 0)('what the toolkit infers from each foreign header', () => {
  it.each(HEADERS.filter(([f]) => files.includes(join(CORPORA, f))))('%s', (f, id, title, from, to, sent) => {
    const m = got(join(CORPORA, f)).model;
    const names = (c: DocumentModel['sender']): string => (c?.agents ?? []).map((a) => a.name).join('; ');
    const date = m.sender?.date ?? {};
    const dateAttributes = (['when', 'from', 'to', 'notBefore', 'notAfter'] as const).filter((k) => date[k]).map((k) => `${k}=${date[k]}`).join(' ');
    expect({ id: m.id, title: m.title?.slice(0, title.length), from: names(m.sender), to: names(m.recipient), sent: m.sender ? `${m.sender.place ?? ''}; ${dateAttributes}` : '' }).toEqual({ id, title, from, to, sent });
  });
});

/** One document of each corpus folder, and the fixture: the web edition's parts and both text files, byte for byte. */
const GOLDEN = [
  'escher/K_0023_AE_an_Steiner_David_Eduard_1849-12-28.xml',
  'hsg/1972-09-22-kogan-to-franklin.xml',
  'tei-correspondence-sig/example13_correspDesc-pointing-to-participDesc.xml',
  'tei-publisher/let695.xml',
].map((f) => join(CORPORA, f));

describe.skipIf(corpusFiles.length === 0)('golden outputs of one document of each corpus folder', () => {
  it.each([...GOLDEN, join(FIXTURES, 'constructs.xml')].filter((f) => files.includes(f)).map((f) => [label(f), f]))('%s', (_name, file) => {
    const r = got(file);
    const id = r.model.id;
    checkGolden(GOLDEN_DIR, `${id}.html`, [r.html.header, r.html.text, r.html.notes].filter(Boolean).join('\n'));
    checkGolden(GOLDEN_DIR, `${id}.txt`, r.text.plain);
    checkGolden(GOLDEN_DIR, `${id}.annotated.txt`, r.text.annotated);
  });
});

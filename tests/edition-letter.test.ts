import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// saxon-js is CommonJS and ships no types: describe the two calls we use.
interface SaxonDocument { readonly nodeType: number }
interface SaxonJSApi {
  getResource(options: { file: string; type: 'xml' } | { text: string; type: 'xml' }): Promise<SaxonDocument>;
  XPath: {
    evaluate(xpath: string, context: SaxonDocument, options?: { namespaceContext?: Record<string, string> }): unknown;
  };
}
const SaxonJS = createRequire(import.meta.url)('saxon-js') as SaxonJSApi;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/*
 * The edition's own letter, tested at its own path: the only test file that
 * reads the repository's tei/. Every other test works on fixture copies
 * (tests/fixtures/letter/, tests/fixtures/edition/), so adding, removing or
 * editing letters in tei/ changes no other test; without this letter these
 * tests are skipped, and say so.
 */
const teiFile = join(repoRoot, 'tei', 'eisenhower-bulganin-1956-11-04.xml');
const letterAbsent = !existsSync(teiFile);
if (letterAbsent) console.warn(`[edition-letter] SKIPPED: ${teiFile} is not there; the edition letter's own tests did not run.`);
const copyTextFile = join(repoRoot, 'tests', 'fixtures', 'copy-text', '000_7c683ee98f370b22.txt');
const sharedCopyText = resolve(repoRoot, '../shared/sources/000_7c683ee98f370b22.txt');

/**
 * The reading text of a TEI document: every text node of <text>, in document
 * order, except those inside <rdg> (variant readings: the lemma is the copy
 * text) and <note> (editorial notes). Block-level elements start with a space
 * so that words in adjacent blocks never run together. Nothing is normalised:
 * quotation marks and "--" are compared exactly as they stand.
 */
const READING_TEXT = `
  let $blocks := ('text', 'front', 'body', 'back', 'div', 'head', 'byline', 'docAuthor', 'docDate',
                  'opener', 'dateline', 'salute', 'address', 'addrLine', 'p', 'ab', 'lg', 'l',
                  'closer', 'signed', 'postscript', 'trailer')
  return string-join(
    for $n in /tei:TEI/tei:text//(* | text())[not(ancestor-or-self::tei:rdg or ancestor-or-self::tei:note)]
    return if ($n instance of text()) then string($n)
           else if (local-name($n) = $blocks) then ' '
           else '',
    '')`;

function readingText(doc: SaxonDocument): string {
  const result = SaxonJS.XPath.evaluate(READING_TEXT, doc, { namespaceContext: { tei: 'http://www.tei-c.org/ns/1.0' } });
  if (typeof result !== 'string') throw new Error('reading-text XPath did not return a string');
  return result;
}

const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== '');

interface Difference { index: number; expected: string | undefined; actual: string | undefined }

/** The first position where the two word lists differ (a missing word shows as undefined), or null. */
function firstDifference(expected: readonly string[], actual: readonly string[]): Difference | null {
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    if (expected[i] !== actual[i]) return { index: i, expected: expected[i], actual: actual[i] };
  }
  return null;
}

function describeDifference(d: Difference, expected: readonly string[]): string {
  const before = expected.slice(Math.max(0, d.index - 6), d.index).join(' ');
  return `word ${d.index + 1}: copy text has ${JSON.stringify(d.expected ?? '<end>')}, TEI reading text has ${JSON.stringify(d.actual ?? '<end>')} (after "… ${before}")`;
}

const copyTextWords = (): string[] => words(readFileSync(copyTextFile, 'utf8'));
const teiText = (): string => readFileSync(teiFile, 'utf8');

describe.skipIf(letterAbsent)('the edition letter is valid (schema, rules, cross-references), with no warnings', () => {
  it('tei/eisenhower-bulganin-1956-11-04.xml', async () => {
    const { validatePaths } = await import('../src/validate/index.js');
    const r = await validatePaths([teiFile]);
    expect(r.diagnostics).toEqual([]);
  });
});

describe.skipIf(letterAbsent)('transcription: TEI reading text = copy text, word for word', () => {
  it('the reading text of the TEI has exactly the words of the copy text', async () => {
    const expected = copyTextWords();
    const actual = words(readingText(await SaxonJS.getResource({ file: teiFile, type: 'xml' })));
    const diff = firstDifference(expected, actual);
    expect(diff && describeDifference(diff, expected)).toBeNull();
    expect(actual).toEqual(expected);
    expect(actual.length).toBe(expected.length);
  });

  it('takes the lemmata, never the FRUS readings, and leaves the editorial notes out', async () => {
    const doc = await SaxonJS.getResource({ file: teiFile, type: 'xml' });
    const text = words(readingText(doc)).join(' ');
    // The readings are in the document ...
    const tei = teiText();
    for (const rdg of ['<rdg wit="#FRUS">me</rdg>', 'His Excellency Marshal', '<rdg wit="#FRUS">’.</rdg>']) expect(tei).toContain(rdg);
    // ... but not in the reading text.
    expect(text).not.toMatch(/\bme Hungarian\b|His Excellency|Dwight D\. Eisenhower\s*$|[‘’]/);
    expect(text).not.toContain('Foreign Relations');
    expect(text).toContain('those of the Hungarian Government');
  });

  it('fails, naming the first differing word, when one word of the TEI is changed', async () => {
    const expected = copyTextWords();
    const original = teiText();
    const mutated = original.replace('I have noted with profound distress', 'I have noted with profound sorrow');
    expect(mutated).not.toBe(original);
    const actual = words(readingText(await SaxonJS.getResource({ text: mutated, type: 'xml' })));
    const diff = firstDifference(expected, actual);
    expect(diff).not.toBeNull();
    expect(diff).toMatchObject({ expected: 'distress', actual: 'sorrow' });
    expect(expected[(diff as Difference).index - 1]).toBe('profound');
    expect(describeDifference(diff as Difference, expected)).toMatch(/copy text has "distress", TEI reading text has "sorrow"/);
    // The same mismatch makes the equality assertion of the main test fail.
    expect(() => expect(actual).toEqual(expected)).toThrow();
  });

  it('fails when a word is missing from the TEI (the list lengths differ)', async () => {
    const expected = copyTextWords();
    const mutated = teiText().replace('inexpressibly shocked', 'shocked');
    const actual = words(readingText(await SaxonJS.getResource({ text: mutated, type: 'xml' })));
    expect(firstDifference(expected, actual)).toMatchObject({ expected: 'inexpressibly', actual: 'shocked' });
  });

  it.skipIf(!existsSync(sharedCopyText))('the fixture is a byte copy of the shared copy text', () => {
    expect(readFileSync(copyTextFile).equals(readFileSync(sharedCopyText))).toBe(true);
  });
});

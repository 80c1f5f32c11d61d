/**
 * The documents of the "any TEI" tests: every document of
 * ../shared/corpora/ (one folder per edition) and the fixtures of
 * tests/fixtures/any-tei/ (constructs the corpora hold too rarely: space,
 * a break inside a word at a page break, registers in back, a stand-off
 * note, a bibliography in standOff). ANY_TEI_ONLY=regex narrows a run
 * while working on one kind of document. A document over 300 KB (the 2.4 MB
 * dictionary, the 380 KB minutes of a meeting) is tested on a part of it that holds every element, attribute
 * and character shape of the whole (tests/any-tei/part.ts), and whole with
 * TEI_EDITION_EXHAUSTIVE=1 (.ci/run sets it).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedJson } from '../disk-cache.js';
import { exhaustive, isLarge, partOf } from './part.js';

/** The code that cuts a part and lists shapes (tests/any-tei/part.ts): with the text, the key of what it computes. */
export const PART_CODE = readFileSync(new URL('./part.ts', import.meta.url), 'utf8');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CORPORA = resolve(root, '../shared/corpora');
export const FIXTURES = join(root, 'tests', 'fixtures', 'any-tei');

export const corpusFiles: string[] = existsSync(CORPORA)
  ? readdirSync(CORPORA, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(CORPORA, d.name)).filter((f) => f.endsWith('.xml')).map((f) => join(CORPORA, d.name, f)))
      .sort()
  : [];

export const files: string[] = [...corpusFiles, ...readdirSync(FIXTURES).filter((f) => f.endsWith('.xml')).map((f) => join(FIXTURES, f))].filter(
  (f) => !process.env.ANY_TEI_ONLY || new RegExp(process.env.ANY_TEI_ONLY).test(f),
);

/** "escher/K_0023….xml": the folder and the file, for test names. */
export const label = (file: string): string => `${basename(dirname(file))}/${basename(file)}`;

/** Whether the tests take a part of `file` (tests/any-tei/part.ts), not the whole. */
export const testedOnPart = (file: string): boolean => !exhaustive && isLarge(file);

/**
 * The text the tests render and read: the document, or for a large one its part (tests/any-tei/part.ts),
 * cut once (some 2 s of CPU for the dictionary) and kept on disk (tests/disk-cache.ts): both corpus test files read it.
 */
export async function corpusText(file: string): Promise<string> {
  const xml = readFileSync(file, 'utf8');
  // The part depends on the document and on tests/any-tei/part.ts only: kept across changes of the toolkit.
  return testedOnPart(file) ? cachedJson('any-tei-part', `${PART_CODE}\0${xml}`, () => partOf(xml), { toolkit: false }) : xml;
}

/** "escher/K_0023….xml" and, for a document tested on a part, " (part)": for test names. */
export const testName = (file: string): string => `${label(file)}${testedOnPart(file) ? ' (part)' : ''}`;

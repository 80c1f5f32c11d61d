/**
 * The documents of the "any TEI" tests: every document of
 * ../shared/corpora/ (one folder per edition) and the fixtures of
 * tests/fixtures/any-tei/ (constructs the corpora hold too rarely: space,
 * a break inside a word at a page break, registers in back, a stand-off
 * note, a bibliography in standOff). ANY_TEI_ONLY=regex narrows a run
 * while working on one kind of document.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

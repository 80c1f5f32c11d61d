/**
 * The XML files of the test fixtures (tests/fixtures/, every folder but those
 * excluded, recursively): the documents tests compare renderers on, one
 * stylesheet run against another (print-text-once, print-volume-once).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join('tests', 'fixtures');

export function fixtureDocuments(excludedFolders: readonly string[]): string[] {
  return readdirSync(FIXTURES)
    .filter((f) => !excludedFolders.includes(f) && statSync(join(FIXTURES, f)).isDirectory())
    .flatMap((f) => xmlFiles(join(FIXTURES, f)));
}

function xmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? xmlFiles(path) : name.endsWith('.xml') ? [path] : [];
  });
}

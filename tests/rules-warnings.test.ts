/**
 * Warnings of the edition's rules (schemas/edition.sch) that the broken
 * variants of tests/validate.test.ts (errors only) do not cover: a register
 * entry without a name (its pages showed its id as its name, without a
 * word) and a second copy text (the apparatus and the notices name the
 * first), each at its element, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validatePaths } from '../src/validate/index.js';

const LETTER = readFileSync(join('tests', 'fixtures', 'letter', 'tei', 'eisenhower-bulganin-1956-11-04.xml'), 'utf8');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tei-rules-warnings-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The letter with one edit; the findings as "line:column severity rule", and the edit's line. */
async function variant(name: string, find: string, replace: string): Promise<{ findings: string[]; line: number }> {
  expect(LETTER).toContain(find);
  const text = LETTER.replace(find, replace);
  const file = join(dir, `${name}.xml`);
  writeFileSync(file, text);
  const r = await validatePaths([file]);
  return { findings: r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule}`), line: text.slice(0, text.indexOf(replace)).split('\n').length };
}

describe('warnings of the edition rules', () => {
  it('a register entry without a name', async () => {
    const { findings, line } = await variant('nameless', '      <person xml:id="bohlen">', '      <person xml:id="anon"><idno type="wikidata">https://www.wikidata.org/entity/Q42</idno></person>\n      <person xml:id="bohlen">');
    expect(findings).toEqual([`${line}:7 warning register-name`]);
  });

  it('a second copy text', async () => {
    const { findings, line } = await variant('two-copy-texts', '<witness xml:id="FRUS">', '<witness xml:id="FRUS" ana="#copy-text">');
    expect(findings).toEqual([`${line}:11 warning copy-text-one`]);
  });
});

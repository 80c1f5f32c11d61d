/**
 * Very large tokens and files (D4): each is refused by the scanner with a
 * finding at the token's own line and column, in about the time it takes to
 * read the file, never with a crash (a name of ten million characters
 * overflowed the stack of the name check: "internal error: Maximum call
 * stack size exceeded") or by running out of memory (a 150 MB attribute
 * value took 4.9 GB). libxml2's own limits, should a document reach it,
 * are said as limits, without its "try XML_PARSE_HUGE".
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_ELEMENTS, MAX_NAME_LENGTH, MAX_TAG_LENGTH, MAX_TOKEN_LENGTH, scanXml } from '../src/load/scan.js';
import { loadFile, loadText, MAX_FILE_BYTES, type Source } from '../src/load/source.js';
import { LineIndex } from '../src/load/lines.js';
import { readRelaxNgSchema, validateRelaxNg } from '../src/validate/relaxng.js';
import { libxml2Limit } from '../src/validate/xmllint.js';
import { validatePaths } from '../src/validate/index.js';

const dir = mkdtempSync(join(tmpdir(), 'scan-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>\n<p>Before ';
const TAIL = ' after.</p>\n</body></text></TEI>';
/** A document with `middle` on line 2, after "<p>Before " (column 11). */
const doc = (middle: string): string => HEAD + middle + TAIL;

function only(text: string): { rule: string; line: number; column: number; message: string } {
  const loaded = loadText('big.xml', text);
  expect(loaded.source).toBeUndefined();
  expect(loaded.diagnostics).toHaveLength(1);
  const d = loaded.diagnostics[0]!;
  return { rule: d.rule, line: d.line, column: d.column, message: d.message };
}

describe('scanner limits: a finding at the token, not a crash', () => {
  const huge = 10_000_000;
  it('an attribute name of ten million characters (was: Maximum call stack size exceeded)', () => {
    const t0 = performance.now();
    expect(only(doc(`<hi ${'a'.repeat(huge)}="1">x</hi>`))).toMatchObject({ rule: 'xml-name-too-long', line: 2, column: 15 });
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
  it('an element name of ten million characters (start and end tag)', () => {
    expect(only(doc(`<${'h'.repeat(huge)}/>`))).toMatchObject({ rule: 'xml-name-too-long', line: 2, column: 12 });
    expect(only(doc(`<hi></${'h'.repeat(huge)}>`))).toMatchObject({ rule: 'xml-name-too-long', line: 2, column: 17 });
  });
  it('names up to the limit are read; one character more is refused', () => {
    const name = `h${'a'.repeat(MAX_NAME_LENGTH - 1)}`;
    expect(scanXml(doc(`<${name}/>`)).errors).toEqual([]);
    expect(only(doc(`<${name}a/>`))).toMatchObject({ rule: 'xml-name-too-long', column: 12 });
    expect(only(doc(`&${name}a;`))).toMatchObject({ rule: 'xml-name-too-long', column: 12 });
    expect(only(doc(`<?${name}a x?>`))).toMatchObject({ rule: 'xml-name-too-long', column: 13 });
  });
  it('an attribute value, a run of text, a comment, a CDATA section, a processing instruction, a tag past MAX_TOKEN_LENGTH', () => {
    const big = 'a'.repeat(MAX_TOKEN_LENGTH + 1);
    const t0 = performance.now();
    const value = only(doc(`<hi rend="${big}">x</hi>`));
    expect(value).toMatchObject({ rule: 'xml-value-too-long', line: 2, column: 21 });
    expect(value.message).toContain('3,000,001 characters');
    expect(only(doc(big))).toMatchObject({ rule: 'xml-text-too-long', line: 2, column: 4 });
    expect(only(doc(`<!--${big}-->`))).toMatchObject({ rule: 'xml-text-too-long', line: 2, column: 11 });
    expect(only(doc(`<![CDATA[${big}]]>`))).toMatchObject({ rule: 'xml-text-too-long', line: 2, column: 11 });
    expect(only(doc(`<?pi ${big}?>`))).toMatchObject({ rule: 'xml-text-too-long', line: 2, column: 11 });
    const most = 'a'.repeat(MAX_TOKEN_LENGTH * 0.6);
    expect(only(doc(`<hi rend="${most}" n="${most}">x</hi>`))).toMatchObject({ rule: 'xml-tag-too-long', line: 2, column: 11 });
    expect(only(doc(`<hi>x</hi${' '.repeat(MAX_TAG_LENGTH)}>`))).toMatchObject({ rule: 'xml-tag-too-long', line: 2, column: 16 });
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
  it('a value at the limit is read', () => {
    expect(scanXml(doc(`<hi rend="${'a'.repeat(MAX_TOKEN_LENGTH)}">x</hi>`)).errors).toEqual([]);
  });
  it('more than MAX_ELEMENTS elements: refused at the first one past', () => {
    const d = only(doc('<lb/>'.repeat(MAX_ELEMENTS)));
    expect(d.rule).toBe('xml-too-many-elements');
    // The root, teiHeader, text, body and p come first: the element past the limit is lb number MAX_ELEMENTS - 4.
    expect(d).toMatchObject({ line: 2, column: 11 + 5 * (MAX_ELEMENTS - 5) });
  });
  it('a file past MAX_FILE_BYTES is refused unread', async () => {
    const file = join(dir, 'sparse.xml');
    writeFileSync(file, '');
    truncateSync(file, MAX_FILE_BYTES + 1);
    const r = await loadFile(file);
    expect(r.diagnostics).toMatchObject([{ rule: 'file-too-large', line: 0, column: 0, severity: 'error' }]);
  });
  it('validate reports the template letter with a huge attribute name as a finding', async () => {
    const file = join(dir, 'big.xml');
    writeFileSync(file, doc(`<hi ${'a'.repeat(huge)}="1">x</hi>`));
    const r = await validatePaths([file], { xref: false });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['2:15 xml-name-too-long']);
  });
});

describe("libxml2's limits are said as limits", () => {
  it('no XML_PARSE_HUGE advice', () => {
    for (const m of [
      'Resource limit exceeded: Text node too long, try XML_PARSE_HUGE',
      'Resource limit exceeded: Buffer size limit exceeded, try XML_PARSE_HUGE',
      'Excessive depth in document: 257 use XML_PARSE_HUGE option',
      'Name too long: NCName',
      'Comment too big found',
      'Resource limit exceeded: Something new, try XML_PARSE_HUGE',
    ]) {
      const said = libxml2Limit(m);
      expect(said, m).toBeDefined();
      expect(said).not.toMatch(/HUGE|--huge/i);
    }
    expect(libxml2Limit('Opening and ending tag mismatch: p line 84 and hi')).toBeUndefined();
  });
  it('a document that reaches libxml2 past its name limit: one finding, the limit said', async () => {
    // Past the scanner (a Source made by hand), as a document reaching libxml2 some other way would be.
    const text = `<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<${'h'.repeat(60_000)}/></TEI>`;
    const source: Source = { file: 'hand.xml', text, lines: new LineIndex(text), elements: loadText('x.xml', '<TEI xmlns="http://www.tei-c.org/ns/1.0"/>').source!.elements, isTei: true };
    const ds = await validateRelaxNg([source], readRelaxNgSchema('schemas/edition.rng'));
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ file: 'hand.xml', line: 2, rule: 'xml-libxml2-limit' });
    expect(ds[0]!.message).toContain('50,000 characters');
    expect(`${ds[0]!.message} ${ds[0]!.hint}`).not.toMatch(/HUGE/i);
  });
});

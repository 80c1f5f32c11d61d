/**
 * A schema error about an attribute, when several elements of that name on one line carry it (D5): libxml2
 * names only the line, so the finding goes to the element whose value the schema's datatype refuses (was: the
 * first on the line, a valid one); where the values cannot be judged, the finding says it cannot tell which,
 * at the line, rather than pointing at one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadText } from '../src/load/source.js';
import { readRelaxNgSchema, validateRelaxNg, type RelaxNgSchema } from '../src/validate/relaxng.js';

const LETTER = readFileSync('tests/fixtures/letter/tei/eisenhower-bulganin-1956-11-04.xml', 'utf8');
const EDITION = readRelaxNgSchema('schemas/edition.rng');
const ANCHOR = '<ref target="https://history.state.gov/historicaldocuments/frus1955-57v25/d166">';

/** The letter with `refs` in place of its first <ref …> start tag's line content before it; returns findings as line:col and message. */
async function check(text: string, schema: RelaxNgSchema = EDITION): Promise<{ at: string; message: string }[]> {
  const loaded = loadText('letter.xml', text);
  expect(loaded.source).toBeDefined();
  const ds = await validateRelaxNg([loaded.source!], schema);
  return ds.map((d) => ({ at: `${d.line}:${d.column}`, message: d.message }));
}

const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;
const colOf = (text: string, needle: string): number => text.indexOf(needle) - text.lastIndexOf('\n', text.indexOf(needle));

describe('an attribute error with two elements on one line', () => {
  it('a valid ref, then one the datatype refuses: the second is named', async () => {
    const text = LETTER.replace(ANCHOR, `<ref target="https://example.org/ok">x</ref> <ref target="javascript:alert(1)">y</ref> ${ANCHOR}`);
    const line = lineOf(text, 'javascript:');
    expect(await check(text)).toEqual([
      { at: `${line}:${colOf(text, 'target="javascript:')}`, message: `the value of target="javascript:alert(1)" on <ref> does not match the schema's datatype` },
    ]);
  });
  it('a refused ref, then a valid one: the first is named', async () => {
    const text = LETTER.replace(ANCHOR, `<ref target="javascript:alert(1)">y</ref> <ref target="https://example.org/ok">x</ref> ${ANCHOR}`);
    expect((await check(text)).map((d) => d.at)).toEqual([`${lineOf(text, 'javascript:')}:${colOf(text, 'target="javascript:')}`]);
  });
  it('two refused among three: each named', async () => {
    const text = LETTER.replace(ANCHOR, `<ref target="https://example.org/ok">x</ref> <ref target="javascript:a()">y</ref> <ref target="data:,z">z</ref> ${ANCHOR}`);
    const line = lineOf(text, 'javascript:');
    expect((await check(text)).map((d) => d.at)).toEqual([`${line}:${colOf(text, 'target="javascript:')}`, `${line}:${colOf(text, 'target="data:')}`]);
  });
  it('a broken percent-escape (%zz) beside a valid pointer: the broken one is named', async () => {
    const text = LETTER.replace(ANCHOR, `<ref target="other.xml#p1">x</ref> <ref target="a%zz.xml">y</ref> ${ANCHOR}`);
    expect(await check(text)).toEqual([{ at: `${lineOf(text, '%zz')}:${colOf(text, 'target="a%zz')}`, message: `the value of target="a%zz.xml" on <ref> does not match the schema's datatype` }]);
  });
  it('a datatype the toolkit cannot judge: it says it cannot tell which, at the line', async () => {
    const schema: RelaxNgSchema = {
      file: 'tiny.rng',
      preload: [],
      text: `<grammar xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><element name="doc"><zeroOrMore><choice><text/><element name="a"><optional><attribute name="n"><data type="integer"><param name="minInclusive">0</param></data></attribute></optional></element></choice></zeroOrMore></element></start>
</grammar>`,
    };
    const ds = await check('<doc>\n<a n="15"/><a n="-1"/>\n</doc>', schema);
    expect(ds).toHaveLength(1);
    expect(ds[0]!.at).toBe('2:0');
    expect(ds[0]!.message).toContain('one of the 2 <a> elements on this line');
    expect(ds[0]!.message).toContain('does not say which: n="15", n="-1"');
  });
  it('a pattern the toolkit can judge, in a schema of its own', async () => {
    const schema: RelaxNgSchema = {
      file: 'tiny.rng',
      preload: [],
      text: `<grammar xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><element name="doc"><zeroOrMore><choice><text/><element name="a"><optional><attribute name="n"><list><oneOrMore><choice><value>x</value><data type="token"><param name="pattern">[0-9]+</param></data></choice></oneOrMore></list></attribute></optional></element></choice></zeroOrMore></element></start>
</grammar>`,
    };
    expect((await check('<doc>\n<a n="1 x"/><a n="1 y"/><a n="x 2"/>\n</doc>', schema)).map((d) => d.at)).toEqual(['2:16']);
  });
  it('libxml2 names the value: the element with that value is named', async () => {
    const schema: RelaxNgSchema = {
      file: 'tiny.rng',
      preload: [],
      text: `<grammar xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><element name="doc"><oneOrMore><element name="a"><attribute name="n"><data type="double"/></attribute></element></oneOrMore></element></start>
</grammar>`,
    };
    expect((await check('<doc>\n<a n="1.5"/><a n="x"/>\n</doc>', schema)).map((d) => d.at)).toEqual(['2:16']);
  });
});

/**
 * Schema findings about the attributes an editor gets wrong: an xml:id that is not an XML name (was: libxml2's raw
 * message at column 1 and a false "used more than once"), and an attribute named without its xml: prefix or in the
 * wrong case (was: the prefix dropped, the column of the element, and "Did you mean @n?").
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadText } from '../src/load/source.js';
import { readRelaxNgSchema, validateRelaxNg } from '../src/validate/relaxng.js';

const LETTER = readFileSync('templates/init/tei/template-letter.xml', 'utf8');
const EDITION = readRelaxNgSchema('schemas/edition.rng');

function slip(find: string, replace: string): string {
  expect(LETTER).toContain(find);
  return LETTER.replace(find, replace);
}

async function check(text: string): Promise<{ at: string; rule: string; message: string; hint: string }[]> {
  const loaded = loadText('letter.xml', text);
  expect(loaded.diagnostics).toEqual([]);
  const ds = await validateRelaxNg([loaded.source!], EDITION);
  return ds.map((d) => ({ at: `${d.line}:${d.column}`, rule: d.rule, message: d.message, hint: d.hint ?? '' }));
}

function at(text: string, needle: string, shift = 0): string {
  const i = text.indexOf(needle) + shift;
  expect(i).toBeGreaterThanOrEqual(shift);
  return `${text.slice(0, i).split('\n').length}:${i - text.lastIndexOf('\n', i - 1)}`;
}

describe('an xml:id that is not an XML name', () => {
  it('one beginning with a digit: one error at the value, saying what an id may be; no "used more than once"', async () => {
    const text = slip('<place xml:id="princes-street">', '<place xml:id="1princes-street">');
    expect(await check(text)).toEqual([
      {
        at: at(text, '1princes-street'),
        rule: 'xml-id-name',
        message: 'xml:id "1princes-street" is not a valid id: an xml:id must begin with a letter or underscore and contain no spaces or colons (an XML name)',
        hint: 'Write the id with letters, digits, "-", "_" and ".", beginning with a letter or "_" (e.g. "id-1princes-street"; the pointers to it change with it).',
      },
    ]);
  });
  it('one with a space', async () => {
    const text = slip('<place xml:id="princes-street">', '<place xml:id="princes street">');
    const ds = await check(text);
    expect(ds.map((d) => `${d.at} ${d.rule}`)).toEqual([`${at(text, 'princes street')} xml-id-name`]);
    expect(ds[0]?.hint).toContain('(e.g. "princes-street";');
  });
  it('an xml:id used twice is still that', async () => {
    const text = slip('<place xml:id="princes-street">', '<place xml:id="ed">');
    const ds = await check(text);
    expect(ds.map((d) => `${d.at} ${d.rule}`)).toContain(`${at(text, '<place xml:id="ed">', '<place xml:id="'.length)} xml-id-unique`);
    expect(ds.map((d) => d.rule)).not.toContain('xml-id-name');
  });
});

describe('an xml: attribute misspelt', () => {
  it('xml:ID: named as written, at the attribute, "Did you mean @xml:id?"', async () => {
    const text = slip('<place xml:id="princes-street">', '<place xml:ID="princes-street">');
    const ds = await check(text);
    expect(ds.map((d) => `${d.at} ${d.rule} ${d.message}`)).toEqual([`${at(text, 'xml:ID')} rng-attribute attribute xml:ID is not allowed on <place>`]);
    expect(ds[0]?.hint).toMatch(/^Did you mean @xml:id\? /);
  });
  it('id without the prefix: "Did you mean @xml:id?" (was @n)', async () => {
    const text = slip('<place xml:id="princes-street">', '<place id="princes-street">');
    const ds = await check(text);
    expect(ds.map((d) => `${d.at} ${d.message}`)).toEqual([`${at(text, 'id="princes')} attribute id is not allowed on <place>`]);
    expect(ds[0]?.hint).toMatch(/^Did you mean @xml:id\? /);
  });
  it('lang on TEI: "Did you mean @xml:lang?" (was @ana)', async () => {
    const text = LETTER.replace(/<TEI xmlns="http:\/\/www.tei-c.org\/ns\/1.0"/, '$& lang="en"');
    const ds = await check(text);
    expect(ds.map((d) => `${d.at} ${d.message}`)).toEqual([`${at(text, 'lang="en"')} attribute lang is not allowed on <TEI>`]);
    expect(ds[0]?.hint).toMatch(/^Did you mean @xml:lang\? /);
  });
  it('a spelling slip is still found by spelling', async () => {
    const text = slip('<note type="editorial"', '<note tpye="editorial"');
    expect((await check(text)).map((d) => d.hint.split('?')[0])).toContain('Did you mean @type');
  });
});

import { describe, it, expect } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { validatePaths } from '../src/validate/index.js';
import { buildEdition } from '../src/build/index.js';
import { loadText } from '../src/load/source.js';
import { canonicalContent, elementEnd, entriesOf, expandPrefixed, prefixDefsOf } from '../src/registers/entries.js';
import type { Diagnostic } from '../src/diagnostic.js';
import { runCli } from './cli.js';
import { withSharedRegisters } from '../src/registers/context.js';

const EDITION = join('tests', 'fixtures', 'edition', 'tei');
const CLASH = join('tests', 'fixtures', 'edition-clash', 'tei');

const brief = (ds: Diagnostic[]): string[] => ds.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule}${(d.notes ?? []).map((n) => ` [note ${n.file}:${n.line}:${n.column}]`).join('')}`);

/** A copy of the fixture edition's tei/ to change. */
function editionCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tei-registers-'));
  cpSync(EDITION, dir, { recursive: true });
  return dir;
}

function lineCol(file: string, needle: string, offsetInNeedle = 0): string {
  const text = readFileSync(file, 'utf8');
  const i = text.indexOf(needle) + offsetInNeedle;
  const before = text.slice(0, i).split('\n');
  return `${before.length}:${(before[before.length - 1] as string).length + 1}`;
}

describe('shared registers: one id, one entry, across the edition', () => {
  it('the same id for two different places in two letters is an error naming both places; a repeated authority URI a warning', async () => {
    const r = await validatePaths([CLASH]);
    const a = join(CLASH, 'lindqvist-pryce-1855-03-02.xml');
    const b = join(CLASH, 'pryce-lindqvist-1855-01-10.xml');
    const reg = join(CLASH, 'registers.xml');
    expect(brief(r.diagnostics)).toEqual([
      `${a}:${lineCol(a, '"o-pryce"', 1)} warning register-authority-twice [note ${reg}:${lineCol(reg, '"pryce"', 1)}]`,
      `${b}:${lineCol(b, '"moscow"', 1)} error register-id-clash [note ${a}:${lineCol(a, '"moscow"', 1)}]`,
    ]);
    expect(r.diagnostics[1]?.message).toBe(`xml:id "moscow" names a different place in ${a}:${lineCol(a, '"moscow"', 1)}: one id, two entries`);
  });

  it('the same id with the same content in two letters is one entry (Leith in the fixture edition): no finding', async () => {
    const r = await validatePaths([EDITION]);
    expect(r.diagnostics).toEqual([]);
    const leiths = r.sources.flatMap(entriesOf).filter((e) => e.id === 'leith');
    expect(leiths.map((e) => e.source.file.split('/').pop()).sort()).toEqual(['whitcombe-lindqvist-1851-03-14.xml', 'whitcombe-moreau-1854-02-11.xml']);
    expect(leiths[0]?.content).toBe(leiths[1]?.content);
  });

  it('a local entry that differs from the shared register’s entry of the same id is a clash too', async () => {
    const dir = editionCopy();
    const f = join(dir, 'pryce-lindqvist-1853-09-20.xml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('<listOrg>', '<listPerson><person xml:id="moreau"><persName>Someone else</persName></person></listPerson>\n    <listOrg>'));
    const r = await validatePaths([dir]);
    expect(brief(r.diagnostics.filter((d) => d.severity === 'error'))).toEqual([`${f}:${lineCol(f, '"moreau"', 1)} error register-id-clash [note ${join(dir, 'registers.xml')}:${lineCol(join(dir, 'registers.xml'), '"moreau"', 1)}]`]);
  });

  it('prefixDef pointers (psn:id) resolve into the shared register; a missing entry is an error at the pointer', async () => {
    const dir = editionCopy();
    const f = join(dir, 'moreau-whitcombe-1852.xml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('<persName ref="psn:lindqvist">', '<persName ref="psn:lindquist">'));
    const r = await validatePaths([dir]);
    expect(brief(r.diagnostics)).toEqual([`${f}:${lineCol(f, 'psn:lindquist')} error pointer-resolves`]);
    expect(r.diagnostics[0]?.message).toBe('@ref "psn:lindquist" on <persName> expands to registers.xml#lindquist, where no element has xml:id "lindquist"');
  });
  it('a name pointing into the shared register (registers.xml#id, plc:id) to an entry of another kind is ref-kind, in validate and build alike', async () => {
    const dir = editionCopy();
    const f = join(dir, 'moreau-whitcombe-1852.xml');
    const g = join(dir, 'whitcombe-lindqvist-1851-03-14.xml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('<persName ref="psn:lindqvist">', '<persName ref="plc:paris">'));
    writeFileSync(g, readFileSync(g, 'utf8').replace('<author ref="registers.xml#whitcombe">', '<author ref="registers.xml#edinburgh">'));
    const expected = [`${f}:${lineCol(f, 'plc:paris">M. Lindqvist')} error ref-kind`, `${g}:${lineCol(g, 'registers.xml#edinburgh')} error ref-kind`];
    const r = await validatePaths([dir]);
    expect(brief(r.diagnostics)).toEqual(expected);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      '<persName> points to plc:paris, the entry of a place, not of a person',
      '<author> points to registers.xml#edinburgh, the entry of a place, not of a person',
    ]);
    const built = await buildEdition({ inputs: [dir], targets: ['web'] });
    expect(brief(built.diagnostics.filter((d) => d.severity === 'error'))).toEqual(expected);
    expect(built.files.size).toBe(0);
    // Under --profile any, as the rule's own finding on a #id: information.
    expect((await validatePaths([dir], { profile: 'any' })).diagnostics.filter((d) => d.rule === 'ref-kind').map((d) => d.severity)).toEqual(['info', 'info']);
  }, 120_000);
});

describe('one letter named on the command line', () => {
  it('is checked with the shared register it points into', async () => {
    const edition = join('tests', 'fixtures', 'edition');
    const letter = join(EDITION, 'moreau-whitcombe-1852.xml');
    expect(withSharedRegisters([letter], edition)).toEqual([letter, join(EDITION, 'registers.xml')]);
    expect(withSharedRegisters([EDITION], edition)).toEqual([EDITION]);
    // A file from elsewhere is checked on its own.
    const other = join('tests', 'fixtures', 'broken', 'empty.xml');
    expect(withSharedRegisters([other], edition)).toEqual([other]);
    const r = await runCli(edition, 'validate', 'tei/pryce-lindqvist-1853-09-20.xml');
    expect(r.stdout).toMatch(/✔ 2 files checked: 0 errors, 0 warnings/);
    expect(r.status).toBe(0);
  }, 60_000);
});

describe('register entries as the checks see them', () => {
  const doc = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><encodingDesc><listPrefixDef><prefixDef ident="psn" matchPattern="([a-z]+)" replacementPattern="reg.xml#$1"/></listPrefixDef></encodingDesc></teiHeader>
<standOff><listPlace><place xml:id="a"><placeName>A</placeName><!-- c --><place xml:id="b"><placeName>B</placeName><idno type="wikidata">http://www.wikidata.org/wiki/Q1/</idno></place></place><place xml:id="e"/></listPlace>
<listBibl><bibl xml:id="w">W</bibl></listBibl></standOff><text><body><p><bibl xml:id="x">X</bibl></p></body></text></TEI>`;
  const source = loadText('t.xml', doc).source!;

  it('finds each entry’s whole element (nested places, empty elements), its authority URIs in one form, and bibl only in a list', () => {
    const entries = entriesOf(source);
    expect(entries.map((e) => `${e.kind}:${e.id}`)).toEqual(['place:a', 'place:b', 'place:e', 'bibl:w']);
    expect(doc.slice(entries[0]!.start, entries[0]!.end)).toMatch(/^<place xml:id="a">.*<\/place><\/place>$/);
    expect(doc.slice(entries[1]!.start, entries[1]!.end)).toMatch(/^<place xml:id="b">.*Q1\/<\/idno><\/place>$/);
    expect(doc.slice(entries[2]!.start, elementEnd(source, entries[2]!.index))).toBe('<place xml:id="e"/>');
    expect(entries[1]!.authorities).toEqual(['https://www.wikidata.org/entity/Q1']);
    expect(entries[0]!.content).not.toContain('<!--');
  });
  it('compares content regardless of comments, line breaks, indentation and quote style', () => {
    expect(canonicalContent(`<place xml:id='x'>\n  <placeName>X</placeName> <!-- note -->\n</place>`)).toBe(canonicalContent('<place xml:id="x"><placeName>X</placeName></place>'));
    expect(canonicalContent('<place xml:id="x"><placeName>X</placeName></place>')).not.toBe(canonicalContent('<place xml:id="x"><placeName>Y</placeName></place>'));
  });
  it('expands prefixDef pointers as TEI defines them (the whole part after the colon must match)', () => {
    const defs = prefixDefsOf(source);
    expect(expandPrefixed('psn:abc', defs)).toBe('reg.xml#abc');
    expect(expandPrefixed('psn:ABC', defs)).toBeUndefined();
    expect(expandPrefixed('wd:Q1', defs)).toBeUndefined();
  });
});

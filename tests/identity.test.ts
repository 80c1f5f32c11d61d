import { describe, it, expect, afterAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { validatePaths } from '../src/validate/index.js';
import { buildEdition } from '../src/build/index.js';
import { loadText, type Source } from '../src/load/source.js';
import { documentIdentity } from '../src/validate/identity.js';
import type { Diagnostic } from '../src/diagnostic.js';

const EDITION = join('tests', 'fixtures', 'edition', 'tei');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function editionCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tei-identity-'));
  dirs.push(dir);
  cpSync(EDITION, dir, { recursive: true });
  return dir;
}

function lineCol(file: string, needle: string, offsetInNeedle = 0): string {
  const text = readFileSync(file, 'utf8');
  const i = text.indexOf(needle);
  if (i === -1) throw new Error(`${needle} not in ${file}`);
  const before = text.slice(0, i + offsetInNeedle).split('\n');
  return `${before.length}:${(before[before.length - 1] as string).length + 1}`;
}

const brief = (ds: Diagnostic[]): string[] =>
  ds.filter((d) => d.rule.startsWith('document-id')).map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.rule}${(d.notes ?? []).map((n) => ` [note ${n.file}:${n.line}:${n.column}]`).join('')}`);

function source(file: string, text: string): Source {
  const s = loadText(file, text).source;
  if (!s) throw new Error('not well-formed');
  return s;
}

const HEADER = (id: string, stmt: string): string =>
  `<TEI xmlns="http://www.tei-c.org/ns/1.0"${id}><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>` +
  `<publicationStmt>${stmt}</publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><body><p/></body></text></TEI>`;

describe('document identity (the id that names the files, the idno that names the letter)', () => {
  it('reads the id from TEI/@xml:id, else the file name, as the model does', () => {
    expect(documentIdentity(source('tei/a.xml', HEADER(' xml:id="x&#x2D;1"', '')))).toEqual({ id: 'x-1', line: 1, column: 50 });
    expect(documentIdentity(source('tei/my letter.xml', HEADER('', '')))).toEqual({ id: 'my-letter', line: 0, column: 0 });
  });

  it('reads the idno the model takes: typed "edition" first, else the first; never one holding idnos; a ">" in an attribute is no end of tag', () => {
    const idno = (stmt: string): string | undefined => documentIdentity(source('a.xml', HEADER('', stmt))).idno?.value;
    expect(idno('<idno type="DOI">10.1/x</idno><idno type="edition"> e-1\n </idno>')).toBe('e-1');
    expect(idno('<idno type="DOI">10.1/x</idno><idno>y</idno>')).toBe('10.1/x');
    expect(idno('<idno type="set"><idno>inner</idno></idno><idno n="a>b">outer &amp; co</idno>')).toBe('outer & co');
    expect(idno('<p>no idno</p>')).toBeUndefined();
    // An idno elsewhere (a witness's shelfmark) is not the letter's.
    expect(documentIdentity(source('a.xml', HEADER('', '<p/>').replace('<sourceDesc><p/>', '<sourceDesc><bibl><idno>MS 1</idno></bibl>')))).not.toHaveProperty('idno');
  });

  it('two documents with one id: validate and build give the same error, at the xml:id, naming the other', async () => {
    const dir = editionCopy();
    const copy = join(dir, 'moreau-copy.xml');
    writeFileSync(copy, readFileSync(join(dir, 'moreau-whitcombe-1852.xml'), 'utf8').replace('<idno type="edition">moreau-whitcombe-1852', '<idno type="edition">moreau-copy'));
    const original = join(dir, 'moreau-whitcombe-1852.xml');
    const expected = [`${original}:${lineCol(original, '"moreau-whitcombe-1852"', 1)} error document-id-unique [note ${copy}:${lineCol(copy, '"moreau-whitcombe-1852"', 1)}]`];
    const validated = await validatePaths([dir]);
    expect(brief(validated.diagnostics)).toEqual(expected);
    expect(validated.diagnostics.find((d) => d.rule === 'document-id-unique')?.message).toBe(
      `document id "moreau-whitcombe-1852" (from TEI/@xml:id) is also the id of ${copy}:${lineCol(copy, '"moreau-whitcombe-1852"', 1)} (from TEI/@xml:id): their pages and files would have one name`,
    );
    const built = await buildEdition({ inputs: [dir], targets: ['text'] });
    expect(brief(built.diagnostics)).toEqual(expected);
    expect(built.files.size).toBe(0);
  }, 120_000);

  it('ids that differ only in case are one id (one file where case is ignored): validate says so, as the build does', async () => {
    const dir = editionCopy();
    const copy = join(dir, 'moreau-copy.xml');
    writeFileSync(copy, readFileSync(join(dir, 'moreau-whitcombe-1852.xml'), 'utf8').replace('xml:id="moreau-whitcombe-1852"', 'xml:id="Moreau-Whitcombe-1852"').replace('<idno type="edition">moreau-whitcombe-1852', '<idno type="edition">moreau-copy'));
    const original = join(dir, 'moreau-whitcombe-1852.xml');
    const r = await validatePaths([dir]);
    expect(brief(r.diagnostics)).toEqual([`${original}:${lineCol(original, '"moreau-whitcombe-1852"', 1)} error document-id-unique [note ${copy}:${lineCol(copy, '"Moreau-Whitcombe-1852"', 1)}]`]);
    expect(r.diagnostics[0]?.message).toMatch(/is "Moreau-Whitcombe-1852" but for case, the id of .* where case is ignored \(macOS, Windows\)$/);
    expect(r.diagnostics[0]?.notes?.[0]?.message).toBe('the other "Moreau-Whitcombe-1852"');
  });

  it('an id from a file name clashing with another document’s xml:id is named as such', async () => {
    const dir = editionCopy();
    const copy = join(dir, 'pryce-lindqvist-1853-09-20.copy.xml');
    // Without an xml:id, "pryce-lindqvist-1853-09-20.copy" is the id: no clash; "." stays, so rename to clash.
    const text = readFileSync(join(dir, 'pryce-lindqvist-1853-09-20.xml'), 'utf8').replace(' xml:id="pryce-lindqvist-1853-09-20"', '').replace('<idno type="edition">pryce-lindqvist-1853-09-20', '<idno type="edition">other');
    writeFileSync(copy, text);
    expect(brief((await validatePaths([dir])).diagnostics)).toEqual([]);
    rmSync(copy);
    const sub = mkdtempSync(join(tmpdir(), 'tei-identity-other-'));
    dirs.push(sub);
    const clash = join(sub, 'pryce-lindqvist-1853-09-20.xml');
    writeFileSync(clash, text);
    const original = join(dir, 'pryce-lindqvist-1853-09-20.xml');
    const r = await validatePaths([dir, clash]);
    expect(brief(r.diagnostics)).toEqual([`${clash}:0:0 error document-id-unique [note ${original}:${lineCol(original, '"pryce-lindqvist-1853-09-20"', 1)}]`]);
    expect(r.diagnostics.find((d) => d.rule === 'document-id-unique')?.message).toMatch(/\(from the file name\) is also the id of .*\(from TEI\/@xml:id\)/);
  });

  it('two letters with one idno: a warning at the second idno, naming the first; the build goes on', async () => {
    const dir = editionCopy();
    const a = join(dir, 'lindqvist-whitcombe-1851-05-02.xml');
    const b = join(dir, 'moreau-whitcombe-1852.xml');
    writeFileSync(b, readFileSync(b, 'utf8').replace('<idno type="edition">moreau-whitcombe-1852', '<idno type="edition">lindqvist-whitcombe-1851-05-02'));
    const expected = [`${b}:${lineCol(b, '<idno type="edition">')} warning document-idno-unique [note ${a}:${lineCol(a, '<idno type="edition">')}]`];
    expect(brief((await validatePaths([dir])).diagnostics)).toEqual(expected);
    const built = await buildEdition({ inputs: [dir], targets: ['text'] });
    expect(brief(built.diagnostics)).toEqual(expected);
    expect(built.files.size).toBeGreaterThan(0);
  }, 120_000);
});

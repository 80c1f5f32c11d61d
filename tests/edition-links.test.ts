import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { buildEdition, type BuildResult } from '../src/build/index.js';
import { validatePaths } from '../src/validate/index.js';

/**
 * A letter's pointers to another letter of the edition (`other.xml#p2`, an
 * empty `<ref target="other.xml"/>`) link that letter's page: the page of
 * each letter stands beside the others in web/documents/, and no TEI file does.
 */
const EDITION = join('tests', 'fixtures', 'edition', 'tei');
const REPLY = 'lindqvist-whitcombe-1851-05-02.xml';
const dir = mkdtempSync(join(tmpdir(), 'tei-links-'));
let r: BuildResult;

beforeAll(async () => {
  cpSync(EDITION, dir, { recursive: true });
  const file = join(dir, REPLY);
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(
      'Your letter of the fourteenth of March',
      'Your letter of the fourteenth of March<note type="editorial" resp="#ed" place="foot">She asks in <ref target="whitcombe-lindqvist-1851-03-14.xml#p2">its second paragraph</ref>: <ref target="./whitcombe-lindqvist-1851-03-14.xml"/>. See <ref target="whitcombe-lindqvist-1851-03-14.xml#parcel">its note</ref> and <ref target="whitcombe-lindqvist-1851-03-14.xml#MS">its manuscript</ref>; by bare names, as other projects point: <ref target="whitcombe-lindqvist-1851-03-14#p2">its file name</ref>, <ref target="W54">the id of the Paris letter</ref>.</note>',
    ),
  );
  // A letter whose id is not its file's name.
  const paris = join(dir, 'whitcombe-moreau-1854-02-11.xml');
  writeFileSync(paris, readFileSync(paris, 'utf8').replace('xml:id="whitcombe-moreau-1854-02-11"', 'xml:id="W54"'));
  // A note whose xml:id is not its number (the page calls it note-n1 within itself).
  const asked = join(dir, 'whitcombe-lindqvist-1851-03-14.xml');
  writeFileSync(asked, readFileSync(asked, 'utf8').replace('xml:id="n1" n="1"', 'xml:id="parcel" n="1"'));
  // A block whose xml:id the page reserves for itself ("top" is "tei-top" there): the register's back-links follow the page.
  const pryce = join(dir, 'pryce-lindqvist-1853-09-20.xml');
  writeFileSync(pryce, readFileSync(pryce, 'utf8').replace('<p xml:id="p1">', '<p xml:id="top">'));
  r = await buildEdition({ inputs: [dir], targets: ['web'] });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a letter whose file name is not ASCII', () => {
  it('is pointed to by its name as written or percent-encoded, which the schema accepts, and linked', async () => {
    const d = mkdtempSync(join(tmpdir(), 'tei-names-'));
    cpSync(EDITION, d, { recursive: true });
    writeFileSync(join(d, 'Müller-1851.xml'), readFileSync(join(d, 'moreau-whitcombe-1852.xml'), 'utf8').replace('xml:id="moreau-whitcombe-1852"', 'xml:id="muller"'));
    const pryce = join(d, 'pryce-lindqvist-1853-09-20.xml');
    writeFileSync(pryce, readFileSync(pryce, 'utf8').replace('<p xml:id="p1">', '<p xml:id="p1">See <ref target="Müller-1851.xml#p1">Müller</ref> and <ref target="M%C3%BCller-1851.xml">the same</ref>. '));
    // The edition's schema too (its pointer patterns took ASCII names only).
    expect((await validatePaths([d])).diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    const b = await buildEdition({ inputs: [d], targets: ['web'] });
    const page = b.files.get('web/documents/pryce-lindqvist-1853-09-20.html') as string;
    expect([...page.matchAll(/<a class="tei-ref" href="([^"]*)"/g)].map((m) => m[1])).toEqual(['muller.html#p1', 'muller.html']);
    rmSync(d, { recursive: true, force: true });
  }, 120_000);
});

describe('links between the letters of an edition', () => {
  it('the pointers resolve (validate finds nothing)', async () => {
    expect((await validatePaths([dir])).diagnostics).toEqual([]);
    expect(r.diagnostics.filter((d) => d.source !== 'settings')).toEqual([]);
  });

  it('a ref to another letter links its page, at the element pointed to; an empty one shows its title', () => {
    const page = r.files.get(`web/documents/${REPLY.replace('.xml', '.html')}`) as string;
    const links = [...page.matchAll(/<a class="tei-ref( generated)?" href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => `${m[2]} ${m[3]}`);
    expect(links).toEqual([
      'whitcombe-lindqvist-1851-03-14.html#p2 its second paragraph',
      'whitcombe-lindqvist-1851-03-14.html Clara Whitcombe to Anders Lindqvist, 14 March 1851',
      'whitcombe-lindqvist-1851-03-14.html#parcel its note',
      'whitcombe-lindqvist-1851-03-14.html#MS its manuscript',
      'whitcombe-lindqvist-1851-03-14.html#p2 its file name',
      'W54.html the id of the Paris letter',
    ]);
    expect(r.files.has('web/documents/W54.html')).toBe(true);
    // What each link names is there: a paragraph by its id, a note in the notes list and a witness in the header by
    // their xml:ids too (within the page they are note-n1 and wit-MS).
    const other = r.files.get('web/documents/whitcombe-lindqvist-1851-03-14.html') as string;
    expect(other).toMatch(/ id="p2"/);
    expect(other).toMatch(/<li id="note-n1"[^>]*>(?:(?!<\/li>)[\s\S])*<(?:span|div) class="tei-note" id="parcel"/);
    expect(other).toMatch(/<dt class="siglum" id="wit-MS">MS<\/dt>\s*<dd class="tei-witness" id="MS"/);
    expect(other.match(/ id="(parcel|MS)"/g)).toEqual([' id="MS"', ' id="parcel"']);
  });

  it('a register back-link to a block whose xml:id the page reserves leads to its id on the page', () => {
    expect(r.files.get('web/documents/pryce-lindqvist-1853-09-20.html')).toContain(' id="tei-top"');
    const persons = r.files.get('web/register/persons.html') as string;
    expect(persons).toContain('pryce-lindqvist-1853-09-20.html#tei-top');
    expect(persons).not.toContain('pryce-lindqvist-1853-09-20.html#top"');
  });
});

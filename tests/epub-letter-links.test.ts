/**
 * A ref or ptr from one letter to another letter of the edition, in the EPUB
 * volume (src/render/epub.ts, src/render/epub-body.ts): the web page links
 * the other letter's page (`other.html`, `other.html#p2`), the PDF volume
 * prints its number and page; the EPUB links the letter's content document
 * (letter-000N.xhtml), at the element named when that document has its id,
 * else at its start. Links to the web edition's other pages (the registers)
 * stay spans. Built from the fixture edition with pointers added to one
 * letter: to a letter before it and after it, with and without a fragment,
 * and to an id the other letter has only in its header (not in its XHTML).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { buildEdition } from '../src/build/index.js';
import type { EditionSettings } from '../src/settings/types.js';

const EDITION = join('tests', 'fixtures', 'edition');
const settings = JSON.parse(readFileSync(join(EDITION, 'edition.json'), 'utf8')) as EditionSettings;

let dir: string;
let epub: Uint8Array;
let files: Record<string, Uint8Array>;
const text = (name: string): string => strFromU8(files[`OEBPS/${name}`] ?? new Uint8Array());

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tei-edition-epub-links-'));
  const tei = join(dir, 'tei');
  cpSync(join(EDITION, 'tei'), tei, { recursive: true });
  // Letter no. 4 of the volume (1853) points to no. 3 (1852, undated), no. 1 (its second paragraph), no. 5 (a note
  // of it) and no. 2 (the editor's respStmt: an id of the header, which no XHTML has).
  const file = join(tei, 'pryce-lindqvist-1853-09-20.xml');
  const before = readFileSync(file, 'utf8');
  const after = before.replace(
    '<p xml:id="p1">The firm of',
    '<p>See <ptr target="moreau-whitcombe-1852.xml"/>, <ref target="whitcombe-lindqvist-1851-03-14.xml#p2">the second paragraph</ref>, ' +
      '<ref target="whitcombe-moreau-1854-02-11.xml#p1">a later letter</ref> and <ref target="lindqvist-whitcombe-1851-05-02.xml#ed">its editor</ref>.</p>\n        <p xml:id="p1">The firm of',
  );
  expect(after).not.toBe(before);
  writeFileSync(file, after);
  const result = await buildEdition({ inputs: [tei], targets: ['print', 'web'], settings, volume: true, schema: false, rules: false });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  epub = result.files.get('print/edition.epub') as Uint8Array;
  files = unzipSync(epub);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a pointer to another letter, in the EPUB', () => {
  it('links that letter’s content document, at the element named when it has its id, else at its start', () => {
    const letter = text('letter-0004.xhtml');
    expect(letter).toContain('See <a class="tei-ptr generated" href="letter-0003.xhtml"');
    expect(letter).toMatch(/<a class="tei-ref" href="letter-0001.xhtml#p2"[^>]*>the second paragraph<\/a>/);
    expect(letter).toMatch(/<a class="tei-ref" href="letter-0005.xhtml#p1"[^>]*>a later letter<\/a>/);
    // The header's respStmt has no element in the XHTML: the link leads to the letter.
    expect(text('letter-0002.xhtml')).not.toContain('id="ed"');
    expect(letter).toMatch(/<a class="tei-ref" href="letter-0002.xhtml"[^>]*>its editor<\/a>/);
    // The letters are those the pointers name (their web pages' titles, in the volume's order).
    expect(text('letter-0003.xhtml')).toContain('Moreau');
    expect(text('letter-0001.xhtml')).toMatch(/<title>1\. [^<]*Whitcombe[^<]*Lindqvist/);
  });

  it('every link of every content document resolves: its file is in the book, its fragment an id of that file', () => {
    let links = 0;
    for (const [name, bytes] of Object.entries(files)) {
      if (!name.endsWith('.xhtml')) continue;
      const own = strFromU8(bytes);
      for (const m of own.matchAll(/<a [^>]*href="([^"]*)"/g)) {
        if (/^(https?|mailto):/.test(m[1]!)) continue;
        const [file, fragment] = m[1]!.split('#');
        const target = file ? text(file) : own;
        expect(target, `${name}: ${m[1]}`).not.toBe('');
        if (fragment) expect(target, `${name}: ${m[1]}`).toContain(` id="${fragment}"`);
        if (/^letter-\d+\.xhtml/.test(m[1]!) && /^OEBPS\/letter-/.test(name)) links++;
      }
    }
    expect(links).toBe(4);
  });

  it('leaves links to the web edition’s other pages spans (the register’s names)', () => {
    const letter = text('letter-0004.xhtml');
    expect(letter).toMatch(/<span xmlns:epub="http:\/\/www.idpf.org\/2007\/ops" class="tei-orgName"[^>]*>Pryce and Son<\/span>/);
    expect(letter).not.toMatch(/href="[^"]*\.html/);
  });

  const epubcheck = ['/usr/share/java/epubcheck.jar', '/usr/share/java/epubcheck-4.2.6.jar'].find(existsSync);
  it.skipIf(!epubcheck)('passes epubcheck with no errors and no warnings', () => {
    const file = join(dir, 'edition.epub');
    writeFileSync(file, epub);
    const out = execFileSync('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-jar', epubcheck!, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toContain('No errors or warnings detected.');
  }, 180_000);
});

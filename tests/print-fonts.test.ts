/**
 * The edition's own fonts for the print edition (edition.json "printFonts"):
 * font files inside the edition folder, which the compiler is given after
 * its embedded fonts, for the characters those lack. A letter in Chinese and
 * Tifinagh, which no embedded font has, is then set in them: its PDF holds
 * the fonts, its text comes out of it, and it is PDF/A-2b again (no
 * missing-glyph warning, no PDF 1.7 fallback). Each path is checked (inside
 * the folder, no link out, a regular file, a font by its first bytes), and
 * the fonts' bytes are in the PDFs' cache key: a replaced font makes the
 * PDFs again, the same as a clean build.
 *
 * The fonts are Debian's (fonts-droid-fallback: Droid Sans Fallback, CJK;
 * fonts-dejavu-core: DejaVu Sans, Tifinagh), which .ci/run installs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSettings } from '../src/settings/read.js';
import { compileTypst } from '../src/render/typst.js';
import { fontFamilies, isFontFile, printFontSet, typographicFamily } from '../src/render/typst-fonts.js';
import { printFindings } from '../src/render/print.js';
import { runCli, runCliWithEnv } from './cli.js';

const CJK = '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf';
const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const DEJAVU_BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
const TEXT = 'ⵜⵉⴼⵉⵏⴰⵖ';

const pdfText = (pdf: string): string => execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
const pdfFonts = (pdf: string): string => execFileSync('pdffonts', [pdf], { encoding: 'utf8' });

/** A copy of the fixture edition whose letter moreau-whitcombe-1852 holds Chinese and Tifinagh, with edition.json's printFonts. */
function edition(printFonts: string[] | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'tei-print-fonts-'));
  cpSync(join('tests', 'fixtures', 'edition'), dir, { recursive: true });
  const file = join(dir, 'tei', 'moreau-whitcombe-1852.xml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('<closer>', `<p>The seeds came labelled 中文 and ${TEXT}.</p>\n        <closer>`));
  const settings = JSON.parse(readFileSync(join(dir, 'edition.json'), 'utf8')) as Record<string, unknown>;
  delete settings.$schema;
  mkdirSync(join(dir, 'fonts'));
  copyFileSync(CJK, join(dir, 'fonts', 'cjk.ttf'));
  copyFileSync(DEJAVU, join(dir, 'fonts', 'sans.ttf'));
  writeFileSync(join(dir, 'edition.json'), JSON.stringify({ ...settings, ...(printFonts ? { printFonts } : {}) }, null, 2));
  return dir;
}

// The fonts and poppler are Debian packages .ci/run installs (as this machine has them); elsewhere the tests skip, saying so.
const HAVE = [CJK, DEJAVU, DEJAVU_BOLD].every((f) => existsSync(f)) && ['pdftotext', 'pdffonts'].every((t) => spawnSync(t, ['-v']).error === undefined);
if (!HAVE) console.warn('[print-fonts] SKIPPED: fonts-droid-fallback, fonts-dejavu-core or poppler-utils is not installed; the edition\'s own print fonts were NOT checked.');

describe.skipIf(!HAVE)('the print edition with fonts of the edition (printFonts)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('reads the families as Typst names them, and knows a font by its first bytes', () => {
    expect(fontFamilies(readFileSync(CJK))).toEqual(['Droid Sans Fallback']);
    expect(fontFamilies(readFileSync(DEJAVU_BOLD))).toEqual(['DejaVu Sans']);
    expect(typographicFamily('Noto Sans CJK SC Bold')).toBe('Noto Sans CJK SC');
    expect(typographicFamily('Foo Extra Light')).toBe('Foo');
    expect(fontFamilies(new Uint8Array([1, 2, 3]))).toEqual([]);
    expect(isFontFile(readFileSync(DEJAVU).subarray(0, 4))).toBe(true);
    expect(isFontFile(new TextEncoder().encode('OTTO'))).toBe(true);
    expect(isFontFile(new TextEncoder().encode('ttcf'))).toBe(true);
    expect(isFontFile(new TextEncoder().encode('<svg'))).toBe(false);
  });

  it('checks each path: inside the folder, no link out, a regular font file; a finding at its value', () => {
    const dir = edition(undefined);
    dirs.push(dir);
    const outside = mkdtempSync(join(tmpdir(), 'tei-print-fonts-out-'));
    dirs.push(outside);
    copyFileSync(DEJAVU, join(outside, 'out.ttf'));
    symlinkSync(join(outside, 'out.ttf'), join(dir, 'fonts', 'link.ttf'));
    symlinkSync(join(dir, 'fonts', 'sans.ttf'), join(dir, 'fonts', 'inside-link.ttf'));
    mkdirSync(join(dir, 'fonts', 'folder.ttf'));
    writeFileSync(join(dir, 'fonts', 'fake.otf'), 'not a font at all');
    const entries = ['fonts/sans.ttf', '../out.ttf', 'fonts/link.ttf', 'fonts/folder.ttf', 'fonts/fake.otf', 'fonts/missing.ttc', join(outside, 'out.ttf'), 'fonts/inside-link.ttf', 'fonts/a.woff'];
    const text = `{\n  "title": "T",\n  "printFonts": [\n${entries.map((e) => `    ${JSON.stringify(e)}`).join(',\n')}\n  ]\n}\n`;
    writeFileSync(join(dir, 'edition.json'), text);
    // The schema first: a name that is no font file's.
    let read = readSettings(join(dir, 'edition.json'));
    expect(read.diagnostics.filter((d) => d.rule === 'settings-value').map((d) => [d.rule, d.line, d.column])).toEqual([['settings-value', 12, 5]]);
    expect(read.diagnostics.filter((d) => d.line === 12)).toHaveLength(1);
    expect(read.diagnostics.find((d) => d.rule === 'settings-value')!.message).toBe('"printFonts"[8] "fonts/a.woff" is not in the expected form');
    writeFileSync(join(dir, 'edition.json'), text.replace(',\n    "fonts/a.woff"', ''));
    read = readSettings(join(dir, 'edition.json'));
    expect(read.settings).toEqual({});
    expect(read.diagnostics.map((d) => [d.rule, d.severity, d.line, d.column, d.message])).toEqual([
      ['settings-print-font', 'error', 5, 5, '"printFonts"[1] "../out.ttf" lies outside the edition folder'],
      ['settings-print-font', 'error', 6, 5, '"printFonts"[2] "fonts/link.ttf" is a link that leads out of the edition folder'],
      ['settings-print-font', 'error', 7, 5, '"printFonts"[3] "fonts/folder.ttf" is not a regular file'],
      ['settings-print-font', 'error', 8, 5, '"printFonts"[4] "fonts/fake.otf" is not a font file (its first bytes are not those of OpenType, TrueType or a TrueType collection)'],
      ['settings-print-font', 'error', 9, 5, '"printFonts"[5] "fonts/missing.ttc" does not exist'],
      ['settings-print-font', 'error', 10, 5, `"printFonts"[6] ${JSON.stringify(join(outside, 'out.ttf'))} is not a path inside the edition folder (it must be relative to the folder of edition.json)`],
    ]);
    writeFileSync(join(dir, 'edition.json'), '{ "printFonts": ["fonts/sans.ttf", "fonts/inside-link.ttf", "fonts/cjk.ttf"] }');
    read = readSettings(join(dir, 'edition.json'));
    expect(read.diagnostics).toEqual([]);
    expect(read.settings.printFonts).toEqual(['fonts/sans.ttf', 'fonts/inside-link.ttf', 'fonts/cjk.ttf']);
  });

  it('sets the characters the embedded fonts lack in the edition\'s fonts: embedded, extractable, PDF/A-2b', async () => {
    const dir = edition(['fonts/cjk.ttf', 'fonts/sans.ttf']);
    dirs.push(dir);
    const r = await runCli(dir, 'build', '--no-cache');
    expect(r.stdout).not.toContain('print-missing-glyph');
    expect(r.status).toBe(0);
    const pdf = join(dir, 'dist', 'print', 'moreau-whitcombe-1852.pdf');
    const fonts = pdfFonts(pdf);
    expect(fonts).toMatch(/DroidSansFallback\S*\s.*yes yes yes/);
    expect(fonts).toMatch(/DejaVuSans\S*\s.*yes yes yes/);
    const text = pdfText(pdf);
    expect(text).toContain('中文');
    expect(text).toContain(TEXT);
    expect(readFileSync(pdf, 'latin1')).toContain('pdfaid:part');
    // The volume too.
    const volume = join(dir, 'dist', 'print', 'edition.pdf');
    expect(pdfText(volume)).toContain('中文');
    expect(readFileSync(volume, 'latin1')).toContain('pdfaid:part');
    // Without the setting: the boxes, the warning, whose hint names the setting.
    const plain = edition(undefined);
    dirs.push(plain);
    const p = await runCli(plain, 'build', '--no-cache');
    expect(p.stdout).toContain('print-missing-glyph');
    expect(p.stdout).toContain('"printFonts" in edition.json');
    expect(readFileSync(join(plain, 'dist', 'print', 'moreau-whitcombe-1852.pdf'), 'latin1')).not.toContain('pdfaid:part');
    // Letters without such characters: the same bytes with the setting as without.
    for (const id of ['lindqvist-whitcombe-1851-05-02', 'pryce-lindqvist-1853-09-20']) {
      expect(Buffer.compare(readFileSync(join(dir, 'dist', 'print', `${id}.pdf`)), readFileSync(join(plain, 'dist', 'print', `${id}.pdf`)))).toBe(0);
    }
  }, 300_000);

  it('keys the PDFs by the fonts\' bytes: a replaced font makes them again, as a clean build does (threads and Typst processes)', async () => {
    const dir = edition(['fonts/sans.ttf']);
    dirs.push(dir);
    const env = { TEI_EDITION_THREADS: '2' };
    const pdf = join(dir, 'dist', 'print', 'moreau-whitcombe-1852.pdf');
    expect((await runCliWithEnv(env, dir, 'build')).status).toBe(0);
    const before = readFileSync(pdf);
    expect(pdfText(pdf)).toContain(TEXT);
    const volumeBefore = readFileSync(join(dir, 'dist', 'print', 'edition.pdf'));
    // The same path, another font (DejaVu Sans Bold: the same family, other glyphs).
    copyFileSync(DEJAVU_BOLD, join(dir, 'fonts', 'sans.ttf'));
    expect((await runCliWithEnv(env, dir, 'build')).status).toBe(0);
    const after = readFileSync(pdf);
    expect(Buffer.compare(before, after)).not.toBe(0);
    expect(pdfFonts(pdf)).toMatch(/DejaVuSans-Bold/);
    expect(Buffer.compare(volumeBefore, readFileSync(join(dir, 'dist', 'print', 'edition.pdf')))).not.toBe(0);
    // A clean build gives the same bytes.
    const clean = edition(['fonts/sans.ttf']);
    dirs.push(clean);
    copyFileSync(DEJAVU_BOLD, join(clean, 'fonts', 'sans.ttf'));
    expect((await runCliWithEnv(env, clean, 'build', '--no-cache')).status).toBe(0);
    expect(Buffer.compare(after, readFileSync(join(clean, 'dist', 'print', 'moreau-whitcombe-1852.pdf')))).toBe(0);
    expect(Buffer.compare(readFileSync(join(dir, 'dist', 'print', 'edition.pdf')), readFileSync(join(clean, 'dist', 'print', 'edition.pdf')))).toBe(0);
  }, 300_000);

  it('typesets with the fonts in a process of its own too (a letter set with endnotes), the same PDF', () => {
    const source = `${readFileSync(join('xslt', 'typst', 'edition.typ'), 'utf8').trimEnd()}\n\n#set document(date: datetime(year: 2000, month: 1, day: 1))\n#show: ed-page\n中文 ${TEXT}\n`;
    const fonts = printFontSet([CJK, DEJAVU]);
    expect(fonts.families).toEqual(['Droid Sans Fallback', 'DejaVu Sans']);
    const here = compileTypst(source, undefined, { fonts });
    expect(here).toMatchObject({ pdfStandard: 'a-2b' });
    expect(here.missingGlyphs).toBeUndefined();
    const alone = compileTypst(source, undefined, { fonts, alone: true });
    expect(Buffer.compare(Buffer.from(here.pdf), Buffer.from(alone.pdf))).toBe(0);
    // Without the fonts, as before: the boxes.
    expect(compileTypst(source).missingGlyphs).toEqual(['中', '文', ...TEXT].filter((c, i, all) => all.indexOf(c) === i));
    expect(printFindings({ warnings: [], missingGlyphs: ['中'] }, 'a.xml', '')[0]!.hint).toContain('"printFonts"');
  }, 120_000);
});

/**
 * Characters that no font of the print edition has (Libertinus Serif, New
 * Computer Modern, DejaVu Sans Mono: CJK, Thai, emoji…) show as empty boxes
 * in the PDF, and PDF/A-2b refuses them (the PDF is written as PDF 1.7).
 * The build says so in one warning an editor can act on: which characters
 * (distinct, with their count), at the line and column of the first of them
 * in the TEI source, with a hint that they need a font the print edition
 * does not have. (It said only "Written as PDF 1.7, not PDF/A-2b: … the
 * text "艾" could not be displayed with font "Libertinus Serif"", at line 0.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEdition, type BuildResult } from '../src/build/index.js';
import { firstOccurrence, printFindings, volumePrintFindings } from '../src/render/print.js';
import { compileTypst } from '../src/render/typst.js';
import type { Diagnostic } from '../src/diagnostic.js';

describe('characters without a glyph in the print edition', () => {
  let edition: string;
  let built: BuildResult;
  let file: string;
  let source: string;

  beforeAll(async () => {
    edition = mkdtempSync(join(tmpdir(), 'tei-missing-glyphs-'));
    cpSync(join('tests', 'fixtures', 'edition', 'tei'), join(edition, 'tei'), { recursive: true });
    file = join(edition, 'tei', 'moreau-whitcombe-1852.xml');
    // Line 66 of the fixture: its closer. The paragraph before it holds the characters.
    source = readFileSync(file, 'utf8').replace('<closer>', '<p>The seeds came labelled 中文 and ไทย, and again 中.</p>\n        <closer>');
    writeFileSync(file, source);
    built = await buildEdition({ inputs: [file, join(edition, 'tei', 'registers.xml')], editionRoot: edition, targets: ['print'], profile: 'any' });
  }, 120_000);
  afterAll(() => rmSync(edition, { recursive: true, force: true }));

  it('is one warning at the first such character of the TEI, naming the characters and their count', () => {
    const print = built.diagnostics.filter((d: Diagnostic) => d.rule.startsWith('print'));
    expect(print).toHaveLength(1);
    const [finding] = print as [Diagnostic];
    const line = source.split('\n').findIndex((l) => l.includes('中文')) + 1;
    expect(line).toBe(66);
    expect(finding).toMatchObject({ line: 66, column: source.split('\n')[65]!.indexOf('中') + 1, severity: 'warning', rule: 'print-missing-glyph' });
    expect(finding.column).toBe(36);
    expect(finding.file).toContain('moreau-whitcombe-1852.xml');
    expect(finding.message).toBe(
      "The text has 5 characters that have no glyph in the print edition's fonts (Libertinus Serif, New Computer Modern, DejaVu Sans Mono): " +
        '"中" U+4E2D, "文" U+6587, "ไ" U+0E44, "ท" U+0E17, "ย" U+0E22; they show as empty boxes in the PDF, which is therefore written as PDF 1.7, not PDF/A-2b (the first of them here).',
    );
    expect(finding.hint).toMatch(/need a font the print edition does not have.*web edition and the plain text show them/);
    // The PDF is still made, as plain PDF 1.7.
    const pdf = Buffer.from(built.files.get('print/moreau-whitcombe-1852.pdf') as Uint8Array).toString('latin1');
    expect(pdf).not.toContain('pdfaid:part');
  });

  it('finds the first character written as a character reference, in the text before the header', () => {
    const tei = '<TEI>\n<teiHeader><title>中</title></teiHeader>\n<text>\n  <p>a &#x6587; b &#20013;</p></text></TEI>';
    expect(firstOccurrence(tei, ['中', '文'])).toEqual({ line: 4, column: 8 });
    expect(firstOccurrence('<TEI><teiHeader><title>x 中</title></teiHeader><text/></TEI>', ['中'])).toEqual({ line: 1, column: 26 });
    expect(firstOccurrence('<TEI/>', ['中'])).toEqual({ line: 0, column: 0 });
  });

  it('names eight characters and counts the rest; other warnings stay as they were', () => {
    const out = compileTypst('#set text(font: "Libertinus Serif")\n一二三四五六七八九十\n');
    expect(out.missingGlyphs).toEqual([...'一二三四五六七八九十']);
    const [finding] = printFindings({ warnings: [...out.warnings, 'something else'], missingGlyphs: out.missingGlyphs }, 'a.xml', '<text>\n九</text>').reverse();
    expect(finding).toMatchObject({ line: 2, column: 1 });
    expect(finding!.message).toContain('10 characters that have');
    expect(finding!.message).toContain('"八" U+516B and 2 more;');
    expect(printFindings({ warnings: ['something else'] }, 'a.xml', '').map((f) => f.message)).toEqual(['something else']);
    // The volume (no one source): the same finding, naming the characters, without a place (the letters' own say where).
    const volume = volumePrintFindings([...out.warnings, 'something else']);
    expect(volume.map((f) => `${f.rule} ${f.line}:${f.column}`)).toEqual(['print-missing-glyph 0:0', 'print 0:0']);
    expect(volume[0]!.message).toMatch(/^volume: the letters have 10 characters that have no glyph in the print edition's fonts .*"一" U\+4E00, .* and 2 more; they show as empty boxes in the volume/);
    expect(volume[0]!.hint).toContain('"printFonts"');
    expect(volume[1]!.message).toBe('volume: something else');
  }, 60_000);

  it('Arabic script, which only the monospaced DejaVu Sans Mono has, is a warning where the text first has it, unless the editor gave fonts', () => {
    const tei = '<TEI><teiHeader><title>عنوان</title></teiHeader>\n<text>\n  <p>Salām: سلام</p></text></TEI>';
    const [finding, ...rest] = printFindings({ warnings: [] }, 'a.xml', tei);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ line: 3, column: 13, severity: 'warning', rule: 'print-monospace-script' });
    expect(finding!.message).toContain('Arabic script is set in DejaVu Sans Mono');
    expect(finding!.hint).toContain('"printFonts"');
    expect(printFindings({ warnings: [] }, 'a.xml', tei, { editorFonts: true })).toEqual([]);
    expect(printFindings({ warnings: [] }, 'a.xml', '<TEI><teiHeader><title>عنوان</title></teiHeader><text><p>x</p></text></TEI>')).toEqual([]);
  });
});

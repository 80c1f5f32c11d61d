/**
 * Control characters XML allows but discourages (U+007F-U+0084,
 * U+0086-U+009F): a warning at each, naming the Windows-1252 character
 * the byte stands for (the test corpora's dictionary has "(\u0086 1832)"
 * for "(† 1832)" 75 times); the text is left as it is.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadText } from '../src/load/source.js';
import { buildEdition } from '../src/build/index.js';
import { validatePaths } from '../src/validate/index.js';

const tei = (body: string): string => `<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><body><p>${body}</p></body></text></TEI>`;
const found = (text: string): string[] => loadText('d.xml', text).diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.rule} ${d.message}`);

describe('discouraged control characters', () => {
  it('the hint says what each output makes of it (Windows-1252\'s character, as browsers show it; a space where it has none)', () => {
    const d = loadText('d.xml', tei('Cuvier (\u0086 1832)')).diagnostics[0]!;
    expect(d.hint).toBe('Write the character meant (here probably "†"): until then the outputs show "†" for U+0086 (browsers read the web page\'s reference so, and the plain text and the PDF follow them).');
    expect(loadText('d.xml', tei('a\u0081b')).diagnostics[0]?.hint).toBe('Delete the character or write the one meant: the web page shows nothing for U+0081, the plain text and the PDF a space.');
  });
  it('a warning at each, with the character Windows-1252 has at that byte; the text is kept', () => {
    const text = tei('Cuvier (\u0086 1832), \u0093quoted\u0094; a\u0085b');
    expect(found(text)).toEqual([
      '2:24 warning xml-control-char character U+0086 is a control character, which XML discourages; most likely "†", Windows-1252\'s character at byte 0x86, read as Latin-1',
      '2:33 warning xml-control-char character U+0093 is a control character, which XML discourages; most likely "“", Windows-1252\'s character at byte 0x93, read as Latin-1',
      '2:40 warning xml-control-char character U+0094 is a control character, which XML discourages; most likely "”", Windows-1252\'s character at byte 0x94, read as Latin-1',
    ]);
    expect(loadText('d.xml', text).source?.text).toBe(text);
  });

  it('no guess where Windows-1252 has no character (U+0081, U+007F)', () => {
    expect(found(tei('a\u0081b\u007fc'))).toEqual([
      '2:17 warning xml-control-char character U+0081 is a control character, which XML discourages',
      '2:19 warning xml-control-char character U+007F is a control character, which XML discourages',
    ]);
  });

  it('at most 100 a file, then one finding for the rest', () => {
    const ds = loadText('d.xml', tei('\u0086'.repeat(150))).diagnostics;
    expect(ds).toHaveLength(101);
    expect(ds[100]).toMatchObject({ line: 2, column: 116, rule: 'xml-control-char', message: expect.stringContaining('50 more findings of this rule in this file') });
  });

  it('validate reports them as warnings: the document is still valid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c1-'));
    cpSync('tests/fixtures/edition/tei', dir, { recursive: true });
    const file = join(dir, 'lindqvist-whitcombe-1851-05-02.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<p xml:id="p1">', '<p xml:id="p1">(\u0086 1851) '));
    const r = await validatePaths([dir]);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['xml-control-char']);
  });

  it('the PDF, the plain text and the web page (and so the EPUB) show Windows-1252\'s character for one, as browsers do ("cœur", not "c ur"), and the PDF stays PDF/A', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c1-print-'));
    cpSync('tests/fixtures/edition/tei', dir, { recursive: true });
    const file = join(dir, 'lindqvist-whitcombe-1851-05-02.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<p xml:id="p1">', '<p xml:id="p1">(\u0086 1851) c\u009Cur '));
    const r = await buildEdition({ inputs: [file, join(dir, 'registers.xml')], targets: ['print', 'text', 'web'], volume: false });
    expect(r.diagnostics.filter((d) => d.source !== 'settings').map((d) => d.rule)).toEqual(['xml-control-char', 'xml-control-char']);
    const typst = r.files.get('print/lindqvist-whitcombe-1851-05-02.typ') as string;
    expect(typst).toContain('\\(† 1851\\) cœur');
    expect(typst).not.toMatch(/[\u007f-\u009f]/);
    expect(Buffer.from(r.files.get('print/lindqvist-whitcombe-1851-05-02.pdf') as Uint8Array).toString('latin1')).toContain('pdfaid:part');
    expect(r.files.get('text/lindqvist-whitcombe-1851-05-02.txt')).toContain('(† 1851) cœur Your letter');
    // The web page writes the character, not the reference to the control (which an XHTML reader, the EPUB's, reads as the control).
    const page = r.files.get('web/documents/lindqvist-whitcombe-1851-05-02.html') as string;
    expect(page).toContain('(† 1851) cœur');
    expect(page).not.toMatch(/&#1(3[4]|5[6]);/);
  }, 120_000);
});

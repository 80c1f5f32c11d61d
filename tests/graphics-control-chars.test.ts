/**
 * An image path with a line break (`<graphic url="images/new&#10;line.png"/>` to a file of that name) failed the
 * whole document's PDF: the typesetter was given the path with its line break as a space ("document-failed … Typst
 * could not compile the document: file not found"). Such an image is now left out with a warning, the PDF made.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.js';

const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'graphics-control-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('an image path with a control character', () => {
  it('is left out with a warning at the attribute; the PDF is made, with the other images', async () => {
    const p = join(work, 'e');
    cpSync(join(root, 'tests/fixtures/hostile/graphics'), join(p, 'tei'), { recursive: true });
    const seal = readFileSync(join(p, 'tei/images/seal.png'));
    writeFileSync(join(p, 'tei/images/new\nline.png'), seal);
    writeFileSync(join(p, 'tei/images/tab\there.png'), seal);
    const file = join(p, 'tei/letter.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<body>', '<body>\n<figure><graphic url="images/new&#10;line.png"/><figDesc>A line break</figDesc></figure><figure><graphic url="images/tab%09here.png"/><figDesc>A tab</figDesc></figure>'));
    const r = await runCli(p, 'build', '--no-schema', '--no-rules', '--no-xref', '--only', 'web,print');
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).not.toContain('document-failed');
    const warnings = r.stdout.split('\n').filter((l) => l.includes('warning graphic-url') && l.includes('control character'));
    expect(warnings).toEqual([
      'tei/letter.xml:30:23 warning graphic-url <graphic url="images/new\\u{A}line.png">: the path holds a control character (U+000A, a line break); the image is left out of the web edition',
      'tei/letter.xml:30:111 warning graphic-url <graphic url="images/tab%09here.png">: the path holds a control character (U+0009, a tab); the image is left out of the web edition',
    ]);
    expect(existsSync(join(p, 'dist/print/graphics.pdf'))).toBe(true);
    expect(existsSync(join(p, 'dist/web/images/tei/images/seal.png'))).toBe(true);
    expect(existsSync(join(p, 'dist/web/images/tei/images/new\nline.png'))).toBe(false);
  });
});

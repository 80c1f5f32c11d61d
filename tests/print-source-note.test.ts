/**
 * The source's own note after the letter (the Public Papers' "Note:
 * Released November 5, 1956.", TEI back/div[@type='editorial']: part of the
 * copy text) is set so that it cannot be taken for the footnote area (the
 * editors' notes, which the PDF says they are): in the text's size, without
 * a rule, indented and set apart by space (ed-editorial, edition.typ). It
 * was set in 10 pt under a short rule, like the footnotes. Measured in the
 * PDF with poppler's pdftotext -bbox: the height of its words against the
 * text's and the footnotes', its left edge against the text's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDocumentModel } from '../src/model/read.js';
import { renderPrint } from '../src/render/print.js';
import { TYPST_PAGE_DESIGN } from '../src/render/print.js';

const HAVE_PDFTOTEXT = spawnSync('pdftotext', ['-v']).status === 0;
if (!HAVE_PDFTOTEXT) console.warn('[print-source-note] SKIPPED in part: pdftotext (poppler-utils) is not installed; the PDF is not read.');

const LETTER = join('tests', 'fixtures', 'letter', 'tei', 'eisenhower-bulganin-1956-11-04.xml');

interface Word { text: string; x: number; y: number; height: number }
let words: Word[] = [];
let dir: string;

beforeAll(async () => {
  const xml = readFileSync(LETTER, 'utf8');
  const printed = await renderPrint(xml, await readDocumentModel(LETTER, xml));
  if (!HAVE_PDFTOTEXT) return;
  dir = mkdtempSync(join(tmpdir(), 'tei-print-source-note-'));
  writeFileSync(join(dir, 'letter.pdf'), printed.pdf);
  const bbox = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', join(dir, 'letter.pdf'), '-'], { encoding: 'utf8' });
  words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ text: m[4]!, x: Number(m[1]), y: Number(m[2]), height: Number(m[3]) - Number(m[2]) }));
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("the source's own note after the letter", () => {
  it('is not set under a rule (the footnote separator)', () => {
    const design = readFileSync(TYPST_PAGE_DESIGN, 'utf8');
    const editorial = design.slice(design.indexOf('#let ed-editorial'), design.indexOf('\n\n', design.indexOf('#let ed-editorial')));
    expect(editorial).not.toContain('line(');
  });

  it.skipIf(!HAVE_PDFTOTEXT)("is in the text's size, not the footnotes', and indented from the text's margin", () => {
    const note = words.find((w) => w.text === 'Note:')!;
    expect(note).toBeDefined();
    const text = words.find((w) => w.text === 'Charter.')!;
    // A footnote's word: the Public Papers' note's own footnote begins "When Bulganin released …".
    const footnote = words.find((w) => w.text === 'released' && w.y > note.y + 100)!;
    expect(footnote).toBeDefined();
    expect(Math.abs(note.height - text.height)).toBeLessThan(0.2);
    expect(note.height - footnote.height).toBeGreaterThan(1.5);
    // The text's first lines begin at the margin plus its paragraph indent; the note's further in.
    const margin = Math.min(...words.filter((w) => w.y > 60 && w.height > 12).map((w) => w.x));
    expect(note.x).toBeGreaterThan(margin + 25);
  });
});

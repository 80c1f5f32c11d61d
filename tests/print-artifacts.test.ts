/**
 * Page furniture out of the tagged PDF's structure: the line numbers the
 * design sets in the margin (every fifth line) are artifacts (pdf.artifact,
 * Typst 0.14), so that poppler's `pdfinfo -struct-text` no longer reads
 * "5" "10" "15" as text of the document (a screen reader read them out,
 * among the paragraphs), while `pdftotext` still finds them on the page.
 * The running head and page number were artifacts already (Typst makes the
 * page's header and footer so).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDocumentModel } from '../src/model/read.js';
import { renderPrint, type PrintEdition } from '../src/render/print.js';

const HAVE_POPPLER = spawnSync('pdfinfo', ['-v']).status === 0 && spawnSync('pdftotext', ['-v']).status === 0;
if (!HAVE_POPPLER) console.warn('[print-artifacts] SKIPPED: pdfinfo and pdftotext (poppler-utils) are not installed; the PDF is not read.');

const LETTER = join('tests', 'fixtures', 'letter', 'tei', 'eisenhower-bulganin-1956-11-04.xml');

let dir: string;
let printed: PrintEdition;
let structure = '';
let page = '';

beforeAll(async () => {
  const xml = readFileSync(LETTER, 'utf8');
  printed = await renderPrint(xml, await readDocumentModel(LETTER, xml));
  if (!HAVE_POPPLER) return;
  dir = mkdtempSync(join(tmpdir(), 'tei-print-artifacts-'));
  const pdf = join(dir, 'letter.pdf');
  writeFileSync(pdf, printed.pdf);
  // (poppler says "Syntax Error: Suspects object is wrong type" of Typst's MarkInfo on stderr: not read.)
  structure = execFileSync('pdfinfo', ['-struct-text', pdf], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  page = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAVE_POPPLER)('line numbers in the tagged PDF', () => {
  it('are not in the structure tree, and still on the page', () => {
    expect(printed.pdfStandard).toBe('a-2b');
    // The text is in the structure, the line numbers are not. They were one span of the document, "5" "10" "15"
    // one after another after the text's paragraphs; the numbers left are content: the footnote calls (superscript)
    // and the apparatus's keys (in its grid, each beside its entry).
    expect(structure).toContain('Hungarian Government for the withdrawal of Soviet forces.');
    expect(structure).not.toMatch(/"5"\n\s*"10"/);
    const numbers = structure.split('\n').map((l, i, all) => [l, all.slice(Math.max(0, i - 3), i).join(' ')] as const).filter(([l]) => /^\s*"\d{1,3}"\s*$/.test(l) && Number(/\d+/.exec(l)![0]) % 5 === 0);
    expect(numbers.length).toBeGreaterThan(0);
    for (const [, before] of numbers) expect(before).toMatch(/BaselineShift|Div\s+Span/);
    // On the page: a line that begins with its number in the margin.
    expect(page).toMatch(/^\s*5\s{2,}\S/m);
    expect(page).toMatch(/^\s*10\s{2,}\S/m);
  });
});

/**
 * The volume keys each apparatus entry to the page and line of the volume
 * where its lemma stands (xslt/typst/volume.typ, ed-volume-app-lines). The
 * letter's anchors are read once for its whole apparatus and kept by entry
 * (before, every entry filtered all of its letter's anchors: 1,000 entries
 * took 19.3 s to typeset, now 4.3 s, the same PDF; `benchApparatus` in
 * bench/robustness.mjs). Here a letter with 60 more entries, each in a
 * paragraph of its own: every entry gets a key, on the page its lemma is
 * printed on, in the order of the text.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { loadText } from '../../src/load/source.js';
import { readingTreeOf } from '../../src/xslt/tree.js';
import { readDocumentModel } from '../../src/model/read.js';
import { assembleVolume, loadVolumeRenderer, orderParts } from '../../src/render/book.js';

const FILE = join(import.meta.dirname, '..', 'fixtures', 'letter', 'tei', 'eisenhower-bulganin-1956-11-04.xml');
const ENTRIES = 60;

async function pagesOf(pdf: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: pdf.slice(), disableFontFace: true, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' ').replace(/\s+/g, ' '));
  }
  await doc.destroy();
  return pages;
}

describe('the apparatus of a letter in the volume', () => {
  it('keys every entry to the page of the volume where its lemma stands, in the order of the text', async () => {
    const base = readFileSync(FILE, 'utf8');
    const paragraphs = Array.from({ length: ENTRIES }, (_, i) => `<p>Sentence ${i} reads <app><lem wit="#PPP">lemma${i}x</lem><rdg wit="#FRUS">reading${i}x</rdg></app> here and goes on for a while so that lines fill.</p>`);
    const text = base.replace(/<\/div>(\s*)<\/body>/, `</div><div>${paragraphs.join('\n')}</div>$1</body>`);
    expect(text).not.toBe(base);
    const tree = readingTreeOf(loadText(FILE, text).source!);
    const model = await readDocumentModel(FILE, tree);
    const volume = assembleVolume(orderParts([(await loadVolumeRenderer()).letter(tree, model)]));
    const pages = await pagesOf(volume.pdf);
    const keys = new Map<number, [page: number, line: number]>();
    // A lemma of one word has one place ("12.5"), not a range ("12.5–12.6"): its start and end are found on one line.
    for (const page of pages) {
      for (const m of page.matchAll(/(?:^| )([\d.–]+) lemma(\d+)x\] reading\d+x/g)) {
        expect(m[1], `key of lemma${m[2]}x`).toMatch(/^\d+\.\d+$/);
        const [p, l] = m[1]!.split('.').map(Number);
        keys.set(Number(m[2]), [p!, l!]);
      }
    }
    expect(keys.size).toBe(ENTRIES);
    // The lemma stands in the text on the page its key names (pdfjs splits some words in two: the sentence is looked for).
    const printedOn = (i: number): number => pages.findIndex((p) => p.includes(`Sentence ${i} reads `)) + 1;
    for (let i = 0; i < ENTRIES; i++) expect(keys.get(i)?.[0], `entry of lemma${i}x`).toBe(printedOn(i));
    const ordered = [...keys].sort((a, b) => a[0] - b[0]).map(([, key]) => key);
    for (let i = 1; i < ordered.length; i++) expect(ordered[i]![0] * 1000 + ordered[i]![1]).toBeGreaterThan(ordered[i - 1]![0] * 1000 + ordered[i - 1]![1]);
    expect(new Set(ordered.map(([page]) => page)).size).toBeGreaterThan(1);
    expect(pages.join(' ')).not.toMatch(/\? lemma\d+x\]/);
  }, 60_000);
});

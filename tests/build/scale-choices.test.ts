/**
 * What the build does differently for large editions (README, "Scale"):
 * the volume is made of 2 to VOLUME_AUTO_MAX letters unless asked for or
 * refused, its principles are read from its first letter only, and a bad
 * letter stops the build before any model is read, with the checks kept
 * so that after the fix only that letter is checked again.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEdition, guidedBatches, VOLUME_AUTO_MAX, volumeWanted } from '../../src/build/index.js';

const EDITION = 'tests/fixtures/edition/tei';

/** The fixture edition in a new folder, each letter's editorial principles saying whose they are. */
function edition(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scale-choices-'));
  mkdirSync(join(dir, 'tei'));
  for (const f of readdirSync(EDITION)) {
    const text = readFileSync(join(EDITION, f), 'utf8');
    writeFileSync(join(dir, 'tei', f), text.replace('<p>Spelling is kept as written.</p>', `<p>Spelling is kept as written in ${f.replace('.xml', '')}.</p>`));
  }
  return dir;
}

describe('the volume of a large edition', () => {
  it('is made of 2 to VOLUME_AUTO_MAX letters unless asked for or refused', () => {
    expect(VOLUME_AUTO_MAX).toBe(100);
    expect([1, 2, 100, 101, 3000].map((n) => volumeWanted(n, undefined))).toEqual([false, true, true, false, false]);
    expect([1, 2, 101, 3000].map((n) => volumeWanted(n, true))).toEqual([true, true, true, true]);
    expect([1, 2, 101].map((n) => volumeWanted(n, false))).toEqual([false, false, false]);
  });

  it('prints the principles of its first letter (in time order), read from that letter only', async () => {
    const dir = edition();
    const r = await buildEdition({ inputs: [join(dir, 'tei')], targets: ['print'], threads: 0 });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const typst = r.files.get('print/edition.typ') as string;
    // Typst markup escapes "-" and "." in text.
    const said = [...typst.matchAll(/Spelling is kept as written in ([\w\\-]+?)\\\./g)].map((m) => m[1]?.replace(/\\/g, ''));
    // The earliest letter (14 March 1851), once, and no other letter's.
    expect(said).toEqual(['whitcombe-lindqvist-1851-03-14']);
  }, 300_000);

  it('is not made when edition.json says "volume": false, nor with --no-volume (volume: false)', async () => {
    const dir = edition();
    const bySettings = await buildEdition({ inputs: [join(dir, 'tei')], targets: ['print'], threads: 0, settings: { volume: false } });
    const byOption = await buildEdition({ inputs: [join(dir, 'tei')], targets: ['print'], threads: 0, volume: false });
    for (const r of [bySettings, byOption]) {
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const names = [...r.files.keys()];
      expect(names.filter((n) => n.startsWith('print/edition.'))).toEqual([]);
      expect(names.filter((n) => n.endsWith('.pdf'))).toHaveLength(5);
    }
  }, 300_000);
});

describe('the batches of the checks and models', () => {
  it('split the documents in order, the largest first, each a share of what is left within the bounds, the last ones small', () => {
    const docs = Array.from({ length: 1000 }, (_, i) => i);
    const batches = guidedBatches(docs, 2, 50, 5);
    expect(batches.flat()).toEqual(docs);
    expect(batches.map((b) => b.length)).toEqual([...Array(17).fill(50), 38, 28, 21, 16, 12, 9, 7, 5, 5, 5, 4]);
    // Two threads finishing together: the last batches take a fraction of a full one.
    expect(guidedBatches(docs.slice(0, 300), 2, 50, 5).map((b) => b.length)).toEqual([50, 50, 50, 38, 28, 21, 16, 12, 9, 7, 5, 5, 5, 4]);
    expect(guidedBatches(docs.slice(0, 7), 2, 50, 5).map((b) => b.length)).toEqual([5, 2]);
    expect(guidedBatches(docs.slice(0, 20), 1, 50, 2).map((b) => b.length)).toEqual([10, 5, 3, 2]);
    expect(guidedBatches([], 2, 50, 5)).toEqual([]);
  });
});

describe('a bad letter in a large edition', () => {
  it('stops the build before any model is read; after the fix only that letter is checked again', async () => {
    const dir = edition();
    const cacheDir = join(dir, '.cache');
    const letter = join(dir, 'tei', 'pryce-lindqvist-1853-09-20.xml');
    const good = readFileSync(letter, 'utf8');
    writeFileSync(letter, good.replace(/(<correspAction type="received">[\s\S]*?<date )[^>]*\/>/, '$1when="1700-01-01"/>'));
    const progress: string[] = [];
    const bad = await buildEdition({ inputs: [join(dir, 'tei')], targets: ['text'], threads: 0, cacheDir, onProgress: (m) => progress.push(m) });
    expect(bad.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file.endsWith('pryce-lindqvist-1853-09-20.xml')} ${d.rule}`)).toEqual(['true sent-before-received']);
    expect(bad.files.size).toBe(0);
    // Every check is kept, none with a model (none was read).
    const checks = readdirSync(join(cacheDir, 'v1', 'check')).map((f) => JSON.parse(readFileSync(join(cacheDir, 'v1', 'check', f), 'utf8')) as { value: { model?: unknown } });
    expect(checks).toHaveLength(6);
    expect(checks.filter((c) => c.value.model !== undefined)).toEqual([]);

    writeFileSync(letter, good);
    progress.length = 0;
    const fixed = await buildEdition({ inputs: [join(dir, 'tei')], targets: ['text'], threads: 0, cacheDir, onProgress: (m) => progress.push(m) });
    expect(fixed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(progress[0]).toBe('checking 1 of 6 documents');
    expect(fixed.files.get('text/pryce-lindqvist-1853-09-20.txt')).toMatch(/\S/);
    // The models read in this build are kept with the checks: one for each of the six documents.
    const kept = readdirSync(join(cacheDir, 'v1', 'check')).map((f) => JSON.parse(readFileSync(join(cacheDir, 'v1', 'check', f), 'utf8')) as { value: { file: string; model?: { id: string } } });
    expect(kept.filter((c) => c.value.model).map((c) => c.value.file.split('/').pop()).sort()).toEqual(readdirSync(join(dir, 'tei')).sort());
  }, 300_000);
});

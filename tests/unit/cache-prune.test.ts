import { describe, it, expect } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pruneCache, touchCacheEntry } from '../../src/write/cache-prune.js';
import { readNamedSef, SEF_CACHE_KEEP, writeNamedSef } from '../../src/xslt/sef.js';

/** Sets a file's modification time to `minutes` after a fixed moment. */
const age = (file: string, minutes: number) => {
  const t = new Date(Date.UTC(2026, 0, 1) + minutes * 60_000);
  utimesSync(file, t, t);
};

describe('pruneCache', () => {
  it('removes the least recently used entries beyond the limit, with their companion files, and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prune-'));
    for (const [i, name] of ['c', 'a', 'e', 'b', 'd'].entries()) {
      writeFileSync(join(dir, `${name}.sef.json`), '{}');
      age(join(dir, `${name}.sef.json`), i);
      writeFileSync(join(dir, `${name}.xsl`), '<x/>');
    }
    writeFileSync(join(dir, 'notes.txt'), 'not an entry');
    expect(await pruneCache(dir, { keep: 3, suffix: '.sef.json', companions: ['.xsl'] })).toBe(2);
    // c and a were the oldest (minutes 0 and 1).
    expect(readdirSync(dir).sort()).toEqual(['b.sef.json', 'b.xsl', 'd.sef.json', 'd.xsl', 'e.sef.json', 'e.xsl', 'notes.txt']);
    expect(await pruneCache(dir, { keep: 3, suffix: '.sef.json', companions: ['.xsl'] })).toBe(0);
    rmSync(dir, { recursive: true });
  });

  it('keeps an entry that was read recently (touchCacheEntry: its access time) over one written later, and leaves its modification time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prune-'));
    for (const [i, name] of ['old', 'mid', 'new'].entries()) {
      writeFileSync(join(dir, `${name}.model.json`), '{}');
      age(join(dir, `${name}.model.json`), i);
    }
    touchCacheEntry(join(dir, 'old.model.json'));
    // touchCacheEntry does not wait for the file system: wait until its time is set.
    for (let i = 0; i < 100 && statSync(join(dir, 'old.model.json')).atimeMs < Date.UTC(2026, 0, 2); i++) await new Promise((r) => setTimeout(r, 5));
    expect(statSync(join(dir, 'old.model.json')).mtimeMs).toBe(Date.UTC(2026, 0, 1));
    expect(await pruneCache(dir, { keep: 2, suffix: '.model.json' })).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['new.model.json', 'old.model.json']);
    rmSync(dir, { recursive: true });
  });

  it('a missing folder is not an error', async () => {
    expect(await pruneCache(join(tmpdir(), 'no-such-cache-folder'), { keep: 1, suffix: '.sef.json' })).toBe(0);
  });
});

describe('.cache/sef stays bounded when an editor keeps editing a stylesheet', () => {
  it(`storing a newly compiled stylesheet keeps at most ${SEF_CACHE_KEEP} entries: the new one and those read last`, async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'sef-prune-'));
    const name = (i: number) => `sch-${String(i).padStart(60, '0')}`;
    // What earlier edits left: SEF_CACHE_KEEP + 10 entries (with their generated XSLT), older than anything stored now.
    for (let i = 1; i <= SEF_CACHE_KEEP + 10; i++) {
      writeFileSync(join(cacheDir, `${name(i)}.sef.json`), '{"N":"package"}');
      writeFileSync(join(cacheDir, `${name(i)}.xsl`), '<xsl:stylesheet/>');
      age(join(cacheDir, `${name(i)}.sef.json`), i);
    }
    // The oldest is read again (a build still uses it).
    expect(await readNamedSef(name(1), { cacheDir })).toEqual({ N: 'package' });
    for (let i = 0; i < 100 && statSync(join(cacheDir, `${name(1)}.sef.json`)).atimeMs < Date.UTC(2026, 0, 2); i++) await new Promise((r) => setTimeout(r, 5));
    await writeNamedSef('sch-new', { N: 'package' }, { cacheDir });
    const entries = readdirSync(cacheDir).filter((f) => f.endsWith('.sef.json'));
    expect(entries).toHaveLength(SEF_CACHE_KEEP);
    // Gone: the eleven oldest after the one read again (2 to 12), each with its XSLT.
    const expected = ['sch-new', name(1), ...Array.from({ length: SEF_CACHE_KEEP - 2 }, (_, k) => name(k + 13))];
    expect(entries.sort()).toEqual(expected.map((n) => `${n}.sef.json`).sort());
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.xsl')).sort()).toEqual(
      expected.filter((n) => n !== 'sch-new').map((n) => `${n}.xsl`).sort(),
    );
    rmSync(cacheDir, { recursive: true });
  });
});

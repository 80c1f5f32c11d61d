import { describe, it, expect, beforeEach } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuildCache, fingerprintOf } from '../../src/build/cache.js';
import { hashOf } from '../../src/build/document.js';
import { warmsAtStart } from '../../src/build/index.js';

// The toolkit's fingerprint (part of every cache key) is kept in the edition's cache under a signature of
// the toolkit files' names, sizes, inodes and times. These tests run it on a small stand-in toolkit folder.
describe('the toolkit fingerprint kept in the build cache', () => {
  let root: string;
  let store: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'toolkit-'));
    store = join(root, 'cache', 'toolkit.json');
    writeFileSync(join(root, 'package.json'), '{"name": "tei-edition", "version": "1.0.0"}');
    for (const dir of ['lib/build', 'xslt', 'schemas']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'lib/build/cache.js'), 'export const a = 1;\n');
    writeFileSync(join(root, 'xslt/tei-to-html.xsl'), '<xsl:stylesheet/>\n');
    writeFileSync(join(root, 'schemas/edition.rng'), '<grammar/>\n');
  });

  it('is the hash of the files, with or without a store, and the store is written once the files have settled', async () => {
    const plain = await fingerprintOf(root);
    expect(plain).toMatch(/^[0-9a-f]{64}$/);
    // Files changed within the settling time (an hour here, not the build's two seconds, which a loaded machine
    // can spend between beforeEach and this line) are not vouched for by their times: nothing is stored.
    expect(await fingerprintOf(root, store, 3_600_000)).toBe(plain);
    expect(existsSync(store)).toBe(false);
    expect(await fingerprintOf(root, store, 0)).toBe(plain);
    expect(JSON.parse(readFileSync(store, 'utf8'))).toEqual({ signature: expect.stringMatching(/^[0-9a-f]{64}$/), fingerprint: plain });
  });

  it('takes the stored fingerprint while the signature matches, and hashes again when a file changed (same size, modification time set back)', async () => {
    const plain = await fingerprintOf(root, store, 0);
    // A stored value is what the next build uses (shown with a doctored one under the same signature).
    const doctored = 'f'.repeat(64);
    const { signature } = JSON.parse(readFileSync(store, 'utf8')) as { signature: string };
    writeFileSync(store, JSON.stringify({ signature, fingerprint: doctored }));
    expect(await fingerprintOf(root, store, 0)).toBe(doctored);
    // The same number of bytes, and the old modification time: the change time still moves.
    const file = join(root, 'lib/build/cache.js');
    const { atime, mtime } = statSync(file);
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(file, 'export const a = 2;\n');
    utimesSync(file, atime, mtime);
    const changed = await fingerprintOf(root, store, 0);
    expect(changed).not.toBe(plain);
    expect(changed).not.toBe(doctored);
    expect(changed).toBe(await fingerprintOf(root));
  });

  it('hashes again when a file is added, and when the store is damaged', async () => {
    const plain = await fingerprintOf(root, store, 0);
    writeFileSync(join(root, 'xslt/extra.xsl'), '<xsl:stylesheet/>\n');
    const added = await fingerprintOf(root, store, 0);
    expect(added).not.toBe(plain);
    expect(added).toBe(await fingerprintOf(root));
    for (const damaged of ['{"signature": "trunc', '[]', '{"signature": 1, "fingerprint": "x"}', '']) {
      writeFileSync(store, damaged);
      expect(await fingerprintOf(root, store, 0)).toBe(added);
    }
  });
});

// The inputs' hashes, kept in the edition's cache under each file's signature (size, inode, times).
describe('the inputs\' hashes kept in the build cache', () => {
  it('gives the stored hash of a file whose signature is unchanged, and none for a changed, new or unsettled file, or from a damaged store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'inputs-'));
    const cacheDir = join(dir, 'cache');
    const [a, b, c] = ['a.xml', 'b.xml', 'c.xml'].map((f) => join(dir, f)) as [string, string, string];
    writeFileSync(a, '<TEI>a</TEI>');
    writeFileSync(b, '<TEI type="registers">b</TEI>');
    const open = async (settled = 0) => (await BuildCache.open(cacheDir)).inputHashes([a, b, c], settled);
    const first = await open();
    expect(first?.size).toBe(0);
    // As the build fills it (build/index.ts hashInputs), then stored.
    first?.set(a, { hash: hashOf('<TEI>a</TEI>'), register: false });
    first?.set(b, { hash: hashOf('<TEI type="registers">b</TEI>'), register: true });
    await first?.save();
    const second = await open();
    expect([...(second ?? [])]).toEqual([[a, { hash: hashOf('<TEI>a</TEI>'), register: false }], [b, { hash: hashOf('<TEI type="registers">b</TEI>'), register: true }]]);
    // The same size and modification time, other bytes: the change time moved, the hash is not given.
    const { atime, mtime } = statSync(a);
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(a, '<TEI>A</TEI>');
    utimesSync(a, atime, mtime);
    writeFileSync(c, '<TEI>c</TEI>');
    // Settled means unchanged for the given time: an hour here, so that all three count as just changed however
    // slowly a loaded machine runs this test (with the build's two seconds, b settles if two seconds pass).
    const third = await open(3_600_000);
    expect([...(third?.keys() ?? [])]).toEqual([b]);
    // Files changed within that time (here: all three) are not stored.
    third?.set(a, { hash: hashOf('<TEI>A</TEI>'), register: false });
    third?.set(c, { hash: hashOf('<TEI>c</TEI>'), register: false });
    await third?.save();
    expect((await open())?.size).toBe(0);
    const store = join(cacheDir, 'v1', 'inputs.json');
    expect(existsSync(store)).toBe(true);
    for (const damaged of ['{"key": "trunc', '[]', JSON.stringify({ ...JSON.parse(readFileSync(store, 'utf8')), key: 'other' })]) {
      writeFileSync(store, damaged);
      expect((await open())?.size).toBe(0);
    }
    // Without a cache folder, nothing is known.
    expect(await (await BuildCache.open(undefined)).inputHashes([a])).toBeUndefined();
  });
});

describe('the worker thread started ahead of a rebuild', () => {
  const paths = Array.from({ length: 60 }, (_, i) => `tei/letter-${i}.xml`);
  const known = new Map(paths.map((f) => [f, { hash: 'h', register: false }]));
  it('starts when an input changed since the last build or is not known, and not when none changed, nor without a cache or for a small edition', () => {
    expect(warmsAtStart(true, paths, known)).toBe(false);
    expect(warmsAtStart(true, [...paths, 'tei/new.xml'], known)).toBe(true);
    expect(warmsAtStart(true, paths, new Map([...known].slice(1)))).toBe(true);
    expect(warmsAtStart(true, paths, undefined)).toBe(true);
    expect(warmsAtStart(false, paths, undefined)).toBe(false);
    expect(warmsAtStart(true, paths.slice(0, 50), undefined)).toBe(false);
  });
});

import { describe, it, expect, beforeEach } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprintOf } from '../../src/build/cache.js';

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
    // Files changed a moment ago are not vouched for by their times: nothing is stored.
    expect(await fingerprintOf(root, store)).toBe(plain);
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

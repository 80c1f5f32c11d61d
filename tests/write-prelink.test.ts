// The write stage's second build with no older version to recycle (the first rebuild after a clean build):
// the previous version's files are hard-linked into the staging folder by another thread (output.ts prelink),
// and the result must be what the build made, with the previous version left exactly as it was.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputTree as tree } from './output-tree.js';
import { NODE_FS, type WriteFs } from '../src/write/fs.js';
import { MANIFEST, openOutput, type OpenOptions } from '../src/write/output.js';

const work = mkdtempSync(join(tmpdir(), 'write-prelink-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let serial = 0;


async function write(out: string, files: Record<string, string>, options: OpenOptions = {}, reuse: string[] = []): Promise<void> {
  const w = await openOutput(out, { prelinkFrom: 1, ...options });
  for (const [path, content] of Object.entries(files)) {
    const hash = createHash('sha256').update(content).digest('hex');
    // As the build does for a cached document: a file the output holds is taken over without its bytes.
    if (reuse.includes(path) && (await w.reusable(path, hash))) await w.reuse(path, hash);
    else await w.add(path, content);
  }
  await w.commit();
}

const first: Record<string, string> = { 'web/a.html': 'a1', 'web/b.html': 'b1', 'web/cite/c.bib': 'c1', 'text/d.txt': 'd1', 'gone/e.txt': 'e1', 'web/x': 'a file where a folder will be' };
const second: Record<string, string> = { 'web/a.html': 'a1', 'web/b.html': 'b2', 'web/cite/c.bib': 'c1', 'text/d.txt': 'd1', 'web/new.html': 'n', 'web/x/inside.html': 'now a folder' };

describe('the first rebuild after a clean build (previous files linked ahead)', () => {
  it('gives exactly the new files, links the unchanged ones and leaves the previous version as it was', async () => {
    const dir = join(work, `p${serial++}`);
    const out = join(dir, 'dist');
    await write(out, first);
    const version1 = join(dir, '.dist.versions', '1');
    const before = tree(version1);
    await write(out, second, {}, ['web/a.html', 'text/d.txt']);
    expect(tree(out)).toEqual(second);
    expect(tree(version1)).toEqual(before);
    const version2 = join(dir, '.dist.versions', '2');
    // Unchanged files are the previous version's (hard links), changed ones new files.
    for (const path of ['web/a.html', 'web/cite/c.bib', 'text/d.txt']) expect(statSync(join(version2, path)).ino).toBe(statSync(join(version1, path)).ino);
    expect(statSync(join(version2, 'web/b.html')).ino).not.toBe(statSync(join(version1, 'web/b.html')).ino);
    expect(readFileSync(join(version2, MANIFEST), 'utf8')).toContain(' 2 web/b.html\n');
  });

  it('writes anew a previous file modified after its version was stamped, and never writes through it', async () => {
    const dir = join(work, `p${serial++}`);
    const out = join(dir, 'dist');
    await write(out, first);
    const edited = join(dir, '.dist.versions', '1', 'web', 'a.html');
    writeFileSync(edited, 'edited by hand');
    const later = Date.now() / 1000 + 5;
    utimesSync(edited, later, later);
    await write(out, second, {}, ['web/a.html', 'text/d.txt']);
    expect(tree(out)).toEqual(second);
    expect(readFileSync(edited, 'utf8')).toBe('edited by hand');
  });

  it('still builds the output when the linking fails', async () => {
    const dir = join(work, `p${serial++}`);
    const out = join(dir, 'dist');
    await write(out, first);
    const failing: WriteFs = { ...NODE_FS, linkAll: async () => Promise.reject(Object.assign(new Error('EIO'), { code: 'EIO' })) };
    await write(out, second, { fs: failing }, ['web/a.html']);
    expect(tree(out)).toEqual(second);
  });

  it('a failure at each file-system call leaves the old or the new output, and the next build the new one', async () => {
    for (let k = 1; ; k++) {
      const dir = join(work, `p${serial++}`);
      const out = join(dir, 'dist');
      await write(out, first);
      const calls: string[] = [];
      const layer = {} as WriteFs;
      for (const [name, fn] of Object.entries(NODE_FS) as [keyof WriteFs, (...a: unknown[]) => Promise<unknown>][]) {
        (layer as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
          calls.push(name);
          if (calls.length === k) throw Object.assign(new Error(`EIO: injected, ${name}`), { code: 'EIO' });
          return fn(...args);
        };
      }
      const failed = await write(out, second, { fs: layer }, ['web/a.html', 'text/d.txt']).then(() => false, () => true);
      const now = tree(out);
      const canon = (o: Record<string, string>): string => JSON.stringify(Object.entries(o).sort());
      expect([canon(first), canon(second)]).toContain(canon(now));
      if (!failed) {
        expect(now).toEqual(second);
        expect(calls).toContain('linkAll');
        break;
      }
      await write(out, second);
      expect(tree(out)).toEqual(second);
    }
  });

  it('links nothing ahead below the threshold, with the same result', async () => {
    const dir = join(work, `p${serial++}`);
    const out = join(dir, 'dist');
    await write(out, first);
    let called = false;
    const counting: WriteFs = { ...NODE_FS, linkAll: async (...a) => ((called = true), NODE_FS.linkAll!(...a)) };
    await write(out, second, { fs: counting, prelinkFrom: 1000 }, ['web/a.html']);
    expect(called).toBe(false);
    expect(tree(out)).toEqual(second);
  });
});

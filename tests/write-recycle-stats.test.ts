// The write stage's rebuild that recycles the version before the previous one (output.ts recycle): its files
// are looked at by another thread (WriteFs.linkAll with no source), and a file modified after its version was
// stamped must still be written anew, the unchanged ones stay where they are.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputTree as tree } from './output-tree.js';
import { NODE_FS, type WriteFs } from '../src/write/fs.js';
import { openOutput, type OpenOptions } from '../src/write/output.js';

const work = mkdtempSync(join(tmpdir(), 'write-recycle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let serial = 0;


async function write(out: string, files: Record<string, string>, options: OpenOptions = {}): Promise<void> {
  const w = await openOutput(out, { prelinkFrom: 1, ...options });
  for (const [path, content] of Object.entries(files)) {
    const hash = createHash('sha256').update(content).digest('hex');
    if (await w.reusable(path, hash)) await w.reuse(path, hash);
    else await w.add(path, content);
  }
  await w.commit();
}

const v1: Record<string, string> = { 'web/a.html': 'a1', 'web/b.html': 'b1', 'text/c.txt': 'c1', 'web/x': 'a file' };
const v2: Record<string, string> = { 'web/a.html': 'a1', 'web/b.html': 'b2', 'text/c.txt': 'c1', 'web/x': 'a file' };
const v3: Record<string, string> = { 'web/a.html': 'a1', 'web/b.html': 'b3', 'text/c.txt': 'c1', 'web/x/inside.html': 'now a folder', 'web/new.html': 'n' };

describe('a rebuild recycling an older version, its files looked at by another thread', () => {
  it('keeps the unchanged files in place, writes the others, and asks the thread (no source) for what stands there', async () => {
    const out = join(work, `r${serial++}`, 'dist');
    await write(out, v1);
    await write(out, v2);
    const sources: (string | undefined)[] = [];
    const previous = join(out, '..', '.dist.versions', '2');
    let looked = 0;
    // The thread is also asked (no source) what stands in the previous version, for files changed by hand (tests/write-edited.test.ts).
    const spying: WriteFs = { ...NODE_FS, linkAll: async (from, to, paths) => (to === previous ? looked++ : sources.push(from), NODE_FS.linkAll!(from, to, paths)) };
    const a1 = statSync(join(out, '..', '.dist.versions', '1', 'web', 'a.html')).ino;
    await write(out, v3, { fs: spying });
    expect(sources).toEqual([undefined]);
    expect(looked).toBe(1);
    expect(tree(out)).toEqual(v3);
    // Version 1 became version 3: its unchanged file is the same file.
    expect(statSync(join(out, '..', '.dist.versions', '3', 'web', 'a.html')).ino).toBe(a1);
  });

  it('writes anew a recycled file modified after its version was stamped (same size)', async () => {
    const out = join(work, `r${serial++}`, 'dist');
    await write(out, v1);
    await write(out, v2);
    const edited = join(out, '..', '.dist.versions', '1', 'text', 'c.txt');
    writeFileSync(edited, 'XX');
    const later = Date.now() / 1000 + 5;
    utimesSync(edited, later, later);
    await write(out, v3);
    expect(tree(out)).toEqual(v3);
  });

  it('builds the same output when the thread fails', async () => {
    const out = join(work, `r${serial++}`, 'dist');
    await write(out, v1);
    await write(out, v2);
    const failing: WriteFs = { ...NODE_FS, linkAll: async () => Promise.reject(Object.assign(new Error('EIO'), { code: 'EIO' })) };
    await write(out, v3, { fs: failing });
    expect(tree(out)).toEqual(v3);
  });
});

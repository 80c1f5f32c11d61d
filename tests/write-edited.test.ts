// Files of the output changed by hand after the build that made them (an editor's fix made in a page): the
// next build makes every file from the sources again, so it names each such file and where the changed copy
// still is, whichever way it looked at the previous version (lstat here, or the linking thread for a large one).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputTree as tree } from './output-tree.js';
import type { Diagnostic } from '../src/diagnostic.js';
import { NODE_FS, type WriteFs } from '../src/write/fs.js';
import { MANIFEST, openOutput, type OpenOptions } from '../src/write/output.js';

const work = mkdtempSync(join(tmpdir(), 'write-edited-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let serial = 0;

async function write(out: string, files: Record<string, string>, options: OpenOptions = {}): Promise<Diagnostic[]> {
  const w = await openOutput(out, options);
  for (const [path, content] of Object.entries(files)) {
    const hash = createHash('sha256').update(content).digest('hex');
    if (await w.reusable(path, hash)) await w.reuse(path, hash);
    else await w.add(path, content);
  }
  return (await w.commit()).warnings;
}

/** Changes a file of the current output as an editor would, some time after the build. */
function edit(out: string, path: string, content: string): void {
  const file = join(out, path);
  writeFileSync(file, content);
  const later = Date.now() / 1000 + 5;
  utimesSync(file, later, later);
}

const edited = (warnings: Diagnostic[]): string[] => warnings.filter((w) => w.rule === 'out-file-edited').map((w) => w.file);

const files: Record<string, string> = { 'web/a.html': 'page a', 'web/b.html': 'page b', 'web/c.html': 'page c', 'text/d.txt': 'text d', 'text/e.txt': 'text e' };

// prelinkFrom 1: every previous version is looked at by the linking thread; 1000: by lstat in this thread.
describe.each([
  ['looked at in this thread', 1000],
  ['looked at by the linking thread', 1],
])('changed output files (%s)', (_, prelinkFrom) => {
  it('are named, with where the changed copy is kept; touched or removed files are not', async () => {
    const dir = join(work, `p${serial++}`);
    const out = join(dir, 'dist');
    expect(edited(await write(out, files, { prelinkFrom }))).toEqual([]);
    edit(out, 'web/a.html', 'page a, corrected by hand');
    // The same size as before: the bytes tell.
    edit(out, 'text/d.txt', 'text D');
    // Touched, the same bytes: nothing is lost.
    edit(out, 'web/b.html', 'page b');
    unlinkSync(join(out, 'web/c.html'));
    const previous = join(dir, readlinkSync(out));
    const warnings = await write(out, { ...files, 'text/d.txt': 'text d, new' }, { prelinkFrom });
    expect(edited(warnings)).toEqual([join(out, 'web/a.html'), join(out, 'text/d.txt')].sort());
    const a = warnings.find((w) => w.file === join(out, 'web/a.html')) as Diagnostic;
    expect(a).toMatchObject({ severity: 'warning', source: 'io', line: 0, column: 0 });
    expect(a.hint).toContain(`still in ${join(relative(process.cwd(), previous), 'web/a.html')} until the next build`);
    // The new output is the sources' own; the changed copies are in the previous version.
    expect(tree(out)).toEqual({ ...files, 'text/d.txt': 'text d, new' });
    expect(readFileSync(join(previous, 'web/a.html'), 'utf8')).toBe('page a, corrected by hand');
    expect(readFileSync(join(previous, 'text/d.txt'), 'utf8')).toBe('text D');
    // Said once: the next build (which recycles the version before) finds nothing changed.
    expect(edited(await write(out, files, { prelinkFrom }))).toEqual([]);
    // A changed file the new output no longer has is named too (its change is not in the new output either).
    edit(out, 'text/e.txt', 'text e, corrected');
    const { 'text/e.txt': _e, ...without } = files;
    expect(edited(await write(out, without, { prelinkFrom }))).toEqual([join(out, 'text/e.txt')]);
  });

  it('looks at the previous version in the way its size calls for, and not twice', async () => {
    const dir = join(work, `p${serial++}`);
    const out = join(dir, 'dist');
    await write(out, files, { prelinkFrom });
    // Each build: the previous version's files this thread lstat()s, and the linking thread's calls (from, to).
    const spied = async (): Promise<{ found: string[]; lookedAt: Set<string>; calls: [string | undefined, string][] }> => {
      const previous = join(dir, readlinkSync(out));
      const looked: string[] = [];
      const calls: [string | undefined, string][] = [];
      const counting: WriteFs = {
        ...NODE_FS,
        lstat: async (path) => (path.startsWith(`${previous}/`) && looked.push(path), NODE_FS.lstat(path)),
        linkAll: async (from, to, paths) => (calls.push([from === undefined ? undefined : relative(dir, from), to === previous ? 'previous' : 'staging']), NODE_FS.linkAll!(from, to, paths)),
      };
      const found = edited(await write(out, files, { prelinkFrom, fs: counting }));
      return { found, lookedAt: new Set(looked.map((f) => relative(previous, f))), calls };
    };
    // The second build links the previous version ahead (prelink): what its thread finds serves both.
    edit(out, 'web/a.html', 'page a, corrected by hand');
    const second = await spied();
    expect(second.found).toEqual([join(out, 'web/a.html')]);
    // The third recycles the first version: the previous one is looked at by a thread of its own.
    edit(out, 'web/b.html', 'page b, corrected by hand');
    const third = await spied();
    expect(third.found).toEqual([join(out, 'web/b.html')]);
    if (prelinkFrom === 1) {
      expect(second.calls).toEqual([['.dist.versions/1', 'staging']]);
      expect(third.calls.sort()).toEqual([[undefined, 'previous'], [undefined, 'staging']]);
      // This thread looks at none of the files nobody changed (only at the stamp and at files changed since).
      for (const path of ['web/c.html', 'text/d.txt', 'text/e.txt']) {
        expect(second.lookedAt).not.toContain(path);
        expect(third.lookedAt).not.toContain(path);
      }
    } else {
      expect([...second.calls, ...third.calls]).toEqual([]);
      for (const path of Object.keys(files)) expect(second.lookedAt).toContain(path);
      for (const path of Object.keys(files)) expect(third.lookedAt).toContain(path);
    }
  });

  it('are named ten at most, the rest counted in one more warning on the output folder', async () => {
    const dir = join(work, `p${serial++}`);
    const out = join(dir, 'dist');
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`web/p${String(i).padStart(2, '0')}.html`, `page ${i}`]));
    await write(out, many, { prelinkFrom });
    for (const path of Object.keys(many)) edit(out, path, 'changed by hand');
    const warnings = (await write(out, many, { prelinkFrom })).filter((w) => w.rule === 'out-file-edited');
    expect(warnings.map((w) => w.file)).toEqual([...Object.keys(many).slice(0, 10).map((p) => join(out, p)), out]);
    expect(warnings[10]!.message).toBe('and 2 more files changed after the build that made them, not in the new output as changed');
  });

  it('in a folder carried over whole are kept, and named by the build that makes that folder again', async () => {
    const dir = join(work, `p${serial++}`);
    const out = join(dir, 'dist');
    await write(out, files, { prelinkFrom });
    edit(out, 'text/d.txt', 'text D');
    const web = Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith('web/')));
    expect(edited(await write(out, web, { prelinkFrom, keep: ['text'] }))).toEqual([]);
    expect(readFileSync(join(out, 'text/d.txt'), 'utf8')).toBe('text D');
    // Listed with a size no file has: never taken for what a build made.
    expect(readFileSync(join(out, MANIFEST), 'utf8')).toMatch(/^[0-9a-f]{64} -1 text\/d\.txt$/m);
    expect(edited(await write(out, files, { prelinkFrom }))).toEqual([join(out, 'text/d.txt')]);
    expect(tree(out)).toEqual(files);
  });
});

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputFiles, writeAtomically } from '../../src/write/atomic.js';
import { WriteError } from '../../src/write/errors.js';
import { NODE_FS, type WriteFs } from '../../src/write/fs.js';
import { checkOutDir } from '../../src/write/guard.js';
import { MANIFEST, openOutput, STAMP, WRITE_CONCURRENCY } from '../../src/write/output.js';
import { privateTempDir, removeStaleTempDirs } from '../../src/write/temp.js';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'write-'));
afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);
const EXHAUSTIVE = Boolean(process.env.TEI_EDITION_EXHAUSTIVE);
let serial = 0;
const fresh = (): string => {
  const d = join(work, `p${serial++}`);
  mkdirSync(d);
  return d;
};

/** Every file under dir (following the output link), path → content; the stamp and the manifest left out. */
function snapshot(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n !== STAMP && n !== MANIFEST) out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** What a killed or failed run may leave beside the output; none of it may survive the next run. */
function leftovers(project: string): string[] {
  const found = readdirSync(project).filter((n) => /^\.dist\.(tmp|old|link)-|^\.dist\.lock$/.test(n));
  const versions = join(project, '.dist.versions');
  if (existsSync(versions)) {
    const entries = readdirSync(versions);
    found.push(...entries.filter((n) => n.startsWith('.staging-')));
    if (entries.filter((n) => /^\d+$/.test(n)).length > 2) found.push(`${entries.length} versions`);
  }
  return found;
}

const files = (tag: string, n = 12): Map<string, string> =>
  new Map([
    ...Array.from({ length: n }, (_, i) => [`web/documents/d${i}.html`, `${tag} page ${i}`] as const),
    ['web/index.html', `${tag} index`],
    ['print/d0.pdf', `${tag} pdf`],
    ['text/d0.txt', `${tag} text`],
    ['data/cmif.xml', `${tag} cmif`],
  ]);
const asTree = (m: Map<string, string>): Record<string, string> => Object.fromEntries([...m].map(([k, v]) => [k.split('/').join('/'), v]));

/** A file-system layer that fails the k-th call (1-based) with an errno code, and counts calls. */
function failing(k: number, code: string): WriteFs & { calls: string[] } {
  const calls: string[] = [];
  const layer = { calls } as WriteFs & { calls: string[] };
  for (const [name, fn] of Object.entries(NODE_FS) as [keyof WriteFs, (...a: unknown[]) => Promise<unknown>][]) {
    (layer as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      calls.push(name);
      if (calls.length === k) throw Object.assign(new Error(`${code}: injected failure, ${name} ${String(args[0])}`), { code });
      return fn(...args);
    };
  }
  return layer;
}

describe('writing an output', () => {
  it('makes the output a link to a stamped, complete version; the next build switches it and keeps one previous version', async () => {
    const p = fresh();
    const out = join(p, 'dist');
    await writeAtomically(out, files('one'));
    expect(lstatSync(out).isSymbolicLink()).toBe(true);
    expect(readlinkSync(out)).toBe('.dist.versions/1');
    expect(readFileSync(join(out, STAMP), 'utf8')).toMatch(/tei-edition build/);
    expect(snapshot(out)).toEqual(asTree(files('one')));
    await writeAtomically(out, files('two'));
    expect(readlinkSync(out)).toBe('.dist.versions/2');
    expect(snapshot(out)).toEqual(asTree(files('two')));
    await writeAtomically(out, files('three'));
    expect(readdirSync(join(p, '.dist.versions')).sort()).toEqual(['2', '3']);
    expect(leftovers(p)).toEqual([]);
  });

  it('carries over the kept folders the build did not write, and only those', async () => {
    const p = fresh();
    const out = join(p, 'dist');
    await writeAtomically(out, files('old'));
    await writeAtomically(out, new Map([['web/index.html', 'new index']]), ['print', 'text', 'cite']);
    expect(snapshot(out)).toEqual({ 'web/index.html': 'new index', 'print/d0.pdf': 'old pdf', 'text/d0.txt': 'old text' });
  });

  it('takes an empty folder, and a folder carrying the stamp (a copied output), as its own', async () => {
    const p = fresh();
    mkdirSync(join(p, 'dist'));
    await writeAtomically(join(p, 'dist'), files('a'));
    expect(snapshot(join(p, 'dist'))).toEqual(asTree(files('a')));
    mkdirSync(join(p, 'copy/web'), { recursive: true });
    writeFileSync(join(p, 'copy', STAMP), '');
    writeFileSync(join(p, 'copy/web/old.html'), 'old');
    await writeAtomically(join(p, 'copy'), files('b'), ['web']);
    expect(snapshot(join(p, 'copy'))).toEqual(asTree(files('b')));
  });

  it('refuses a folder it did not create, a file, and a link elsewhere, and leaves them as they are', async () => {
    const p = fresh();
    mkdirSync(join(p, 'mine'));
    writeFileSync(join(p, 'mine/thesis.tex'), 'years of work');
    writeFileSync(join(p, 'file'), 'x');
    symlinkSync(join(p, 'mine'), join(p, 'link'));
    for (const name of ['mine', 'file', 'link']) {
      const e = await writeAtomically(join(p, name), files('x')).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(WriteError);
      expect((e as WriteError).exitCode).toBe(2);
      expect((e as WriteError).diagnostics.map((d) => d.rule)).toEqual(['out-not-ours']);
    }
    expect(readFileSync(join(p, 'mine/thesis.tex'), 'utf8')).toBe('years of work');
    expect(readFileSync(join(p, 'file'), 'utf8')).toBe('x');
    expect(readlinkSync(join(p, 'link'))).toBe(join(p, 'mine'));
    expect(existsSync(join(p, '.mine.versions'))).toBe(false);
  });

  it('refuses paths that leave the output folder', async () => {
    const p = fresh();
    for (const bad of ['../x', '/etc/x', 'a//b', 'a/./b', STAMP]) {
      await expect(writeAtomically(join(p, 'dist'), new Map([[bad, 'x']]))).rejects.toThrow(/outside the output folder/);
    }
    expect(leftovers(p)).toEqual([]);
  });

  it('reports colliding output names with both origins, and writes nothing', async () => {
    const p = fresh();
    await writeAtomically(join(p, 'dist'), files('old'));
    const m = new OutputFiles();
    m.set('data/cmif.xml', 'export', { what: 'the CMIF export' });
    m.set('data/cmif.xml', 'source', { file: 'tei/cmif.xml', what: 'the TEI source of document "cmif"' });
    m.set('text/Letter.txt', 'a', { file: 'tei/a.xml', what: 'the plain text of document "Letter"' });
    m.set('text/letter.txt', 'b', { file: 'tei/b.xml', what: 'the plain text of document "letter"' });
    expect(m.claims.findings().map((d) => [d.file, d.rule, d.message])).toEqual([
      ['tei/cmif.xml', 'output-name-collision', 'the CMIF export and the TEI source of document "cmif" would be written to the same output file data/cmif.xml'],
      ['tei/b.xml', 'output-name-collision', 'the plain text of document "Letter" (tei/a.xml) and the plain text of document "letter" would be written to text/Letter.txt and text/letter.txt, which differ only in case (one file on macOS and Windows disks)'],
    ]);
    // The streaming writer refuses them the same way (exit 1: the documents are at fault).
    const out = await openOutput(join(p, 'dist'));
    await out.add('data/cmif.xml', 'export', { what: 'the CMIF export' });
    await out.add('data/cmif.xml', 'source', { file: 'tei/cmif.xml', what: 'the TEI source' });
    const e = await out.commit().catch((x: unknown) => x);
    expect((e as WriteError).exitCode).toBe(1);
    expect((e as WriteError).diagnostics[0]?.message).toContain('the CMIF export and the TEI source');
    expect(snapshot(join(p, 'dist'))).toEqual(asTree(files('old')));
    expect(leftovers(p)).toEqual([]);
  });

  it(`never has more than ${WRITE_CONCURRENCY} writes open at once`, async () => {
    let open = 0;
    let most = 0;
    const counting: WriteFs = {
      ...NODE_FS,
      writeFile: async (path, data, flag) => {
        most = Math.max(most, ++open);
        try {
          await NODE_FS.writeFile(path, data, flag);
        } finally {
          open--;
        }
      },
    };
    await writeAtomically(join(fresh(), 'dist'), files('many', 500), [], { fs: counting });
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(WRITE_CONCURRENCY);
  });

  // 1,200 files, nearly 19 times the limit: a writer that kept its files open, or opened them all at once, would
  // run out of descriptors after about 50 of them (Node holds some itself), as it would among 3,000 (until
  // 2 December 2026; the child's user CPU 0.65 -> 0.44 s, its system CPU varied 0.3-3 s with the file system).
  it('writes 1,200 files with a limit of 64 open files (no EMFILE)', () => {
    const p = fresh();
    const script = `import('${join(root, 'lib/write/atomic.js')}').then(async ({ writeAtomically }) => {
      const m = new Map(Array.from({ length: 1200 }, (_, i) => ['web/documents/' + (i % 30) + '/d' + i + '.html', 'page ' + i]));
      await writeAtomically(${JSON.stringify(join(p, 'dist'))}, m);
      console.log('ok');
    })`;
    const r = spawnSync('bash', ['-c', `ulimit -n 64 && exec "${process.execPath}" -e "$0"`, script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ok\n');
    expect(readdirSync(join(p, 'dist/web/documents/7')).length).toBe(40);
  });
});

describe('unchanged files: linked from the previous version, never written through', () => {
  const version = (p: string, n: number, path: string): string => join(p, '.dist.versions', String(n), path);
  const inode = (f: string): number => statSync(f).ino;

  it('links a file whose bytes the previous version holds at the same path, writes the others, and leaves the previous version as it was', async () => {
    const p = fresh();
    const out = join(p, 'dist');
    await writeAtomically(out, files('old'));
    const next = new Map([...files('old'), ['web/documents/d3.html', 'changed page 3'], ['web/new.html', 'a new page']]);
    await writeAtomically(out, next);
    expect(snapshot(out)).toEqual(asTree(next));
    // Unchanged: one file (inode) in both versions. Changed or new: a file of its own.
    expect(inode(version(p, 2, 'web/documents/d0.html'))).toBe(inode(version(p, 1, 'web/documents/d0.html')));
    expect(inode(version(p, 2, 'web/index.html'))).toBe(inode(version(p, 1, 'web/index.html')));
    expect(inode(version(p, 2, 'web/documents/d3.html'))).not.toBe(inode(version(p, 1, 'web/documents/d3.html')));
    expect(readFileSync(version(p, 1, 'web/documents/d3.html'), 'utf8')).toBe('old page 3');
    // A third build that changes a linked file writes a new one: versions 1 and 2 keep their bytes.
    await writeAtomically(out, new Map([...next, ['web/documents/d0.html', 'changed page 0']]));
    expect(readFileSync(version(p, 2, 'web/documents/d0.html'), 'utf8')).toBe('old page 0');
    expect(snapshot(join(p, '.dist.versions', '2'))).toEqual(asTree(next));
    expect(snapshot(out)['web/documents/d0.html']).toBe('changed page 0');
  });

  it('lists every file in a manifest sorted by path, the same for the same files however they were made', async () => {
    const a = join(fresh(), 'dist');
    const b = join(fresh(), 'dist');
    await writeAtomically(a, files('old'));
    await writeAtomically(a, files('new'));
    await writeAtomically(a, files('old'));
    await writeAtomically(b, files('old'));
    const manifest = readFileSync(join(a, MANIFEST), 'utf8');
    expect(manifest).toBe(readFileSync(join(b, MANIFEST), 'utf8'));
    const lines = manifest.trimEnd().split('\n');
    expect(lines.map((l) => l.split(' ')[2])).toEqual([...files('old').keys()].sort());
    expect(lines[0]).toMatch(/^[0-9a-f]{64} \d+ data\/cmif\.xml$/);
  });

  it('does not link a previous file modified after its build (a later mtime, or another size): the new output has the build\'s bytes', async () => {
    const p = fresh();
    const out = join(p, 'dist');
    await writeAtomically(out, files('old'));
    // Edited in place by hand: same size, later mtime; and another size with the old mtime put back.
    writeFileSync(version(p, 1, 'web/documents/d1.html'), 'OLD PAGE 1');
    const d2 = version(p, 1, 'web/documents/d2.html');
    const { atime, mtime } = statSync(d2);
    writeFileSync(d2, 'old page 2, edited by hand');
    utimesSync(d2, atime, mtime);
    await writeAtomically(out, files('old'));
    expect(snapshot(out)).toEqual(asTree(files('old')));
    expect(inode(version(p, 2, 'web/documents/d1.html'))).not.toBe(inode(version(p, 1, 'web/documents/d1.html')));
    expect(inode(version(p, 2, 'web/documents/d0.html'))).toBe(inode(version(p, 1, 'web/documents/d0.html')));
  });

  it('copies where a link fails (another device), and writes the bytes where a copy fails too', async () => {
    for (const failCopy of [false, true]) {
      const p = fresh();
      const out = join(p, 'dist');
      await writeAtomically(out, files('old'));
      const layer: WriteFs = {
        ...NODE_FS,
        link: async () => Promise.reject(Object.assign(new Error('EXDEV'), { code: 'EXDEV' })),
        ...(failCopy ? { copyFile: async () => Promise.reject(Object.assign(new Error('EIO'), { code: 'EIO' })) } : {}),
      };
      await writeAtomically(out, files('old'), [], { fs: layer });
      expect(snapshot(out)).toEqual(asTree(files('old')));
      expect(inode(version(p, 2, 'web/index.html'))).not.toBe(inode(version(p, 1, 'web/index.html')));
    }
  });

  it('recycles the version before the previous one as the staging folder: its files with the same bytes stay, the others are replaced by new files, and no other version changes', async () => {
    const p = fresh();
    const out = join(p, 'dist');
    await writeAtomically(out, files('old'));
    const v1 = new Map([...files('old').keys()].map((f) => [f, inode(version(p, 1, f))]));
    // Version 2 links every file of version 1; version 3 is made in version 1's folder and changes one file they share.
    await writeAtomically(out, files('old'));
    const third = new Map([...files('old'), ['web/documents/d3.html', 'changed page 3']]);
    await writeAtomically(out, third);
    expect(readdirSync(join(p, '.dist.versions')).sort()).toEqual(['2', '3']);
    expect(snapshot(out)).toEqual(asTree(third));
    expect(snapshot(join(p, '.dist.versions', '2'))).toEqual(asTree(files('old')));
    expect(inode(version(p, 3, 'web/documents/d0.html'))).toBe(v1.get('web/documents/d0.html'));
    expect(inode(version(p, 3, 'web/documents/d3.html'))).not.toBe(v1.get('web/documents/d3.html'));
    // Files and folders of the recycled version that this build does not make are gone; a file where a folder is needed, and the reverse, give way.
    await writeAtomically(out, new Map([['web/index.html/a.html', 'a page where a file was'], ['web/documents', 'a file where a folder was'], ['text/d0.txt', 'old text']]));
    expect(snapshot(out)).toEqual({ 'web/index.html/a.html': 'a page where a file was', 'web/documents': 'a file where a folder was', 'text/d0.txt': 'old text' });
    expect(snapshot(join(p, '.dist.versions', '3'))).toEqual(asTree(third));
    expect(leftovers(p)).toEqual([]);
  });

  it('skips what it cannot read in a damaged manifest (those files are written)', async () => {
    const p = fresh();
    const out = join(p, 'dist');
    await writeAtomically(out, files('old'));
    const manifest = join(out, MANIFEST);
    const lines = readFileSync(manifest, 'utf8').split('\n');
    // A line cut short, a size that is no number, junk: d0 and d1 are not linked; the rest still are.
    const broken = lines.map((l) => (l.endsWith(' web/documents/d0.html') ? l.slice(0, 40) : l.endsWith(' web/documents/d1.html') ? l.replace(/ \d+ /, ' x ') : l));
    writeFileSync(manifest, [...broken, 'junk', ''].join('\n'));
    await writeAtomically(out, files('old'));
    expect(snapshot(out)).toEqual(asTree(files('old')));
    expect(inode(version(p, 2, 'web/documents/d0.html'))).not.toBe(inode(version(p, 1, 'web/documents/d0.html')));
    expect(inode(version(p, 2, 'web/documents/d1.html'))).not.toBe(inode(version(p, 1, 'web/documents/d1.html')));
    expect(inode(version(p, 2, 'web/documents/d2.html'))).toBe(inode(version(p, 1, 'web/documents/d2.html')));
  });

  it('does not keep a recycled file modified by hand after its build', async () => {
    const p = fresh();
    const out = join(p, 'dist');
    await writeAtomically(out, files('old'));
    writeFileSync(version(p, 1, 'web/documents/d1.html'), 'OLD PAGE 1');
    await writeAtomically(out, files('new'));
    await writeAtomically(out, files('old'));
    expect(snapshot(out)).toEqual(asTree(files('old')));
  });

  it('reuse(): takes over, without its content, a file the previous version holds with the same bytes', async () => {
    const p = fresh();
    const out = join(p, 'dist');
    await writeAtomically(out, files('old'));
    const hash = (s: string): string => createHash('sha256').update(s).digest('hex');
    const w = await openOutput(out);
    expect(await w.reusable('web/index.html', hash('old index'))).toBe(true);
    expect(await w.reusable('web/index.html', hash('new index'))).toBe(false);
    expect(await w.reusable('web/missing.html', hash('old index'))).toBe(false);
    await w.reuse('web/index.html', hash('old index'), { what: 'the index' });
    await w.add('web/documents/d0.html', 'new page 0');
    await w.commit();
    expect(snapshot(out)).toEqual({ 'web/index.html': 'old index', 'web/documents/d0.html': 'new page 0' });
    expect(inode(version(p, 2, 'web/index.html'))).toBe(inode(version(p, 1, 'web/index.html')));
    expect(readFileSync(join(out, MANIFEST), 'utf8')).toContain(`${hash('old index')} 9 web/index.html\n`);
  });
});

describe('the old output survives any failure', () => {
  const codes = EXHAUSTIVE ? ['ENOSPC', 'EACCES', 'EROFS', 'EIO', 'EMFILE'] : ['ENOSPC'];
  const scenarios: { name: string; before: (out: string) => Promise<unknown>; keep: string[] }[] = [
    { name: 'first build', before: async () => undefined, keep: [] },
    { name: 'replacing an output', before: (out) => writeAtomically(out, files('old')), keep: [] },
    { name: '--only web', before: (out) => writeAtomically(out, files('old')), keep: ['print', 'text', 'data'] },
    // Two outputs before: the older one is recycled as the staging folder.
    { name: 'recycling the output before the previous one', before: async (out) => writeAtomically(out, files('older', 14)).then(() => writeAtomically(out, files('old'))), keep: [] },
    { name: '--only web, recycling', before: async (out) => writeAtomically(out, files('older', 14)).then(() => writeAtomically(out, files('old'))), keep: ['print', 'text', 'data'] },
  ];
  for (const s of scenarios) {
    it(`${s.name}: a failure at ${EXHAUSTIVE ? 'every' : 'each kind of'} file-system call leaves the old or the new output, a plain finding, and nothing the next run keeps`, async () => {
      const next = s.keep.length ? new Map([['web/index.html', 'new index']]) : files('new');
      // One clean run counts the calls and their kinds.
      const probe = fresh();
      await s.before(join(probe, 'dist'));
      const counter = failing(0, '');
      await writeAtomically(join(probe, 'dist'), next, s.keep, { fs: counter });
      const expectedNew = snapshot(join(probe, 'dist'));
      const points = EXHAUSTIVE
        ? counter.calls.map((_, i) => i + 1)
        : [...new Set(counter.calls)].map((name) => counter.calls.indexOf(name) + 1).concat([counter.calls.lastIndexOf('rename') + 1]);
      expect(points.length).toBeGreaterThan(8);
      for (const code of codes) for (const k of points) {
        const p = fresh();
        const out = join(p, 'dist');
        await s.before(out);
        const old = snapshot(out);
        const layer = failing(k, code);
        const result = await writeAtomically(out, next, s.keep, { fs: layer }).catch((e: unknown) => e);
        const where = `${code} at call ${k} (${layer.calls[k - 1]})`;
        if (result instanceof Error) {
          expect(result, where).toBeInstanceOf(WriteError);
          const d = (result as WriteError).diagnostics[0];
          expect(d?.message, where).toMatch(/^cannot .+: .+ \(.*dist\/ is unchanged\)$/);
          expect(d?.hint, where).toBeTruthy();
          expect(snapshot(out), where).toEqual(old);
        } else {
          expect(snapshot(out), where).toEqual(expectedNew);
        }
        // The next run cleans up whatever is left and writes the new output.
        await writeAtomically(out, next, s.keep);
        expect(snapshot(out), where).toEqual(expectedNew);
        expect(leftovers(p), where).toEqual([]);
        rmSync(p, { recursive: true, force: true });
      }
    }, EXHAUSTIVE ? 900_000 : 60_000);
  }

  it('says what failed, where and what to do for a full disk, a read-only file system and a permission error', async () => {
    const messages: Record<string, RegExp> = { ENOSPC: /no space left on the disk/, EROFS: /the file system is read-only/, EACCES: /permission denied/ };
    for (const [code, text] of Object.entries(messages)) {
      const p = fresh();
      await writeAtomically(join(p, 'dist'), files('old'));
      const layer: WriteFs = { ...NODE_FS, writeFile: async (path, data, flag) => (String(path).endsWith('d3.html') ? Promise.reject(Object.assign(new Error(code), { code })) : NODE_FS.writeFile(path, data, flag)) };
      const e = (await writeAtomically(join(p, 'dist'), files('new'), [], { fs: layer }).catch((x: unknown) => x)) as WriteError;
      expect(e.diagnostics).toHaveLength(1);
      expect(e.diagnostics[0]?.rule).toBe(`write-${code.toLowerCase()}`);
      expect(e.diagnostics[0]?.message).toMatch(new RegExp(`^cannot write .*d3\\.html: ${text.source} \\(.*dist/ is unchanged\\)$`));
      expect(e.diagnostics[0]?.hint).toMatch(/--out DIR/);
      expect(snapshot(join(p, 'dist'))).toEqual(asTree(files('old')));
    }
  });

  it('refuses a read-only output before writing anything', async () => {
    const p = fresh();
    await writeAtomically(join(p, 'dist'), files('old'));
    const layer: WriteFs = { ...NODE_FS, accessWrite: async (path) => (path.includes('.dist.versions/') ? Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' })) : undefined) };
    const e = (await writeAtomically(join(p, 'dist'), files('new'), [], { fs: layer }).catch((x: unknown) => x)) as WriteError;
    expect(e.diagnostics[0]?.message).toMatch(/^cannot replace .*dist: permission denied/);
    expect(snapshot(join(p, 'dist'))).toEqual(asTree(files('old')));
    expect(leftovers(p)).toEqual([]);
  });
});

describe('locks and leftovers', () => {
  it('refuses while another live build holds the lock, and takes over a dead one', async () => {
    const p = fresh();
    const sleeper = spawn('sleep', ['30']);
    try {
      writeFileSync(join(p, '.dist.lock'), `${sleeper.pid}\n`);
      const e = (await writeAtomically(join(p, 'dist'), files('x')).catch((x: unknown) => x)) as WriteError;
      expect(e.diagnostics[0]?.rule).toBe('output-busy');
      expect(e.diagnostics[0]?.message).toContain(`process ${sleeper.pid}`);
    } finally {
      sleeper.kill('SIGKILL');
    }
    await new Promise((r) => sleeper.once('exit', r));
    await writeAtomically(join(p, 'dist'), files('x'));
    expect(snapshot(join(p, 'dist'))).toEqual(asTree(files('x')));
    expect(leftovers(p)).toEqual([]);
  });

  it('two writers in one process take turns', async () => {
    const p = fresh();
    await Promise.all([writeAtomically(join(p, 'dist'), files('a')), writeAtomically(join(p, 'dist'), files('b'))]);
    expect([asTree(files('a')), asTree(files('b'))]).toContainEqual(snapshot(join(p, 'dist')));
    expect(leftovers(p)).toEqual([]);
  });

  it("removes the old scheme's .dist.tmp-*/.dist.old-* folders of dead processes", async () => {
    const p = fresh();
    mkdirSync(join(p, '.dist.tmp-999999999-abcd/web'), { recursive: true });
    mkdirSync(join(p, '.dist.old-999999999-abcd/web'), { recursive: true });
    mkdirSync(join(p, `.dist.tmp-${process.pid}-live`), { recursive: true });
    await writeAtomically(join(p, 'dist'), files('x'));
    expect(readdirSync(p).sort()).toEqual(['.dist.tmp-' + process.pid + '-live', '.dist.versions', 'dist'].sort());
  });
});

describe('temporary folders', () => {
  it('removes the Typst sandbox folders of killed processes, and keeps those of running ones and of other programs', () => {
    const tmp = fresh();
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      for (const n of ['tei-edition-typst-root-999999999-AbC123', 'tei-edition-typst-home-999999999-x1', `tei-edition-typst-root-${process.pid}-live`, 'tei-edition-typst-fonts-Qw3rty', 'other-program-999999999-x']) mkdirSync(join(tmp, n));
      const old = new Date(Date.now() - 3 * 24 * 3600 * 1000);
      utimesSync(join(tmp, 'tei-edition-typst-fonts-Qw3rty'), old, old);
      expect(removeStaleTempDirs().sort()).toEqual(['tei-edition-typst-fonts-Qw3rty', 'tei-edition-typst-home-999999999-x1', 'tei-edition-typst-root-999999999-AbC123']);
      expect(readdirSync(tmp).sort()).toEqual(['other-program-999999999-x', `tei-edition-typst-root-${process.pid}-live`]);
      expect(privateTempDir('typst-root')).toMatch(new RegExp(`/tei-edition-typst-root-${process.pid}-[A-Za-z0-9]{6}$`));
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});

describe('--out guard', () => {
  it('refuses the project folder, a folder above it, the inputs, the settings file and a git repository', () => {
    const p = fresh();
    mkdirSync(join(p, 'tei'));
    writeFileSync(join(p, 'edition.json'), '{}');
    mkdirSync(join(p, 'repo/.git'), { recursive: true });
    const rules = (out: string, inputs = ['tei']): string[] => checkOutDir(out, { inputs: inputs.map((i) => join(p, i)), settingsFile: join(p, 'edition.json'), cwd: p }).map((d) => d.rule);
    expect(rules(p)).toEqual(['out-contains-project', 'out-contains-inputs', 'out-contains-settings']);
    expect(rules(join(p, '..'))).toEqual(['out-contains-project', 'out-contains-inputs', 'out-contains-settings']);
    expect(rules(join(p, 'tei'))).toEqual(['out-contains-inputs']);
    expect(rules(join(p, 'repo'), [])).toEqual(['out-contains-git']);
    expect(rules(join(p, 'repo/.git/x'), [])).toEqual(['out-in-git']);
    expect(rules('/')).toContain('out-contains-project');
    expect(rules(join(p, 'dist'))).toEqual([]);
    // Inside the letters' folder: its TEI copies would lie among the letters (and be committed with them).
    expect(rules(join(p, 'tei/out'))).toEqual(['out-in-inputs']);
    // Inside another output's versions, as named (the default output, a link into them, is not).
    expect(rules(join(p, '.dist.versions', '3'))).toEqual(['out-in-versions']);
    // The names a build gives its own files beside an output: dist's next build would remove them as left over.
    for (const name of ['.dist.lock', '.dist.tmp-123-ab', '.dist.old-123-ab', '.dist.link-123-ab', '.my site.lock']) expect(rules(join(p, name)), name).toEqual(['out-reserved-name']);
    for (const name of ['dist.lock', '.lock', 'dist.versions', '.dist-lock']) expect(rules(join(p, name)), name).toEqual([]);
    // A project that itself lies in a folder so named is not refused for it.
    const inside = join(p, '.old.versions', 'project');
    mkdirSync(join(inside, 'tei'), { recursive: true });
    expect(checkOutDir(join(inside, 'dist'), { inputs: [join(inside, 'tei')], cwd: inside }).map((d) => d.rule)).toEqual([]);
    // Run from a subfolder of the edition: the edition folder is protected too.
    mkdirSync(join(p, 'sub'));
    expect(checkOutDir(p, { inputs: [], cwd: join(p, 'sub'), editionRoot: p }).map((d) => d.rule)).toEqual(['out-contains-project', 'out-contains-project']);
  });

  it('sees through links: an output named by a link to the project folder is refused', () => {
    const p = fresh();
    mkdirSync(join(p, 'tei'));
    symlinkSync(p, join(p, 'alias'));
    expect(checkOutDir(join(p, 'alias'), { inputs: [join(p, 'tei')], cwd: p }).map((d) => d.rule)).toEqual(['out-contains-project', 'out-contains-inputs']);
  });
});

describe('killed at any moment', () => {
  // 100 files, six times the writes in flight at once (WRITE_CONCURRENCY): a kill among them (file50) stops the
  // child with files written, in flight and not yet begun, as among 400 (until 2 December 2026, for four times the
  // files written, read back and compared at every kill point).
  const FILES = 100;
  const steps = ['locked', 'cleaned', 'staging', 'written', 'kept', 'stamped', 'versioned', 'linked', 'switched', 'pruned'];
  /** A child writes the new output and stops dead (SIGKILL) when it reaches `step` (or after `files` files). */
  const child = (out: string, stop: string): Promise<void> =>
    new Promise((done, fail) => {
      const script = `import('${join(root, 'lib/write/output.js')}').then(async ({ openOutput }) => {
        const stop = ${JSON.stringify(stop)};
        const hold = (s) => { if (s === stop) { process.stdout.write('at ' + s + '\\n'); return new Promise(() => {}); } };
        const out = await openOutput(${JSON.stringify(out)}, { keep: ['print'], onStep: hold });
        for (let i = 0; i < ${FILES}; i++) {
          await out.add('web/documents/d' + i + '.html', 'new page ' + i);
          if (stop === 'file' + i) await hold(stop);
        }
        await out.commit();
        process.stdout.write('at end\\n');
      })`;
      const c = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      c.stdout.on('data', (b: Buffer) => {
        if (b.toString().startsWith('at ')) c.kill('SIGKILL');
      });
      c.on('exit', () => done());
      c.on('error', fail);
    });

  it('leaves the old or the new complete output, and the next run cleans up', async () => {
    const old = new Map([...Array.from({ length: FILES }, (_, i) => [`web/documents/d${i}.html`, `old page ${i}`] as const), ['print/d0.pdf', 'old pdf'] as const]);
    const neu = { ...asTree(old), ...Object.fromEntries(Array.from({ length: FILES }, (_, i) => [`web/documents/d${i}.html`, `new page ${i}`])) };
    const points = EXHAUSTIVE ? [...steps, 'file0', 'file50', `file${FILES - 1}`] : ['written', 'versioned', 'linked', 'switched', 'file50'];
    for (const stop of points) {
      const p = fresh();
      const out = join(p, 'dist');
      await writeAtomically(out, old);
      await child(out, stop);
      const seen = snapshot(out);
      const after = steps.indexOf(stop) >= steps.indexOf('switched');
      expect(seen, `killed at ${stop}`).toEqual(after ? neu : asTree(old));
      // The next run: no leftovers, new output complete.
      await writeAtomically(out, new Map([['web/index.html', 'third']]), ['print']);
      expect(snapshot(out), `after a kill at ${stop}`).toEqual({ 'web/index.html': 'third', 'print/d0.pdf': 'old pdf' });
      expect(leftovers(p), `after a kill at ${stop}`).toEqual([]);
    }
  });
});

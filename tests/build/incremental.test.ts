import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain ES module without types (the benchmark's generator)
import { generateCorpus } from '../../bench/corpus.mjs';
import { runCliWithEnv } from '../cli.js';
import { filesUnder as files } from '../output-tree.js';

// On a small generated edition: two letters and a shared register file. The tests edit the text of one, then of the
// other (a second edit of another letter), then the date of the first; a third letter would only be rendered again by
// every clean build the results are compared with (each renders every letter: most of this file's CPU).
// The first build runs the command line in a new process, as an editor's
// builds do; the rebuilds run it in this process (tests/cli.ts), which
// shares nothing with that one but the on-disk cache: the command line's
// build keeps no cache in memory (src/cli/build.ts gives it none).
const CLI = join(process.cwd(), 'bin/tei-edition.js');
// A worker thread even for a handful of letters: the path of a large edition (the checks and renderings in a pool,
// their results sent to this thread, which keeps the cache and writes). The first build takes it, as does the build
// that stops at a bad letter; the rebuilds run in this thread (TEI_EDITION_THREADS=0, tests/cli.ts): what they
// test, the cache, is kept by this thread whichever thread checks and renders. The pooled output is still compared
// byte for byte with a clean unpooled build: the first rebuild takes the letter it did not edit (its page, PDF, text
// and citations) from the first build's cache, as that build's thread rendered it, and must equal the clean build.
// A pooled first rebuild as well (until 2 December 2026) proved no more for another cold thread in this process
// (SaxonJS, the stylesheets and Typst loaded again: about 3 s of CPU). One thread, not two: what these tests assert
// (the cache across processes, the worker's Typst folders removed, the pooled output equal to a clean one byte for
// byte) holds for one as for two, and each thread loads SaxonJS, the stylesheets and Typst anew (the spawned first
// build: 9.3 s of CPU with two, 6.3 s with one).
const THREADS = { TEI_EDITION_THREADS: '1' };
const env = { ...process.env, ...THREADS };
const build = (cwd: string, ...args: string[]) => runCliWithEnv({ TEI_EDITION_THREADS: '0' }, cwd, 'build', '--quiet', ...args);


/** File by file: the same names, and the same bytes in each. */
function expectSameTree(actual: string, expected: string): void {
  const names = files(expected);
  expect(files(actual)).toEqual(names);
  const differing = names.filter((n) => !readFileSync(join(actual, n)).equals(readFileSync(join(expected, n))));
  expect(differing).toEqual([]);
}

const entries = (kind: string) => (edition: string): string[] => {
  const dir = join(edition, '.cache/tei-edition/v1', kind);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
};
const renderEntries = entries('render');
/** The edition-level pages (index, years, correspondents, registers, about, data exports), kept by a hash of what they are made from. */
const pageEntries = entries('pages');

describe('incremental builds from the on-disk cache', () => {
  let edition: string;
  /**
   * A clean build of the current sources (no cache), made once, in this
   * thread (TEI_EDITION_THREADS=0): the cached builds (the first one pooled) must give
   * the same bytes as the plainest path.
   */
  const clean = async (): Promise<string> => {
    const out = join(edition, 'dist-clean');
    if (!existsSync(out)) expect((await runCliWithEnv({ TEI_EDITION_THREADS: '0' }, edition, 'build', '--quiet', '--no-cache', '--out', 'dist-clean', 'tei')).status).toBe(0);
    return out;
  };
  // Generous: a cold build in a child process with a worker thread, while the other test worker is busy too.
  beforeAll(() => {
    edition = mkdtempSync(join(tmpdir(), 'incremental-'));
    generateCorpus(edition, 2, 7);
    const temp = mkdtempSync(join(tmpdir(), 'incremental-tmp-'));
    const r = spawnSync(process.execPath, [CLI, 'build', '--quiet', '--out', 'dist', 'tei'], { cwd: edition, encoding: 'utf8', env: { ...env, TMPDIR: temp } });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^✔ built 2 documents → \d+ files in dist\//);
    expect(r.status).toBe(0);
    // The worker threads' Typst folders go with the process that made them (a pool ends its threads without their exit handlers).
    expect(readdirSync(temp)).toEqual([]);
    rmSync(temp, { recursive: true });
  }, 600_000);

  it('after an edit of one letter, re-renders only that letter, and the result equals a clean build byte for byte', async () => {
    const before = new Set(renderEntries(edition));
    expect(before.size).toBe(2); // the two letters (the register file is published only through them)
    const first = readlinkSync(join(edition, 'dist'));
    const firstBytes = new Map(files(join(edition, 'dist')).map((f) => [f, readFileSync(join(edition, 'dist', f))]));
    const letter = join(edition, 'tei/letter-00002.xml');
    writeFileSync(letter, readFileSync(letter, 'utf8').replace('<p xml:id="p1">', '<p xml:id="p1">An edited sentence. '));
    expect((await build(edition, '--out', 'dist', 'tei')).status).toBe(0);
    const added = renderEntries(edition).filter((f) => !before.has(f));
    expect(added).toHaveLength(1);
    expect(readFileSync(join(edition, 'dist/text/letter-00002.txt'), 'utf8')).toContain('\n\nAn edited sentence. ');

    expectSameTree(join(edition, 'dist'), await clean());
    // Unchanged files are hard links into the previous version, changed ones files of their own; the previous
    // version still holds the bytes of the first build (nothing was written through a link).
    const previous = join(edition, first);
    const inode = (dir: string, f: string): number => statSync(join(dir, f)).ino;
    expect(inode(join(edition, 'dist'), 'web/documents/letter-00001.html')).toBe(inode(previous, 'web/documents/letter-00001.html'));
    expect(inode(join(edition, 'dist'), 'print/letter-00001.pdf')).toBe(inode(previous, 'print/letter-00001.pdf'));
    expect(inode(join(edition, 'dist'), 'text/letter-00002.txt')).not.toBe(inode(previous, 'text/letter-00002.txt'));
    expect(files(previous)).toEqual([...firstBytes.keys()]);
    expect(files(previous).filter((f) => !readFileSync(join(previous, f)).equals(firstBytes.get(f) as Buffer))).toEqual([]);
  }, 600_000);

  it('after a second edit (of another letter), recycles the output before the previous one and still equals a clean build byte for byte', async () => {
    const previous = join(edition, readlinkSync(join(edition, 'dist')));
    const previousBytes = new Map(files(previous).map((f) => [f, readFileSync(join(previous, f))]));
    const pages = pageEntries(edition);
    const letter = join(edition, 'tei/letter-00001.xml');
    writeFileSync(letter, readFileSync(letter, 'utf8').replace('<p xml:id="p1">', '<p xml:id="p1">A second edit. '));
    expect((await build(edition, '--out', 'dist', 'tei')).status).toBe(0);
    // An edit of the text only: the edition-level pages are those of the cache (the search index is made anew, below).
    expect(pages).toHaveLength(1);
    expect(pageEntries(edition)).toEqual(pages);
    expect(readFileSync(join(edition, 'dist/text/letter-00001.txt'), 'utf8')).toContain('\n\nA second edit. ');
    // The sources changed: the clean build is made again (removing the link is enough for the next build to start afresh).
    rmSync(join(edition, 'dist-clean'), { force: true });
    expectSameTree(join(edition, 'dist'), await clean());
    // The previous output kept its bytes while its older sibling was made into the new one.
    expect(files(previous).filter((f) => !readFileSync(join(previous, f)).equals(previousBytes.get(f) as Buffer))).toEqual([]);
  }, 600_000);

  it('after an edit of a letter\'s date, makes the edition-level pages again, and still equals a clean build byte for byte', async () => {
    const pages = pageEntries(edition);
    const letter = join(edition, 'tei/letter-00002.xml');
    const text = readFileSync(letter, 'utf8');
    // A year earlier: the letter moves in the index, its year page, its correspondents' pages and the registers.
    const edited = text.replace(/(<correspAction type="sent">[\s\S]*?<date when=")(\d{4})/, (_, head: string, year: string) => `${head}${Number(year) - 1}`);
    expect(edited).not.toBe(text);
    writeFileSync(letter, edited);
    expect((await build(edition, '--out', 'dist', 'tei')).status).toBe(0);
    expect(pageEntries(edition).filter((f) => !pages.includes(f))).toHaveLength(1);
    rmSync(join(edition, 'dist-clean'), { force: true });
    expectSameTree(join(edition, 'dist'), await clean());
  }, 600_000);

  it('ignores damaged cache entries (bad JSON, a blob with other bytes, a pack cut short or with other bytes) and still builds what a clean build builds', async () => {
    const cache = join(edition, '.cache/tei-edition/v1');
    const pack = (entry: string): string => join(cache, 'render', entry.replace(/\.json$/, '.bin'));
    // Each document's files are in one pack beside its entry.
    for (const f of renderEntries(edition)) expect(existsSync(pack(f))).toBe(true);
    // Every render entry damaged one way in each round (so the two in use are), each round built into a new
    // folder, where nothing can be taken over from an earlier output: every file comes from the cache or is made again.
    const damages: [string, (entry: string) => void][] = [
      ['bad JSON', (f) => writeFileSync(join(cache, 'render', f), '{"key": "trunc')],
      ['a pack cut in half', (f) => writeFileSync(pack(f), readFileSync(pack(f)).subarray(0, readFileSync(pack(f)).length >> 1))],
      ['a pack of the same length with other bytes', (f) => writeFileSync(pack(f), Buffer.alloc(readFileSync(pack(f)).length, 0x20))],
      ['no pack', (f) => rmSync(pack(f))],
    ];
    for (const [round, [what, damage]] of damages.entries()) {
      const renders = renderEntries(edition);
      expect(renders.length, what).toBeGreaterThanOrEqual(2);
      for (const f of renders) damage(f);
      if (round === 0) {
        for (const f of readdirSync(join(cache, 'check')).slice(0, 2)) writeFileSync(join(cache, 'check', f), 'not json');
        // Every stored cross-reference index: the checks made again point into the register file, whose index is then made again too.
        for (const f of readdirSync(join(cache, 'xref'))) writeFileSync(join(cache, 'xref', f), '{"key": "x", "value": {"ids": []}}');
        const shard = readdirSync(join(cache, 'blobs'))[0] as string;
        for (const b of readdirSync(join(cache, 'blobs', shard))) writeFileSync(join(cache, 'blobs', shard, b), 'other bytes');
      }
      expect((await build(edition, '--out', `dist-repaired-${round}`, 'tei')).status, what).toBe(0);
      expectSameTree(join(edition, `dist-repaired-${round}`), await clean());
    }
    // Made again, the entries are whole: a build into a new folder reads every file from the packs.
    expect((await build(edition, '--out', 'dist-from-packs', 'tei')).status).toBe(0);
    expectSameTree(join(edition, 'dist-from-packs'), await clean());
  }, 600_000);

  it('prunes what no build used for two weeks (entries, killed builds\' leftovers, blobs no entry names) and keeps what the build used, however old', async () => {
    const cache = join(edition, '.cache/tei-edition/v1');
    const month = new Date(Date.now() - 30 * 24 * 3600 * 1000);
    // Everything made a month ago; a leftover of a killed build; an entry of another kind of build written just now.
    for (const f of files(cache)) utimesSync(join(cache, f), month, month);
    const leftover = join(cache, 'render', `${'a'.repeat(64)}.json.tmp-1-abcd-1`);
    writeFileSync(leftover, '{');
    utimesSync(leftover, month, month);
    const renders = renderEntries(edition);
    expect(renders.length).toBeGreaterThan(2); // the letters' versions before the edits above
    const recent = `${'b'.repeat(64)}.json`;
    writeFileSync(join(cache, 'render', recent), readFileSync(join(cache, 'render', renders[0] as string)));
    const blobsBefore = files(join(cache, 'blobs')).length;
    expect((await build(edition, '--out', 'dist', 'tei')).status).toBe(0);
    // Only the two letters' entries (used, a month old) and the recent one are left; each entry keeps its pack.
    const left = renderEntries(edition);
    expect(left).toHaveLength(3);
    expect(left).toContain(recent);
    for (const f of left.filter((f) => f !== recent)) expect(existsSync(join(cache, 'render', f.replace(/\.json$/, '.bin')))).toBe(true);
    expect(existsSync(leftover)).toBe(false);
    expect(readdirSync(join(cache, 'check')).length).toBeLessThanOrEqual(3); // the two letters and the register file
    expect(pageEntries(edition)).toHaveLength(1);
    // The blobs the remaining entries of the edition-level files (pages, data exports) name are all there; the others went.
    const kinds = readdirSync(cache, { withFileTypes: true }).filter((e) => e.isDirectory() && !['blobs', 'check', 'xref', 'render'].includes(e.name)).map((e) => e.name);
    expect(kinds).toEqual(expect.arrayContaining(['pages', 'data']));
    const named = new Set(kinds.flatMap((kind) => entries(kind)(edition).flatMap((f) => (JSON.parse(readFileSync(join(cache, kind, f), 'utf8')) as { files?: string[][] }).files?.map((r) => r[1]) ?? [])));
    const blobs = files(join(cache, 'blobs')).map((f) => f.slice(f.lastIndexOf('/') + 1));
    expect(blobs.length).toBeLessThan(blobsBefore);
    expect(blobs.filter((b) => !named.has(b))).toEqual([]);
    // Nothing the build uses went: the next one renders nothing, and both equal a clean build.
    const before = new Set(renderEntries(edition));
    expect((await build(edition, '--out', 'dist-after-prune', 'tei')).status).toBe(0);
    expect(renderEntries(edition).filter((f) => !before.has(f))).toEqual([]);
    expectSameTree(join(edition, 'dist'), await clean());
    expectSameTree(join(edition, 'dist-after-prune'), await clean());
  }, 600_000);

  it('resolves again the pointers of a stored check into a letter that changed (its findings are stored only when they depend on nothing else), and makes lost indexes again', async () => {
    const p = mkdtempSync(join(tmpdir(), 'incremental-xref-'));
    // What is cached here is the checks and the cross-reference indexes, made whatever the targets: the plain text
    // alone is built (rendering from the cache is what the tests above check, every target of it).
    const text = ['--only', 'text', '--out', 'dist', 'tei'];
    generateCorpus(p, 3, 9);
    const from = join(p, 'tei/letter-00001.xml');
    const to = join(p, 'tei/letter-00002.xml');
    writeFileSync(from, readFileSync(from, 'utf8').replace('<p xml:id="p1">', '<p xml:id="p1"><ref target="letter-00002.xml#p2">See the next letter.</ref> '));
    const toText = readFileSync(to, 'utf8');
    expect((await build(p, ...text)).stdout).toMatch(/^✔ built 3 documents → \d+ files in dist\/(, \d+ warnings)? /);
    // The target's paragraph loses its id: the pointer in the unchanged letter no longer resolves.
    writeFileSync(to, toText.replace('<p xml:id="p2">', '<p xml:id="p2x">'));
    const broken = await build(p, ...text);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/^tei\/letter-00001\.xml:\d+:\d+ error pointer-resolves @target "letter-00002\.xml#p2" on <ref> points to no xml:id in letter-00002\.xml/m);
    expect(broken.stdout.match(/ error /g)).toHaveLength(1);
    // Fixed, with every stored index lost: the checks whose pointers are resolved again are made again.
    writeFileSync(to, toText.replace('<p xml:id="p1">', '<p xml:id="p1">Edited. '));
    rmSync(join(p, '.cache/tei-edition/v1/xref'), { recursive: true });
    const fixed = await build(p, ...text);
    expect(fixed.status).toBe(0);
    expect(fixed.stdout).not.toMatch(/ error /);
    expect(entries('xref')(p).length).toBeGreaterThanOrEqual(2);
    expect((await runCliWithEnv({ TEI_EDITION_THREADS: '0' }, p, 'build', '--quiet', '--no-cache', '--only', 'text', '--out', 'dist-clean', 'tei')).status).toBe(0);
    expectSameTree(join(p, 'dist'), join(p, 'dist-clean'));
  }, 600_000);

  it('finds output names that collide again when they come from the cache (the claims are kept under a hash of the models), and no longer once fixed', async () => {
    const p = mkdtempSync(join(tmpdir(), 'incremental-claims-'));
    cpSync(join(process.cwd(), 'tests/fixtures/hostile/collisions'), join(p, 'tei'), { recursive: true });
    // Ids that differ only in case are found with the checks, before any claim (tests/build-safety.test.ts).
    rmSync(join(p, 'tei/upper.xml'));
    const relaxed = ['--no-schema', '--no-rules', '--no-xref', '--out', 'dist', 'tei'];
    const findings = (stdout: string): string[] => stdout.split('\n').filter((l) => l.includes(' error '));
    const first = await build(p, ...relaxed);
    expect(first.status).toBe(1);
    expect(findings(first.stdout)).toHaveLength(3);
    expect(entries('claims')(p)).toHaveLength(1);
    const again = await build(p, ...relaxed);
    expect(again.status).toBe(1);
    expect(findings(again.stdout)).toEqual(findings(first.stdout));
    expect(entries('claims')(p)).toHaveLength(1);
    rmSync(join(p, 'tei/cmif.xml'));
    const fixed = await build(p, ...relaxed);
    expect(fixed.status).toBe(1);
    expect(findings(fixed.stdout)).toEqual(findings(first.stdout).filter((l) => !l.startsWith('tei/cmif.xml ')));
    expect(existsSync(join(p, 'dist'))).toBe(false);
  }, 600_000);

  it('reuses the cache of an edition moved to another folder: every key is relative to the edition, nothing is checked or rendered again', async () => {
    // The edition's sources, settings and cache, without its outputs (an editor moves the folder; a CI restores
    // the cache in another checkout).
    const moved = mkdtempSync(join(tmpdir(), 'incremental-moved-'));
    for (const name of ['tei', '.cache', 'edition.json']) cpSync(join(edition, name), join(moved, name), { recursive: true });
    const kinds = ['check', 'render', 'pages', 'claims'];
    const before = kinds.map((k) => entries(k)(moved).sort());
    expect(before.every((e) => e.length > 0)).toBe(true);
    expect((await build(moved, '--out', 'dist', 'tei')).status).toBe(0);
    expect(kinds.map((k) => entries(k)(moved).sort())).toEqual(before);
    expectSameTree(join(moved, 'dist'), await clean());
    rmSync(moved, { recursive: true, force: true });
  }, 600_000);

  it('reports a bad letter before rendering anything: exit 1, the finding, no output, nothing rendered into the cache', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'incremental-bad-'));
    generateCorpus(bad, 4, 8);
    const letter = join(bad, 'tei/letter-00002.xml');
    writeFileSync(letter, readFileSync(letter, 'utf8').replace(/(<correspAction type="received">[\s\S]*?<date )[^>]*\/>/, '$1when="1700-01-01"/>'));
    // The pooled path (checks in a worker thread, which could start rendering early), with one thread: a second
    // would only load the rules and libxml2 again for four letters (spawned, 3.4 s of CPU with two, 2.4 s with one).
    const r = await runCliWithEnv({ TEI_EDITION_THREADS: '1' }, bad, 'build', '--out', 'dist', 'tei');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/tei\/letter-00002\.xml:\d+:\d+ error sent-before-received /);
    expect(existsSync(join(bad, 'dist'))).toBe(false);
    expect(renderEntries(bad)).toEqual([]);
  }, 600_000);
});

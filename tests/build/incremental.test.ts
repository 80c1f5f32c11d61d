import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
// @ts-expect-error: a plain ES module without types (the benchmark's generator)
import { generateCorpus } from '../../bench/corpus.mjs';
import { runCliWithEnv } from '../cli.js';

// On a small generated edition (four letters and a shared register file).
// The first build runs the command line in a new process, as an editor's
// builds do; the rebuilds run it in this process (tests/cli.ts), which
// shares nothing with that one but the on-disk cache: the command line's
// build keeps no cache in memory (src/cli/build.ts gives it none).
const CLI = join(process.cwd(), 'bin/tei-edition.js');
// Two worker threads even for a handful of letters: the path of a large edition.
const THREADS = { TEI_EDITION_THREADS: '2' };
const env = { ...process.env, ...THREADS };
const spawned = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [CLI, 'build', '--quiet', ...args], { cwd, encoding: 'utf8', env });
const build = (cwd: string, ...args: string[]) => runCliWithEnv(THREADS, cwd, 'build', '--quiet', ...args);

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** File by file: the same names, and the same bytes in each. */
function expectSameTree(actual: string, expected: string): void {
  const names = files(expected);
  expect(files(actual)).toEqual(names);
  const differing = names.filter((n) => !readFileSync(join(actual, n)).equals(readFileSync(join(expected, n))));
  expect(differing).toEqual([]);
}

const renderEntries = (edition: string): string[] => {
  const dir = join(edition, '.cache/tei-edition/v1/render');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
};

describe('incremental builds from the on-disk cache', () => {
  let edition: string;
  /**
   * A clean build of the current sources (no cache), made once, in this
   * thread (TEI_EDITION_THREADS=0): the pooled, cached builds must give
   * the same bytes as the plainest path.
   */
  const clean = async (): Promise<string> => {
    const out = join(edition, 'dist-clean');
    if (!existsSync(out)) expect((await runCliWithEnv({ TEI_EDITION_THREADS: '0' }, edition, 'build', '--quiet', '--no-cache', '--out', 'dist-clean', 'tei')).status).toBe(0);
    return out;
  };
  // Generous: a cold build in a child process with two worker threads, while the other test worker is busy too.
  beforeAll(() => {
    edition = mkdtempSync(join(tmpdir(), 'incremental-'));
    generateCorpus(edition, 4, 7);
    const r = spawned(edition, '--out', 'dist', 'tei');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^✔ built 4 documents → \d+ files in dist\//);
    expect(r.status).toBe(0);
  }, 600_000);

  it('after an edit of one letter, re-renders only that letter, and the result equals a clean build byte for byte', async () => {
    const before = new Set(renderEntries(edition));
    expect(before.size).toBe(4); // the four letters (the register file is published only through them)
    const letter = join(edition, 'tei/letter-00003.xml');
    writeFileSync(letter, readFileSync(letter, 'utf8').replace('<p xml:id="p1">', '<p xml:id="p1">An edited sentence. '));
    expect((await build(edition, '--out', 'dist', 'tei')).status).toBe(0);
    const added = renderEntries(edition).filter((f) => !before.has(f));
    expect(added).toHaveLength(1);
    expect(readFileSync(join(edition, 'dist/text/letter-00003.txt'), 'utf8')).toContain('\n\nAn edited sentence. ');

    expectSameTree(join(edition, 'dist'), await clean());
  }, 600_000);

  it('ignores damaged cache entries (bad JSON, a blob with other bytes) and still builds what a clean build builds', async () => {
    const cache = join(edition, '.cache/tei-edition/v1');
    for (const f of renderEntries(edition).slice(0, 2)) writeFileSync(join(cache, 'render', f), '{"key": "trunc');
    for (const f of readdirSync(join(cache, 'check')).slice(0, 2)) writeFileSync(join(cache, 'check', f), 'not json');
    const shard = readdirSync(join(cache, 'blobs'))[0] as string;
    for (const b of readdirSync(join(cache, 'blobs', shard))) writeFileSync(join(cache, 'blobs', shard, b), 'other bytes');
    expect((await build(edition, '--out', 'dist-repaired', 'tei')).status).toBe(0);
    expectSameTree(join(edition, 'dist-repaired'), await clean());
  }, 600_000);

  it('reports a bad letter before rendering anything: exit 1, the finding, no output, nothing rendered into the cache', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'incremental-bad-'));
    generateCorpus(bad, 4, 8);
    const letter = join(bad, 'tei/letter-00002.xml');
    writeFileSync(letter, readFileSync(letter, 'utf8').replace(/(<correspAction type="received">[\s\S]*?<date )[^>]*\/>/, '$1when="1700-01-01"/>'));
    const r = await runCliWithEnv(THREADS, bad, 'build', '--out', 'dist', 'tei');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/tei\/letter-00002\.xml:\d+:\d+ error sent-before-received /);
    expect(existsSync(join(bad, 'dist'))).toBe(false);
    expect(renderEntries(bad)).toEqual([]);
  }, 600_000);
});

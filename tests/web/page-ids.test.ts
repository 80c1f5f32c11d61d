/**
 * TEI xml:ids against the ids of the page around the text: a letter whose
 * xml:ids are "main", "downloads-h", "cite-h" … (and, harvested from a real
 * document page, every id the page uses) builds with no duplicate id, and
 * the page's own links (the skip link to #main, the cite box) still reach
 * the page's own elements.
 */
import { runCli } from '../cli.js';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLinks } from './site-check.js';

const root = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'page-ids-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const build = (cwd: string) => runCli(cwd, 'build', '--no-schema', '--no-rules', '--no-xref', '--only', 'web');
const idsOf = (html: string): string[] => [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] as string);

describe('page ids', () => {
  it('xml:ids such as "main" and "downloads-h" are prefixed; the page keeps its own', async () => {
    const p = join(work, 'fixed');
    mkdirSync(p);
    cpSync(join(root, 'tests/fixtures/hostile/ids'), join(p, 'tei'), { recursive: true });
    const r = await build(p);
    expect(r.status, r.stdout).toBe(0);
    const html = readFileSync(join(p, 'dist/web/documents/ids.html'), 'utf8');
    expect(checkLinks(join(p, 'dist/web')).problems).toEqual([]);
    const ids = idsOf(html);
    expect(ids.filter((i, n) => ids.indexOf(i) !== n)).toEqual([]);
    expect(ids).toEqual(expect.arrayContaining(['main', 'tei-main', 'downloads-h', 'tei-downloads-h', 'tei-cite-h', 'tei-cite-status', 'tei-search-q', 'tei-letters-h', 'tei-top', 'tei-content']));
    expect(html).toMatch(/<main id="main"/);
    expect(html).toContain('<p class="tei-p" id="tei-main"');
  });

  it('a letter whose xml:ids are every id of a real document page has no duplicate id', async () => {
    const first = join(work, 'harvest');
    mkdirSync(first);
    cpSync(join(root, 'tests/fixtures/hostile/locale/zeta.xml'), join(first, 'zeta.xml'));
    mkdirSync(join(first, 'tei'));
    cpSync(join(first, 'zeta.xml'), join(first, 'tei/zeta.xml'));
    expect((await build(first)).status).toBe(0);
    const pageIds = [...new Set(idsOf(readFileSync(join(first, 'dist/web/documents/zeta.html'), 'utf8')))].filter((i) => /^[A-Za-z_][\w.-]*$/.test(i));
    expect(pageIds.length).toBeGreaterThan(10);
    const letter = readFileSync(join(first, 'zeta.xml'), 'utf8').replace('<body>', `<body>${pageIds.map((i) => `<p xml:id="${i}">${i}</p>`).join('')}`);
    const second = join(work, 'every');
    mkdirSync(join(second, 'tei'), { recursive: true });
    writeFileSync(join(second, 'tei/zeta.xml'), letter);
    const r = await build(second);
    expect(r.status, r.stdout).toBe(0);
    const ids = idsOf(readFileSync(join(second, 'dist/web/documents/zeta.html'), 'utf8'));
    expect(ids.filter((i, n) => ids.indexOf(i) !== n)).toEqual([]);
    expect(checkLinks(join(second, 'dist/web')).problems).toEqual([]);
  });
});
